// Package cqrs shows P063: commands go to a write model that checks them and
// records events; queries go to a projection built from those events and
// shaped for the question it answers.
package cqrs

import (
	"errors"
	"fmt"
	"sync"
)

// Commands: what callers ask the write model to do.
type (
	PlaceOrder struct {
		OrderID, Customer string
		TotalCents        int
	}
	ShipOrder   struct{ OrderID string }
	CancelOrder struct{ OrderID string }
)

// Events: what the write model accepted. Seq starts at 1 and has no gaps.
type (
	OrderPlaced struct {
		Seq               int
		OrderID, Customer string
		TotalCents        int
	}
	OrderShipped struct {
		Seq     int
		OrderID string
	}
	OrderCancelled struct {
		Seq     int
		OrderID string
	}
)

// Event is one of OrderPlaced, OrderShipped or OrderCancelled.
type Event interface{ seq() int }

func (e OrderPlaced) seq() int    { return e.Seq }
func (e OrderShipped) seq() int   { return e.Seq }
func (e OrderCancelled) seq() int { return e.Seq }

// ErrRejected marks a command that breaks a rule; nothing was recorded.
var ErrRejected = errors.New("command rejected")

// Log holds the events in the order they were accepted.
type Log struct {
	mu     sync.Mutex
	events []Event
}

// Position is the Seq of the newest event, 0 while the log is empty.
func (l *Log) Position() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// Since returns the events with a Seq greater than after, oldest first.
func (l *Log) Since(after int) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.events[min(after, len(l.events)):]...)
}

type status string

const (
	placed    status = "placed"
	shipped   status = "shipped"
	cancelled status = "cancelled"
)

// OrderBook is the write model: the rules about orders, and the only code
// that appends to the log.
type OrderBook struct {
	mu     sync.Mutex
	log    *Log
	status map[string]status
}

// NewOrderBook returns a write model that records its events in log.
func NewOrderBook(log *Log) *OrderBook {
	return &OrderBook{log: log, status: map[string]status{}}
}

// Handle checks cmd, records its event and returns the event's Seq. A
// command that breaks a rule returns an error wrapping ErrRejected.
func (b *OrderBook) Handle(cmd any) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log.mu.Lock()
	defer b.log.mu.Unlock()
	seq := len(b.log.events) + 1

	var (
		event Event
		id    string
		next  status
	)
	switch c := cmd.(type) {
	case PlaceOrder:
		if _, ok := b.status[c.OrderID]; ok {
			return 0, fmt.Errorf("order %s already exists: %w", c.OrderID, ErrRejected)
		}
		if c.TotalCents <= 0 {
			return 0, fmt.Errorf("order %s: total must be positive: %w", c.OrderID, ErrRejected)
		}
		event, id, next = OrderPlaced{seq, c.OrderID, c.Customer, c.TotalCents}, c.OrderID, placed
	case ShipOrder:
		if err := b.requirePlaced(c.OrderID, "shipped"); err != nil {
			return 0, err
		}
		event, id, next = OrderShipped{seq, c.OrderID}, c.OrderID, shipped
	case CancelOrder:
		if err := b.requirePlaced(c.OrderID, "cancelled"); err != nil {
			return 0, err
		}
		event, id, next = OrderCancelled{seq, c.OrderID}, c.OrderID, cancelled
	default:
		return 0, fmt.Errorf("unknown command %T: %w", cmd, ErrRejected)
	}
	// Both locks are held: the event and the state change happen together,
	// as one transaction would in a database (see P046).
	b.log.events = append(b.log.events, event)
	b.status[id] = next
	return seq, nil
}

func (b *OrderBook) requirePlaced(id, action string) error {
	s, ok := b.status[id]
	switch {
	case !ok:
		return fmt.Errorf("order %s does not exist: %w", id, ErrRejected)
	case s != placed:
		return fmt.Errorf("order %s is %s; only a placed order can be %s: %w", id, s, action, ErrRejected)
	}
	return nil
}

// Summary is one row of the read model: what a customer's dashboard shows.
type Summary struct {
	OpenOrders, ShippedOrders int
	SpentCents                int // placed orders that were not cancelled
}

type owner struct {
	customer   string
	totalCents int
}

// Dashboard is the read model: one precomputed Summary per customer.
type Dashboard struct {
	mu        sync.RWMutex
	position  int
	summaries map[string]Summary
	orders    map[string]owner
}

// NewDashboard returns an empty projection at position 0.
func NewDashboard() *Dashboard {
	return &Dashboard{summaries: map[string]Summary{}, orders: map[string]owner{}}
}

// Summary is the query: one map lookup, however many orders exist. It
// also returns the Seq the answer is current as of.
func (d *Dashboard) Summary(customer string) (Summary, int) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.summaries[customer], d.position
}

// CatchUp applies every event the log has after the projection's position
// and returns how many it applied.
func (d *Dashboard) CatchUp(log *Log) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	events := log.Since(d.position)
	for _, e := range events {
		if err := d.apply(e); err != nil {
			return 0, err
		}
	}
	return len(events), nil
}

// Apply folds one event in; an event at or before the position is skipped.
func (d *Dashboard) Apply(e Event) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.apply(e)
}

func (d *Dashboard) apply(e Event) error {
	switch {
	case e.seq() <= d.position:
		return nil
	case e.seq() != d.position+1:
		return fmt.Errorf("event %d after %d: events are missing", e.seq(), d.position)
	}
	switch e := e.(type) {
	case OrderPlaced:
		d.orders[e.OrderID] = owner{e.Customer, e.TotalCents}
		d.change(e.Customer, 1, 0, e.TotalCents)
	case OrderShipped:
		d.change(d.orders[e.OrderID].customer, -1, 1, 0)
	case OrderCancelled:
		o := d.orders[e.OrderID]
		d.change(o.customer, -1, 0, -o.totalCents)
	}
	d.position = e.seq()
	return nil
}

func (d *Dashboard) change(customer string, open, shipped, spent int) {
	s := d.summaries[customer]
	s.OpenOrders += open
	s.ShippedOrders += shipped
	s.SpentCents += spent
	d.summaries[customer] = s
}
