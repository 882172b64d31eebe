package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	ratelimit "example.com/patterns/p029_rate_limited_work_queues"
)

// fakeClock is virtual time: Sleep moves the clock forward and returns at once.
// It is exact while one goroutine sleeps at a time, which is how Limiter sleeps.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	onSleep func() // runs at the start of each Sleep, if set
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(0, 0).UTC()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.onSleep != nil {
		c.onSleep()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// busiest is the most starts in any half-open window [t, t+window).
func busiest(starts []time.Time, window time.Duration) int {
	sorted := slices.Clone(starts)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	most := 0
	for i, t := range sorted {
		n := 0
		for _, u := range sorted[i:] {
			if u.Before(t.Add(window)) {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// drain is the work queue: workers take jobs from one channel, and each takes
// a token from the shared limiter before each job it starts.
func drain(lim *ratelimit.Limiter, jobs, workers int) []time.Time {
	queue := make(chan int)
	go func() {
		defer close(queue)
		for n := range jobs {
			queue <- n
		}
	}()
	var (
		mu     sync.Mutex
		starts []time.Time
		wg     sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range queue {
				start, err := lim.Wait(context.Background())
				if err != nil {
					panic(err)
				}
				mu.Lock()
				starts = append(starts, start) // the job itself would run here
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return starts
}

func Example() {
	clock := newFakeClock()
	lim, err := ratelimit.NewLimiter(250*time.Millisecond, 1, clock) // the partner allows 4 a second
	if err != nil {
		panic(err)
	}
	starts := drain(lim, 40, 4)
	last := slices.MaxFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	fmt.Println("started:", len(starts))
	fmt.Println("busiest second:", busiest(starts, time.Second))
	fmt.Println("last start after:", last.Sub(time.Unix(0, 0)))

	burstClock := newFakeClock()
	bursty, _ := ratelimit.NewLimiter(250*time.Millisecond, 4, burstClock)
	fmt.Println("burst 4, busiest second:", busiest(drain(bursty, 12, 4), time.Second))
	// Output:
	// started: 40
	// busiest second: 4
	// last start after: 9.75s
	// burst 4, busiest second: 7
}

func TestStartsInAnyWindowNeverPassTheBound(t *testing.T) {
	for _, tc := range []struct {
		every   time.Duration
		burst   int
		workers int
		window  time.Duration
	}{
		{time.Second, 1, 1, time.Second},
		{250 * time.Millisecond, 1, 4, time.Second},
		{250 * time.Millisecond, 3, 16, time.Second},
		{100 * time.Millisecond, 2, 8, 3 * time.Second},
		{2 * time.Second, 3, 4, 10 * time.Second},
	} {
		t.Run(fmt.Sprintf("%v/%d/%d", tc.every, tc.burst, tc.workers), func(t *testing.T) {
			lim, err := ratelimit.NewLimiter(tc.every, tc.burst, newFakeClock())
			if err != nil {
				t.Fatal(err)
			}
			starts := drain(lim, 200, tc.workers)
			want := tc.burst - 1 + int(tc.window/tc.every)
			// Reached, and never passed: a limiter that is too slow fails too.
			if got := busiest(starts, tc.window); got != want {
				t.Fatalf("busiest window of %v has %d starts, want %d", tc.window, got, want)
			}
		})
	}
}

func TestAQuietSpellRefillsNoMoreThanTheBurst(t *testing.T) {
	clock := newFakeClock()
	lim, _ := ratelimit.NewLimiter(500*time.Millisecond, 3, clock)
	ctx := context.Background()
	for range 3 {
		lim.Wait(ctx)
	}
	clock.Sleep(ctx, 100*time.Second) // nobody calls for 100 s
	var got []time.Duration
	for range 6 {
		start, _ := lim.Wait(ctx)
		got = append(got, start.Sub(time.Unix(0, 0))-100*time.Second)
	}
	want := []time.Duration{0, 0, 0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond}
	if !slices.Equal(got, want) {
		t.Fatalf("starts after the quiet spell = %v, want %v", got, want)
	}
}

func TestACancelledWaiterTakesNoToken(t *testing.T) {
	clock := newFakeClock()
	lim, _ := ratelimit.NewLimiter(250*time.Millisecond, 1, clock)
	lim.Wait(context.Background()) // the only token, at 0

	ctx, cancel := context.WithCancel(context.Background())
	clock.onSleep = cancel // the caller gives up while it waits for the next token
	if _, err := lim.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	clock.onSleep = nil
	start, err := lim.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := start.Sub(time.Unix(0, 0)); got != 250*time.Millisecond {
		t.Fatalf("next start at %v, want 250ms: the cancelled waiter must not take a token", got)
	}
	if _, err := lim.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with a done context = %v, want context.Canceled", err)
	}
}

func TestAWaiterBehindAnotherCanGiveUp(t *testing.T) {
	clock := newFakeClock()
	lim, _ := ratelimit.NewLimiter(time.Second, 1, clock)
	lim.Wait(context.Background())
	sleeping := make(chan struct{})
	release := make(chan struct{})
	clock.onSleep = func() { close(sleeping); <-release } // the first waiter holds the turn
	go lim.Wait(context.Background())
	<-sleeping
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := lim.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %v, want context.DeadlineExceeded while another waiter sleeps", err)
	}
	close(release)
}

func TestRejectsALimiterThatCouldNeverGiveAToken(t *testing.T) {
	for _, tc := range []struct {
		every time.Duration
		burst int
	}{{0, 1}, {-time.Second, 1}, {time.Second, 0}} {
		if lim, err := ratelimit.NewLimiter(tc.every, tc.burst, newFakeClock()); err == nil || lim != nil {
			t.Fatalf("NewLimiter(%v, %d) = %v, %v; want an error", tc.every, tc.burst, lim, err)
		}
	}
}

func TestSystemClock(t *testing.T) {
	clock := ratelimit.SystemClock()
	lim, _ := ratelimit.NewLimiter(time.Hour, 2, clock)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 2 { // the burst is there at once
		if _, err := lim.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	short, stop := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer stop()
	if _, err := lim.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait for a token an hour away = %v, want context.DeadlineExceeded", err)
	}
	if err := clock.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
}
