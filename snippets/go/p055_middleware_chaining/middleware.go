// Package middleware shows P055: each cross-cutting concern is a function
// that wraps an http.Handler, and Chain composes them in the order listed.
package middleware

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Middleware wraps a handler with one concern.
type Middleware func(http.Handler) http.Handler

// Chain composes middlewares; the first listed is the outermost, so it sees
// the request first and the response last.
func Chain(mws ...Middleware) Middleware {
	return func(h http.Handler) http.Handler {
		for i := len(mws) - 1; i >= 0; i-- {
			h = mws[i](h)
		}
		return h
	}
}

// ctxKey is unexported, so no other package can read or overwrite the value.
type ctxKey struct{}

// IDFrom returns the request ID that RequestID stored, or "-".
func IDFrom(ctx context.Context) string {
	if id, ok := ctx.Value(ctxKey{}).(string); ok {
		return id
	}
	return "-"
}

// RequestID reuses the caller's X-Request-ID or makes a new one, puts it in
// the request's context and echoes it in the response header.
func RequestID(newID func() string) Middleware {
	return func(next http.Handler) http.Handler {
		fn := func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-ID")
			if id == "" {
				id = newID()
			}
			w.Header().Set("X-Request-ID", id)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
		}
		return http.HandlerFunc(fn)
	}
}

// statusRecorder remembers the status code the inner handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK // Write without WriteHeader means 200
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the original writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// AccessLog writes one line per request: ID, method, path, status, duration.
func AccessLog(out io.Writer, now func() time.Time) Middleware {
	return func(next http.Handler) http.Handler {
		fn := func(w http.ResponseWriter, r *http.Request) {
			start := now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK // the handler wrote nothing
			}
			fmt.Fprintf(out, "%s %s %s -> %d (%v)\n",
				IDFrom(r.Context()), r.Method, r.URL.Path, rec.status, now().Sub(start))
		}
		return http.HandlerFunc(fn)
	}
}

// Recover turns a panic in the handlers inside it into a 500 and logs it.
// http.ErrAbortHandler is re-panicked: it is net/http's way to abort a
// response on purpose.
func Recover(out io.Writer) Middleware {
	return func(next http.Handler) http.Handler {
		fn := func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				fmt.Fprintf(out, "%s recovered: %v\n", IDFrom(r.Context()), v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}()
			next.ServeHTTP(w, r)
		}
		return http.HandlerFunc(fn)
	}
}

// RequireToken answers 401 without calling the handler unless the bearer
// token matches, comparing in constant time.
func RequireToken(token string) Middleware {
	want := []byte("Bearer " + token)
	return func(next http.Handler) http.Handler {
		fn := func(w http.ResponseWriter, r *http.Request) {
			got := []byte(r.Header.Get("Authorization"))
			if subtle.ConstantTimeCompare(got, want) != 1 {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		}
		return http.HandlerFunc(fn)
	}
}
