// Package lifecycle shows P037: a manager starts components in order, runs
// them together, and when one fails, or the context is cancelled, stops every
// component that started, in reverse order.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
)

// Component is one part of a service: a database pool, a cache, a listener.
type Component interface {
	Name() string
	// Start acquires what the component needs and returns once it is ready.
	Start(ctx context.Context) error
	// Run does the ongoing work until ctx is done. Returning before that,
	// with or without an error, is a failure.
	Run(ctx context.Context) error
	// Stop releases what Start acquired.
	Stop(ctx context.Context) error
}

var (
	// ErrNotRunning is returned by Restart when Run has returned.
	ErrNotRunning = errors.New("manager is not running")
	// ErrUnknown is returned by Restart for a name no component has.
	ErrUnknown = errors.New("unknown component")
	// errReturned explains a Run that ended although nobody asked it to.
	errReturned = errors.New("returned while the manager was running")
)

// Manager runs components as one unit. Use New, then Run once.
type Manager struct {
	components []Component
	restarts   chan restartRequest
	done       chan struct{} // closed when Run returns
}

type restartRequest struct {
	name  string
	reply chan error
}

// run is one call of a component's Run, in its own goroutine.
type run struct {
	index  int
	cancel context.CancelFunc
	done   chan struct{} // closed when Run has returned
	err    error
}

// New returns a manager for components, which start in the order given.
func New(components ...Component) (*Manager, error) {
	seen := map[string]bool{}
	for _, c := range components {
		if seen[c.Name()] {
			return nil, fmt.Errorf("duplicate component name %q", c.Name())
		}
		seen[c.Name()] = true
	}
	return &Manager{
		components: components,
		restarts:   make(chan restartRequest),
		done:       make(chan struct{}),
	}, nil
}

// Restart stops and starts one component while the others keep running. The
// goroutine inside Run does the work, so restarts never race with a shutdown.
func (m *Manager) Restart(ctx context.Context, name string) error {
	req := restartRequest{name: name, reply: make(chan error, 1)}
	select {
	case m.restarts <- req:
		return <-req.reply
	case <-m.done:
		return ErrNotRunning
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run starts every component, runs them until ctx is done or one of them
// fails, and then stops every component that started, newest first. It
// returns nil after a requested stop, and otherwise the failure joined with
// any errors from Stop.
func (m *Manager) Run(ctx context.Context) (err error) {
	defer close(m.done)
	up := make([]bool, len(m.components))
	defer func() {
		// ctx may be cancelled already; Stop still needs a live context.
		stopCtx := context.WithoutCancel(ctx)
		for i := len(m.components) - 1; i >= 0; i-- {
			if up[i] {
				err = errors.Join(err, m.stop(stopCtx, i, up))
			}
		}
	}()

	for i := range m.components {
		if err := m.start(ctx, i, up); err != nil {
			return err
		}
	}

	runCtx, cancelRuns := context.WithCancel(ctx)
	runs := make([]*run, len(m.components))
	exited := make(chan *run)
	launch := func(i int) {
		ctx, cancel := context.WithCancel(runCtx)
		r := &run{index: i, cancel: cancel, done: make(chan struct{})}
		runs[i] = r
		go func() {
			r.err = m.components[i].Run(ctx)
			close(r.done)
			select {
			case exited <- r:
			case <-runCtx.Done(): // shutting down: nobody is listening
			}
		}()
	}
	stopRuns := func() {
		cancelRuns()
		for _, r := range runs {
			<-r.done
		}
	}
	for i := range m.components {
		launch(i)
	}

	for {
		select {
		case <-ctx.Done():
			stopRuns()
			return nil
		case r := <-exited:
			if r != runs[r.index] {
				continue // the old run of a component that was restarted
			}
			stopRuns()
			if r.err == nil {
				r.err = errReturned
			}
			return fmt.Errorf("%s: run: %w", m.components[r.index].Name(), r.err)
		case req := <-m.restarts:
			i := m.index(req.name)
			if i < 0 {
				req.reply <- fmt.Errorf("%w %q", ErrUnknown, req.name)
				continue
			}
			runs[i].cancel()
			<-runs[i].done
			if err := m.stop(ctx, i, up); err != nil {
				req.reply <- err
				stopRuns()
				return err
			}
			if err := m.start(ctx, i, up); err != nil {
				req.reply <- err
				stopRuns()
				return err
			}
			launch(i)
			req.reply <- nil
		}
	}
}

func (m *Manager) start(ctx context.Context, i int, up []bool) error {
	if err := m.components[i].Start(ctx); err != nil {
		return fmt.Errorf("%s: start: %w", m.components[i].Name(), err)
	}
	up[i] = true
	return nil
}

func (m *Manager) stop(ctx context.Context, i int, up []bool) error {
	up[i] = false
	if err := m.components[i].Stop(ctx); err != nil {
		return fmt.Errorf("%s: stop: %w", m.components[i].Name(), err)
	}
	return nil
}

func (m *Manager) index(name string) int {
	for i, c := range m.components {
		if c.Name() == name {
			return i
		}
	}
	return -1
}
