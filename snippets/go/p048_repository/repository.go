// Package repository shows P048: services depend on a narrow interface that
// takes and returns domain values and reports domain errors; storage sits
// behind it.
package repository

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Tier is a customer's loyalty tier.
type Tier string

const (
	Standard Tier = "standard"
	Gold     Tier = "gold"
)

// Customer is the domain entity. It is passed and returned by value, so no
// caller holds a pointer into a repository's storage.
type Customer struct {
	ID    string
	Email string
	Name  string
	Tier  Tier
}

// The errors every implementation returns, wrapped with the key involved.
var (
	ErrNotFound   = errors.New("customer not found")
	ErrExists     = errors.New("customer already exists")
	ErrEmailTaken = errors.New("email belongs to another customer")
)

// Customers is everything the services need from customer storage. Emails
// match without regard to ASCII case; other letters compare exactly.
type Customers interface {
	Get(ctx context.Context, id string) (Customer, error)
	FindByEmail(ctx context.Context, email string) (Customer, bool, error)
	Add(ctx context.Context, c Customer) error
	Update(ctx context.Context, c Customer) error
}

// Memory is the in-memory implementation, for tests and for tools that need
// no database. It passes the same contract tests as the SQL implementation.
type Memory struct {
	mu   sync.RWMutex
	byID map[string]Customer
}

var _ Customers = (*Memory)(nil)

// NewMemory returns an empty repository.
func NewMemory() *Memory { return &Memory{byID: map[string]Customer{}} }

// Get returns the customer with id, or an error wrapping ErrNotFound.
func (m *Memory) Get(_ context.Context, id string) (Customer, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.byID[id]
	if !ok {
		return Customer{}, fmt.Errorf("get %q: %w", id, ErrNotFound)
	}
	return c, nil
}

// FindByEmail returns the customer with email, if there is one.
func (m *Memory) FindByEmail(_ context.Context, email string) (Customer, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.byEmail(email)
	return c, ok, nil
}

// Add stores a new customer.
func (m *Memory) Add(_ context.Context, c Customer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[c.ID]; ok {
		return fmt.Errorf("add %q: %w", c.ID, ErrExists)
	}
	if owner, ok := m.byEmail(c.Email); ok {
		return fmt.Errorf("add %q: %q used by %q: %w", c.ID, c.Email, owner.ID, ErrEmailTaken)
	}
	m.byID[c.ID] = c
	return nil
}

// Update replaces a stored customer.
func (m *Memory) Update(_ context.Context, c Customer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[c.ID]; !ok {
		return fmt.Errorf("update %q: %w", c.ID, ErrNotFound)
	}
	if owner, ok := m.byEmail(c.Email); ok && owner.ID != c.ID {
		return fmt.Errorf("update %q: %q used by %q: %w", c.ID, c.Email, owner.ID, ErrEmailTaken)
	}
	m.byID[c.ID] = c
	return nil
}

// byEmail scans for an email; the caller holds the lock.
func (m *Memory) byEmail(email string) (Customer, bool) {
	key := asciiLower(email)
	for _, c := range m.byID {
		if asciiLower(c.Email) == key {
			return c, true
		}
	}
	return Customer{}, false
}

// asciiLower folds A-Z only, as SQLite's NOCASE collation and PostgreSQL's
// lower() under the C locale do; strings.ToLower would also fold É to é.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// GoldThresholdCents is the spending that makes a customer gold.
const GoldThresholdCents = 100_000

// Loyalty holds the business rules. It knows Customers, not the database.
type Loyalty struct{ customers Customers }

// NewLoyalty returns the service over any implementation of Customers.
func NewLoyalty(customers Customers) *Loyalty { return &Loyalty{customers: customers} }

// RecordSpending upgrades a standard customer who spent enough to gold.
func (l *Loyalty) RecordSpending(ctx context.Context, email string, cents int) (Customer, error) {
	c, ok, err := l.customers.FindByEmail(ctx, email)
	if err != nil {
		return Customer{}, fmt.Errorf("record spending: %w", err)
	}
	if !ok {
		return Customer{}, fmt.Errorf("record spending for %q: %w", email, ErrNotFound)
	}
	if cents >= GoldThresholdCents && c.Tier == Standard {
		c.Tier = Gold
		if err := l.customers.Update(ctx, c); err != nil {
			return Customer{}, fmt.Errorf("record spending: %w", err)
		}
	}
	return c, nil
}
