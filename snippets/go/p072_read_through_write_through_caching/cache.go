// Package throughcache puts a read-through, write-through cache in front of a
// store: misses load from the store once per key, writes reach the store
// before the cache.
package throughcache

import (
	"context"
	"sync"
)

// Store is the source of truth behind the cache.
type Store[K comparable, V any] interface {
	Load(ctx context.Context, key K) (V, error)
	Save(ctx context.Context, key K, value V) error
}

// flight is one load in progress; waiters block on done.
type flight[V any] struct {
	done  chan struct{}
	value V
	err   error
}

// Cache is safe for concurrent use.
type Cache[K comparable, V any] struct {
	store   Store[K, V]
	mu      sync.Mutex
	values  map[K]V
	loading map[K]*flight[V]
	writes  map[K]uint64 // bumped by each Put, so a stale load does not overwrite it
}

// New returns an empty cache in front of store.
func New[K comparable, V any](store Store[K, V]) *Cache[K, V] {
	return &Cache[K, V]{
		store:   store,
		values:  map[K]V{},
		loading: map[K]*flight[V]{},
		writes:  map[K]uint64{},
	}
}

// Get returns the cached value, or loads it. Concurrent misses for one key
// share a single Load. A failed load is returned to its waiters and not cached.
func (c *Cache[K, V]) Get(ctx context.Context, key K) (V, error) {
	c.mu.Lock()
	if v, ok := c.values[key]; ok {
		c.mu.Unlock()
		return v, nil
	}
	f, ok := c.loading[key]
	if !ok {
		f = &flight[V]{done: make(chan struct{})}
		c.loading[key] = f
		writesBefore := c.writes[key]
		// The load gets its own context: one caller giving up must not fail
		// the load for every other caller waiting on it.
		go c.load(context.WithoutCancel(ctx), key, f, writesBefore)
	}
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.value, f.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

func (c *Cache[K, V]) load(ctx context.Context, key K, f *flight[V], writesBefore uint64) {
	f.value, f.err = c.store.Load(ctx, key)
	c.mu.Lock()
	delete(c.loading, key)
	if f.err == nil && c.writes[key] == writesBefore {
		c.values[key] = f.value
	}
	c.mu.Unlock()
	close(f.done)
}

// Put saves value in the store and, only if that succeeded, in the cache.
func (c *Cache[K, V]) Put(ctx context.Context, key K, value V) error {
	if err := c.store.Save(ctx, key, value); err != nil {
		return err
	}
	c.mu.Lock()
	c.writes[key]++
	c.values[key] = value
	c.mu.Unlock()
	return nil
}
