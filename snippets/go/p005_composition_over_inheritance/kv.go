// Package kv shows P005 in Go: behaviour is added by wrapping a Store, never
// by extending one. A wrapper embeds the Store interface, overrides the
// methods whose behaviour it changes, and the rest are promoted unchanged.
// None of the types here is safe for concurrent use.
package kv

import "sort"

// Item is one key and its value.
type Item struct{ Key, Value string }

// Store is a key-value store, as the wrappers see it.
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string)
	SetMany(items []Item)
}

// Memory is a Store whose SetMany calls its own Set once per item.
type Memory struct{ data map[string]string }

// NewMemory returns an empty Memory store.
func NewMemory() *Memory { return &Memory{data: make(map[string]string)} }

// Get returns the value stored under key.
func (m *Memory) Get(key string) (string, bool) {
	v, ok := m.data[key]
	return v, ok
}

// Set stores value under key.
func (m *Memory) Set(key, value string) { m.data[key] = value }

// SetMany stores every item. It calls m.Set: on *Memory, always, because Go
// has no virtual methods. A wrapper's Set is never reached from here.
func (m *Memory) SetMany(items []Item) {
	for _, it := range items {
		m.Set(it.Key, it.Value)
	}
}

// Keys returns every stored key, sorted.
func (m *Memory) Keys() []string {
	keys := make([]string, 0, len(m.data))
	for k := range m.data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Counting counts the writes made through it. It embeds the Store it wraps:
// Get is promoted unchanged, and both write methods are overridden, because a
// write through either one must be counted.
type Counting struct {
	Store
	writes int
}

// NewCounting wraps inner.
func NewCounting(inner Store) *Counting { return &Counting{Store: inner} }

// Set writes through to the wrapped store and counts one write.
func (c *Counting) Set(key, value string) {
	c.Store.Set(key, value)
	c.writes++
}

// SetMany writes through to the wrapped store and counts every item, whether
// or not the wrapped store's SetMany calls its own Set.
func (c *Counting) SetMany(items []Item) {
	c.Store.SetMany(items)
	c.writes += len(items)
}

// Writes reports how many writes went through c.
func (c *Counting) Writes() int { return c.writes }

// Prefixed keeps one tenant's keys apart from another's in a shared Store.
// It changes every method, so it overrides all three; embedding still makes
// it a Store and documents what it wraps.
type Prefixed struct {
	Store
	prefix string
}

// NewPrefixed wraps inner, adding prefix to every key.
func NewPrefixed(inner Store, prefix string) *Prefixed {
	return &Prefixed{Store: inner, prefix: prefix}
}

// Get reads the prefixed key.
func (p *Prefixed) Get(key string) (string, bool) { return p.Store.Get(p.prefix + key) }

// Set writes the prefixed key.
func (p *Prefixed) Set(key, value string) { p.Store.Set(p.prefix+key, value) }

// SetMany writes every item under its prefixed key.
func (p *Prefixed) SetMany(items []Item) {
	prefixed := make([]Item, len(items))
	for i, it := range items {
		prefixed[i] = Item{Key: p.prefix + it.Key, Value: it.Value}
	}
	p.Store.SetMany(prefixed)
}
