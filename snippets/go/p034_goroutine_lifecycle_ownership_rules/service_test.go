package lifecycle_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lifecycle "example.com/patterns/p034_goroutine_lifecycle_ownership_rules"
)

// auditLog records audits and counts the ones running right now.
type auditLog struct {
	mu      sync.Mutex
	entries []string
	running atomic.Int64
}

func (a *auditLog) sorted() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	sorted := slices.Clone(a.entries)
	slices.Sort(sorted)
	return sorted
}

func Example() {
	log := &auditLog{}
	svc := lifecycle.NewService(func(ctx context.Context, order string) error {
		log.running.Add(1)
		defer log.running.Add(-1)
		runtime.Gosched() // the network round trip
		log.mu.Lock()
		log.entries = append(log.entries, order)
		log.mu.Unlock()
		return nil
	})

	// This function starts Run, so this function waits for it.
	done := make(chan error, 1)
	go func() { done <- svc.Run(context.Background()) }()
	for _, order := range []string{"A-1", "A-2", "A-3"} {
		if err := svc.Submit(order); err != nil {
			fmt.Println(err)
		}
	}
	svc.Stop()
	fmt.Println("Run returned:", <-done)
	fmt.Println("audited:", log.sorted())
	fmt.Println("audits still running:", log.running.Load())
	fmt.Println("submit after stop:", svc.Submit("A-4"))
	// Output:
	// Run returned: <nil>
	// audited: [A-1 A-2 A-3]
	// audits still running: 0
	// submit after stop: service is stopping
}

// blockingAudit waits until release is closed or ctx is done.
func blockingAudit(log *auditLog, release <-chan struct{}) func(context.Context, string) error {
	return func(ctx context.Context, order string) error {
		log.running.Add(1)
		defer log.running.Add(-1)
		select {
		case <-release:
			log.mu.Lock()
			log.entries = append(log.entries, order)
			log.mu.Unlock()
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func waitRunning(t *testing.T, log *auditLog, want int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for log.running.Load() != want {
		if time.Now().After(deadline) {
			t.Fatalf("running audits = %d, want %d", log.running.Load(), want)
		}
		runtime.Gosched()
	}
}

func TestStopWaitsForTheAuditsAlreadyStarted(t *testing.T) {
	log := &auditLog{}
	release := make(chan struct{})
	svc := lifecycle.NewService(blockingAudit(log, release))
	done := make(chan error, 1)
	go func() { done <- svc.Run(context.Background()) }()
	for i := range 20 {
		if err := svc.Submit(fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	waitRunning(t, log, 20)
	svc.Stop()
	select {
	case err := <-done:
		t.Fatalf("Run returned %v while 20 audits were still running", err)
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := len(log.sorted()); got != 20 || log.running.Load() != 0 {
		t.Fatalf("audited %d, running %d; want 20 and 0", got, log.running.Load())
	}
}

var errAuditDown = errors.New("audit store down")

func TestAFailingAuditCancelsTheRestAndReachesTheOwner(t *testing.T) {
	log := &auditLog{}
	never := make(chan struct{})
	blocking := blockingAudit(log, never)
	svc := lifecycle.NewService(func(ctx context.Context, order string) error {
		if order == "bad" {
			return fmt.Errorf("audit %s: %w", order, errAuditDown)
		}
		return blocking(ctx, order)
	})
	done := make(chan error, 1)
	go func() { done <- svc.Run(context.Background()) }()
	for i := range 5 {
		_ = svc.Submit(fmt.Sprint(i))
	}
	waitRunning(t, log, 5)
	_ = svc.Submit("bad")
	if err := <-done; !errors.Is(err, errAuditDown) {
		t.Fatalf("Run returned %v, want errAuditDown", err)
	}
	if log.running.Load() != 0 {
		t.Fatalf("%d audits still running after Run returned", log.running.Load())
	}
	if err := svc.Submit("late"); !errors.Is(err, lifecycle.ErrStopping) {
		t.Fatalf("Submit after Run failed = %v, want ErrStopping", err)
	}
}

func TestCancellingTheContextStopsEverythingBeforeRunReturns(t *testing.T) {
	log := &auditLog{}
	svc := lifecycle.NewService(blockingAudit(log, make(chan struct{})))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := runtime.NumGoroutine()
	go func() { done <- svc.Run(ctx) }()
	for i := range 10 {
		_ = svc.Submit(fmt.Sprint(i))
	}
	waitRunning(t, log, 10)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if log.running.Load() != 0 {
		t.Fatalf("%d audits still running after Run returned", log.running.Load())
	}
	// The goroutines have returned; give the runtime a moment to reap them.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines: %d before Run, %d after", before, runtime.NumGoroutine())
		}
		runtime.Gosched()
	}
}

func TestSubmitIsRefusedOnceStopped(t *testing.T) {
	svc := lifecycle.NewService(func(context.Context, string) error { return nil })
	svc.Stop()
	svc.Stop() // a second Stop is harmless
	if err := svc.Submit("late"); !errors.Is(err, lifecycle.ErrStopping) {
		t.Fatalf("Submit after Stop = %v", err)
	}
	if err := svc.Run(context.Background()); err != nil { // stopped before it ran
		t.Fatal(err)
	}
}

func TestGroupWaitReturnsTheFirstErrorAndCancelsTheRest(t *testing.T) {
	g, ctx := lifecycle.WithContext(context.Background())
	first := errors.New("first")
	var sawCancel atomic.Bool
	g.Go(func() error { return first })
	g.Go(func() error {
		<-ctx.Done()
		sawCancel.Store(true)
		return errors.New("second, because the first failed")
	})
	if err := g.Wait(); !errors.Is(err, first) {
		t.Fatalf("Wait = %v, want the first error", err)
	}
	if !sawCancel.Load() || !errors.Is(context.Cause(ctx), first) {
		t.Fatalf("the second goroutine was not told why it should stop: %v", context.Cause(ctx))
	}
}

func TestGroupWaitWithNothingFailingReturnsNil(t *testing.T) {
	g, ctx := lifecycle.WithContext(context.Background())
	var ran atomic.Int64
	for range 3 {
		g.Go(func() error { ran.Add(1); return nil })
	}
	if err := g.Wait(); err != nil || ran.Load() != 3 {
		t.Fatalf("Wait = %v after %d goroutines", err, ran.Load())
	}
	if ctx.Err() == nil {
		t.Fatal("Wait should release the group's context")
	}
}
