// Package singlewriter shows P032: one goroutine applies every change to the
// stock levels and publishes them as immutable snapshots; any number of
// goroutines read the latest snapshot without a lock.
package singlewriter

import (
	"sync/atomic"
)

// Movement is goods in (positive Quantity) or out (negative) for one SKU.
type Movement struct {
	SKU      string
	Quantity int
}

// Snapshot is the stock levels as of one publication. Its map is never
// written after the snapshot is published, so readers share it freely.
type Snapshot struct {
	Version int
	levels  map[string]int
}

// Level returns the stock of sku in this snapshot (0 if it has none).
func (s *Snapshot) Level(sku string) int { return s.levels[sku] }

// Levels holds stock levels with one writer goroutine: the one running Run.
type Levels struct {
	current atomic.Pointer[Snapshot]
	inbox   chan Movement
}

// New returns levels that start at initial (copied), with room for
// inboxSize movements to wait for the writer.
func New(initial map[string]int, inboxSize int) *Levels {
	levels := make(map[string]int, len(initial))
	for sku, n := range initial {
		levels[sku] = n
	}
	l := &Levels{inbox: make(chan Movement, inboxSize)}
	l.current.Store(&Snapshot{levels: levels})
	return l
}

// Snapshot returns the latest published levels. Safe from any goroutine.
func (l *Levels) Snapshot() *Snapshot { return l.current.Load() }

// Record hands a movement to the writer, waiting while the inbox is full.
// It must not be called after Close.
func (l *Levels) Record(m Movement) { l.inbox <- m }

// Close tells the writer that no more movements will come. Run applies
// what is already in the inbox and then returns.
func (l *Levels) Close() { close(l.inbox) }

// Run is the writer. Start it in exactly one goroutine, owned by whoever
// calls Close and waits for Run to return.
func (l *Levels) Run() {
	for first := range l.inbox {
		prev := l.current.Load()
		next := make(map[string]int, len(prev.levels)+1)
		for sku, n := range prev.levels {
			next[sku] = n
		}
		next[first.SKU] += first.Quantity
		// Apply everything already waiting to the same copy: one copy per batch.
	drain:
		for {
			select {
			case m, ok := <-l.inbox:
				if !ok {
					break drain
				}
				next[m.SKU] += m.Quantity
			default:
				break drain
			}
		}
		// One pointer store: readers see the old snapshot or the new one.
		l.current.Store(&Snapshot{Version: prev.Version + 1, levels: next})
	}
}
