// Package shutdown shows P036: when the process is told to stop, refuse new
// connections, give the requests in flight a deadline to finish, and close
// whatever is still open when it passes.
package shutdown

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve runs srv on ln until ctx is done, then shuts it down gracefully and
// returns only when no handler is running any more.
//
// In main, ctx comes from signal.NotifyContext, so SIGTERM or Ctrl-C cancels it:
//
//	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//	defer cancel()
//	err := shutdown.Serve(ctx, srv, ln, 20*time.Second)
//
// Shutdown closes the listener (new connections are refused), closes idle
// connections and waits for active requests to finish. If grace passes first,
// Close drops the remaining connections, which cancels their requests'
// contexts, and Serve returns an error that wraps context.DeadlineExceeded.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err) // it failed on its own, before any signal
	case <-ctx.Done():
	}

	// ctx is already cancelled, so the drain needs a deadline of its own. It
	// keeps ctx's values (trace IDs, loggers) but not its cancellation.
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := srv.Shutdown(drainCtx)
	if err != nil {
		err = errors.Join(fmt.Errorf("drain: %w", err), srv.Close())
	}
	// Serve returned ErrServerClosed as soon as Shutdown began; collect it so
	// the goroutine is gone too.
	<-serveErr
	return err
}
