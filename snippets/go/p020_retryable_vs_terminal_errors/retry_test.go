package retry_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	retry "example.com/patterns/p020_retryable_vs_terminal_errors"
)

// declinedError declares itself terminal through a Retryable method.
type declinedError struct{ reason string }

func (e *declinedError) Error() string   { return "card declined: " + e.reason }
func (e *declinedError) Retryable() bool { return false }

// script returns an op that yields the given errors in order, then nil,
// and a pointer to the number of calls made.
func script(errs ...error) (func(context.Context) error, *int) {
	calls := 0
	return func(context.Context) error {
		calls++
		if calls <= len(errs) {
			return errs[calls-1]
		}
		return nil
	}, &calls
}

// recorder is a Sleep that remembers each delay and returns at once.
type recorder struct{ delays []time.Duration }

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.delays = append(r.delays, d)
	return nil
}

func Example() {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	unavailable := &retry.StatusError{Code: 503}
	for _, err := range []error{
		timeout,
		unavailable,
		&retry.StatusError{Code: 400},
		&declinedError{reason: "insufficient funds"},
		fmt.Errorf("charge order 17: %w", timeout),
		errors.New("amount is not a number"),
	} {
		fmt.Printf("%-5v %v\n", retry.IsRetryable(err), err)
	}

	run := func(label string, errs ...error) {
		op, calls := script(errs...)
		r := &recorder{}
		err := retry.Do(context.Background(), retry.Policy{Attempts: 4, BaseDelay: 100 * time.Millisecond, Sleep: r.sleep}, op)
		fmt.Printf("%s: %d call(s), waits %v -> %v\n", label, *calls, r.delays, err)
	}
	run("blip", timeout, unavailable)
	run("bad request", &retry.StatusError{Code: 400})
	run("outage", unavailable, unavailable, unavailable, unavailable)
	// Output:
	// true  read tcp: i/o timeout
	// true  503 Service Unavailable
	// false 400 Bad Request
	// false card declined: insufficient funds
	// true  charge order 17: read tcp: i/o timeout
	// false amount is not a number
	// blip: 3 call(s), waits [100ms 200ms] -> <nil>
	// bad request: 1 call(s), waits [] -> 400 Bad Request
	// outage: 4 call(s), waits [100ms 200ms 400ms] -> gave up after 4 attempts: 503 Service Unavailable
}

func TestClassificationTable(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"deadline of one attempt", context.DeadlineExceeded, true},
		{"net timeout", &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, true},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{"connection reset", reset, true},
		{"408", &retry.StatusError{Code: 408}, true},
		{"429", &retry.StatusError{Code: 429}, true},
		{"500", &retry.StatusError{Code: 500}, true},
		{"502", &retry.StatusError{Code: 502}, true},
		{"503", &retry.StatusError{Code: 503}, true},
		{"504", &retry.StatusError{Code: 504}, true},
		{"400", &retry.StatusError{Code: 400}, false},
		{"401", &retry.StatusError{Code: 401}, false},
		{"404", &retry.StatusError{Code: 404}, false},
		{"409", &retry.StatusError{Code: 409}, false},
		{"501", &retry.StatusError{Code: 501}, false},
		{"declared terminal", &declinedError{reason: "stolen"}, false},
		{"declared terminal wins over a timeout below", fmt.Errorf("%w: %w", &declinedError{}, context.DeadlineExceeded), false},
		{"wrapped 400", fmt.Errorf("charge: %w", &retry.StatusError{Code: 400}), false},
		{"hidden with %v", fmt.Errorf("charge: %v", context.DeadlineExceeded), false},
		{"cancelled", context.Canceled, false},
		{"cancelled next to a timeout", errors.Join(context.DeadlineExceeded, context.Canceled), false},
		{"unknown", errors.New("amount is not a number"), false},
		{"file not found", os.ErrNotExist, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := retry.IsRetryable(tc.err); got != tc.want {
				t.Fatalf("IsRetryable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestDoNeverRetriesATerminalError(t *testing.T) {
	bad := &retry.StatusError{Code: 400}
	op, calls := script(bad)
	r := &recorder{}
	err := retry.Do(context.Background(), retry.Policy{Attempts: 5, Sleep: r.sleep}, op)
	if err != bad || *calls != 1 || len(r.delays) != 0 {
		t.Fatalf("err=%v calls=%d delays=%v; want the 400 itself after 1 call, no wait", err, *calls, r.delays)
	}
}

func TestDoStopsWhenTheCallerHasGivenUp(t *testing.T) {
	// The caller's deadline has passed: the DeadlineExceeded that op returns
	// is the caller's, so it must not be retried.
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	op, calls := script(context.DeadlineExceeded, context.DeadlineExceeded)
	err := retry.Do(ctx, retry.Policy{Attempts: 5, Sleep: (&recorder{}).sleep}, op)
	if !errors.Is(err, context.DeadlineExceeded) || *calls != 1 {
		t.Fatalf("err=%v calls=%d; want the deadline after 1 call", err, *calls)
	}
}

func TestDoReportsBothTheInterruptedWaitAndTheLastError(t *testing.T) {
	unavailable := &retry.StatusError{Code: 503}
	op, calls := script(unavailable, unavailable)
	stop := func(context.Context, time.Duration) error { return context.Canceled }
	err := retry.Do(context.Background(), retry.Policy{Attempts: 3, Sleep: stop}, op)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, unavailable) || *calls != 1 {
		t.Fatalf("err=%v calls=%d", err, *calls)
	}
}

func TestDoWithTheRealTimer(t *testing.T) {
	op, calls := script(syscall.ECONNRESET)
	if err := retry.Do(context.Background(), retry.Policy{Attempts: 2, BaseDelay: time.Millisecond}, op); err != nil || *calls != 2 {
		t.Fatalf("err=%v calls=%d", err, *calls)
	}
	// The caller's deadline ends the hour-long wait early, and Do returns.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	op, calls = script(syscall.ECONNRESET)
	start := time.Now()
	err := retry.Do(ctx, retry.Policy{Attempts: 2, BaseDelay: time.Hour}, op)
	if !errors.Is(err, syscall.ECONNRESET) || *calls != 1 || time.Since(start) > time.Minute {
		t.Fatalf("err=%v calls=%d after %v", err, *calls, time.Since(start))
	}
}

func TestDoRejectsZeroAttempts(t *testing.T) {
	op, calls := script()
	err := retry.Do(context.Background(), retry.Policy{}, op)
	if err == nil || !strings.Contains(err.Error(), "at least 1") || *calls != 0 {
		t.Fatalf("err=%v calls=%d", err, *calls)
	}
}
