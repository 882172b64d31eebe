package workerpool_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	workerpool "example.com/patterns/p026_worker_pool"
)

// gauge counts the jobs running right now and remembers the highest count.
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
	fetchOrder := func(ctx context.Context, id int) (string, error) {
		inFlight.enter()
		defer inFlight.leave()
		runtime.Gosched() // the query's round trip: let other goroutines run
		if id < 0 {
			return "", fmt.Errorf("order %d does not exist", id)
		}
		return fmt.Sprintf("order %d: paid", id), nil
	}

	orders := make([]int, 10_000)
	for i := range orders {
		orders[i] = i
	}
	orders[1] = -1

	results, err := workerpool.Run(context.Background(), 8, orders, fetchOrder)
	fmt.Println("jobs:", len(results), "error:", err)
	for _, r := range results[:3] {
		fmt.Printf("value=%q err=%v\n", r.Value, r.Err)
	}
	fmt.Println("last:", results[len(results)-1].Value)
	fmt.Println("max in flight <= 8:", inFlight.peak.Load() <= 8)
	// Output:
	// jobs: 10000 error: <nil>
	// value="order 0: paid" err=<nil>
	// value="" err=order -1 does not exist
	// value="order 2: paid" err=<nil>
	// last: order 9999: paid
	// max in flight <= 8: true
}

func TestJobsInFlightNeverExceedTheWorkerCount(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8, 32} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			var inFlight gauge
			jobs := make([]int, 2000)
			_, err := workerpool.Run(context.Background(), workers, jobs,
				func(ctx context.Context, _ int) (int, error) {
					inFlight.enter()
					defer inFlight.leave()
					for range 3 {
						runtime.Gosched()
					}
					return 0, nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if peak := inFlight.peak.Load(); peak > int64(workers) {
				t.Fatalf("peak in flight = %d with %d workers", peak, workers)
			}
		})
	}
}

func TestEveryWorkerRunsAJobAtTheSameTime(t *testing.T) {
	// One job per worker, and each job waits until all of them are running:
	// a pool that ran fewer at once would time out instead of passing.
	const workers = 6
	var inFlight gauge
	allBusy := make(chan struct{})
	results, err := workerpool.Run(context.Background(), workers, make([]int, workers),
		func(ctx context.Context, _ int) (int, error) {
			if inFlight.enter() == workers {
				close(allBusy)
			}
			defer inFlight.leave()
			select {
			case <-allBusy:
				return 0, nil
			case <-time.After(5 * time.Second):
				return 0, errors.New("the pool never ran all its workers at once")
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
	if peak := inFlight.peak.Load(); peak != workers {
		t.Fatalf("peak in flight = %d, want %d", peak, workers)
	}
}

func TestResultsKeepInputOrder(t *testing.T) {
	jobs := []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
	results, err := workerpool.Run(context.Background(), 4, jobs,
		func(ctx context.Context, n int) (int, error) {
			time.Sleep(time.Duration(n) * time.Millisecond) // later jobs finish first
			return n * n, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range jobs {
		if results[i].Value != n*n || results[i].Err != nil {
			t.Fatalf("results[%d] = %+v, want %d", i, results[i], n*n)
		}
	}
}

var errBadJob = errors.New("bad job")

func TestAFailingJobDoesNotStopTheOthers(t *testing.T) {
	var calls atomic.Int64
	results, err := workerpool.Run(context.Background(), 3, make([]int, 30),
		func(ctx context.Context, _ int) (int, error) {
			if n := calls.Add(1); n%4 == 0 {
				return 0, fmt.Errorf("call %d: %w", n, errBadJob)
			}
			return 1, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 30 {
		t.Fatalf("handle ran %d times, want 30", calls.Load())
	}
	failed := 0
	for _, r := range results {
		switch {
		case errors.Is(r.Err, errBadJob):
			failed++
		case r.Err != nil || r.Value != 1:
			t.Fatalf("unexpected result %+v", r)
		}
	}
	if failed != 7 {
		t.Fatalf("%d jobs failed, want 7", failed)
	}
}

func TestCancellationStopsTheFeedAndWaitsForEveryWorker(t *testing.T) {
	const workers = 4
	// The timeout only stops a broken pool from hanging the test run.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var started, finished atomic.Int64
	results, err := workerpool.Run(ctx, workers, make([]int, 100),
		func(ctx context.Context, _ int) (int, error) {
			defer finished.Add(1)
			if started.Add(1) == workers {
				cancel() // the caller gives up while every worker holds a job
			}
			<-ctx.Done()
			return 0, ctx.Err()
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if started.Load() != workers || finished.Load() != workers {
		t.Fatalf("started %d, finished %d jobs; want %d and %d: Run must wait for its workers",
			started.Load(), finished.Load(), workers, workers)
	}
	for i, r := range results {
		if !errors.Is(r.Err, context.Canceled) {
			t.Fatalf("results[%d].Err = %v, want context.Canceled", i, r.Err)
		}
	}
}

func TestRejectsAPoolThatCouldNeverRun(t *testing.T) {
	for _, workers := range []int{0, -1} {
		calls := 0
		_, err := workerpool.Run(context.Background(), workers, []int{1, 2},
			func(ctx context.Context, n int) (int, error) { calls++; return n, nil })
		if err == nil || calls != 0 {
			t.Fatalf("workers=%d: err = %v after %d calls, want an error and no call", workers, err, calls)
		}
	}
}

func TestNoJobsGivesNoResults(t *testing.T) {
	results, err := workerpool.Run(context.Background(), 4, []string{},
		func(ctx context.Context, s string) (string, error) { return s, nil })
	if err != nil || len(results) != 0 {
		t.Fatalf("Run(no jobs) = %v, %v; want empty, nil", results, err)
	}
}
