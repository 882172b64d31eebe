package operable_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	operable "example.com/patterns/p079_observable_operable_service_design"
)

// jsonLogger writes JSON lines without the time field, so output is stable.
func jsonLogger(w interface{ Write([]byte) (int, error) }) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func get(h http.Handler, path string) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, strings.TrimSpace(rec.Body.String())
}

func Example() {
	started, release := make(chan struct{}), make(chan struct{})
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/reports":
			close(started)
			<-release // a slow request still running at shutdown
		case "/boom":
			http.Error(w, "disk full", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "ok")
	})
	svc := operable.New(app, jsonLogger(os.Stdout))
	fmt.Println(get(svc, "/readyz"))
	svc.Start()
	fmt.Println(get(svc, "/orders"))
	fmt.Println(get(svc, "/boom"))

	slow := make(chan int)
	go func() { code, _ := get(svc, "/reports"); slow <- code }()
	<-started
	stopped := make(chan error)
	go func() { stopped <- svc.Shutdown(context.Background()) }()
	for {
		if code, _ := get(svc, "/readyz"); code == http.StatusServiceUnavailable {
			break // Shutdown has begun draining
		}
		runtime.Gosched()
	}
	fmt.Println(get(svc, "/healthz"))
	fmt.Println(get(svc, "/orders"))
	close(release)
	fmt.Println("slow request:", <-slow, "shutdown error:", <-stopped)
	fmt.Print(svc.Metrics())
	// Output:
	// 503 not ready
	// {"level":"INFO","msg":"service ready"}
	// 200 ok
	// {"level":"ERROR","msg":"request failed","path":"/boom","status":500}
	// 500 disk full
	// {"level":"INFO","msg":"draining","in_flight":1}
	// 200 ok
	// 503 shutting down
	// {"level":"INFO","msg":"stopped"}
	// slow request: 200 shutdown error: <nil>
	// requests_total{path="/boom",status="500"} 1
	// requests_total{path="/orders",status="200"} 1
	// requests_total{path="/orders",status="503"} 1
	// requests_total{path="/reports",status="200"} 1
	// requests_in_flight 0
	// ready 0
}

func TestShutdownGivesUpAfterTheGracePeriod(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	var logs strings.Builder
	stuck := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { close(started); <-release })
	svc := operable.New(stuck, jsonLogger(&logs))
	svc.Start()
	go get(svc, "/stuck")
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the grace period is already over
	if err := svc.Shutdown(ctx); err != context.Canceled {
		t.Fatalf("Shutdown = %v, want context.Canceled", err)
	}
	if !strings.Contains(logs.String(), `"msg":"grace period over","in_flight":1`) {
		t.Fatalf("missing warning in logs:\n%s", logs.String())
	}
}

func TestNotReadyBeforeStartButAlive(t *testing.T) {
	svc := operable.New(http.NotFoundHandler(), jsonLogger(&strings.Builder{}))
	if code, _ := get(svc, "/healthz"); code != http.StatusOK {
		t.Fatalf("healthz = %d before start, want 200", code)
	}
	if code, _ := get(svc, "/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("readyz = %d before start, want 503", code)
	}
	svc.Start()
	if code, _ := get(svc, "/readyz"); code != http.StatusOK {
		t.Fatalf("readyz = %d after start, want 200", code)
	}
}
