package streamworker_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	streamworker "example.com/patterns/p098_stream_processing_worker"
)

var errCrash = errors.New("simulated crash")

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func pageViews() *streamworker.Log {
	log := must(streamworker.NewLog(2))
	for i, page := range []string{"home", "cart", "home", "pay", "home", "cart"} {
		log.Append(page, int64(i*10))
	}
	for i, page := range []string{"home", "pay", "cart", "home"} {
		log.Append(page, int64(60+i*10))
	}
	return log
}

func newWorker(log *streamworker.Log, sink *streamworker.WindowedCounts, now int64) *streamworker.Worker {
	return &streamworker.Worker{
		Log: log, Sink: sink, Group: "views", Grace: 30, BatchSize: 2,
		Now: func() int64 { return now },
	}
}

func newCounts() *streamworker.WindowedCounts { return must(streamworker.NewWindowedCounts(60)) }

// cleanRun is the answer: the same events, consumed once with no crash.
func cleanRun() []streamworker.Result {
	sink := newCounts()
	if err := newWorker(pageViews(), sink, 100).CatchUp(context.Background()); err != nil {
		panic(err)
	}
	return sink.Published()
}

func Example() {
	log, sink := pageViews(), newCounts()
	first := newWorker(log, sink, 100)
	first.BeforeCommit = func(p, next int) error {
		if p == 0 && next == 4 {
			return errCrash // offsets 2 and 3 are stored, not committed
		}
		return nil
	}
	fmt.Println(first.CatchUp(context.Background()))
	fmt.Println("partition 0 committed:", log.Committed("views", 0))

	if err := newWorker(log, sink, 100).CatchUp(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println("partition 0 committed:", log.Committed("views", 0))
	for _, r := range sink.Published() {
		fmt.Printf("%3d %-4s %d\n", r.Start, r.Key, r.Count)
	}
	fmt.Println("same as a run without a crash:", slices.Equal(sink.Published(), cleanRun()))
	// Output:
	// partition 0: simulated crash
	// partition 0 committed: 2
	// partition 0 committed: 7
	//   0 cart 2
	//   0 home 3
	//   0 pay  1
	// same as a run without a crash: true
}

func TestCrashBeforeCommitRedeliversAndCountsOnce(t *testing.T) {
	want := cleanRun()
	for _, crashAt := range [][2]int{{0, 2}, {0, 4}, {0, 6}, {1, 2}} {
		log, sink := pageViews(), newCounts()
		w := newWorker(log, sink, 100)
		w.BeforeCommit = func(p, next int) error {
			if p == crashAt[0] && next == crashAt[1] {
				return errCrash
			}
			return nil
		}
		if err := w.CatchUp(context.Background()); !errors.Is(err, errCrash) {
			t.Fatalf("crash at %v: got %v", crashAt, err)
		}
		if got := log.Committed("views", crashAt[0]); got != crashAt[1]-2 {
			t.Fatalf("crash at %v: committed %d, want %d", crashAt, got, crashAt[1]-2)
		}
		if err := newWorker(log, sink, 100).CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		if sink.Duplicates < 2 {
			t.Fatalf("crash at %v: %d duplicates, want the uncommitted batch back", crashAt, sink.Duplicates)
		}
		if got := sink.Published(); !slices.Equal(got, want) {
			t.Fatalf("crash at %v: published %v, want %v", crashAt, got, want)
		}
	}
}

func TestLateRecordDoesNotChangeAPublishedWindow(t *testing.T) {
	log, sink := pageViews(), newCounts()
	if err := newWorker(log, sink, 100).CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := sink.Published()
	log.Append("home", 50)
	if err := newWorker(log, sink, 150).CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sink.Late != 1 || !slices.Equal(sink.Published()[:len(before)], before) {
		t.Fatalf("late=%d published=%v", sink.Late, sink.Published())
	}
}

func TestRejectsNonsenseSettings(t *testing.T) {
	if _, err := streamworker.NewLog(0); err == nil {
		t.Error("NewLog(0) accepted")
	}
	if _, err := streamworker.NewWindowedCounts(0); err == nil {
		t.Error("NewWindowedCounts(0) accepted")
	}
	w := newWorker(pageViews(), newCounts(), 0)
	w.BatchSize = 0
	if err := w.CatchUp(context.Background()); err == nil {
		t.Error("batch size 0 accepted")
	}
}
