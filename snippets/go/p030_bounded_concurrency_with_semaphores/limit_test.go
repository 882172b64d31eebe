package bounded_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	bounded "example.com/patterns/p030_bounded_concurrency_with_semaphores"
)

// gauge counts the calls running right now and remembers the highest count.
type gauge struct{ now, peak atomic.Int64 }

func (g *gauge) enter() int64 {
	now := g.now.Add(1)
	for old := g.peak.Load(); now > old && !g.peak.CompareAndSwap(old, now); old = g.peak.Load() {
	}
	return now
}

func (g *gauge) leave() { g.now.Add(-1) }

func Example() {
	var inFlight gauge
	thumbnail := func(ctx context.Context, name string) (string, error) {
		inFlight.enter()
		defer inFlight.leave()
		runtime.Gosched() // resizing: let other goroutines run
		if strings.HasSuffix(name, ".bmp") {
			return "", fmt.Errorf("%s: unsupported format", name)
		}
		return strings.Replace(name, ".", "_small.", 1), nil
	}

	names := make([]string, 30)
	for i := range names {
		ext := "jpg"
		if (i+1)%5 == 0 {
			ext = "bmp"
		}
		names[i] = fmt.Sprintf("photo-%d.%s", i+1, ext)
	}

	lim, _ := bounded.NewLimit(4) // one Limit for the image service, shared by every caller
	results, err := bounded.Map(context.Background(), lim, names, thumbnail)
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
	}
	fmt.Println("items:", len(results), "failed:", failed, "error:", err)
	fmt.Println(results[3].Value, "|", results[4].Err)
	fmt.Println("peak in flight <= 4:", inFlight.peak.Load() <= 4)
	// Output:
	// items: 30 failed: 6 error: <nil>
	// photo-4_small.jpg | photo-5.bmp: unsupported format
	// peak in flight <= 4: true
}

func TestCallsInFlightNeverPassTheLimitEvenWhenCallsFail(t *testing.T) {
	for _, limit := range []int{1, 2, 4, 16} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var inFlight gauge
			lim, _ := bounded.NewLimit(limit)
			items := make([]int, 1000)
			for i := range items {
				items[i] = i
			}
			results, err := bounded.Map(context.Background(), lim, items,
				func(ctx context.Context, n int) (int, error) {
					inFlight.enter()
					defer inFlight.leave()
					runtime.Gosched()
					if n%3 == 0 {
						return 0, fmt.Errorf("item %d failed", n)
					}
					return n * 2, nil
				})
			if err != nil || len(results) != 1000 {
				t.Fatalf("Map = %d results, %v", len(results), err)
			}
			for i, r := range results {
				if (i%3 == 0) != (r.Err != nil) || (r.Err == nil && r.Value != i*2) {
					t.Fatalf("results[%d] = %+v", i, r)
				}
			}
			if peak := inFlight.peak.Load(); peak > int64(limit) {
				t.Fatalf("peak in flight = %d with a limit of %d", peak, limit)
			}
			for range limit { // every slot came back, failures or not
				if !lim.TryAcquire() {
					t.Fatal("a slot was not released")
				}
			}
			if lim.TryAcquire() {
				t.Fatal("the limit let one more in than its size")
			}
		})
	}
}

func TestTheLimitIsReached(t *testing.T) {
	// Each call waits until limit calls are running at once: a smaller cap would time out.
	const limit = 5
	var inFlight gauge
	allIn := make(chan struct{})
	lim, _ := bounded.NewLimit(limit)
	results, err := bounded.Map(context.Background(), lim, make([]int, limit), func(ctx context.Context, _ int) (int, error) {
		if inFlight.enter() == limit {
			close(allIn)
		}
		defer inFlight.leave()
		select {
		case <-allIn:
			return 1, nil
		case <-time.After(5 * time.Second):
			return 0, errors.New("the calls never ran at the same time")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

func TestOneLimitBoundsEveryCallerTogether(t *testing.T) {
	var inFlight gauge
	lim, _ := bounded.NewLimit(3)
	call := func(ctx context.Context, _ int) (int, error) {
		inFlight.enter()
		defer inFlight.leave()
		time.Sleep(time.Millisecond)
		return 0, nil
	}
	done := make(chan struct{})
	for range 4 {
		go func() {
			bounded.Map(context.Background(), lim, make([]int, 20), call)
			done <- struct{}{}
		}()
	}
	for range 4 {
		<-done
	}
	if peak := inFlight.peak.Load(); peak > 3 {
		t.Fatalf("four batches sharing a limit of 3 peaked at %d", peak)
	}
}

func TestCancellationStopsNewCallsAndWaitsForRunningOnes(t *testing.T) {
	const limit = 4
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var started, finished atomic.Int64
	lim, _ := bounded.NewLimit(limit)
	results, err := bounded.Map(ctx, lim, make([]int, 100), func(ctx context.Context, _ int) (int, error) {
		defer finished.Add(1)
		if started.Add(1) == limit {
			cancel()
		}
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if started.Load() != limit || finished.Load() != limit {
		t.Fatalf("started %d, finished %d; want %d of each", started.Load(), finished.Load(), limit)
	}
	for i, r := range results {
		if !errors.Is(r.Err, context.Canceled) {
			t.Fatalf("results[%d].Err = %v, want context.Canceled", i, r.Err)
		}
	}
	if err := lim.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAcquireGivesUpWhenTheContextEnds(t *testing.T) {
	lim, _ := bounded.NewLimit(1)
	if err := lim.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := lim.Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire on a full limit = %v, want context.DeadlineExceeded", err)
	}
	lim.Release()
	if err := lim.Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire with an ended context = %v, want its error even with a free slot", err)
	}
}

func TestRejectsALimitThatLetsNothingThrough(t *testing.T) {
	for _, n := range []int{0, -1} {
		if lim, err := bounded.NewLimit(n); err == nil || lim != nil {
			t.Fatalf("NewLimit(%d) = %v, %v; want an error", n, lim, err)
		}
	}
}
