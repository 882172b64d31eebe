package backoff_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	backoff "example.com/patterns/p040_exponential_backoff_and_retry"
)

// fakeSleep records each wait and returns at once, unless ctx is already done.
type fakeSleep struct{ waits []time.Duration }

func (f *fakeSleep) Sleep(ctx context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	return ctx.Err()
}

var errRefused = errors.New("stock service refused the connection")

func transient(err error) bool { return errors.Is(err, errRefused) }

// failing returns errs in turn, then nil, and counts its calls.
func failing(calls *int, errs ...error) func(context.Context) error {
	return func(context.Context) error {
		*calls++
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

func Example() {
	sleep := &fakeSleep{}
	r := backoff.Retrier{
		Policy:    backoff.Policy{Attempts: 4, Base: 100 * time.Millisecond, Cap: 2 * time.Second},
		Retryable: transient,
		Rand:      rand.New(rand.NewPCG(1, 2)),
		Sleep:     sleep.Sleep,
	}
	calls := 0
	err := r.Do(context.Background(), failing(&calls, errRefused, errRefused))
	fmt.Println("error:", err, "calls:", calls)
	for n, wait := range sleep.waits {
		ceiling := r.Ceiling(n)
		fmt.Printf("retry %d: ceiling %v, wait within [0, ceiling]: %t\n",
			n, ceiling, 0 <= wait && wait <= ceiling)
	}

	calls = 0
	err = r.Do(context.Background(), failing(&calls, errRefused, errRefused, errRefused, errRefused))
	fmt.Println(err)
	fmt.Println("exhausted:", errors.Is(err, backoff.ErrExhausted), "calls:", calls)

	calls = 0
	err = r.Do(context.Background(), failing(&calls, errors.New("no such product: mug")))
	fmt.Println("not retried:", err, "calls:", calls)
	// Output:
	// error: <nil> calls: 3
	// retry 0: ceiling 100ms, wait within [0, ceiling]: true
	// retry 1: ceiling 200ms, wait within [0, ceiling]: true
	// retries exhausted after 4 attempts: stock service refused the connection
	// exhausted: true calls: 4
	// not retried: no such product: mug calls: 1
}

func TestCeilingDoublesThenStaysAtTheCap(t *testing.T) {
	p := backoff.Policy{Attempts: 1, Base: 100 * time.Millisecond, Cap: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for retry, ms := range want {
		if got := p.Ceiling(retry); got != ms*time.Millisecond {
			t.Errorf("Ceiling(%d) = %v, want %v", retry, got, ms*time.Millisecond)
		}
	}
	// 2^5000 overflows any integer; the doubling stops at the cap first.
	if got := p.Ceiling(5000); got != time.Second {
		t.Errorf("Ceiling(5000) = %v, want the cap", got)
	}
}

func TestEveryWaitLiesWithinItsCeilingAndUsesTheWholeWindow(t *testing.T) {
	p := backoff.Policy{Attempts: 1, Base: time.Second, Cap: 8 * time.Second}
	rng := rand.New(rand.NewPCG(7, 7))
	for retry := range 5 {
		ceiling := p.Ceiling(retry)
		lowest, highest := ceiling, time.Duration(0)
		for range 2000 {
			d := p.Delay(retry, rng)
			if d < 0 || d > ceiling {
				t.Fatalf("Delay(%d) = %v, outside [0, %v]", retry, d, ceiling)
			}
			lowest, highest = min(lowest, d), max(highest, d)
		}
		if lowest > ceiling/50 || highest < ceiling-ceiling/50 {
			t.Errorf("retry %d: waits span [%v, %v] of [0, %v]: not full jitter", retry, lowest, highest, ceiling)
		}
	}
}

func TestTheSharedSourceRespectsTheBoundsToo(t *testing.T) {
	p := backoff.Policy{Attempts: 1, Base: time.Millisecond, Cap: time.Second}
	for range 1000 {
		if d := p.Delay(3, nil); d < 0 || d > 8*time.Millisecond {
			t.Fatalf("Delay(3, nil) = %v, outside [0, 8ms]", d)
		}
	}
}

func TestStopsAtTheAttemptLimitWithTheLastError(t *testing.T) {
	for _, attempts := range []int{1, 2, 5} {
		sleep := &fakeSleep{}
		last := fmt.Errorf("attempt %d: %w", attempts, errRefused)
		errs := make([]error, 0, attempts+3)
		for range attempts - 1 {
			errs = append(errs, errRefused)
		}
		errs = append(errs, last, errRefused, errRefused, errRefused)
		calls := 0
		r := backoff.Retrier{
			Policy:    backoff.Policy{Attempts: attempts, Base: time.Millisecond, Cap: time.Second},
			Retryable: transient,
			Sleep:     sleep.Sleep,
		}
		err := r.Do(context.Background(), failing(&calls, errs...))
		if !errors.Is(err, backoff.ErrExhausted) || !errors.Is(err, last) {
			t.Errorf("attempts=%d: err = %v, want ErrExhausted wrapping the last error", attempts, err)
		}
		if calls != attempts || len(sleep.waits) != attempts-1 {
			t.Errorf("attempts=%d: %d calls, %d waits", attempts, calls, len(sleep.waits))
		}
	}
}

func TestANonRetryableErrorIsReturnedAtOnceAndUnwrapped(t *testing.T) {
	sleep := &fakeSleep{}
	denied := syscall.EACCES
	calls := 0
	r := backoff.Retrier{
		Policy:    backoff.Policy{Attempts: 5, Base: time.Millisecond, Cap: time.Second},
		Retryable: transient,
		Sleep:     sleep.Sleep,
	}
	err := r.Do(context.Background(), failing(&calls, errRefused, denied, errRefused))
	if err != denied || calls != 2 || len(sleep.waits) != 1 {
		t.Fatalf("err = %v after %d calls and %d waits; want EACCES after 2 and 1", err, calls, len(sleep.waits))
	}
}

func TestACancelledWaitEndsTheLoop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	r := backoff.Retrier{
		// An hour-long wait: the test passes only because cancel interrupts it.
		Policy:    backoff.Policy{Attempts: 5, Base: time.Hour, Cap: time.Hour},
		Retryable: transient,
		Rand:      rand.New(rand.NewPCG(1, 1)),
	}
	err := r.Do(ctx, func(context.Context) error {
		calls++
		cancel()
		return errRefused
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d calls; want context.Canceled after 1", err, calls)
	}
}

func TestTheDefaultSleepReturnsAfterItsDuration(t *testing.T) {
	if err := backoff.SleepContext(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
}

func TestRejectsAPolicyThatCannotWork(t *testing.T) {
	for _, p := range []backoff.Policy{
		{Attempts: 0, Base: time.Second, Cap: time.Second},
		{Attempts: 3, Base: 0, Cap: time.Second},
		{Attempts: 3, Base: 2 * time.Second, Cap: time.Second},
	} {
		calls := 0
		r := backoff.Retrier{Policy: p, Retryable: transient}
		if err := r.Do(context.Background(), failing(&calls)); err == nil || calls != 0 {
			t.Errorf("%+v: err = %v after %d calls; want an error and no call", p, err, calls)
		}
	}
}
