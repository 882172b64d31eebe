package lifecycle_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	lifecycle "example.com/patterns/p037_lifecycle_manager"
)

// fake is a component that records its phases. Its Run waits for ctx, or
// returns what is sent on end.
type fake struct {
	name      string
	log       *journal
	startErr  error
	stopErr   error
	end       chan error
	mu        sync.Mutex
	runsTotal int
}

// journal is a log that goroutines can append to.
type journal struct {
	mu    sync.Mutex
	lines []string
}

func (j *journal) add(line string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lines = append(j.lines, line)
}

func (j *journal) tail(n int) []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.lines[len(j.lines)-n:])
}

func newFake(name string, log *journal) *fake {
	return &fake{name: name, log: log, end: make(chan error, 1)}
}

func (f *fake) Name() string { return f.name }

func (f *fake) Start(context.Context) error {
	if f.startErr != nil {
		f.log.add("start " + f.name + " failed")
		return f.startErr
	}
	f.log.add("start " + f.name)
	return nil
}

func (f *fake) Run(ctx context.Context) error {
	f.mu.Lock()
	f.runsTotal++
	f.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-f.end:
		return err
	}
}

func (f *fake) Stop(context.Context) error {
	f.log.add("stop " + f.name)
	return f.stopErr
}

func (f *fake) runs() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runsTotal
}

func Example() {
	log := &journal{}
	db, cache, api := newFake("db", log), newFake("cache", log), newFake("api", log)
	manager, _ := lifecycle.New(db, cache, api)
	result := make(chan error)
	go func() { result <- manager.Run(context.Background()) }()

	// Restart waits until Run is running, then until the restart is done.
	fmt.Println("restart cache:", manager.Restart(context.Background(), "cache"))
	api.end <- errors.New("listener closed") // one component fails ...
	fmt.Println("run:", <-result)            // ... and all of them stop, newest first
	fmt.Println(log.lines)
	// Output:
	// restart cache: <nil>
	// run: api: run: listener closed
	// [start db start cache start api stop cache start cache stop api stop cache stop db]
}

func TestCancellingTheContextStopsAllInReverseAndReturnsNil(t *testing.T) {
	log := &journal{}
	manager, _ := lifecycle.New(newFake("a", log), newFake("b", log), newFake("c", log))
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error)
	go func() { result <- manager.Run(ctx) }()
	if err := manager.Restart(ctx, "a"); err != nil { // proves Run is up
		t.Fatal(err)
	}
	cancel()
	if err := <-result; err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	if got, want := log.tail(3), []string{"stop c", "stop b", "stop a"}; !slices.Equal(got, want) {
		t.Fatalf("stop order = %v, want %v", got, want)
	}
}

func TestAFailedStartStopsOnlyWhatStartedInReverse(t *testing.T) {
	log := &journal{}
	errNoRoute := errors.New("no route")
	c := newFake("c", log)
	c.startErr = errNoRoute
	d := newFake("d", log)
	manager, _ := lifecycle.New(newFake("a", log), newFake("b", log), c, d)
	err := manager.Run(context.Background())
	if !errors.Is(err, errNoRoute) || err.Error() != "c: start: no route" {
		t.Fatalf("Run = %v, want c: start: no route", err)
	}
	want := []string{"start a", "start b", "start c failed", "stop b", "stop a"}
	if !slices.Equal(log.lines, want) {
		t.Fatalf("log = %v, want %v", log.lines, want)
	}
	if d.runs() != 0 {
		t.Fatal("a component ran before every component had started")
	}
}

func TestARunThatReturnsEarlyIsAFailure(t *testing.T) {
	log := &journal{}
	b := newFake("b", log)
	manager, _ := lifecycle.New(newFake("a", log), b)
	result := make(chan error)
	go func() { result <- manager.Run(context.Background()) }()
	b.end <- nil
	if err := <-result; err == nil || err.Error() != "b: run: returned while the manager was running" {
		t.Fatalf("Run = %v", err)
	}
}

func TestStopErrorsAreJoinedAndTheOthersStillStop(t *testing.T) {
	log := &journal{}
	errFlush := errors.New("flush failed")
	errBoom := errors.New("boom")
	b, c := newFake("b", log), newFake("c", log)
	b.stopErr = errFlush
	manager, _ := lifecycle.New(newFake("a", log), b, c)
	result := make(chan error)
	go func() { result <- manager.Run(context.Background()) }()
	c.end <- errBoom
	err := <-result
	if !errors.Is(err, errBoom) || !errors.Is(err, errFlush) {
		t.Fatalf("Run = %v, want both the run failure and the stop failure", err)
	}
	if got, want := log.tail(3), []string{"stop c", "stop b", "stop a"}; !slices.Equal(got, want) {
		t.Fatalf("stop order = %v, want %v", got, want)
	}
}

func TestRestartReplacesOneRunAndTheOldOneIsNotAFailure(t *testing.T) {
	log := &journal{}
	a, b := newFake("a", log), newFake("b", log)
	manager, _ := lifecycle.New(a, b)
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error)
	go func() { result <- manager.Run(ctx) }()
	for range 3 {
		if err := manager.Restart(ctx, "b"); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-result:
		t.Fatalf("Run returned %v after restarts", err)
	case <-time.After(20 * time.Millisecond):
	}
	cancel()
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	if a.runs() != 1 || b.runs() != 4 {
		t.Fatalf("runs: a=%d b=%d, want 1 and 4", a.runs(), b.runs())
	}
}

func TestAComponentThatCannotRestartStopsTheUnit(t *testing.T) {
	log := &journal{}
	errCert := errors.New("certificate expired")
	a, b, c := newFake("a", log), newFake("b", log), newFake("c", log)
	manager, _ := lifecycle.New(a, b, c)
	result := make(chan error)
	go func() { result <- manager.Run(context.Background()) }()
	// A first restart returns only once Run is in its loop, after every start.
	if err := manager.Restart(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	b.startErr = errCert // read by Run's goroutine after the channel handoff below
	if err := manager.Restart(context.Background(), "b"); !errors.Is(err, errCert) {
		t.Fatalf("Restart = %v, want %v", err, errCert)
	}
	if err := <-result; !errors.Is(err, errCert) {
		t.Fatalf("Run = %v, want %v", err, errCert)
	}
	if got, want := log.tail(2), []string{"stop c", "stop a"}; !slices.Equal(got, want) {
		t.Fatalf("final stops = %v, want %v (b was already stopped)", got, want)
	}
}

func TestRestartErrors(t *testing.T) {
	manager, _ := lifecycle.New(newFake("a", &journal{}))
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error)
	go func() { result <- manager.Run(ctx) }()
	if err := manager.Restart(ctx, "z"); !errors.Is(err, lifecycle.ErrUnknown) {
		t.Fatalf("Restart(z) = %v, want ErrUnknown", err)
	}
	cancel()
	<-result
	if err := manager.Restart(context.Background(), "a"); !errors.Is(err, lifecycle.ErrNotRunning) {
		t.Fatalf("Restart after Run = %v, want ErrNotRunning", err)
	}
	waiting, _ := lifecycle.New(newFake("a", &journal{}))
	gone, stop := context.WithCancel(context.Background())
	stop()
	if err := waiting.Restart(gone, "a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Restart before Run with a cancelled ctx = %v, want context.Canceled", err)
	}
}

func TestDuplicateNamesAreRefused(t *testing.T) {
	log := &journal{}
	if _, err := lifecycle.New(newFake("a", log), newFake("a", log)); err == nil {
		t.Fatal("New accepted two components named a")
	}
}
