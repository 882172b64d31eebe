// Package recovery shows P022: a deferred recover at the HTTP boundary turns
// a panic in one request into a 500 and a log line, and the server goes on.
package recovery

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// Recover is the outermost middleware. If next panics, it logs the panic
// value and the stack with the request's method and path, and answers 500 if
// nothing has been sent yet. It recovers only panics in the goroutine that
// runs next: a goroutine the handler starts needs its own recover (Safely).
func Recover(logger *slog.Logger, next http.Handler) http.Handler {
	return &recoverer{logger: logger, next: next}
}

type recoverer struct {
	logger *slog.Logger
	next   http.Handler
}

func (m *recoverer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tw := &trackingWriter{ResponseWriter: w}
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v) // a deliberate abort: net/http closes the connection quietly
		}
		m.logger.Error("panic serving request",
			"method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
		if tw.started {
			// The status line is already on the wire, so a 500 is impossible.
			// Abort the connection: the client sees a broken response
			// instead of a short one that looks complete.
			panic(http.ErrAbortHandler)
		}
		http.Error(w, "internal server error", http.StatusInternalServerError)
	}()
	m.next.ServeHTTP(tw, r)
}

// trackingWriter remembers whether the handler has started the response.
type trackingWriter struct {
	http.ResponseWriter
	started bool
}

func (t *trackingWriter) WriteHeader(code int) {
	t.started = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.started = true
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.NewResponseController reach Flush, Hijack and the
// deadlines of the real writer underneath.
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// Safely runs fn and logs a panic instead of letting it end the process. Use
// it as the top of a background goroutine: go recovery.Safely(logger, "send receipt", fn).
// It reports whether fn returned normally.
func Safely(logger *slog.Logger, task string, fn func()) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			logger.Error("panic in background task", "task", task, "panic", v, "stack", string(debug.Stack()))
			ok = false
		}
	}()
	fn()
	return true
}
