// Package order is the core: the Order type, its errors, the rules in
// Service, and the ports Service needs, declared here as interfaces. It
// imports only the standard library; adapters import it, never the reverse.
package order

import (
	"context"
	"errors"
	"fmt"
)

// Errors of the core. Adapters return these (wrapped) so Service can decide.
var (
	ErrNotFound     = errors.New("order: not found")
	ErrDuplicate    = errors.New("order: duplicate id")
	ErrNotification = errors.New("order: notification failed")
)

// Order is a placed order.
type Order struct {
	ID       string
	Customer string
	Cents    int64
}

// Repository is a port: where orders are kept. Get returns ErrNotFound for
// an unknown ID; Add returns ErrDuplicate for a known one.
type Repository interface {
	Add(ctx context.Context, o Order) error
	Get(ctx context.Context, id string) (Order, error)
}

// Notifier is a port: who hears about a placed order. Failures wrap
// ErrNotification.
type Notifier interface {
	OrderPlaced(ctx context.Context, o Order) error
}

// Service holds the rules and the ports it was given.
type Service struct {
	orders   Repository
	notifier Notifier
}

// NewService returns a Service over any Repository and Notifier.
func NewService(orders Repository, notifier Notifier) *Service {
	return &Service{orders: orders, notifier: notifier}
}

// Place validates, stores and announces a new order.
func (s *Service) Place(ctx context.Context, id, customer string, cents int64) (Order, error) {
	if cents <= 0 {
		return Order{}, fmt.Errorf("order: amount must be positive, got %d", cents)
	}
	if _, err := s.orders.Get(ctx, id); err == nil {
		return Order{}, fmt.Errorf("%w: %s", ErrDuplicate, id)
	} else if !errors.Is(err, ErrNotFound) {
		return Order{}, err
	}
	o := Order{ID: id, Customer: customer, Cents: cents}
	if err := s.orders.Add(ctx, o); err != nil {
		return Order{}, err
	}
	return o, s.notifier.OrderPlaced(ctx, o)
}
