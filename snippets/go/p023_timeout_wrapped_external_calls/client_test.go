package timeouts_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	timeouts "example.com/patterns/p023_timeout_wrapped_external_calls"
)

// answering replies at once.
type answering struct{}

func (answering) Request(ctx context.Context, path string) (string, error) {
	return "200 " + path, nil
}

// hung accepts every request and never answers; like a real transport, it
// gives up when the request's context is done. waiting counts the requests
// it holds right now.
type hung struct{ waiting atomic.Int64 }

func (h *hung) Request(ctx context.Context, path string) (string, error) {
	h.waiting.Add(1)
	defer h.waiting.Add(-1)
	<-ctx.Done() // the reply never comes; only the context ends the wait
	return "", ctx.Err()
}

// failing returns an error of its own, at once.
type failing struct{ err error }

func (f failing) Request(ctx context.Context, path string) (string, error) { return "", f.err }

func Example() {
	healthy := timeouts.NewInventoryClient(answering{}, time.Second)
	fmt.Println(healthy.Reserve(context.Background(), "sku-1"))

	// The limit is short so the example ends quickly; the dependency never
	// answers, so the outcome is the same at any length.
	server := &hung{}
	client := timeouts.NewInventoryClient(server, 20*time.Millisecond)
	_, err := client.Reserve(context.Background(), "sku-2")
	fmt.Println(err)
	fmt.Println("own limit:", errors.Is(err, timeouts.ErrCallTimeout), "| still waiting:", server.waiting.Load())

	// The caller's deadline has already passed: it wins over a 30 s limit.
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	patient := timeouts.NewInventoryClient(server, 30*time.Second)
	_, err = patient.Reserve(ctx, "sku-3")
	fmt.Println(err)
	fmt.Println("own limit:", errors.Is(err, timeouts.ErrCallTimeout), "| caller's deadline:", errors.Is(err, context.DeadlineExceeded))
	// Output:
	// 200 /reserve/sku-1 <nil>
	// inventory: reserve sku-2: call timed out after 20ms: context deadline exceeded
	// own limit: true | still waiting: 0
	// inventory: reserve sku-3: context deadline exceeded
	// own limit: false | caller's deadline: true
}

func TestTheLimitEndsACallThatNeverAnswers(t *testing.T) {
	server := &hung{}
	client := timeouts.NewInventoryClient(server, time.Millisecond)
	_, err := client.Reserve(context.Background(), "sku-1")
	if !errors.Is(err, timeouts.ErrCallTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrCallTimeout wrapping context.DeadlineExceeded", err)
	}
	if n := server.waiting.Load(); n != 0 {
		t.Fatalf("%d requests still waiting in the transport after Reserve returned", n)
	}
}

func TestCancellingTheCallerIsNotATimeout(t *testing.T) {
	server := &hung{}
	client := timeouts.NewInventoryClient(server, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := client.Reserve(ctx, "sku-1")
		done <- err
	}()
	for server.waiting.Load() == 0 {
		time.Sleep(time.Millisecond) // wait until the request is in the transport
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || errors.Is(err, timeouts.ErrCallTimeout) {
		t.Fatalf("err = %v, want context.Canceled and not ErrCallTimeout", err)
	}
}

func TestTheCallersEarlierDeadlineWins(t *testing.T) {
	server := &hung{}
	client := timeouts.NewInventoryClient(server, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := client.Reserve(ctx, "sku-1")
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, timeouts.ErrCallTimeout) {
		t.Fatalf("err = %v, want the caller's DeadlineExceeded, not ErrCallTimeout", err)
	}
}

func TestOtherErrorsAreWrappedButNotCalledTimeouts(t *testing.T) {
	refused := errors.New("connection refused")
	client := timeouts.NewInventoryClient(failing{refused}, time.Second)
	_, err := client.Reserve(context.Background(), "sku-1")
	if !errors.Is(err, refused) || errors.Is(err, timeouts.ErrCallTimeout) {
		t.Fatalf("err = %v, want the transport's error and not ErrCallTimeout", err)
	}
	if got, want := err.Error(), "inventory: reserve sku-1: connection refused"; got != want {
		t.Fatalf("err = %q, want %q", got, want)
	}
}
