// Package retry shows P025: a retry loop that checks its context before every
// attempt, waits between attempts in a select that also watches ctx.Done(),
// and never starts a wait that would end after the context's deadline.
package retry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrGaveUp is wrapped by every error that Do returns because it stopped
// retrying: attempts or time ran out.
var ErrGaveUp = errors.New("retry: gave up")

// Policy says how many attempts to make and how long to wait between them.
type Policy struct {
	Attempts  int
	BaseDelay time.Duration // the first wait; each wait doubles, up to MaxDelay
	MaxDelay  time.Duration
}

func (p Policy) delay(retry int) time.Duration {
	d := p.BaseDelay << (retry - 1)
	if d > p.MaxDelay || d <= 0 { // d <= 0: the shift overflowed
		return p.MaxDelay
	}
	return d
}

// Retryer runs operations under a Policy. Now and Sleep are fields so tests
// can drive time by hand; New fills them with the real clock.
type Retryer struct {
	Policy      Policy
	IsRetryable func(error) bool
	Now         func() time.Time
	// Sleep waits for d, or returns ctx.Err() as soon as ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Retryer on the real clock.
func New(policy Policy, isRetryable func(error) bool) *Retryer {
	return &Retryer{Policy: policy, IsRetryable: isRetryable, Now: time.Now, Sleep: SleepContext}
}

// SleepContext waits for d or until ctx is done, whichever comes first.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Do calls op until it succeeds, returns an error IsRetryable rejects, or
// the attempts or the context's time run out. op receives ctx and must stop
// when it is done. An error caused by ctx ending is never retried.
func (r *Retryer) Do(ctx context.Context, op func(context.Context) error) error {
	var last error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("retry: stopped before attempt %d: %w", attempt, errors.Join(err, last))
		}
		last = op(ctx)
		switch {
		case last == nil:
			return nil
		case ctx.Err() != nil:
			// The attempt failed because the caller gave up: do not try again.
			return fmt.Errorf("retry: attempt %d: %w", attempt, last)
		case !r.IsRetryable(last):
			return last
		case attempt == r.Policy.Attempts:
			return fmt.Errorf("%w after %d attempts: %w", ErrGaveUp, attempt, last)
		}
		wait := r.Policy.delay(attempt)
		if deadline, ok := ctx.Deadline(); ok && !r.Now().Add(wait).Before(deadline) {
			return fmt.Errorf("%w after %d attempts: the next wait (%s) would end after the deadline: %w",
				ErrGaveUp, attempt, wait, last)
		}
		if err := r.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("retry: cancelled while waiting after attempt %d: %w",
				attempt, errors.Join(err, last))
		}
	}
}
