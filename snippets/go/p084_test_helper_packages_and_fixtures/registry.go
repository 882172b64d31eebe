// Package registry is the code under test for P084: customers by id, with
// e-mail addresses unique regardless of case, in a store that must be closed.
// Its shared test helpers live in the registrytest package beside it.
package registry

import (
	"errors"
	"fmt"
	"strings"
)

// Customer is one record; Validate says whether it may be stored.
type Customer struct {
	ID          int
	Email       string
	Country     string
	CreditCents int
}

// Validate reports the first thing wrong with c, or nil.
func (c Customer) Validate() error {
	switch {
	case !strings.Contains(c.Email, "@"):
		return fmt.Errorf("customer %d: email %q has no '@'", c.ID, c.Email)
	case len(c.Country) != 2 || strings.ToUpper(c.Country) != c.Country:
		return fmt.Errorf("customer %d: country %q is not an ISO code", c.ID, c.Country)
	case c.CreditCents < 0:
		return fmt.Errorf("customer %d: credit %d is negative", c.ID, c.CreditCents)
	}
	return nil
}

// ErrClosed is returned by Add after Close.
var ErrClosed = errors.New("registry is closed")

// Registry stands in for a database connection: open it, use it, close it.
type Registry struct {
	Name   string
	byID   map[int]Customer
	closed bool
}

// Open returns an empty registry.
func Open(name string) *Registry {
	return &Registry{Name: name, byID: map[int]Customer{}}
}

// Add stores c, refusing invalid records and taken ids or e-mail addresses.
func (r *Registry) Add(c Customer) error {
	if r.closed {
		return ErrClosed
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if _, ok := r.byID[c.ID]; ok {
		return fmt.Errorf("id %d is taken", c.ID)
	}
	for _, other := range r.byID {
		if strings.EqualFold(other.Email, c.Email) {
			return fmt.Errorf("email %q is taken", c.Email)
		}
	}
	r.byID[c.ID] = c
	return nil
}

// Get returns the customer with the given id.
func (r *Registry) Get(id int) (Customer, bool) {
	c, ok := r.byID[id]
	return c, ok
}

// Close releases the registry; a second Close is an error, as with a file.
func (r *Registry) Close() error {
	if r.closed {
		return ErrClosed
	}
	r.closed = true
	return nil
}

// Closed reports whether Close has been called.
func (r *Registry) Closed() bool { return r.closed }
