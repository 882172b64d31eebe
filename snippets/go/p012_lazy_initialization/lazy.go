// Package lazy shows P012: build an expensive value on first use, exactly
// once, however many goroutines ask for it at the same moment.
package lazy

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Catalog parses its price list on the first lookup. sync.OnceValues (Go
// 1.21) runs parse at most once: concurrent first callers block until it
// returns, and every later call gets the same map and the same error. The
// failure is cached on purpose: the source is built into the binary, so a
// second parse of it cannot succeed where the first failed.
type Catalog struct {
	prices func() (map[string]int, error)
}

// NewCatalog does no work; parse runs on the first call to Price.
func NewCatalog(parse func() (map[string]int, error)) *Catalog {
	return &Catalog{prices: sync.OnceValues(parse)}
}

// Price returns the price of sku in cents.
func (c *Catalog) Price(sku string) (int, error) {
	prices, err := c.prices()
	if err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	price, ok := prices[sku]
	if !ok {
		return 0, fmt.Errorf("catalog: unknown sku %q", sku)
	}
	return price, nil
}

// Retrying is a lazy value whose failures are not cached: use it when the
// initializer can fail for a while (a dependency that is still starting).
// At most one attempt runs at a time; the first success is kept for good.
// The zero value is not usable: call NewRetrying.
type Retrying[T any] struct {
	init  func() (T, error)
	done  atomic.Bool // set after value, so a true here means value is ready
	mu    sync.Mutex
	value T
}

// NewRetrying returns a lazy value made by init; nothing runs yet.
func NewRetrying[T any](init func() (T, error)) *Retrying[T] {
	return &Retrying[T]{init: init}
}

// Get returns the value, running init if no attempt has succeeded yet. If init
// fails, the error goes to this caller only, and the next caller tries again.
func (r *Retrying[T]) Get() (T, error) {
	if r.done.Load() { // the fast path: no lock once the value exists
		return r.value, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done.Load() { // another goroutine succeeded while we waited for the lock
		return r.value, nil
	}
	v, err := r.init()
	if err != nil {
		var zero T
		return zero, err
	}
	r.value = v
	r.done.Store(true)
	return v, nil
}
