// Package events shows P074: an event is a value with unexported fields, built
// by a constructor that copies its inputs, so no holder can change it.
package events

import (
	"errors"
	"slices"
	"time"
)

// OrderLine holds only comparable value fields, so copies are independent and
// an OrderLine can be compared with == or used as a map key.
type OrderLine struct {
	SKU       string
	Quantity  int
	UnitCents int
}

// OrderPlaced is published to many subscribers. Its fields are unexported, so
// code outside this package can read them only through the methods below.
type OrderPlaced struct {
	orderID    string
	customerID string
	lines      []OrderLine // never shared with a caller: copied in and out
	occurredAt time.Time
}

// ErrNoLines is returned for an order without lines.
var ErrNoLines = errors.New("an order needs at least one line")

// NewOrderPlaced validates its input and copies lines, so the caller's slice
// can change afterwards without reaching the event.
func NewOrderPlaced(orderID, customerID string, lines []OrderLine, at time.Time) (OrderPlaced, error) {
	if len(lines) == 0 {
		return OrderPlaced{}, ErrNoLines
	}
	return OrderPlaced{
		orderID:    orderID,
		customerID: customerID,
		lines:      slices.Clone(lines),
		occurredAt: at.UTC(),
	}, nil
}

func (e OrderPlaced) OrderID() string       { return e.orderID }
func (e OrderPlaced) CustomerID() string    { return e.customerID }
func (e OrderPlaced) OccurredAt() time.Time { return e.occurredAt }

// Lines returns a copy: writing to it does not change the event.
func (e OrderPlaced) Lines() []OrderLine { return slices.Clone(e.lines) }

// TotalCents is derived from the lines, never stored, so it cannot drift.
func (e OrderPlaced) TotalCents() int {
	total := 0
	for _, line := range e.lines {
		total += line.Quantity * line.UnitCents
	}
	return total
}

// WithLines returns a new event with different lines; the receiver is unchanged.
func (e OrderPlaced) WithLines(lines []OrderLine) (OrderPlaced, error) {
	return NewOrderPlaced(e.orderID, e.customerID, lines, e.occurredAt)
}

// Equal reports whether two events carry the same values. A struct holding a
// slice cannot be compared with ==, so the type says what equality means.
func (e OrderPlaced) Equal(other OrderPlaced) bool {
	return e.orderID == other.orderID &&
		e.customerID == other.customerID &&
		e.occurredAt.Equal(other.occurredAt) &&
		slices.Equal(e.lines, other.lines)
}

// Key is a comparable identity for deduplication: use it as a map key where
// the event itself cannot be one.
type Key struct {
	OrderID    string
	OccurredAt time.Time
}

// Key returns the event's identity.
func (e OrderPlaced) Key() Key { return Key{e.orderID, e.occurredAt} }
