//go:build unix

package shutdown_test

import (
	"context"
	"net/http"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// A real SIGTERM, sent to this test process, starts the graceful shutdown.
func TestSIGTERMStartsTheShutdown(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	_, done := start(ctx, func(w http.ResponseWriter, r *http.Request) {}, time.Second)

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after SIGTERM")
	}
}
