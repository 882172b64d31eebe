package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	inventory "example.com/patterns/p031_ownership_based_concurrency_design"
)

// ledger is a stand-in ledger service; it is called by the owner goroutine only.
type ledger struct {
	mu      sync.Mutex
	entries []string
	down    bool
	gate    chan struct{} // if set, each write waits until it is closed
	waiting chan struct{} // if set, receives a value when a write starts waiting on gate
}

func (l *ledger) record(ctx context.Context, sku string, change int) error {
	if l.gate != nil {
		if l.waiting != nil {
			l.waiting <- struct{}{}
		}
		select {
		case <-l.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down {
		return errors.New("ledger unavailable")
	}
	l.entries = append(l.entries, fmt.Sprintf("%s %+d", sku, change))
	return nil
}

func (l *ledger) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

func Example() {
	ctx, stop := context.WithCancel(context.Background())
	var book ledger
	inv := inventory.Start(ctx, map[string]int{"lamp": 3, "desk": 1}, book.record)

	results := make(chan bool)
	for range 10 {
		go func() {
			ok, _ := inv.Reserve(ctx, "lamp", 1)
			results <- ok
		}()
	}
	confirmed, refused := 0, 0
	for range 10 {
		if <-results {
			confirmed++
		} else {
			refused++
		}
	}
	fmt.Println("confirmed:", confirmed, "refused:", refused)
	levels, _ := inv.Levels(ctx)
	fmt.Println("stock:", levels) // fmt prints map keys in sorted order
	fmt.Println("ledger entries:", book.count())

	stop()
	<-inv.Done()
	_, err := inv.Reserve(context.Background(), "desk", 1)
	fmt.Println("after stop:", err)
	// Output:
	// confirmed: 3 refused: 7
	// stock: map[desk:1 lamp:0]
	// ledger entries: 3
	// after stop: inventory: closed
}

func TestConcurrentReservationsNeverOversell(t *testing.T) {
	for _, tc := range []struct{ stock, shoppers, quantity int }{
		{0, 5, 1}, {1, 2, 1}, {3, 50, 1}, {10, 40, 3}, {100, 20, 2},
	} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			var book ledger
			inv := inventory.Start(ctx, map[string]int{"lamp": tc.stock}, book.record)
			var wg sync.WaitGroup
			var mu sync.Mutex
			confirmed := 0
			for range tc.shoppers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := inv.Reserve(ctx, "lamp", tc.quantity)
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						confirmed++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			want := min(tc.stock/tc.quantity, tc.shoppers)
			levels, _ := inv.Levels(ctx)
			if confirmed != want || levels["lamp"] != tc.stock-want*tc.quantity || book.count() != want {
				t.Fatalf("confirmed %d, stock %d, ledger %d; want %d, %d, %d",
					confirmed, levels["lamp"], book.count(), want, tc.stock-want*tc.quantity, want)
			}
		})
	}
}

func TestTheCallersMapAndTheReturnedLevelsAreCopies(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	stock := map[string]int{"lamp": 2}
	inv := inventory.Start(ctx, stock, (&ledger{}).record)
	stock["lamp"] = 1000
	levels, _ := inv.Levels(ctx)
	levels["lamp"] = 1000
	if ok, _ := inv.Reserve(ctx, "lamp", 3); ok {
		t.Fatal("reserved 3 lamps out of 2")
	}
	if levels, _ := inv.Levels(ctx); levels["lamp"] != 2 {
		t.Fatalf("lamp = %d, want 2", levels["lamp"])
	}
}

func TestAFailingRequestFailsOnlyItsCaller(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	book := &ledger{down: true}
	inv := inventory.Start(ctx, map[string]int{"lamp": 2}, book.record)
	if ok, err := inv.Reserve(ctx, "lamp", 1); ok || err == nil {
		t.Fatalf("Reserve with the ledger down = %v, %v; want false and an error", ok, err)
	}
	if _, err := inv.Reserve(ctx, "lamp", 0); err == nil {
		t.Fatal("Reserve(0) = nil error, want one")
	}
	book.mu.Lock()
	book.down = false
	book.mu.Unlock()
	if ok, err := inv.Reserve(ctx, "lamp", 2); !ok || err != nil {
		t.Fatalf("Reserve after the ledger came back = %v, %v", ok, err)
	}
}

func TestACallerThatGivesUpBeforeItsTurnChangesNothing(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	book := &ledger{gate: make(chan struct{}), waiting: make(chan struct{}, 1)}
	inv := inventory.Start(ctx, map[string]int{"lamp": 5}, book.record)

	first := make(chan bool)
	go func() {
		ok, _ := inv.Reserve(ctx, "lamp", 1)
		first <- ok
	}()
	<-book.waiting // the owner has taken the first request and waits on the ledger
	impatient, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := inv.Reserve(impatient, "lamp", 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Reserve while the owner is busy = %v, want context.DeadlineExceeded", err)
	}
	close(book.gate)
	if !<-first {
		t.Fatal("the first reservation failed")
	}
	if levels, _ := inv.Levels(ctx); levels["lamp"] != 4 {
		t.Fatalf("lamp = %d, want 4: the abandoned request must not be applied", levels["lamp"])
	}
}

func TestAStoppedOwnerAnswersErrClosed(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	inv := inventory.Start(ctx, map[string]int{"lamp": 1}, (&ledger{}).record)
	stop()
	<-inv.Done()
	if _, err := inv.Reserve(context.Background(), "lamp", 1); !errors.Is(err, inventory.ErrClosed) {
		t.Fatalf("Reserve = %v, want ErrClosed", err)
	}
	if _, err := inv.Levels(context.Background()); !errors.Is(err, inventory.ErrClosed) {
		t.Fatalf("Levels = %v, want ErrClosed", err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := inv.Levels(gone); err == nil {
		t.Fatal("Levels with a cancelled context returned no error")
	}
}
