// Package bounded shows P030: a buffered channel used as a semaphore caps how
// many calls run at once, across every goroutine that shares it.
package bounded

import (
	"context"
	"fmt"
	"sync"
)

// Limit lets at most n holders at a time. Share one Limit between every
// caller of the resource it protects; two Limits are two separate caps.
type Limit struct {
	slots chan struct{} // one buffered slot per holder allowed at once
}

// NewLimit returns a Limit of n slots.
func NewLimit(n int) (*Limit, error) {
	if n < 1 {
		return nil, fmt.Errorf("bounded: limit must be at least 1, got %d", n)
	}
	return &Limit{slots: make(chan struct{}, n)}, nil
}

// Acquire takes a slot, waiting while all are taken, or returns ctx.Err()
// without one if ctx ends first. Every successful Acquire needs one Release.
func (l *Limit) Acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err // a select with both cases ready picks at random: decide first
	}
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TryAcquire takes a slot if one is free right now.
func (l *Limit) TryAcquire() bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// Release gives a slot back.
func (l *Limit) Release() { <-l.slots }

// Result is the outcome of one item: the value fn returned, or its error.
type Result[R any] struct {
	Value R
	Err   error
}

// Map calls fn on every item, each call in its own goroutine, with at most
// lim's size of calls in flight. A goroutine is started only once it has a
// slot, so the number of goroutines is capped too. Results are in input
// order; a failed call keeps its error in its own Result. If ctx ends, Map
// starts no more calls, waits for the running ones, and returns ctx.Err();
// the items never started carry it as their error.
func Map[T, R any](
	ctx context.Context,
	lim *Limit,
	items []T,
	fn func(context.Context, T) (R, error),
) ([]Result[R], error) {
	results := make([]Result[R], len(items))
	var wg sync.WaitGroup
	started := 0
	for ; started < len(items); started++ {
		if err := lim.Acquire(ctx); err != nil {
			break
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer lim.Release() // runs however fn ends, panics included
			value, err := fn(ctx, items[i])
			results[i] = Result[R]{Value: value, Err: err} // one writer per index
		}(started)
	}
	wg.Wait()
	if started < len(items) {
		for i := started; i < len(items); i++ {
			results[i].Err = ctx.Err()
		}
		return results, ctx.Err()
	}
	return results, nil
}
