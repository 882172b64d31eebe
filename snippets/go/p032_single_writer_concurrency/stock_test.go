package singlewriter_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	singlewriter "example.com/patterns/p032_single_writer_concurrency"
)

func Example() {
	stock := singlewriter.New(map[string]int{"widget": 10}, 100)
	opening := stock.Snapshot()
	writer := make(chan struct{})
	go func() { defer close(writer); stock.Run() }() // the one writer

	movements := []singlewriter.Movement{{SKU: "widget", Quantity: +5}}
	for range 12 {
		movements = append(movements, singlewriter.Movement{SKU: "widget", Quantity: -1})
	}
	var handlers sync.WaitGroup
	for _, m := range movements { // 13 handlers, all sending at once
		handlers.Add(1)
		go func() { defer handlers.Done(); stock.Record(m) }()
	}
	handlers.Wait()
	stock.Close()
	<-writer // Run has applied every movement and returned

	fmt.Println("widget:", stock.Snapshot().Level("widget"))
	fmt.Println("opening snapshot still says:", opening.Level("widget"))
	// Output:
	// widget: 3
	// opening snapshot still says: 10
}

func TestConcurrentMovementsAreAllApplied(t *testing.T) {
	skus := []string{"widget", "gadget", "gizmo"}
	for _, senders := range []int{1, 8, 64} {
		t.Run(fmt.Sprint(senders), func(t *testing.T) {
			stock := singlewriter.New(nil, 4)
			writer := make(chan struct{})
			go func() { defer close(writer); stock.Run() }()

			want := map[string]int{}
			var mu sync.Mutex // guards want, which only the test uses
			var wg sync.WaitGroup
			for s := range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(s), 7))
					for range 200 {
						m := singlewriter.Movement{SKU: skus[rng.IntN(3)], Quantity: rng.IntN(11) - 5}
						stock.Record(m)
						mu.Lock()
						want[m.SKU] += m.Quantity
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			stock.Close()
			<-writer
			for _, sku := range skus {
				if got := stock.Snapshot().Level(sku); got != want[sku] {
					t.Errorf("%s = %d, want %d", sku, got, want[sku])
				}
			}
		})
	}
}

func TestReadersSeeOnlyNewerSnapshotsAndSnapshotsNeverChange(t *testing.T) {
	stock := singlewriter.New(map[string]int{"widget": 0}, 2)
	writer := make(chan struct{})
	go func() { defer close(writer); stock.Run() }()

	stop := make(chan struct{})
	var readers sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			last := stock.Snapshot()
			seen := last.Level("widget")
			for {
				select {
				case <-stop:
					return
				default:
				}
				if last.Level("widget") != seen {
					errs <- fmt.Errorf("snapshot %d changed from %d to %d", last.Version, seen, last.Level("widget"))
					return
				}
				next := stock.Snapshot()
				if next.Version < last.Version {
					errs <- fmt.Errorf("version went back from %d to %d", last.Version, next.Version)
					return
				}
				// Every movement adds 1, so a snapshot never holds less than an older one.
				if next.Level("widget") < last.Level("widget") {
					errs <- fmt.Errorf("level went back from %d to %d", last.Level("widget"), next.Level("widget"))
					return
				}
				last, seen = next, next.Level("widget")
			}
		}()
	}
	for range 5000 {
		stock.Record(singlewriter.Movement{SKU: "widget", Quantity: 1})
	}
	stock.Close()
	<-writer
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := stock.Snapshot().Level("widget"); got != 5000 {
		t.Fatalf("widget = %d, want 5000", got)
	}
}

func TestNewCopiesTheCallersMap(t *testing.T) {
	initial := map[string]int{"widget": 5}
	stock := singlewriter.New(initial, 1)
	initial["widget"] = 999
	if got := stock.Snapshot().Level("widget"); got != 5 {
		t.Fatalf("widget = %d after the caller changed its own map, want 5", got)
	}
}

func TestCloseLetsTheWriterDrainTheInbox(t *testing.T) {
	stock := singlewriter.New(nil, 50)
	for range 40 {
		stock.Record(singlewriter.Movement{SKU: "gadget", Quantity: 2}) // the writer is not running yet
	}
	stock.Close()
	stock.Run() // returns once the inbox is empty and closed
	if got := stock.Snapshot().Level("gadget"); got != 80 {
		t.Fatalf("gadget = %d, want 80", got)
	}
	if v := stock.Snapshot().Version; v != 1 {
		t.Fatalf("version = %d, want 1: forty waiting movements are one batch", v)
	}
}
