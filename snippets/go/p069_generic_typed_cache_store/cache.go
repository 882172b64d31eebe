// Package typedcache shows P069: one generic cache type, instantiated with a
// key and value type per use, with a TTL per entry and LRU eviction.
package typedcache

import (
	"container/list"
	"sync"
	"time"
)

type entry[K comparable, V any] struct {
	key       K
	value     V
	expiresAt time.Time
}

// Cache holds at most maxSize entries of type V under keys of type K. The
// zero value is not usable: call New.
type Cache[K comparable, V any] struct {
	// A plain Mutex, not an RWMutex: Get moves the entry to the front of the
	// LRU list, so every read is also a write.
	mu      sync.Mutex
	maxSize int
	ttl     time.Duration
	now     func() time.Time
	order   *list.List // front = most recently used
	items   map[K]*list.Element
}

// New returns an empty cache. now is injected so tests can move time by hand;
// pass time.Now in production. It panics on a non-positive size or TTL,
// which are programming errors.
func New[K comparable, V any](maxSize int, ttl time.Duration, now func() time.Time) *Cache[K, V] {
	if maxSize < 1 || ttl <= 0 {
		panic("typedcache: maxSize and ttl must be positive")
	}
	return &Cache[K, V]{
		maxSize: maxSize, ttl: ttl, now: now,
		order: list.New(), items: make(map[K]*list.Element),
	}
}

// Get returns the live value for key. ok is false if it is missing or expired;
// an expired entry is removed.
func (c *Cache[K, V]) Get(key K) (value V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, found := c.items[key]
	if !found {
		return value, false
	}
	e := el.Value.(*entry[K, V])
	if !c.now().Before(e.expiresAt) {
		c.remove(el)
		return value, false
	}
	c.order.MoveToFront(el)
	return e.value, true
}

// Set stores v under k, restarting its TTL, and evicts the least recently
// used entry if the cache is over its size.
func (c *Cache[K, V]) Set(k K, v V) {
	expiresAt := c.now().Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, found := c.items[k]; found {
		e := el.Value.(*entry[K, V])
		e.value, e.expiresAt = v, expiresAt
		c.order.MoveToFront(el)
		return
	}
	c.items[k] = c.order.PushFront(&entry[K, V]{key: k, value: v, expiresAt: expiresAt})
	if c.order.Len() > c.maxSize {
		c.remove(c.order.Back())
	}
}

// Len reports the entries held, including expired ones not yet looked up.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *Cache[K, V]) remove(el *list.Element) {
	c.order.Remove(el)
	delete(c.items, el.Value.(*entry[K, V]).key)
}
