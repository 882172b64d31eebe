// Package circuitbreaker shows P041: fail fast while a dependency is down,
// then let a single probe call find out whether it has recovered.
package circuitbreaker

import (
	"errors"
	"sync"
	"time"
)

// ErrOpen is returned instead of calling the dependency while the breaker is open.
var ErrOpen = errors.New("circuit open")

// State is the breaker's state as seen by the next caller.
type State string

const (
	Closed   State = "closed"
	Open     State = "open"
	HalfOpen State = "half-open"
)

// Breaker guards one dependency. The zero value is not usable: call New.
type Breaker struct {
	mu            sync.Mutex
	threshold     int
	resetTimeout  time.Duration
	now           func() time.Time
	failures      int
	openedAt      time.Time // zero while closed
	probeInFlight bool
}

// New returns a closed breaker that opens after threshold consecutive failures
// and admits one probe call resetTimeout after opening. now is injected so
// tests can move time by hand; pass time.Now in production.
func New(threshold int, resetTimeout time.Duration, now func() time.Time) *Breaker {
	return &Breaker{threshold: threshold, resetTimeout: resetTimeout, now: now}
}

// State reports the current state. The lock is held by the caller.
func (b *Breaker) state() State {
	switch {
	case b.openedAt.IsZero():
		return Closed
	case b.now().Sub(b.openedAt) >= b.resetTimeout:
		return HalfOpen
	default:
		return Open
	}
}

// State reports the current state.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state()
}

// Call runs fn unless the breaker is open or a probe is already in flight.
// The lock is not held while fn runs, so a slow dependency never blocks
// callers that are only going to be rejected.
func (b *Breaker) Call(fn func() error) error {
	b.mu.Lock()
	state := b.state()
	if state == Open || (state == HalfOpen && b.probeInFlight) {
		b.mu.Unlock()
		return ErrOpen
	}
	isProbe := state == HalfOpen
	if isProbe {
		b.probeInFlight = true
	}
	b.mu.Unlock()

	err := fn()

	b.mu.Lock()
	defer b.mu.Unlock()
	if isProbe {
		b.probeInFlight = false
	}
	if err == nil {
		b.failures = 0
		b.openedAt = time.Time{}
		return nil
	}
	b.failures++
	if !b.openedAt.IsZero() || b.failures >= b.threshold {
		b.openedAt = b.now() // a failed probe restarts the full timeout
	}
	return err
}
