// Package checkout shows P002: every function that waits on I/O takes a
// context.Context as its first parameter and passes it on, so the caller's
// deadline, its cancellation and its request ID reach the innermost call.
package checkout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// requestIDKey is unexported, so no other package can read or overwrite the
// value stored under it.
type requestIDKey struct{}

// WithRequestID returns a copy of ctx that carries id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the ID that ctx carries, or "-" outside a request.
func RequestID(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return id
	}
	return "-"
}

// Logger writes lines tagged with the request ID of the context it is given.
// It is safe for concurrent use.
type Logger struct {
	mu  sync.Mutex
	out io.Writer
}

// NewLogger returns a Logger that writes to out.
func NewLogger(out io.Writer) *Logger { return &Logger{out: out} }

// Printf writes one line prefixed with ctx's request ID.
func (l *Logger) Printf(ctx context.Context, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, "[%s] %s\n", RequestID(ctx), fmt.Sprintf(format, args...))
}

// Payments is the remote call the service waits on.
type Payments interface {
	Charge(ctx context.Context, orderID string, cents int) (string, error)
}

// Service charges for orders. It stores no context: each call brings its own.
type Service struct {
	payments Payments
	log      *Logger
}

// NewService returns a Service.
func NewService(payments Payments, log *Logger) *Service {
	return &Service{payments: payments, log: log}
}

// Request is one checkout as it arrives at the edge.
type Request struct {
	ID      string
	OrderID string
	Cents   int
	Budget  time.Duration // how long the client is prepared to wait
}

// Handle is the edge of one request. parent is cancelled when the client goes
// away; Handle adds the request ID and the deadline, passes the result down,
// and maps the outcome to a status line.
func (s *Service) Handle(parent context.Context, req Request) string {
	ctx := WithRequestID(parent, req.ID)
	ctx, cancel := context.WithTimeout(ctx, req.Budget)
	defer cancel() // stop the timer as soon as the request is done

	receipt, err := s.Checkout(ctx, req.OrderID, req.Cents)
	switch {
	case err == nil:
		s.log.Printf(ctx, "200 OK")
		return "200 " + receipt
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Printf(ctx, "deadline exceeded: %v", err)
		return "504 Gateway Timeout"
	case errors.Is(err, context.Canceled):
		s.log.Printf(ctx, "client went away: %v", err)
		return "499 Client Closed Request"
	default:
		s.log.Printf(ctx, "failed: %v", err)
		return "502 Bad Gateway"
	}
}

// Checkout charges for one order. ctx goes first and goes on, unchanged, to
// the call that waits.
func (s *Service) Checkout(ctx context.Context, orderID string, cents int) (string, error) {
	if cents <= 0 {
		return "", fmt.Errorf("checkout %s: amount must be positive, got %d", orderID, cents)
	}
	receipt, err := s.payments.Charge(ctx, orderID, cents)
	if err != nil {
		return "", fmt.Errorf("checkout %s: %w", orderID, err)
	}
	return receipt, nil
}

// Gateway stands in for a remote payment API. It answers at once, or, when
// down, never; either way it gives up when ctx ends.
type Gateway struct {
	log      *Logger
	down     bool
	inFlight chan struct{}
	mu       sync.Mutex
	charged  []string
}

// NewGateway returns a Gateway that never answers if down is true.
func NewGateway(log *Logger, down bool) *Gateway {
	return &Gateway{log: log, down: down, inFlight: make(chan struct{}, 1)}
}

// InFlight receives a value each time a call starts waiting for its answer.
func (g *Gateway) InFlight() <-chan struct{} { return g.inFlight }

// Charged lists the orders this gateway has charged.
func (g *Gateway) Charged() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.charged...)
}

// Charge is the innermost call: the one that actually waits.
func (g *Gateway) Charge(ctx context.Context, orderID string, cents int) (string, error) {
	// A caller that has already given up gets no new work started for it.
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("charge %s: not started: %w", orderID, err)
	}
	g.log.Printf(ctx, "payment: charging %s %d.%02d EUR", orderID, cents/100, cents%100)
	reply := make(chan string, 1)
	if !g.down {
		reply <- "rcpt-" + orderID
	}
	select {
	case g.inFlight <- struct{}{}:
	default:
	}
	select {
	case receipt := <-reply:
		g.mu.Lock()
		g.charged = append(g.charged, orderID)
		g.mu.Unlock()
		return receipt, nil
	case <-ctx.Done():
		g.log.Printf(ctx, "payment: call abandoned, nothing charged")
		return "", fmt.Errorf("charge %s: %w", orderID, ctx.Err())
	}
}
