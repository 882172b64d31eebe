// Package wire shows P050: the JSON shape of an order is its own set of
// structs with explicit tags, decoded strictly and converted to the domain.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"
)

// Status is a domain value; on the wire it is one of a few lower-case words.
type Status string

const (
	Pending Status = "pending"
	Paid    Status = "paid"
	Shipped Status = "shipped"
)

// Line and Order are the domain model: no tags, money in cents.
type Line struct {
	SKU            string
	Quantity       int
	UnitPriceCents int64
}

type Order struct {
	ID       string
	Lines    []Line
	Status   Status
	PlacedAt time.Time
}

// LineJSON is the contract for one order line.
type LineJSON struct {
	SKU       string `json:"sku"`
	Quantity  *int   `json:"quantity"`   // a pointer, so "absent" and 0 differ
	UnitPrice string `json:"unit_price"` // decimal text such as "12.50", never a float
}

// OrderJSON is the contract for an order.
type OrderJSON struct {
	ID       string     `json:"id"`
	Lines    []LineJSON `json:"lines"`
	Status   string     `json:"status"`
	PlacedAt string     `json:"placed_at"` // RFC 3339, UTC
}

// ErrInvalid marks every decoding failure, so a handler maps it to 400 with errors.Is.
var ErrInvalid = errors.New("invalid order")

var money = regexp.MustCompile(`^(0|[1-9][0-9]*)\.([0-9]{2})$`)

// NewOrderJSON converts field by field; the wire never sees a domain type.
func NewOrderJSON(o Order) OrderJSON {
	lines := make([]LineJSON, len(o.Lines))
	for i, l := range o.Lines {
		quantity := l.Quantity
		lines[i] = LineJSON{
			SKU:       l.SKU,
			Quantity:  &quantity,
			UnitPrice: fmt.Sprintf("%d.%02d", l.UnitPriceCents/100, l.UnitPriceCents%100),
		}
	}
	return OrderJSON{
		ID:       o.ID,
		Lines:    lines,
		Status:   string(o.Status),
		PlacedAt: o.PlacedAt.UTC().Format(time.RFC3339),
	}
}

// Encode writes the order's JSON contract.
func Encode(o Order) ([]byte, error) {
	return json.Marshal(NewOrderJSON(o))
}

// Decode reads exactly one JSON object, rejects keys the contract does not
// name, and checks required fields, which encoding/json cannot: an absent key
// simply leaves the zero value.
func Decode(r io.Reader) (Order, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var w OrderJSON
	if err := dec.Decode(&w); err != nil {
		return Order{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Order{}, fmt.Errorf("%w: unexpected data after the object", ErrInvalid)
	}
	o, err := w.ToDomain()
	if err != nil {
		return Order{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return o, nil
}

// ToDomain validates what the types alone do not and converts to the domain.
func (w OrderJSON) ToDomain() (Order, error) {
	if w.ID == "" {
		return Order{}, errors.New("order.id: required")
	}
	status := Status(w.Status)
	switch status {
	case Pending, Paid, Shipped:
	default:
		return Order{}, fmt.Errorf("order.status: unknown status %q", w.Status)
	}
	placedAt, err := time.Parse(time.RFC3339, w.PlacedAt)
	if err != nil {
		return Order{}, errors.New("order.placed_at: expected a time like 2024-05-01T09:30:00Z")
	}
	if len(w.Lines) == 0 {
		return Order{}, errors.New("order.lines: at least one line is required")
	}
	lines := make([]Line, len(w.Lines))
	for i, l := range w.Lines {
		path := fmt.Sprintf("order.lines[%d]", i)
		if l.SKU == "" {
			return Order{}, fmt.Errorf("%s.sku: required", path)
		}
		if l.Quantity == nil {
			return Order{}, fmt.Errorf("%s.quantity: required", path)
		}
		if *l.Quantity < 1 {
			return Order{}, fmt.Errorf("%s.quantity: must be at least 1", path)
		}
		m := money.FindStringSubmatch(l.UnitPrice)
		if m == nil {
			return Order{}, fmt.Errorf("%s.unit_price: expected decimal text like \"12.50\"", path)
		}
		units, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || units > (1<<62)/100 {
			return Order{}, fmt.Errorf("%s.unit_price: too large", path)
		}
		cents, _ := strconv.ParseInt(m[2], 10, 64)
		lines[i] = Line{SKU: l.SKU, Quantity: *l.Quantity, UnitPriceCents: units*100 + cents}
	}
	return Order{ID: w.ID, Lines: lines, Status: status, PlacedAt: placedAt}, nil
}
