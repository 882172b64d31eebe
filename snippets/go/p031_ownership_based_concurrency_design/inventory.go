// Package inventory shows P031: one goroutine owns the stock levels, and
// every other goroutine reaches them only by sending that goroutine a request
// and waiting for its reply. The map is never shared, so it needs no mutex.
package inventory

import (
	"context"
	"errors"
	"fmt"
	"maps"
)

// ErrClosed is returned once the owner goroutine has stopped.
var ErrClosed = errors.New("inventory: closed")

// Record writes one stock change to the ledger.
type Record func(ctx context.Context, sku string, change int) error

type reserveRequest struct {
	sku      string
	quantity int
	reply    chan reserveReply // buffered: the owner never waits for a caller that has gone
}

type reserveReply struct {
	ok  bool
	err error
}

// Inventory is the handle other goroutines use. It holds channels, not stock.
type Inventory struct {
	reserves chan reserveRequest
	levels   chan chan map[string]int
	done     chan struct{} // closed when the owner has returned
}

// Start copies stock and starts the goroutine that owns the copy. The owner
// runs until ctx is cancelled; Done is closed when it has returned.
func Start(ctx context.Context, stock map[string]int, record Record) *Inventory {
	inv := &Inventory{
		reserves: make(chan reserveRequest), // unbuffered: a send completes when the owner takes it
		levels:   make(chan chan map[string]int),
		done:     make(chan struct{}),
	}
	go inv.own(ctx, maps.Clone(stock), record)
	return inv
}

// own is the only code that reads or writes stock. It handles one request at
// a time, from start to finish, so a reservation cannot interleave with another.
func (inv *Inventory) own(ctx context.Context, stock map[string]int, record Record) {
	defer close(inv.done)
	for {
		select {
		case req := <-inv.reserves:
			ok, err := reserve(ctx, stock, record, req.sku, req.quantity)
			req.reply <- reserveReply{ok: ok, err: err}
		case reply := <-inv.levels:
			reply <- maps.Clone(stock) // a copy: the owner's map never leaves the owner
		case <-ctx.Done():
			return
		}
	}
}

func reserve(ctx context.Context, stock map[string]int, record Record, sku string, quantity int) (bool, error) {
	if quantity < 1 {
		return false, fmt.Errorf("inventory: quantity must be at least 1, got %d", quantity)
	}
	available := stock[sku]
	if available < quantity {
		return false, nil
	}
	if err := record(ctx, sku, -quantity); err != nil {
		return false, fmt.Errorf("inventory: reserve %s: %w", sku, err) // stock unchanged
	}
	stock[sku] = available - quantity
	return true, nil
}

// Reserve asks the owner to take quantity of sku. It reports whether the
// stock was there. If ctx ends before the owner takes the request, nothing
// happens; if it ends while the owner is working on it, the reservation may
// still be made, and Reserve returns ctx.Err() without waiting for the answer.
func (inv *Inventory) Reserve(ctx context.Context, sku string, quantity int) (bool, error) {
	req := reserveRequest{sku: sku, quantity: quantity, reply: make(chan reserveReply, 1)}
	select {
	case inv.reserves <- req:
	case <-inv.done:
		return false, ErrClosed
	case <-ctx.Done():
		return false, ctx.Err()
	}
	select {
	case r := <-req.reply:
		return r.ok, r.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// Levels returns a copy of every stock level.
func (inv *Inventory) Levels(ctx context.Context) (map[string]int, error) {
	reply := make(chan map[string]int, 1)
	select {
	case inv.levels <- reply:
	case <-inv.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return <-reply, nil // the owner always answers a request it has taken, at once
}

// Done is closed when the owner goroutine has returned.
func (inv *Inventory) Done() <-chan struct{} { return inv.done }
