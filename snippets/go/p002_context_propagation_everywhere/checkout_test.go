package checkout_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	checkout "example.com/patterns/p002_context_propagation_everywhere"
)

func Example() {
	log := checkout.NewLogger(os.Stdout)
	ctx := context.Background()

	svc := checkout.NewService(checkout.NewGateway(log, false), log)
	fmt.Println(svc.Handle(ctx, checkout.Request{ID: "req-1", OrderID: "A-1", Cents: 4200, Budget: time.Second}))

	// The payment API never answers: the deadline ends the innermost call.
	down := checkout.NewGateway(log, true)
	svc = checkout.NewService(down, log)
	fmt.Println(svc.Handle(ctx, checkout.Request{ID: "req-2", OrderID: "B-2", Cents: 999, Budget: 20 * time.Millisecond}))

	// The client hangs up while the call waits: cancelling the parent does the same.
	hung := checkout.NewGateway(log, true)
	svc = checkout.NewService(hung, log)
	client, hangUp := context.WithCancel(ctx)
	status := make(chan string)
	go func() {
		status <- svc.Handle(client, checkout.Request{ID: "req-3", OrderID: "C-3", Cents: 999, Budget: time.Minute})
	}()
	<-hung.InFlight()
	hangUp()
	fmt.Println(<-status)
	fmt.Println("charged while down:", down.Charged(), hung.Charged())
	// Output:
	// [req-1] payment: charging A-1 42.00 EUR
	// [req-1] 200 OK
	// 200 rcpt-A-1
	// [req-2] payment: charging B-2 9.99 EUR
	// [req-2] payment: call abandoned, nothing charged
	// [req-2] deadline exceeded: checkout B-2: charge B-2: context deadline exceeded
	// 504 Gateway Timeout
	// [req-3] payment: charging C-3 9.99 EUR
	// [req-3] payment: call abandoned, nothing charged
	// [req-3] client went away: checkout C-3: charge C-3: context canceled
	// 499 Client Closed Request
	// charged while down: [] []
}

// buffer is a concurrency-safe strings.Builder for the logger.
type buffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

// recordingPayments remembers the context each call received.
type recordingPayments struct {
	mu   sync.Mutex
	seen map[string]string // order ID -> request ID found in ctx
	ctxs []context.Context
}

func (r *recordingPayments) Charge(ctx context.Context, orderID string, cents int) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[orderID] = checkout.RequestID(ctx)
	r.ctxs = append(r.ctxs, ctx)
	return "rcpt-" + orderID, nil
}

func TestEachConcurrentRequestSeesItsOwnIDAndDeadline(t *testing.T) {
	payments := &recordingPayments{seen: map[string]string{}}
	svc := checkout.NewService(payments, checkout.NewLogger(&buffer{}))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := checkout.Request{ID: fmt.Sprintf("req-%d", i), OrderID: fmt.Sprintf("O-%d", i), Cents: 1, Budget: time.Minute}
			if got := svc.Handle(context.Background(), req); got != "200 rcpt-"+req.OrderID {
				t.Errorf("%s: %s", req.ID, got)
			}
		}()
	}
	wg.Wait()
	for i := range 20 {
		if got, want := payments.seen[fmt.Sprintf("O-%d", i)], fmt.Sprintf("req-%d", i); got != want {
			t.Errorf("order O-%d was charged under request %q, want %q", i, got, want)
		}
	}
	for _, ctx := range payments.ctxs {
		if _, ok := ctx.Deadline(); !ok {
			t.Fatal("the innermost call received a context without the request's deadline")
		}
	}
}

func TestTheDeadlineStopsTheInnermostCall(t *testing.T) {
	out := &buffer{}
	log := checkout.NewLogger(out)
	down := checkout.NewGateway(log, true)
	ctx, cancel := context.WithTimeout(checkout.WithRequestID(context.Background(), "req-1"), 10*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := checkout.NewService(down, log).Checkout(ctx, "A-1", 100)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("Checkout returned after %v: the deadline did not reach the call", elapsed)
	}
	if !strings.Contains(out.String(), "[req-1] payment: call abandoned") {
		t.Fatalf("the gateway did not see the cancellation:\n%s", out.String())
	}
	if len(down.Charged()) != 0 {
		t.Fatal("a call past its deadline charged the card")
	}
}

func TestAnAlreadyCancelledContextStartsNoWork(t *testing.T) {
	out := &buffer{}
	log := checkout.NewLogger(out)
	up := checkout.NewGateway(log, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 50 { // the check is not left to select's random choice
		if _, err := up.Charge(ctx, "A-1", 100); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	}
	if out.String() != "" || len(up.Charged()) != 0 {
		t.Fatalf("work started for a cancelled caller: %q, %v", out.String(), up.Charged())
	}
}

func TestStatusLines(t *testing.T) {
	log := checkout.NewLogger(&buffer{})
	svc := checkout.NewService(checkout.NewGateway(log, false), log)
	if got := svc.Handle(context.Background(), checkout.Request{ID: "r", OrderID: "A-1", Cents: 0, Budget: time.Minute}); got != "502 Bad Gateway" {
		t.Errorf("invalid amount gave %q", got)
	}
	if got := checkout.RequestID(context.Background()); got != "-" {
		t.Errorf("RequestID outside a request = %q", got)
	}
}
