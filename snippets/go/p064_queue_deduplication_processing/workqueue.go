// Package workqueue shows P064: a queue of keys that ignores a key already
// waiting, hands each key to one worker at a time, and puts a key back in
// line when it was added again while a worker held it.
package workqueue

import (
	"fmt"
	"sync"
)

// Queue is a FIFO of keys with the dirty and processing sets of client-go's
// workqueue. The zero value is not usable: call New.
type Queue[K comparable] struct {
	mu           sync.Mutex
	nonEmpty     *sync.Cond // signalled when a key joins waiting, and on ShutDown
	waiting      []K
	dirty        map[K]struct{} // keys that need a run, waiting or not
	processing   map[K]struct{} // keys a worker holds right now
	shuttingDown bool
}

// New returns an empty queue.
func New[K comparable]() *Queue[K] {
	q := &Queue[K]{dirty: map[K]struct{}{}, processing: map[K]struct{}{}}
	q.nonEmpty = sync.NewCond(&q.mu)
	return q
}

// Add asks for one run of key. A key that is already waiting is not added
// twice; a key a worker holds is only marked, and Done puts it back in line.
func (q *Queue[K]) Add(key K) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.dirty[key]; ok || q.shuttingDown {
		return
	}
	q.dirty[key] = struct{}{}
	if _, ok := q.processing[key]; ok {
		return
	}
	q.waiting = append(q.waiting, key)
	q.nonEmpty.Signal()
}

// Get blocks until a key is waiting and marks it as held. The caller must
// call Done with it. shutdown is true once the queue is shut down and no key
// is waiting: the worker should return.
func (q *Queue[K]) Get() (key K, shutdown bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.waiting) == 0 && !q.shuttingDown {
		q.nonEmpty.Wait()
	}
	if len(q.waiting) == 0 {
		return key, true
	}
	key, q.waiting = q.waiting[0], q.waiting[1:]
	delete(q.dirty, key)
	q.processing[key] = struct{}{}
	return key, false
}

// Done releases key. If it was added during the run, it goes back in line.
// Calling Done for a key that no worker holds is a bug, and panics.
func (q *Queue[K]) Done(key K) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.processing[key]; !ok {
		panic(fmt.Sprintf("workqueue: Done(%v) for a key that no worker holds", key))
	}
	delete(q.processing, key)
	if _, ok := q.dirty[key]; ok {
		q.waiting = append(q.waiting, key)
		q.nonEmpty.Signal()
	}
}

// ShutDown makes Add ignore new keys. Workers still get every waiting key;
// then Get reports shutdown.
func (q *Queue[K]) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shuttingDown = true
	q.nonEmpty.Broadcast()
}

// Len is the number of keys waiting for a worker, not counting held keys.
func (q *Queue[K]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.waiting)
}

func (q *Queue[K]) isShuttingDown() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.shuttingDown
}

// Run processes keys with workers goroutines until the queue is shut down
// and drained. A key whose run fails is added again, up to maxAttempts runs
// in a row (real code waits between attempts, see P040). It returns the keys
// given up on: their last run failed and no retry is coming.
func Run[K comparable](q *Queue[K], workers, maxAttempts int, handle func(K) error) ([]K, error) {
	if workers < 1 || maxAttempts < 1 {
		return nil, fmt.Errorf("workqueue: workers and maxAttempts must be at least 1, got %d and %d", workers, maxAttempts)
	}
	var (
		mu       sync.Mutex
		failures = map[K]int{}
		givenUp  []K
		wg       sync.WaitGroup
	)
	process := func(key K) {
		defer q.Done(key) // paired with Get whatever handle does
		err := handle(key)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err == nil:
			delete(failures, key)
		case failures[key]+1 < maxAttempts && !q.isShuttingDown():
			failures[key]++
			q.Add(key) // the key is held, so this marks it for Done to put back
		default:
			delete(failures, key)
			givenUp = append(givenUp, key)
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				key, shutdown := q.Get()
				if shutdown {
					return
				}
				process(key)
			}
		}()
	}
	wg.Wait()
	return givenUp, nil
}
