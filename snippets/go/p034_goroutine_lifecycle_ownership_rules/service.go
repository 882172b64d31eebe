// Package lifecycle shows P034: the code that starts a goroutine is the code
// that stops it and waits for it. Service.Run starts a dispatcher and an
// audit goroutine per order, all in one Group, and returns only after every
// one of them has returned.
package lifecycle

import (
	"context"
	"errors"
	"sync"
)

// Group runs goroutines under one context. The first to fail cancels that
// context for the others, and Wait returns only once all have returned.
// golang.org/x/sync/errgroup is the usual choice; this is the same idea in
// the standard library.
type Group struct {
	wg     sync.WaitGroup
	cancel context.CancelCauseFunc
	once   sync.Once
	err    error
}

// WithContext returns a Group and the context its goroutines must watch.
func WithContext(parent context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(parent)
	return &Group{cancel: cancel}, ctx
}

// Go starts fn in a goroutine that Wait will wait for. A goroutine of the
// group may call Go too: the group is still running while it does.
func (g *Group) Go(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel(err) // tell the others to stop
			})
		}
	}()
}

// Wait blocks until every goroutine started with Go has returned, then
// returns the first error (nil if none failed).
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel(nil) // release the context even when nothing failed
	return g.err
}

// ErrStopping is returned by Submit once Stop has been called.
var ErrStopping = errors.New("service is stopping")

// Service audits orders in background goroutines that it owns.
type Service struct {
	audit    func(ctx context.Context, order string) error
	orders   chan string   // unbuffered: an order is accepted when the dispatcher takes it
	stopping chan struct{} // closed by Stop
	stopOnce sync.Once
}

// NewService returns a service that calls audit for every order.
func NewService(audit func(ctx context.Context, order string) error) *Service {
	return &Service{audit: audit, orders: make(chan string), stopping: make(chan struct{})}
}

// Submit hands an order to the running service, or returns ErrStopping.
func (s *Service) Submit(order string) error {
	select {
	case <-s.stopping:
		return ErrStopping
	default:
	}
	select {
	case s.orders <- order:
		return nil
	case <-s.stopping:
		return ErrStopping
	}
}

// Stop refuses new orders; Run returns once the accepted ones are audited.
func (s *Service) Stop() { s.stopOnce.Do(func() { close(s.stopping) }) }

// Run serves until Stop is called or ctx is done. It returns only after
// every goroutine it started has returned: the dispatcher and each audit.
// It returns the first audit error, or ctx's error if ctx ended it.
func (s *Service) Run(ctx context.Context) error {
	defer s.Stop() // however Run ends, a later Submit gets ErrStopping instead of blocking
	g, ctx := WithContext(ctx)
	g.Go(func() error {
		for {
			select {
			case <-s.stopping:
				return nil // the audits already started finish; Wait waits for them
			case <-ctx.Done():
				return ctx.Err()
			case order := <-s.orders:
				// Started in the group, not with a bare go statement: Run
				// waits for it, cancels it, and hears if it fails.
				g.Go(func() error { return s.audit(ctx, order) })
			}
		}
	})
	return g.Wait()
}
