// Package customers is the provider side of P001: it owns customer records
// and exports a concrete type. It declares no interface for its consumers;
// each consumer describes the slice of Directory it uses, in its own package.
package customers

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// NotFoundError reports a customer that does not exist or is inactive.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("no active customer %q", e.ID) }

// NotFound lets a caller recognise the error by what it does, through an
// interface of its own, without importing this package.
func (e *NotFoundError) NotFound() bool { return true }

type customer struct {
	name   string
	email  string
	active bool
}

// Directory stores customers in memory. Many packages use it, each for a
// different handful of its methods.
type Directory struct {
	mu        sync.Mutex
	customers map[string]*customer
}

// NewDirectory returns an empty directory.
func NewDirectory() *Directory {
	return &Directory{customers: make(map[string]*customer)}
}

// Add stores a new, active customer.
func (d *Directory) Add(ctx context.Context, id, name, email string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, exists := d.customers[id]; exists {
		return fmt.Errorf("add customer %q: already exists", id)
	}
	d.customers[id] = &customer{name: name, email: email, active: true}
	return nil
}

// Rename changes a customer's display name.
func (d *Directory) Rename(ctx context.Context, id, name string) error {
	return d.update(id, func(c *customer) { c.name = name })
}

// ChangeEmail changes the address a customer is written to.
func (d *Directory) ChangeEmail(ctx context.Context, id, email string) error {
	return d.update(id, func(c *customer) { c.email = email })
}

// Deactivate keeps the record but stops all mail to the customer.
func (d *Directory) Deactivate(ctx context.Context, id string) error {
	return d.update(id, func(c *customer) { c.active = false })
}

// ActiveIDs lists the active customers, sorted.
func (d *Directory) ActiveIDs(ctx context.Context) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var ids []string
	for id, c := range d.customers {
		if c.active {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// EmailOf returns the address of an active customer, or a *NotFoundError.
func (d *Directory) EmailOf(ctx context.Context, id string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.customers[id]
	if !ok || !c.active {
		return "", &NotFoundError{ID: id}
	}
	return c.email, nil
}

func (d *Directory) update(id string, change func(*customer)) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.customers[id]
	if !ok {
		return &NotFoundError{ID: id}
	}
	change(c)
	return nil
}
