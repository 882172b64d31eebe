package bulkhead_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bulkhead "example.com/patterns/p042_bulkhead_isolation"
)

// holdSlots starts n calls that keep their slot until release is closed, and
// returns once all n are inside fn. The WaitGroup ends when they have returned.
func holdSlots(t *testing.T, b *bulkhead.Bulkhead, n int, release <-chan struct{}) *sync.WaitGroup {
	t.Helper()
	var inside, done sync.WaitGroup
	inside.Add(n)
	done.Add(n)
	for range n {
		go func() {
			defer done.Done()
			err := b.Do(context.Background(), func(context.Context) error {
				inside.Done()
				<-release
				return nil
			})
			if err != nil {
				t.Errorf("a call that should hold a slot failed: %v", err)
				inside.Done()
			}
		}()
	}
	inside.Wait()
	return &done
}

func Example() {
	payments := bulkhead.New("payments", 4)
	inventory := bulkhead.New("inventory", 4)

	// Payments stops answering: four calls take its four slots and stay.
	release := make(chan struct{})
	var inside, done sync.WaitGroup
	for range 4 {
		inside.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			_ = payments.Do(context.Background(), func(context.Context) error {
				inside.Done()
				<-release
				return nil
			})
		}()
	}
	inside.Wait()

	err := payments.Do(context.Background(), func(context.Context) error { return nil })
	fmt.Println(err)
	fmt.Println("is ErrFull:", errors.Is(err, bulkhead.ErrFull))

	served := 0
	for range 10 {
		if inventory.Do(context.Background(), func(context.Context) error { return nil }) == nil {
			served++
		}
	}
	fmt.Printf("inventory while payments hangs: %d of 10 ok\n", served)

	close(release)
	done.Wait()
	fmt.Println("payments in flight after recovery:", payments.InFlight(), "rejected:", payments.Rejected())
	// Output:
	// payments: bulkhead full: all 4 slots busy
	// is ErrFull: true
	// inventory while payments hangs: 10 of 10 ok
	// payments in flight after recovery: 0 rejected: 1
}

func TestTheHealthyDependencyIsServedWhileTheSlowOneIsSaturated(t *testing.T) {
	slow, healthy := bulkhead.New("slow", 3), bulkhead.New("healthy", 3)
	release := make(chan struct{})
	done := holdSlots(t, slow, 3, release)
	defer func() { close(release); done.Wait() }()

	// Bursts of three concurrent calls fill the healthy compartment exactly.
	for range 20 {
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = healthy.Do(context.Background(), func(context.Context) error { return nil })
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("healthy dependency failed while the slow one was saturated: %v", err)
		}
	}
	if !errors.Is(slow.Do(context.Background(), func(context.Context) error { return nil }), bulkhead.ErrFull) {
		t.Fatal("the slow compartment should still be full")
	}
}

func TestAFullBulkheadRejectsAtOnceWithoutCallingFn(t *testing.T) {
	b := bulkhead.New("payments", 2)
	release := make(chan struct{})
	done := holdSlots(t, b, 2, release)
	defer func() { close(release); done.Wait() }()

	result := make(chan error, 1)
	called := false
	go func() {
		result <- b.Do(context.Background(), func(context.Context) error { called = true; return nil })
	}()
	select {
	case err := <-result:
		if !errors.Is(err, bulkhead.ErrFull) || called {
			t.Fatalf("err = %v, called = %t; want ErrFull and no call", err, called)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Do waited for a slot instead of rejecting: callers would queue")
	}
	if b.InFlight() != 2 || b.Rejected() != 1 {
		t.Fatalf("in flight %d, rejected %d; want 2 and 1", b.InFlight(), b.Rejected())
	}
}

func TestASlotIsFreedAfterAnErrorAndAfterAPanic(t *testing.T) {
	b := bulkhead.New("mail", 1)
	errBroken := errors.New("broken")
	if err := b.Do(context.Background(), func(context.Context) error { return errBroken }); err != errBroken {
		t.Fatalf("err = %v, want the error fn returned", err)
	}
	func() {
		defer func() { _ = recover() }()
		_ = b.Do(context.Background(), func(context.Context) error { panic("bug") })
	}()
	if b.InFlight() != 0 {
		t.Fatalf("in flight = %d after an error and a panic, want 0", b.InFlight())
	}
	if err := b.Do(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

func TestACancelledCallerIsNotAdmitted(t *testing.T) {
	b := bulkhead.New("search", 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	err := b.Do(ctx, func(context.Context) error { called = true; return nil })
	if !errors.Is(err, context.Canceled) || called || b.Rejected() != 0 {
		t.Fatalf("err = %v, called = %t, rejected = %d", err, called, b.Rejected())
	}
}

func TestNewRefusesAnEmptyCompartment(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("New(0) should panic")
		}
	}()
	bulkhead.New("x", 0)
}
