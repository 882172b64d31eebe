// Package kv shows P006: one line per type states which interfaces it must
// satisfy, and the compiler checks that line on every build.
package kv

// Store is what the application's handlers need from storage.
type Store interface {
	Get(key string) (value []byte, ok bool)
	Put(key string, value []byte)
}

// Flusher is an optional capability. A Store that buffers writes implements
// it, and Shutdown finds it with a type assertion at run time. No other code
// uses a value as a Flusher, so only the assertions below make the compiler
// compare BufferedStore with it.
type Flusher interface {
	Flush() (written int, err error)
}

// The assertions. Each declares a blank variable of the interface type and
// assigns a nil pointer of the concrete type: nothing is allocated and nothing
// runs, but if a method goes missing or changes its signature, this line stops
// the build and the compiler says which method and how it differs.
var (
	_ Store   = (*MemoryStore)(nil)
	_ Store   = (*BufferedStore)(nil)
	_ Flusher = (*BufferedStore)(nil)
)

// MemoryStore keeps values in a map.
type MemoryStore struct {
	data map[string][]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{data: map[string][]byte{}}
}

// Get returns the value stored under key.
func (m *MemoryStore) Get(key string) ([]byte, bool) {
	value, ok := m.data[key]
	return value, ok
}

// Put stores value under key.
func (m *MemoryStore) Put(key string, value []byte) { m.data[key] = value }

// Len reports how many keys are stored.
func (m *MemoryStore) Len() int { return len(m.data) }

// BufferedStore holds writes in memory until Flush sends them to its backend.
type BufferedStore struct {
	backend Store
	pending map[string][]byte
	order   []string // first-write order, so Flush is deterministic
}

// NewBufferedStore returns a BufferedStore that writes through to backend.
func NewBufferedStore(backend Store) *BufferedStore {
	return &BufferedStore{backend: backend, pending: map[string][]byte{}}
}

// Get sees the store's own unflushed writes before the backend's values.
func (b *BufferedStore) Get(key string) ([]byte, bool) {
	if value, ok := b.pending[key]; ok {
		return value, true
	}
	return b.backend.Get(key)
}

// Put buffers the write until the next Flush.
func (b *BufferedStore) Put(key string, value []byte) {
	if _, seen := b.pending[key]; !seen {
		b.order = append(b.order, key)
	}
	b.pending[key] = value
}

// Pending reports how many writes are waiting for Flush.
func (b *BufferedStore) Pending() int { return len(b.pending) }

// Flush sends every buffered write to the backend and reports how many.
func (b *BufferedStore) Flush() (int, error) {
	for _, key := range b.order {
		b.backend.Put(key, b.pending[key])
	}
	written := len(b.order)
	b.pending, b.order = map[string][]byte{}, nil
	return written, nil
}

// Shutdown flushes s if it buffers writes, and reports how many it wrote.
// A store that does not implement Flusher has nothing to flush.
func Shutdown(s Store) (int, error) {
	if f, ok := s.(Flusher); ok {
		return f.Flush()
	}
	return 0, nil
}
