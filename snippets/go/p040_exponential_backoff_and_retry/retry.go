// Package backoff shows P040: retry a failed call after a wait whose ceiling
// doubles with each failure, is capped, and is drawn at random below that
// ceiling ("full jitter"), so clients that failed together do not retry
// together.
package backoff

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// ErrExhausted is wrapped, together with the last error, when every attempt failed.
var ErrExhausted = errors.New("retries exhausted")

// Policy is the retry schedule.
type Policy struct {
	Attempts int           // total calls, the first one included; at least 1
	Base     time.Duration // ceiling of the wait before the first retry; > 0
	Cap      time.Duration // no wait is longer than this; >= Base
}

// Ceiling is the longest wait before retry number retry (0 for the first
// retry): min(Cap, Base * 2^retry), computed without overflowing.
func (p Policy) Ceiling(retry int) time.Duration {
	d := p.Base
	for range retry {
		if d >= p.Cap/2 {
			return p.Cap
		}
		d *= 2
	}
	return min(d, p.Cap)
}

// Delay draws a wait uniformly from [0, Ceiling(retry)]. A nil rng uses the
// package-level source of math/rand/v2, which is safe for concurrent use; a
// *rand.Rand is not, so give each goroutine its own or share none.
func (p Policy) Delay(retry int, rng *rand.Rand) time.Duration {
	n := int64(p.Ceiling(retry)) + 1
	if rng == nil {
		return time.Duration(rand.Int64N(n))
	}
	return time.Duration(rng.Int64N(n))
}

// Retrier runs an operation under a Policy. Retryable is required: only the
// caller knows which errors another attempt may fix.
type Retrier struct {
	Policy
	Retryable func(error) bool
	Rand      *rand.Rand                                       // nil: the shared source
	Sleep     func(ctx context.Context, d time.Duration) error // nil: SleepContext
}

// Do calls op until it returns nil, returns an error Retryable rejects (as
// is, at once), or has been called Attempts times (the last error, wrapped
// with ErrExhausted). A wait that ctx interrupts ends the loop with ctx's error.
func (r Retrier) Do(ctx context.Context, op func(context.Context) error) error {
	if r.Attempts < 1 || r.Base <= 0 || r.Cap < r.Base {
		return fmt.Errorf("backoff: invalid policy %+v", r.Policy)
	}
	sleep := r.Sleep
	if sleep == nil {
		sleep = SleepContext
	}
	for retry := 0; ; retry++ {
		err := op(ctx)
		switch {
		case err == nil:
			return nil
		case !r.Retryable(err):
			return err
		case retry+1 == r.Attempts:
			return fmt.Errorf("%w after %d attempts: %w", ErrExhausted, r.Attempts, err)
		}
		if err := sleep(ctx, r.Delay(retry, r.Rand)); err != nil {
			return err
		}
	}
}

// SleepContext waits for d, or until ctx is done, whichever comes first.
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
