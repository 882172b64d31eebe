// Package invoice holds everything about invoices: the type, its rules and
// where it is stored. It is named for the domain concept, so callers write
// invoice.New and invoice.Line, and a change of database does not rename it.
package invoice

import (
	"errors"
	"fmt"
)

// Line is one billed item. Not InvoiceLine: callers already write invoice.
type Line struct {
	Description string
	Quantity    int
	UnitCents   int64
}

// Invoice is a customer's bill. A type named like its package, as time.Time,
// is the one allowed repeat.
type Invoice struct {
	ID       string
	Customer string
	Lines    []Line
}

// ErrEmpty is returned when an invoice without lines is stored.
var ErrEmpty = errors.New("invoice: no lines")

// New starts an invoice for a customer.
func New(id, customer string) *Invoice {
	return &Invoice{ID: id, Customer: customer}
}

// Add appends a line.
func (inv *Invoice) Add(description string, quantity int, unitCents int64) {
	inv.Lines = append(inv.Lines, Line{description, quantity, unitCents})
}

// Total is the sum of quantity times unit price over all lines, in cents.
func (inv *Invoice) Total() int64 {
	var total int64
	for _, l := range inv.Lines {
		total += int64(l.Quantity) * l.UnitCents
	}
	return total
}

// String formats the invoice for a log line.
func (inv *Invoice) String() string {
	return fmt.Sprintf("%s for %s: %d lines, %d.%02d", inv.ID, inv.Customer, len(inv.Lines), inv.Total()/100, inv.Total()%100)
}
