package retry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	retry "example.com/patterns/p025_context_aware_retries"
)

var (
	errRefused   = errors.New("connection refused")
	errForbidden = errors.New("403 forbidden")
)

func transient(err error) bool { return errors.Is(err, errRefused) }

// fakeTime is a clock that moves only when the retry loop sleeps.
type fakeTime struct {
	now   time.Time
	waits []time.Duration
}

func (f *fakeTime) Now() time.Time { return f.now }

func (f *fakeTime) Sleep(ctx context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	if err := ctx.Err(); err != nil {
		return err
	}
	f.now = f.now.Add(d)
	return nil
}

func newRetryer(clock *fakeTime) *retry.Retryer {
	r := retry.New(retry.Policy{Attempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}, transient)
	r.Now, r.Sleep = clock.Now, clock.Sleep
	return r
}

// failing fails the first n calls with err, then succeeds; it counts calls.
type failing struct {
	n, calls int
	err      error
}

func (f *failing) call(ctx context.Context) error {
	f.calls++
	if f.calls <= f.n {
		return f.err
	}
	return nil
}

func Example() {
	clock := &fakeTime{now: time.Unix(0, 0)}
	r := newRetryer(clock)

	flaky := &failing{n: 2, err: errRefused}
	fmt.Println(r.Do(context.Background(), flaky.call), flaky.calls, clock.waits)

	forbidden := &failing{n: 9, err: errForbidden}
	fmt.Println(r.Do(context.Background(), forbidden.call), forbidden.calls)

	// The caller can wait 10 s. The fake clock starts at the real time, because
	// the context's own deadline is on the real clock; the test takes
	// microseconds, so only the loop's arithmetic decides. After waits of 1, 2
	// and 4 s the next wait (8 s) would end after the deadline: stop now.
	clock = &fakeTime{now: time.Now()}
	r = newRetryer(clock)
	r.Policy.BaseDelay, r.Policy.MaxDelay = time.Second, time.Minute
	ctx, cancel := context.WithDeadline(context.Background(), clock.now.Add(10*time.Second))
	defer cancel()
	down := &failing{n: 99, err: errRefused}
	err := r.Do(ctx, down.call)
	fmt.Println(err)
	fmt.Println("calls:", down.calls, "gave up:", errors.Is(err, retry.ErrGaveUp), "refused:", errors.Is(err, errRefused))
	// Output:
	// <nil> 3 [100ms 200ms]
	// 403 forbidden 1
	// retry: gave up after 4 attempts: the next wait (8s) would end after the deadline: connection refused
	// calls: 4 gave up: true refused: true
}

func TestCancellingDuringTheWaitStopsWithNoFurtherAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := retry.New(retry.Policy{Attempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}, transient)
	waiting := make(chan struct{})
	r.Sleep = func(ctx context.Context, d time.Duration) error {
		close(waiting)                    // the hour-long wait is about to begin
		return retry.SleepContext(ctx, d) // the real sleep, which must end early
	}
	calls := 0
	done := make(chan error)
	go func() {
		done <- r.Do(ctx, func(context.Context) error {
			calls++
			return errRefused
		})
	}()
	<-waiting
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !errors.Is(err, errRefused) {
			t.Fatalf("err = %v, want context.Canceled joined with the last error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Do kept sleeping after the context was cancelled")
	}
	if calls != 1 {
		t.Fatalf("calls = %d, want 1: no attempt may start after the cancel", calls)
	}
}

func TestAnAttemptThatFailsBecauseTheCallerGaveUpIsNotRetried(t *testing.T) {
	clock := &fakeTime{now: time.Unix(0, 0)}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := newRetryer(clock).Do(ctx, func(ctx context.Context) error {
		calls++
		cancel() // the caller gives up while the call is in flight
		return fmt.Errorf("query: %w", ctx.Err())
	})
	if !errors.Is(err, context.Canceled) || calls != 1 || len(clock.waits) != 0 {
		t.Fatalf("err = %v after %d calls and waits %v; want Canceled, 1 call, no wait", err, calls, clock.waits)
	}
}

func TestADeadlineAlreadyPassedMakesNoCall(t *testing.T) {
	clock := &fakeTime{now: time.Unix(0, 0)}
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	calls := 0
	err := newRetryer(clock).Do(ctx, func(context.Context) error { calls++; return nil })
	if !errors.Is(err, context.DeadlineExceeded) || calls != 0 {
		t.Fatalf("err = %v after %d calls, want DeadlineExceeded and no call", err, calls)
	}
}

func TestRunningOutOfAttemptsWrapsTheLastError(t *testing.T) {
	clock := &fakeTime{now: time.Unix(0, 0)}
	down := &failing{n: 99, err: errRefused}
	err := newRetryer(clock).Do(context.Background(), down.call)
	if !errors.Is(err, retry.ErrGaveUp) || !errors.Is(err, errRefused) || down.calls != 5 {
		t.Fatalf("err = %v after %d calls, want ErrGaveUp wrapping errRefused after 5", err, down.calls)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	if fmt.Sprint(clock.waits) != fmt.Sprint(want) {
		t.Fatalf("waits = %v, want %v (none after the last attempt)", clock.waits, want)
	}
}

func TestWaitsAreCappedAtMaxDelay(t *testing.T) {
	clock := &fakeTime{now: time.Unix(0, 0)}
	r := newRetryer(clock)
	r.Policy = retry.Policy{Attempts: 70, BaseDelay: time.Second, MaxDelay: 3 * time.Second}
	down := &failing{n: 99, err: errRefused}
	_ = r.Do(context.Background(), down.call)
	for i, w := range clock.waits {
		if w <= 0 || w > 3*time.Second {
			t.Fatalf("wait %d = %v, want within (0, 3s] even after the doubling overflows", i, w)
		}
	}
}
