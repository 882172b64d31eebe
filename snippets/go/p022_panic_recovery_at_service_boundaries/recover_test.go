package recovery_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	recovery "example.com/patterns/p022_panic_recovery_at_service_boundaries"
)

// app has a bug: /orders/7/lines/N indexes past the end of the order's lines.
func app() http.Handler {
	lines := []string{"tea", "mug", "pot"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/7", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, strings.Join(lines, ", "))
	})
	mux.HandleFunc("GET /orders/7/lines/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		fmt.Fprintln(w, lines[n]) // panics for n >= 3
	})
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "first half")
		_ = http.NewResponseController(w).Flush() // the 200 is now on the wire
		panic("lost the second half")
	})
	return mux
}

// syncBuffer is a bytes.Buffer safe to share with the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// quietLogger writes slog text without time and stack, so the output is stable.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "stack" {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func Example() {
	handler := recovery.Recover(quietLogger(os.Stdout), app())
	for _, path := range []string{"/orders/7", "/orders/7/lines/5", "/orders/7/lines/1"} {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 200 tea, mug, pot
	// level=ERROR msg="panic serving request" method=GET path=/orders/7/lines/5 panic="runtime error: index out of range [5] with length 3"
	// 500 internal server error
	// 200 mug
}

// server starts a real HTTP server around h, with net/http's own panic log discarded.
func server(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string, error) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body)), err
}

func TestServerKeepsServingAfterAPanic(t *testing.T) {
	var logged syncBuffer
	srv := server(t, recovery.Recover(quietLogger(&logged), app()))
	for i, want := range []int{500, 200, 500, 200} {
		path := []string{"/orders/7/lines/9", "/orders/7", "/orders/7/lines/3", "/orders/7/lines/0"}[i]
		status, _, err := get(t, srv, path)
		if err != nil || status != want {
			t.Fatalf("GET %s = %d, %v; want %d", path, status, err, want)
		}
	}
	if n := strings.Count(logged.String(), "panic serving request"); n != 2 {
		t.Fatalf("logged %d panics, want 2:\n%s", n, logged.String())
	}
}

func TestTheLogHasTheStack(t *testing.T) {
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	rec := httptest.NewRecorder()
	recovery.Recover(logger, app()).ServeHTTP(rec, httptest.NewRequest("GET", "/orders/7/lines/4", nil))
	if !strings.Contains(logged.String(), "goroutine ") || !strings.Contains(logged.String(), "recover_test.go") {
		t.Fatalf("stack missing from the log: %s", logged.String())
	}
	if strings.Contains(rec.Body.String(), "index out of range") {
		t.Fatalf("the panic value leaked into the response: %q", rec.Body.String())
	}
}

func TestWithoutRecoverTheClientGetsNoResponseAtAll(t *testing.T) {
	// net/http recovers handler panics itself, but only to close the
	// connection: the client gets an error, not a 500, and nothing is logged
	// where your logs go.
	srv := server(t, app())
	if _, _, err := get(t, srv, "/orders/7/lines/9"); err == nil {
		t.Fatal("want a transport error without the middleware")
	}
}

func TestAPanicAfterTheHeaderAbortsTheResponse(t *testing.T) {
	var logged syncBuffer
	srv := server(t, recovery.Recover(quietLogger(&logged), app()))
	status, body, err := get(t, srv, "/stream")
	if err == nil {
		t.Fatalf("got a complete-looking response: %d %q", status, body)
	}
	if status != 200 || body != "first half" {
		t.Fatalf("got %d %q, want the 200 and the first half before the break", status, body)
	}
	if !strings.Contains(logged.String(), `panic="lost the second half"`) {
		t.Fatalf("panic not logged: %s", logged.String())
	}
}

func TestErrAbortHandlerIsLeftToNetHTTP(t *testing.T) {
	var logged bytes.Buffer
	abort := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler re-panicked", v)
		}
		if logged.Len() != 0 {
			t.Fatalf("a deliberate abort was logged: %s", logged.String())
		}
	}()
	recovery.Recover(quietLogger(&logged), abort).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

func TestSafely(t *testing.T) {
	var logged bytes.Buffer
	logger := quietLogger(&logged)
	if !recovery.Safely(logger, "fine", func() {}) {
		t.Fatal("a normal return reported as a panic")
	}
	done := make(chan bool)
	go func() { done <- recovery.Safely(logger, "send receipt", func() { panic("smtp down") }) }()
	if <-done {
		t.Fatal("a panic reported as a normal return")
	}
	want := `level=ERROR msg="panic in background task" task="send receipt" panic="smtp down"`
	if strings.TrimSpace(logged.String()) != want {
		t.Fatalf("log = %q, want %q", logged.String(), want)
	}
}

func TestAPanicAfterWriteHeaderIsNotTurnedIntoA500(t *testing.T) {
	var logged bytes.Buffer
	accepted := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		panic("after the status")
	})
	rec := httptest.NewRecorder()
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want the connection aborted", v)
		}
		if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
			t.Fatalf("response changed after it started: %d %q", rec.Code, rec.Body.String())
		}
		if !strings.Contains(logged.String(), `panic="after the status"`) {
			t.Fatalf("panic not logged: %s", logged.String())
		}
	}()
	recovery.Recover(quietLogger(&logged), accepted).ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
}
