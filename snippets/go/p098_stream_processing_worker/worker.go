// Package streamworker shows P098: a worker that consumes each partition of a
// log in order, commits an offset only after the record's effect is stored,
// and stores the applied offset with the effect so a redelivery is harmless.
package streamworker

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"sync"
)

// Record is one entry of a partition. Timestamp is event time in seconds.
type Record struct {
	Partition int
	Offset    int
	Key       string
	Timestamp int64
}

type groupPartition struct {
	group     string
	partition int
}

// Log is an in-memory stand-in for a partitioned topic with committed offsets.
type Log struct {
	mu        sync.Mutex
	parts     [][]Record
	committed map[groupPartition]int
}

// NewLog returns a log with n partitions.
func NewLog(n int) (*Log, error) {
	if n < 1 {
		return nil, errors.New("partitions must be at least 1")
	}
	return &Log{parts: make([][]Record, n), committed: map[groupPartition]int{}}, nil
}

// Partitions returns the number of partitions.
func (l *Log) Partitions() int { return len(l.parts) }

// Append writes a record to the partition its key hashes to (CRC-32, stable
// across processes), so one key's records keep their order.
func (l *Log) Append(key string, ts int64) Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := int(crc32.ChecksumIEEE([]byte(key)) % uint32(len(l.parts)))
	r := Record{Partition: p, Offset: len(l.parts[p]), Key: key, Timestamp: ts}
	l.parts[p] = append(l.parts[p], r)
	return r
}

// Fetch returns up to limit records from offset on; none at the end.
func (l *Log) Fetch(ctx context.Context, partition, offset, limit int) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	part := l.parts[partition]
	end := min(offset+limit, len(part))
	return slices.Clone(part[min(offset, end):end]), nil
}

// Committed returns the next offset group will read from partition.
func (l *Log) Committed(group string, partition int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.committed[groupPartition{group, partition}]
}

// Commit records next as the group's position in partition.
func (l *Log) Commit(ctx context.Context, group string, partition, next int) error {
	if err := ctx.Err(); err != nil {
		return err // a cancelled worker must not commit what it may not have stored
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.committed[groupPartition{group, partition}] = next
	return nil
}

// Result is the final count of one key in one window.
type Result struct {
	Start int64
	Key   string
	Count int
}

type windowKey struct {
	start int64
	key   string
}

// WindowedCounts counts records per key and tumbling window of event time. It
// outlives the worker, like a database table: the applied offset of each
// partition is stored in the same locked update as the count.
type WindowedCounts struct {
	mu          sync.Mutex
	window      int64
	open        map[windowKey]int
	published   []Result
	applied     map[int]int
	closedUntil int64
	// Duplicates and Late count skipped records; read them once CatchUp returns.
	Duplicates int
	Late       int
}

// NewWindowedCounts returns an empty store with windows of the given seconds.
func NewWindowedCounts(window int64) (*WindowedCounts, error) {
	if window < 1 {
		return nil, errors.New("window must be at least 1 second")
	}
	return &WindowedCounts{window: window, open: map[windowKey]int{}, applied: map[int]int{}}, nil
}

// Apply adds r to its window unless r's partition was already applied up to
// r's offset, which is what a redelivery looks like.
func (s *WindowedCounts) Apply(r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if last, ok := s.applied[r.Partition]; ok && r.Offset <= last {
		s.Duplicates++
		return
	}
	start := r.Timestamp - r.Timestamp%s.window
	if start+s.window <= s.closedUntil {
		s.Late++ // its window is published; never change a published count
	} else {
		s.open[windowKey{start, r.Key}]++
	}
	s.applied[r.Partition] = r.Offset
}

// CloseUntil publishes every window that ends at or before watermark.
func (s *WindowedCounts) CloseUntil(watermark int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var done []Result
	for k, n := range s.open {
		if k.start+s.window <= watermark {
			done = append(done, Result{k.start, k.key, n})
			delete(s.open, k)
		}
	}
	slices.SortFunc(done, func(a, b Result) int {
		if a.Start != b.Start {
			return int(a.Start - b.Start)
		}
		return compareStrings(a.Key, b.Key)
	})
	s.published = append(s.published, done...)
	s.closedUntil = max(s.closedUntil, watermark-watermark%s.window)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Published returns a copy of the final counts, oldest window first.
func (s *WindowedCounts) Published() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.published)
}

// Worker consumes every partition of Log for Group, one goroutine each.
type Worker struct {
	Log       *Log
	Sink      *WindowedCounts
	Group     string
	Now       func() int64 // Unix seconds; inject a fake clock in tests
	Grace     int64
	BatchSize int
	// BeforeCommit, if set, runs just before each commit; tests return an
	// error from it to crash the worker at the worst moment.
	BeforeCommit func(partition, next int) error
}

// CatchUp processes every partition up to its current end, then publishes
// the windows that the clock says are final. The first error stops all
// partitions; nothing is committed past a record that was not stored.
func (w *Worker) CatchUp(ctx context.Context) error {
	if w.BatchSize < 1 {
		return errors.New("batch size must be at least 1")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for p := range w.Log.Partitions() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.consume(ctx, p); err != nil {
				cancel(fmt.Errorf("partition %d: %w", p, err))
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	w.Sink.CloseUntil(w.Now() - w.Grace)
	return nil
}

// consume is the only goroutine that reads partition p, so its records are
// applied in offset order.
func (w *Worker) consume(ctx context.Context, p int) error {
	offset := w.Log.Committed(w.Group, p)
	for {
		batch, err := w.Log.Fetch(ctx, p, offset, w.BatchSize)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, r := range batch {
			w.Sink.Apply(r)
		}
		offset = batch[len(batch)-1].Offset + 1
		if w.BeforeCommit != nil {
			if err := w.BeforeCommit(p, offset); err != nil {
				return err
			}
		}
		if err := w.Log.Commit(ctx, w.Group, p, offset); err != nil {
			return err
		}
	}
}
