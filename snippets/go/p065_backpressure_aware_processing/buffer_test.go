package backpressure_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	backpressure "example.com/patterns/p065_backpressure_aware_processing"
)

// fill puts 1..n into b with no consumer running, then drains what was kept.
func fill(b *backpressure.Buffer[int], n int) (kept []int, errs int) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Wait must not block forever in this example: give up at once
	for v := 1; v <= n; v++ {
		if err := b.Put(ctx, v); err != nil {
			errs++
		}
	}
	b.Close()
	for v := range b.Items() {
		kept = append(kept, v)
	}
	return kept, errs
}

func Example() {
	for _, c := range []struct {
		name     string
		overflow backpressure.Overflow
	}{{"wait", backpressure.Wait}, {"reject-new", backpressure.RejectNew}, {"drop-oldest", backpressure.DropOldest}} {
		b := backpressure.New[int](3, c.overflow)
		kept, errs := fill(b, 5)
		fmt.Printf("%-11s kept %v shed %v errors %d\n", c.name, kept, b.Shed(), errs)
	}
	// Output:
	// wait        kept [1 2 3] shed [] errors 2
	// reject-new  kept [1 2 3] shed [4 5] errors 2
	// drop-oldest kept [3 4 5] shed [1 2] errors 0
}

func TestWaitReturnsTheContextErrorWhenFull(t *testing.T) {
	b := backpressure.New[int](1, backpressure.Wait)
	_ = b.Put(context.Background(), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := b.Put(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Put on a full buffer = %v, want DeadlineExceeded", err)
	}
}

func TestSlowConsumerSeesItemsInOrderAndEveryItemIsAccountedFor(t *testing.T) {
	for _, overflow := range []backpressure.Overflow{backpressure.Wait, backpressure.RejectNew, backpressure.DropOldest} {
		const capacity, n = 4, 2000
		b := backpressure.New[int](capacity, overflow)
		got := make(chan []int)
		go func() {
			var seen []int
			for v := range b.Items() {
				seen = append(seen, v)
				time.Sleep(time.Microsecond) // slower than the producer
			}
			got <- seen
		}()
		for v := range n {
			_ = b.Put(context.Background(), v)
		}
		b.Close()
		seen := <-got
		if !slices.IsSorted(seen) {
			t.Fatalf("overflow %d: items out of order", overflow)
		}
		all := append(seen, b.Shed()...)
		slices.Sort(all)
		if len(all) != n || all[0] != 0 || all[n-1] != n-1 {
			t.Fatalf("overflow %d: %d items accounted for, want %d", overflow, len(all), n)
		}
		if overflow == backpressure.Wait && len(b.Shed()) != 0 {
			t.Fatalf("Wait shed %d items", len(b.Shed()))
		}
	}
}
