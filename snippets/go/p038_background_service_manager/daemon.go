// Package daemon shows P038: a background job run by a supervisor that owns
// its goroutine, restarts it after a crash with a growing wait, reports its
// health, and stops it on request without leaving a goroutine behind.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrGaveUp is returned by Run after MaxCrashes crashes in a row.
var ErrGaveUp = errors.New("daemon gave up")

// State is what the daemon is doing.
type State string

const (
	Stopped    State = "stopped"
	Running    State = "running"
	BackingOff State = "backing off"
	Failed     State = "failed"
)

// Health is a snapshot for a health endpoint or a log line.
type Health struct {
	State     State
	Restarts  int
	LastError error
	RetryIn   time.Duration // the wait chosen after the last crash, while backing off
}

// Backoff says how long to wait before each restart: Initial, doubled after
// each crash in a row, at most Max. A run that lasted StableAfter clears the
// count. After MaxCrashes crashes in a row (0: never) the daemon gives up.
type Backoff struct {
	Initial, Max, StableAfter time.Duration
	MaxCrashes                int
}

// Delay is the wait after crashes crashes in a row (1 for the first).
func (b Backoff) Delay(crashes int) time.Duration {
	d := b.Initial
	for i := 1; i < crashes && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Daemon keeps one job running. Create it with New.
type Daemon struct {
	name    string
	job     func(context.Context) error
	backoff Backoff
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error

	mu     sync.Mutex
	health Health
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a stopped daemon. job should run until ctx is done; returning
// earlier, with an error, without one, or by panicking, is a crash. now and
// sleep are injected so tests control time; pass time.Now and Sleep.
func New(name string, job func(context.Context) error, backoff Backoff,
	now func() time.Time, sleep func(context.Context, time.Duration) error) (*Daemon, error) {
	if backoff.Initial <= 0 || backoff.Max < backoff.Initial || backoff.StableAfter <= 0 ||
		backoff.MaxCrashes < 0 {
		return nil, fmt.Errorf("daemon %s: invalid backoff %+v", name, backoff)
	}
	return &Daemon{name: name, job: job, backoff: backoff, now: now, sleep: sleep,
		health: Health{State: Stopped}}, nil
}

// Sleep waits for d, or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Health returns a snapshot of the daemon's state.
func (d *Daemon) Health() Health {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.health
}

func (d *Daemon) update(f func(h *Health)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(&d.health)
}

// Start runs the daemon in a goroutine it owns, until Stop or ctx is done.
func (d *Daemon) Start(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		return fmt.Errorf("daemon %s is already started", d.name)
	}
	ctx, d.cancel = context.WithCancel(ctx)
	d.done = make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		_ = d.Run(ctx) // the outcome is in Health
	}(d.done)
	return nil
}

// Stop cancels the job, or the wait before its restart, and returns once the
// goroutine has exited.
func (d *Daemon) Stop() {
	d.mu.Lock()
	cancel, done := d.cancel, d.done
	d.cancel, d.done = nil, nil
	d.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
	d.update(func(h *Health) { h.State, h.RetryIn = Stopped, 0 })
}

// Run supervises the job in the calling goroutine. It returns nil when ctx is
// done, and an error wrapping ErrGaveUp and the last crash when the daemon
// gives up, so a lifecycle manager (P037) can run it as a component.
func (d *Daemon) Run(ctx context.Context) error {
	crashes := 0
	for {
		d.update(func(h *Health) { h.State, h.RetryIn = Running, 0 })
		started := d.now()
		err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return nil // asked to stop: not a crash
		}
		if err == nil {
			err = errors.New("job returned")
		}
		if d.now().Sub(started) >= d.backoff.StableAfter {
			crashes = 0 // it ran fine for a while: this is a new problem
		}
		crashes++
		if d.backoff.MaxCrashes > 0 && crashes >= d.backoff.MaxCrashes {
			d.update(func(h *Health) { h.State, h.LastError = Failed, err })
			return fmt.Errorf("%s: %w after %d crashes: %w", d.name, ErrGaveUp, crashes, err)
		}
		wait := d.backoff.Delay(crashes)
		d.update(func(h *Health) { h.State, h.LastError, h.RetryIn = BackingOff, err, wait })
		if d.sleep(ctx, wait) != nil {
			return nil
		}
		d.update(func(h *Health) { h.Restarts++ })
	}
}

// runOnce runs the job and turns a panic into an error: an unrecovered panic
// in any goroutine ends the whole process.
func (d *Daemon) runOnce(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return d.job(ctx)
}
