// Package retry shows P020: one function decides whether an error is worth
// another attempt, and the retry loop asks it and nothing else.
package retry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// StatusError is an error status from another HTTP service.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%d %s", e.Code, http.StatusText(e.Code))
}

// retryableStatus: 408, 429 and the 5xx that mean "not now". 501 and 505
// are missing on purpose: they will not change on the next attempt.
var retryableStatus = map[int]bool{
	http.StatusRequestTimeout:      true,
	http.StatusTooManyRequests:     true,
	http.StatusInternalServerError: true,
	http.StatusBadGateway:          true,
	http.StatusServiceUnavailable:  true,
	http.StatusGatewayTimeout:      true,
}

// IsRetryable reports whether making the same call again, unchanged, may
// succeed. The rules, in order; each searches the whole chain:
//
//  1. Cancellation is terminal: somebody decided to stop.
//  2. An error with a Retryable() bool method has said so itself.
//  3. A *StatusError is retryable if its code is in the table above.
//  4. A deadline (an attempt's own timeout), a network timeout, a refused
//     or reset connection are retryable.
//  5. Anything else is terminal: an error nobody classified is more likely a
//     bug than a blip, and retrying a bug only multiplies it.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var declared interface{ Retryable() bool }
	if errors.As(err, &declared) {
		return declared.Retryable()
	}
	var status *StatusError
	if errors.As(err, &status) {
		return retryableStatus[status.Code]
	}
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// Policy says how often and how patiently Do retries.
type Policy struct {
	Attempts  int           // total calls, the first included; at least 1
	BaseDelay time.Duration // wait after the first failure; doubles each time
	// Sleep waits d or until ctx is done; nil means a real timer. Tests
	// inject one that records the delays and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Do calls op until it succeeds, fails with a terminal error, or the attempts
// run out. A terminal error is returned as it is. The caller's ctx ending
// stops the loop even when the error looks retryable: a deadline in err is
// then the caller's, not a slow server's.
func Do(ctx context.Context, p Policy, op func(context.Context) error) error {
	if p.Attempts < 1 {
		return fmt.Errorf("retry: attempts must be at least 1, got %d", p.Attempts)
	}
	sleep := p.Sleep
	if sleep == nil {
		sleep = sleepTimer
	}
	delay := p.BaseDelay
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		switch {
		case err == nil:
			return nil
		case !IsRetryable(err), ctx.Err() != nil:
			return err
		case attempt == p.Attempts:
			return fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		if waitErr := sleep(ctx, delay); waitErr != nil {
			return fmt.Errorf("%w while waiting to retry: %w", waitErr, err)
		}
		delay *= 2
	}
}

func sleepTimer(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
