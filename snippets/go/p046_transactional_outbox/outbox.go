// Package outbox shows P046: the event is written in the same transaction as
// the change it announces, and a relay publishes it afterwards.
//
// Go's standard library has database/sql but no driver, and this module
// downloads nothing, so Store is a small in-memory database with real
// transactions: a Tx collects writes and Commit applies all of them or none.
// Each method matches one SQL statement of the Python version; against
// PostgreSQL, InTx is db.BeginTx ... tx.Commit() and the rest is the same.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// ErrDuplicate is returned when an order or event id is already taken.
var ErrDuplicate = errors.New("duplicate key")

// Order is the business row.
type Order struct {
	ID         string `json:"order_id"`
	Customer   string `json:"customer"`
	TotalCents int    `json:"total_cents"`
}

// Event is one outbox row. Seq gives the publishing order; ID is what
// consumers deduplicate on.
type Event struct {
	Seq     int64
	ID      string
	Topic   string
	Payload []byte
}

type row struct {
	event Event
	sent  bool
}

// Store holds the orders table and the outbox table.
type Store struct {
	mu      sync.Mutex
	orders  map[string]Order
	events  map[string]bool
	outbox  []row
	nextSeq int64
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{orders: map[string]Order{}, events: map[string]bool{}}
}

// Tx collects the writes of one transaction.
type Tx struct {
	orders []Order
	events []Event
}

// InsertOrder stages an order row.
func (tx *Tx) InsertOrder(o Order) { tx.orders = append(tx.orders, o) }

// InsertEvent stages an outbox row.
func (tx *Tx) InsertEvent(id, topic string, payload []byte) {
	tx.events = append(tx.events, Event{ID: id, Topic: topic, Payload: payload})
}

// InTx runs fn and commits what it staged, all of it or, on any error, none.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx := &Tx{}
	if err := fn(tx); err != nil {
		return err // rollback: nothing staged is applied
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range tx.orders {
		if _, taken := s.orders[o.ID]; taken {
			return fmt.Errorf("order %s: %w", o.ID, ErrDuplicate)
		}
	}
	for _, e := range tx.events {
		if s.events[e.ID] {
			return fmt.Errorf("event %s: %w", e.ID, ErrDuplicate)
		}
	}
	for _, o := range tx.orders {
		s.orders[o.ID] = o
	}
	for _, e := range tx.events {
		s.nextSeq++
		e.Seq = s.nextSeq
		s.events[e.ID] = true
		s.outbox = append(s.outbox, row{event: e})
	}
	return nil
}

// Pending returns up to limit unsent events, oldest first.
func (s *Store) Pending(limit int) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Event
	for _, r := range s.outbox {
		if !r.sent && len(out) < limit {
			out = append(out, r.event)
		}
	}
	return out
}

// MarkSent records that the broker has accepted the event with this Seq.
func (s *Store) MarkSent(seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.outbox {
		if s.outbox[i].event.Seq == seq {
			s.outbox[i].sent = true
		}
	}
}

// Orders returns how many orders are stored.
func (s *Store) Orders() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.orders)
}

// Service places orders.
type Service struct {
	store *Store
	newID func() string
	topic string
}

// NewService returns a Service; newID makes event ids (a UUID in production).
func NewService(store *Store, newID func() string) *Service {
	return &Service{store: store, newID: newID, topic: "order.placed"}
}

// PlaceOrder writes the order and its event in one transaction.
func (s *Service) PlaceOrder(ctx context.Context, o Order) error {
	if o.TotalCents <= 0 {
		return fmt.Errorf("order %s: total must be positive", o.ID)
	}
	payload, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	return s.store.InTx(ctx, func(tx *Tx) error {
		tx.InsertOrder(o)
		tx.InsertEvent(s.newID(), s.topic, payload)
		return nil
	})
}

// Publisher sends one event to the broker and returns once the broker has it.
type Publisher func(ctx context.Context, e Event) error

// Relay publishes pending events in order. Run one per outbox (see P047).
type Relay struct {
	store   *Store
	publish Publisher
	batch   int
}

// NewRelay returns a relay that publishes up to batch events per pass.
func NewRelay(store *Store, publish Publisher, batch int) *Relay {
	return &Relay{store: store, publish: publish, batch: batch}
}

// PublishPending publishes one batch and returns how many events it marked
// sent. It stops at the first error, so the failed event and every later one
// stay pending and the next pass resumes in order.
func (r *Relay) PublishPending(ctx context.Context) (int, error) {
	events := r.store.Pending(r.batch)
	for i, e := range events {
		if err := r.publish(ctx, e); err != nil {
			return i, fmt.Errorf("publish %s: %w", e.ID, err)
		}
		// A crash here repeats e after the restart: consumers dedupe by e.ID.
		r.store.MarkSent(e.Seq)
	}
	return len(events), nil
}

// Consumer acts once per event id, however often an event is delivered.
// In production the seen ids are a table, written in the consumer's own
// transaction together with its effect.
type Consumer struct {
	seen    map[string]bool
	Effects []string
}

// NewConsumer returns a consumer that has seen nothing.
func NewConsumer() *Consumer { return &Consumer{seen: map[string]bool{}} }

// Handle applies e unless its id was seen before, and reports whether it did.
func (c *Consumer) Handle(e Event) (bool, error) {
	if c.seen[e.ID] {
		return false, nil
	}
	var o Order
	if err := json.Unmarshal(e.Payload, &o); err != nil {
		return false, fmt.Errorf("event %s: %w", e.ID, err)
	}
	c.seen[e.ID] = true
	c.Effects = append(c.Effects, fmt.Sprintf("to %s: order %s confirmed", o.Customer, o.ID))
	return true, nil
}
