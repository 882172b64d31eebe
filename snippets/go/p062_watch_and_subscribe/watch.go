// Package watch shows P062: an informer lists a store, then watches for the
// changes after the version of that list, resumes from the last version it
// applied when a watch ends, and lists again when the store has forgotten
// that version.
package watch

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// EventType says what a change did to its key.
type EventType string

const (
	Added    EventType = "added"
	Modified EventType = "modified"
	Deleted  EventType = "deleted"
)

// Event is one change. For Deleted, Value is the last value the key had.
type Event[V any] struct {
	Type    EventType
	Key     string
	Value   V
	Version int
}

// ErrExpired means the changes after the requested version are no longer
// kept: the caller must list again. Kubernetes answers with 410 Gone.
var ErrExpired = errors.New("watch: version expired, list again")

// Store holds keyed values, gives every change the next version, and keeps
// the last historySize changes for watches that resume.
type Store[V any] struct {
	mu          sync.Mutex
	items       map[string]V
	version     int
	history     []Event[V]
	historySize int
	forgotten   int // every change up to this version has left the history
	watchBuffer int
	watches     map[*Watch[V]]struct{}
	down        chan struct{} // non-nil during an outage; closed when it ends
}

// NewStore returns an empty store. A watch that falls watchBuffer events
// behind is dropped and must resume.
func NewStore[V any](historySize, watchBuffer int) *Store[V] {
	return &Store[V]{
		items:       map[string]V{},
		historySize: historySize,
		watchBuffer: max(watchBuffer, 1),
		watches:     map[*Watch[V]]struct{}{},
	}
}

// Put adds or replaces key and returns the new version.
func (s *Store[V]) Put(key string, value V) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind := Added
	if _, ok := s.items[key]; ok {
		kind = Modified
	}
	s.items[key] = value
	return s.publish(kind, key, value)
}

// Delete removes key and returns the new version, or an error if it is absent.
func (s *Store[V]) Delete(key string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	value, ok := s.items[key]
	if !ok {
		return 0, fmt.Errorf("watch: delete %q: no such key", key)
	}
	delete(s.items, key)
	return s.publish(Deleted, key, value), nil
}

// List returns a copy of every item and the version the copy is exact at.
func (s *Store[V]) List() (map[string]V, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make(map[string]V, len(s.items))
	for k, v := range s.items {
		items[k] = v
	}
	return items, s.version
}

// Watch streams every change with a version greater than since: first the
// ones still in the history, then new ones. During an outage it waits for
// the store to come back, or for ctx.
func (s *Store[V]) Watch(ctx context.Context, since int) (*Watch[V], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.down != nil {
		down := s.down
		s.mu.Unlock()
		select {
		case <-down:
		case <-ctx.Done():
			s.mu.Lock()
			return nil, ctx.Err()
		}
		s.mu.Lock()
	}
	if since < 0 || since > s.version {
		return nil, fmt.Errorf("watch: since must be between 0 and %d, got %d", s.version, since)
	}
	if since < s.forgotten {
		return nil, fmt.Errorf("watch from version %d: %w", since, ErrExpired)
	}
	var replay []Event[V]
	for _, e := range s.history {
		if e.Version > since {
			replay = append(replay, e)
		}
	}
	w := &Watch[V]{store: s, events: make(chan Event[V], len(replay)+s.watchBuffer)}
	for _, e := range replay {
		w.events <- e
	}
	s.watches[w] = struct{}{}
	return w, nil
}

// Disconnect ends every watch and holds new ones back until reconnect is
// called: a stand-in for a network outage.
func (s *Store[V]) Disconnect() (reconnect func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.watches {
		s.drop(w)
	}
	down := make(chan struct{})
	s.down = down
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.down = nil
		close(down)
	}
}

// WatchCount is the number of watches the store still sends to.
func (s *Store[V]) WatchCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.watches)
}

// publish records a change and offers it to every watch; the lock is held.
func (s *Store[V]) publish(kind EventType, key string, value V) int {
	s.version++
	e := Event[V]{Type: kind, Key: key, Value: value, Version: s.version}
	s.history = append(s.history, e)
	if over := len(s.history) - s.historySize; over > 0 {
		s.forgotten = s.history[over-1].Version
		s.history = append([]Event[V](nil), s.history[over:]...)
	}
	for w := range s.watches {
		select {
		case w.events <- e:
		default: // the reader is too far behind: drop it, it will resume
			s.drop(w)
		}
	}
	return s.version
}

// drop closes a watch's channel once; the lock is held.
func (s *Store[V]) drop(w *Watch[V]) {
	if _, ok := s.watches[w]; ok {
		delete(s.watches, w)
		close(w.events)
	}
}

// Watch is a stream of changes. Its channel is closed when the store drops it.
type Watch[V any] struct {
	store  *Store[V]
	events chan Event[V]
}

// Events returns the channel of changes.
func (w *Watch[V]) Events() <-chan Event[V] { return w.events }

// Stop unsubscribes, so the store keeps nothing for a reader that left.
func (w *Watch[V]) Stop() {
	w.store.mu.Lock()
	defer w.store.mu.Unlock()
	w.store.drop(w)
}

// Handler is what an informer calls. Keep the functions quick: hand real
// work to a queue (P064). A nil function is skipped.
type Handler[V any] struct {
	OnAdd    func(key string, value V)
	OnUpdate func(key string, old, new V)
	OnDelete func(key string, old V)
}

// Informer keeps a local copy of a store by list-then-watch and calls its
// handler on every change. The zero value is not usable: call NewInformer.
type Informer[V comparable] struct {
	store   *Store[V]
	handler Handler[V]

	mu       sync.Mutex
	cache    map[string]V
	version  int           // the last version whose handlers have run
	advanced chan struct{} // closed and replaced each time version moves
	lists    int
	watches  int
}

// NewInformer returns an informer for store; call Run to start it.
func NewInformer[V comparable](store *Store[V], handler Handler[V]) *Informer[V] {
	return &Informer[V]{store: store, handler: handler, cache: map[string]V{}, advanced: make(chan struct{})}
}

// Run lists, then watches and resumes until ctx ends.
func (inf *Informer[V]) Run(ctx context.Context) error {
	inf.relist()
	for {
		w, err := inf.store.Watch(ctx, inf.Version())
		switch {
		case errors.Is(err, ErrExpired):
			inf.relist()
			continue
		case err != nil:
			return err
		}
		inf.mu.Lock()
		inf.watches++
		inf.mu.Unlock()
	read:
		for {
			select {
			case e, ok := <-w.Events():
				if !ok {
					break read // dropped: go round and resume from our version
				}
				inf.apply(e)
			case <-ctx.Done():
				w.Stop()
				return ctx.Err()
			}
		}
	}
}

func (inf *Informer[V]) relist() {
	items, version := inf.store.List()
	inf.mu.Lock()
	old := inf.cache
	inf.cache = items
	inf.lists++
	inf.mu.Unlock()

	keys := make([]string, 0, len(items))
	for k := range items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		prev, had := old[k]
		switch {
		case !had:
			call(inf.handler.OnAdd, k, items[k])
		case prev != items[k] && inf.handler.OnUpdate != nil:
			inf.handler.OnUpdate(k, prev, items[k])
		}
	}
	gone := make([]string, 0)
	for k := range old {
		if _, ok := items[k]; !ok {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		call(inf.handler.OnDelete, k, old[k]) // deleted while we were not watching
	}
	inf.advance(version)
}

func (inf *Informer[V]) apply(e Event[V]) {
	inf.mu.Lock()
	old, had := inf.cache[e.Key]
	if e.Type == Deleted {
		delete(inf.cache, e.Key)
	} else {
		inf.cache[e.Key] = e.Value
	}
	inf.mu.Unlock()

	switch {
	case e.Type == Deleted:
		call(inf.handler.OnDelete, e.Key, old)
	case had && inf.handler.OnUpdate != nil:
		inf.handler.OnUpdate(e.Key, old, e.Value)
	case !had:
		call(inf.handler.OnAdd, e.Key, e.Value)
	}
	inf.advance(e.Version)
}

func call[V any](fn func(string, V), key string, value V) {
	if fn != nil {
		fn(key, value)
	}
}

// advance publishes a version after its handlers have run.
func (inf *Informer[V]) advance(version int) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	inf.version = version
	close(inf.advanced)
	inf.advanced = make(chan struct{})
}

// Version is the last version whose handlers have run.
func (inf *Informer[V]) Version() int {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	return inf.version
}

// WaitFor blocks until the handlers for version have run, or ctx ends.
func (inf *Informer[V]) WaitFor(ctx context.Context, version int) error {
	for {
		inf.mu.Lock()
		if inf.version >= version {
			inf.mu.Unlock()
			return nil
		}
		advanced := inf.advanced
		inf.mu.Unlock()
		select {
		case <-advanced:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Snapshot returns a copy of the cache.
func (inf *Informer[V]) Snapshot() map[string]V {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	out := make(map[string]V, len(inf.cache))
	for k, v := range inf.cache {
		out[k] = v
	}
	return out
}

// Counts reports how many times the informer has listed and watched.
func (inf *Informer[V]) Counts() (lists, watches int) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	return inf.lists, inf.watches
}
