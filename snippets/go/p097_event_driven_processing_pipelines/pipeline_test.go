package eventpipe_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	eventpipe "example.com/patterns/p097_event_driven_processing_pipelines"
)

func validate(_ context.Context, e eventpipe.Event) (eventpipe.Event, bool, error) {
	if e.Amount <= 0 {
		return e, false, fmt.Errorf("amount must be positive, got %d", e.Amount)
	}
	return e, true, nil
}

func dedupe() eventpipe.Handler {
	seen := map[string]bool{} // only this stage's goroutine touches it
	return func(_ context.Context, e eventpipe.Event) (eventpipe.Event, bool, error) {
		if seen[e.OrderID] {
			return e, false, nil
		}
		seen[e.OrderID] = true
		return e, true, nil
	}
}

func price(_ context.Context, e eventpipe.Event) (eventpipe.Event, bool, error) {
	rates := map[string]string{"acme": "EUR", "globex": "USD"}
	c, ok := rates[e.Customer]
	if !ok {
		return e, false, fmt.Errorf("no account for customer %q", e.Customer)
	}
	e.Currency = c
	return e, true, nil
}

func orders(n int) <-chan eventpipe.Event {
	src := make(chan eventpipe.Event)
	go func() {
		defer close(src) // the owner of the source closes it: that starts the shutdown
		for seq := 1; seq <= n; seq++ {
			e := eventpipe.Event{Seq: seq, OrderID: fmt.Sprintf("o-%d", seq), Customer: "globex", Amount: 100 * seq}
			if seq%2 == 1 {
				e.Customer = "acme"
			}
			if seq == 7 {
				e.Customer = "initech"
			}
			if seq == 4 {
				e.Amount = 0
			}
			if seq == 5 {
				e.OrderID = "o-2"
			}
			src <- e
		}
	}()
	return src
}

func Example() {
	var received []string
	store := func(_ context.Context, e eventpipe.Event) error {
		if e.OrderID == "o-13" {
			return errors.New("warehouse rejected o-13")
		}
		received = append(received, e.OrderID+":"+e.Currency)
		return nil
	}
	stages := []eventpipe.Stage{{"validate", validate}, {"dedupe", dedupe()}, {"price", price}}
	report, err := eventpipe.Run(context.Background(), orders(14), stages, store, 2)
	fmt.Println(received, err)
	fmt.Printf("delivered %d, dropped %d\n", report.Delivered, report.Dropped)
	for _, d := range report.DeadLetters {
		fmt.Printf("dead letter #%d at %s: %v\n", d.Event.Seq, d.Stage, d.Err)
	}
	// Output:
	// [o-1:EUR o-2:USD o-3:EUR o-6:USD o-8:USD o-9:EUR o-10:USD o-11:EUR o-12:USD o-14:USD] <nil>
	// delivered 10, dropped 1
	// dead letter #4 at validate: amount must be positive, got 0
	// dead letter #7 at price: no account for customer "initech"
	// dead letter #13 at sink: warehouse rejected o-13
}

func pass(_ context.Context, e eventpipe.Event) (eventpipe.Event, bool, error) {
	return e, true, nil
}

func TestReadAheadIsBoundedByTheChannels(t *testing.T) {
	const capacity, stageCount, n = 2, 3, 2000
	var sent atomic.Int64
	src := make(chan eventpipe.Event)
	go func() {
		defer close(src)
		for seq := 1; seq <= n; seq++ {
			sent.Add(1) // counted before the send, so the measure can only overstate
			src <- eventpipe.Event{Seq: seq}
		}
	}()
	peak := int64(0)
	var got []int
	sink := func(_ context.Context, e eventpipe.Event) error {
		peak = max(peak, sent.Load()-int64(e.Seq))
		got = append(got, e.Seq)
		return nil
	}
	var stages []eventpipe.Stage
	for range stageCount {
		stages = append(stages, eventpipe.Stage{Name: "pass", Handle: pass})
	}
	report, err := eventpipe.Run(context.Background(), src, stages, sink, capacity)
	if err != nil || report.Delivered != n {
		t.Fatalf("report %+v, err %v", report, err)
	}
	// Every channel full, one event in each stage's hands and one in the sender's.
	bound := int64((stageCount+1)*capacity + stageCount + 1)
	if peak > bound {
		t.Fatalf("read ahead of the sink by %d, bound %d", peak, bound)
	}
	for i, seq := range got {
		if seq != i+1 {
			t.Fatalf("event %d arrived at position %d", seq, i)
		}
	}
}

func TestCancelStopsEveryStage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := make(chan eventpipe.Event) // never closed: only ctx can end the run
	go func() { src <- eventpipe.Event{Seq: 1} }()
	sink := func(ctx context.Context, e eventpipe.Event) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}
	stages := []eventpipe.Stage{{"a", pass}, {"b", pass}}
	_, err := eventpipe.Run(ctx, src, stages, sink, 1)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRejectsCapacityBelowOne(t *testing.T) {
	if _, err := eventpipe.Run(context.Background(), nil, nil, nil, 0); err == nil {
		t.Fatal("want an error for capacity 0")
	}
}
