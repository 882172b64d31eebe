// Package memory adapts order.Repository to a map: for tests, and for
// running the service without a database.
package memory

import (
	"context"
	"fmt"
	"sync"

	"example.com/patterns/p088_ports_and_adapters/order"
)

var _ order.Repository = (*Orders)(nil)

// Orders is an in-memory order.Repository, safe for concurrent use.
type Orders struct {
	mu   sync.Mutex
	rows map[string]order.Order
}

// New returns an empty store.
func New() *Orders { return &Orders{rows: map[string]order.Order{}} }

// Add stores o, or returns order.ErrDuplicate.
func (m *Orders) Add(_ context.Context, o order.Order) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.rows[o.ID]; ok {
		return fmt.Errorf("%w: %s", order.ErrDuplicate, o.ID)
	}
	m.rows[o.ID] = o
	return nil
}

// Get returns the order, or order.ErrNotFound.
func (m *Orders) Get(_ context.Context, id string) (order.Order, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.rows[id]
	if !ok {
		return order.Order{}, fmt.Errorf("%w: %s", order.ErrNotFound, id)
	}
	return o, nil
}
