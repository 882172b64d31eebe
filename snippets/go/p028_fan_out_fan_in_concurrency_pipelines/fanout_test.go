package fanout_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fanout "example.com/patterns/p028_fan_out_fan_in_concurrency_pipelines"
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
	documents := map[string]string{
		"brief.txt":  "ship it",
		"notes.txt":  "the queue is bounded so the reader sets the pace",
		"todo.txt":   "fix the flaky test",
		"readme.txt": "one stream of results whatever the number of workers",
	}
	names := []string{"brief.txt", "notes.txt", "todo.txt", "readme.txt"}
	countWords := func(ctx context.Context, name string) (string, error) {
		return fmt.Sprintf("%s: %d words", name, len(strings.Fields(documents[name]))), nil
	}

	results, wait := fanout.Stream(context.Background(), names, 3, countWords)
	var lines []string
	for line := range results {
		lines = append(lines, line)
	}
	err := wait()
	slices.Sort(lines) // results arrive in the order they finish, which varies
	fmt.Println(strings.Join(lines, "\n"))
	fmt.Println("error:", err)

	// The reader stops after one result; wait stops the workers.
	results, wait = fanout.Stream(context.Background(), names, 3, countWords)
	<-results
	fmt.Println("after an early stop:", wait())

	// One input fails: the pipeline stops and wait reports the error.
	names = append(names, "missing.txt")
	results, wait = fanout.Stream(context.Background(), names, 2,
		func(ctx context.Context, name string) (string, error) {
			if _, ok := documents[name]; !ok {
				return "", fmt.Errorf("%s: no such document", name)
			}
			return countWords(ctx, name)
		})
	for range results {
	}
	fmt.Println("error:", wait())
	// Output:
	// brief.txt: 2 words
	// notes.txt: 10 words
	// readme.txt: 9 words
	// todo.txt: 4 words
	// error: <nil>
	// after an early stop: <nil>
	// error: missing.txt: no such document
}

func TestEveryInputGivesOneResultWithAtMostWorkersInFlight(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8, 32} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			var inFlight gauge
			inputs := make([]int, 2000)
			for i := range inputs {
				inputs[i] = i
			}
			results, wait := fanout.Stream(context.Background(), inputs, workers,
				func(ctx context.Context, n int) (int, error) {
					inFlight.enter()
					defer inFlight.leave()
					runtime.Gosched()
					return n * 3, nil
				})
			var got []int
			for r := range results {
				got = append(got, r)
			}
			if err := wait(); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			for i, r := range got {
				if r != i*3 {
					t.Fatalf("result %d = %d, want %d (%d results)", i, r, i*3, len(got))
				}
			}
			if len(got) != len(inputs) {
				t.Fatalf("%d results, want %d", len(got), len(inputs))
			}
			if peak := inFlight.peak.Load(); peak > int64(workers) {
				t.Fatalf("peak in flight = %d with %d workers", peak, workers)
			}
		})
	}
}

func TestEveryWorkerRunsAtTheSameTime(t *testing.T) {
	// Each call waits until all the workers are busy: fewer at once would time out.
	const workers = 5
	var inFlight gauge
	allBusy := make(chan struct{})
	results, wait := fanout.Stream(context.Background(), make([]int, workers), workers,
		func(ctx context.Context, _ int) (int, error) {
			if inFlight.enter() == workers {
				close(allBusy)
			}
			defer inFlight.leave()
			select {
			case <-allBusy:
				return 1, nil
			case <-time.After(5 * time.Second):
				return 0, errors.New("the workers never ran at the same time")
			}
		})
	for range results {
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
}

func TestTheStreamClosesAfterTheSlowestWorker(t *testing.T) {
	release := make(chan struct{})
	results, wait := fanout.Stream(context.Background(), []int{0, 1, 2, 3, 4, 5}, 3,
		func(ctx context.Context, n int) (int, error) {
			if n == 0 {
				<-release // still busy when the other workers have run out of input
			}
			return n, nil
		})
	var got []int
	for r := range results {
		got = append(got, r)
		if len(got) == 5 {
			close(release)
		}
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 || got[5] != 0 {
		t.Fatalf("got %v, want all six results with 0 last", got)
	}
}

func TestStoppingEarlyStopsTheFeedAndEveryCall(t *testing.T) {
	var started, finished atomic.Int64
	results, wait := fanout.Stream(context.Background(), make([]int, 1000), 4,
		func(ctx context.Context, n int) (int, error) {
			started.Add(1)
			defer finished.Add(1)
			return n, nil
		})
	<-results
	<-results
	if err := wait(); err != nil {
		t.Fatalf("wait() = %v, want nil after an early stop", err)
	}
	if s, f := started.Load(), finished.Load(); s != f || s > 10 {
		t.Fatalf("started %d, finished %d calls: wait must stop the feed and outlast every call", s, f)
	}
	if _, open := <-results; open {
		t.Fatal("results is still open after wait returned")
	}
}

var errMalformed = errors.New("malformed input")

func TestTheFirstErrorCancelsTheOtherCalls(t *testing.T) {
	var cancelled atomic.Int64
	results, wait := fanout.Stream(context.Background(), []int{1, 2, 3, 4, 5, 6, 7, 8}, 4,
		func(ctx context.Context, n int) (int, error) {
			if n == 4 { // handed out after 1, 2 and 3, which are still running
				return 0, fmt.Errorf("input %d: %w", n, errMalformed)
			}
			select {
			case <-ctx.Done():
				cancelled.Add(1)
				return 0, ctx.Err()
			case <-time.After(5 * time.Second):
				return n, nil
			}
		})
	for range results {
		t.Fatal("no call should succeed")
	}
	err := wait()
	if !errors.Is(err, errMalformed) {
		t.Fatalf("wait() = %v, want the malformed-input error", err)
	}
	if cancelled.Load() != 3 {
		t.Fatalf("%d calls saw the cancellation, want 3", cancelled.Load())
	}
}

func TestCancellingTheCallerEndsTheStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	results, wait := fanout.Stream(ctx, make([]int, 100), 3,
		func(ctx context.Context, n int) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
	cancel()
	for range results {
		t.Fatal("no call should succeed")
	}
	if err := wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait() = %v, want context.Canceled", err)
	}
}

func TestNoInputsGiveAClosedStream(t *testing.T) {
	results, wait := fanout.Stream(context.Background(), []string{}, 3,
		func(ctx context.Context, s string) (string, error) { return s, nil })
	if _, open := <-results; open {
		t.Fatal("got a result from no inputs")
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
}

func TestRejectsAPipelineWithNoWorkers(t *testing.T) {
	calls := 0
	results, wait := fanout.Stream(context.Background(), []int{1, 2}, 0,
		func(ctx context.Context, n int) (int, error) { calls++; return n, nil })
	if _, open := <-results; open || calls != 0 {
		t.Fatalf("open=%v after %d calls, want a closed stream and no call", open, calls)
	}
	if err := wait(); err == nil {
		t.Fatal("wait() = nil, want an error for zero workers")
	}
}
