// Package backpressure shows P065: a bounded buffer between a producer and a
// consumer, with an explicit rule for what happens when it is full.
package backpressure

import (
	"context"
	"errors"
	"sync"
)

// ErrShed is returned by Put when the policy dropped the new item.
var ErrShed = errors.New("buffer full: item shed")

// Overflow says what Put does when the buffer is full.
type Overflow int

const (
	// Wait blocks the producer until a slot frees up or ctx is done.
	Wait Overflow = iota
	// RejectNew refuses the new item and returns ErrShed at once.
	RejectNew
	// DropOldest evicts the oldest waiting item to make room for the new one.
	DropOldest
)

// Buffer is a bounded channel plus a policy. Its capacity is the memory bound:
// no more than cap(items) items ever wait, whatever the producer does.
type Buffer[T any] struct {
	items    chan T
	overflow Overflow

	mu   sync.Mutex // guards shed and serialises DropOldest's evict-then-send
	shed []T
}

// New returns a buffer holding at most capacity items.
func New[T any](capacity int, overflow Overflow) *Buffer[T] {
	if capacity < 1 {
		panic("backpressure: capacity must be at least 1")
	}
	return &Buffer[T]{items: make(chan T, capacity), overflow: overflow}
}

// Put adds v according to the policy. With Wait it blocks while the buffer is
// full and returns ctx.Err() if the caller gives up before a slot frees up.
func (b *Buffer[T]) Put(ctx context.Context, v T) error {
	switch b.overflow {
	case Wait:
		select {
		case b.items <- v: // a free slot is taken at once, without blocking
			return nil
		default:
		}
		select {
		case b.items <- v:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	case RejectNew:
		select {
		case b.items <- v:
			return nil
		default:
			b.record(v)
			return ErrShed
		}
	default: // DropOldest
		b.mu.Lock()
		defer b.mu.Unlock()
		for {
			select {
			case b.items <- v:
				return nil
			default:
			}
			select {
			case old := <-b.items:
				b.shed = append(b.shed, old)
			default: // a consumer emptied a slot meanwhile: try the send again
			}
		}
	}
}

func (b *Buffer[T]) record(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.shed = append(b.shed, v)
}

// Items is the consumer's side. Ranging over it ends after Close.
func (b *Buffer[T]) Items() <-chan T { return b.items }

// Close tells the consumer that no more items will come. Only the producer calls it.
func (b *Buffer[T]) Close() { close(b.items) }

// Shed returns a copy of every item the policy dropped, in the order dropped.
func (b *Buffer[T]) Shed() []T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]T(nil), b.shed...)
}
