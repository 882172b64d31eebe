// Package operable shows P079: a service whose health, readiness, metrics,
// logs and shutdown are part of its design, not added after the first outage.
package operable

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Service wraps the application's handler with the operations surface.
type Service struct {
	app      http.Handler
	log      *slog.Logger
	ready    atomic.Bool
	draining atomic.Bool
	inFlight sync.WaitGroup
	active   atomic.Int64

	mu       sync.Mutex
	requests map[string]int // "path status"
}

// New returns a service that is alive but not ready. log should write JSON
// (slog.NewJSONHandler) to stdout, where the platform collects it.
func New(app http.Handler, log *slog.Logger) *Service {
	return &Service{app: app, log: log, requests: map[string]int{}}
}

// Start marks the service ready, once its dependencies are connected.
func (s *Service) Start() {
	s.ready.Store(true)
	s.log.Info("service ready")
}

// statusRecorder remembers the status the application wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// ServeHTTP routes operations paths first, then the application.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		fmt.Fprint(w, "ok") // alive: restart only if this fails
		return
	case "/readyz":
		if !s.ready.Load() || s.draining.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ready")
		return
	case "/metrics":
		fmt.Fprint(w, s.Metrics())
		return
	}
	// Add before checking draining, so Shutdown's Wait cannot miss this request.
	s.inFlight.Add(1)
	defer s.inFlight.Done()
	if s.draining.Load() {
		s.count(r.URL.Path, http.StatusServiceUnavailable)
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.active.Add(1)
	defer s.active.Add(-1)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.app.ServeHTTP(rec, r)
	s.count(r.URL.Path, rec.status)
	if rec.status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "status", rec.status)
	}
}

func (s *Service) count(path string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[fmt.Sprintf("%s %d", path, status)]++
}

// Metrics renders the counters in a stable order.
func (s *Service) Metrics() string {
	s.mu.Lock()
	keys := make([]string, 0, len(s.requests))
	for k := range s.requests {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		path, status, _ := strings.Cut(k, " ")
		fmt.Fprintf(&b, "requests_total{path=%q,status=%q} %d\n", path, status, s.requests[k])
	}
	s.mu.Unlock()
	ready := 0
	if s.ready.Load() && !s.draining.Load() {
		ready = 1
	}
	fmt.Fprintf(&b, "requests_in_flight %d\nready %d\n", s.active.Load(), ready)
	return b.String()
}

// Shutdown fails readiness, then waits for in-flight requests until ctx ends.
// It returns ctx.Err() if the grace period ran out first.
func (s *Service) Shutdown(ctx context.Context) error {
	s.log.Info("draining", "in_flight", s.active.Load())
	s.draining.Store(true) // from here on /readyz fails and new requests get 503
	done := make(chan struct{})
	go func() {
		s.inFlight.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.log.Info("stopped")
		return nil
	case <-ctx.Done():
		s.log.Warn("grace period over", "in_flight", s.active.Load())
		return ctx.Err()
	}
}
