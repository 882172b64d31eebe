package daemon_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	daemon "example.com/patterns/p038_background_service_manager"
)

// fakeTime is a clock that only the test and the daemon's sleep move: each
// wait returns at once, adds its duration to the clock, and is recorded.
type fakeTime struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeTime) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func (f *fakeTime) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.t = f.t.Add(d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeTime) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.waits)
}

var errFeedDown = errors.New("price feed unavailable")

// policy is a backoff of 1s, 2s, 4s ... up to max, reset after a minute.
func policy(max time.Duration, maxCrashes int) daemon.Backoff {
	return daemon.Backoff{Initial: time.Second, Max: max, StableAfter: time.Minute, MaxCrashes: maxCrashes}
}

func Example() {
	clock := &fakeTime{}
	running := make(chan struct{})
	attempts := 0
	refresh := func(ctx context.Context) error {
		attempts++ // only the daemon's goroutine calls the job
		if attempts <= 3 {
			return errFeedDown
		}
		close(running)
		<-ctx.Done() // the refresh loop, until stopped
		return ctx.Err()
	}
	d, _ := daemon.New("prices", refresh, policy(8*time.Second, 0), clock.Now, clock.Sleep)

	_ = d.Start(context.Background())
	<-running
	h := d.Health()
	fmt.Println(h.State, "restarts:", h.Restarts, "last error:", h.LastError)
	fmt.Println("waits:", clock.Waits())
	d.Stop()
	fmt.Println(d.Health().State)
	// Output:
	// running restarts: 3 last error: price feed unavailable
	// waits: [1s 2s 4s]
	// stopped
}

func TestWaitsDoubleUpToTheCapAndItGivesUp(t *testing.T) {
	clock := &fakeTime{}
	calls := 0
	d, _ := daemon.New("t", func(context.Context) error { calls++; return errFeedDown },
		policy(4*time.Second, 6), clock.Now, clock.Sleep)
	err := d.Run(context.Background())
	if !errors.Is(err, daemon.ErrGaveUp) || !errors.Is(err, errFeedDown) {
		t.Fatalf("Run = %v, want ErrGaveUp wrapping the last crash", err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
	if got := clock.Waits(); !slices.Equal(got, want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
	if h := d.Health(); h.State != daemon.Failed || h.Restarts != 5 || calls != 6 {
		t.Fatalf("health = %+v after %d calls", h, calls)
	}
}

func TestAStableRunResetsTheWait(t *testing.T) {
	clock := &fakeTime{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// crash, crash, a 59 s run (still counts), a 60 s run (resets), crash, then stop
	runFor := []time.Duration{0, 0, 59 * time.Second, time.Minute, 0}
	calls := 0
	d, _ := daemon.New("t", func(ctx context.Context) error {
		if calls == len(runFor) {
			cancel()
			return ctx.Err()
		}
		clock.Advance(runFor[calls])
		calls++
		return errFeedDown
	}, policy(time.Hour, 0), clock.Now, clock.Sleep)
	if err := d.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, time.Second, 2 * time.Second}
	if got := clock.Waits(); !slices.Equal(got, want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
}

func TestPanicsAndReturnsAreCrashes(t *testing.T) {
	clock := &fakeTime{}
	calls := 0
	d, _ := daemon.New("t", func(context.Context) error {
		calls++
		if calls == 1 {
			panic("nil map")
		}
		return nil
	}, policy(time.Second, 2), clock.Now, clock.Sleep)
	err := d.Run(context.Background())
	if err == nil || err.Error() != "t: daemon gave up after 2 crashes: job returned" {
		t.Fatalf("Run = %v", err)
	}
	if calls != 2 {
		t.Fatalf("the job ran %d times, want 2: the panic should have been restarted", calls)
	}
}

func TestStopDuringTheWaitEndsTheDaemonAndItsGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	calls := 0
	d, _ := daemon.New("t", func(context.Context) error { calls++; return errFeedDown },
		daemon.Backoff{Initial: time.Hour, Max: time.Hour, StableAfter: time.Hour}, time.Now, daemon.Sleep)
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := d.Start(context.Background()); err == nil {
		t.Fatal("a second Start was accepted")
	}
	for d.Health().State != daemon.BackingOff {
		runtime.Gosched()
	}
	d.Stop() // returns only after the goroutine has exited
	if h := d.Health(); h.State != daemon.Stopped || calls != 1 {
		t.Fatalf("after Stop: %+v, %d calls", h, calls)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("goroutines: %d before, %d after Stop", before, after)
	}
	d.Stop() // stopping a stopped daemon does nothing
}

func TestCancellingRunIsNotACrash(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	clock := &fakeTime{}
	d, _ := daemon.New("t", func(ctx context.Context) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}, policy(time.Second, 0), clock.Now, clock.Sleep)
	if err := d.Run(ctx); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if len(clock.Waits()) != 0 {
		t.Fatal("a restart was scheduled after a cancellation")
	}
}

func TestInvalidBackoffIsRefused(t *testing.T) {
	job := func(context.Context) error { return nil }
	for _, b := range []daemon.Backoff{
		{Initial: 0, Max: time.Second, StableAfter: time.Minute},
		{Initial: time.Minute, Max: time.Second, StableAfter: time.Minute},
		{Initial: time.Second, Max: time.Second}, // StableAfter 0 would reset after every run
		{Initial: time.Second, Max: time.Second, StableAfter: time.Minute, MaxCrashes: -1},
	} {
		if _, err := daemon.New("t", job, b, time.Now, daemon.Sleep); err == nil {
			t.Fatalf("New accepted %+v", b)
		}
	}
}

func TestSleepReturnsEarlyWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := daemon.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v", err)
	}
	if err := daemon.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("Sleep = %v", err)
	}
}
