// Package bulkhead shows P042: each dependency gets its own bounded set of
// slots, and a call that finds them all taken fails at once instead of
// waiting, so a slow dependency ties up its own slots and nobody else's.
package bulkhead

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// ErrFull is returned, wrapped with the bulkhead's name, when every slot is taken.
var ErrFull = errors.New("bulkhead full")

// Bulkhead limits the calls in flight to one dependency. Make one per
// dependency with New; never share one between dependencies.
type Bulkhead struct {
	name     string
	slots    chan struct{} // a token in the channel is a call in flight
	rejected atomic.Int64
}

// New returns a bulkhead that admits at most maxConcurrent calls at once.
func New(name string, maxConcurrent int) *Bulkhead {
	if maxConcurrent < 1 {
		panic(fmt.Sprintf("bulkhead %s: maxConcurrent must be at least 1, got %d", name, maxConcurrent))
	}
	return &Bulkhead{name: name, slots: make(chan struct{}, maxConcurrent)}
}

// Do runs fn in a free slot. If none is free it returns ErrFull at once,
// without calling fn and without queueing; if ctx is already done it returns
// ctx.Err(). The slot is released when fn returns, or panics.
func (b *Bulkhead) Do(ctx context.Context, fn func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case b.slots <- struct{}{}:
	default: // no waiting: the caller learns now that this dependency is saturated
		b.rejected.Add(1)
		return fmt.Errorf("%s: %w: all %d slots busy", b.name, ErrFull, cap(b.slots))
	}
	defer func() { <-b.slots }()
	return fn(ctx)
}

// InFlight reports how many calls hold a slot now.
func (b *Bulkhead) InFlight() int { return len(b.slots) }

// Rejected reports how many calls were turned away because every slot was taken.
func (b *Bulkhead) Rejected() int64 { return b.rejected.Load() }
