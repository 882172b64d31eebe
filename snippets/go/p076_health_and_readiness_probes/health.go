// Package health shows P076: a liveness probe that never calls a dependency,
// and a readiness probe that follows the startup/serving/draining phase and
// runs dependency checks concurrently, each under its own timeout.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"
)

// Phase is where the process is in its life; only Serving can be ready.
type Phase string

const (
	Starting Phase = "starting"
	Serving  Phase = "serving"
	Draining Phase = "draining"
)

// Check is one dependency check for readiness. A failing check that is not
// Critical degrades the report but keeps the instance in the load balancer.
type Check struct {
	Name     string
	Critical bool
	Timeout  time.Duration
	Probe    func(ctx context.Context) error
}

// Report is the JSON body of both probes. encoding/json writes map keys in
// sorted order, so the body is stable.
type Report struct {
	Status string            `json:"status"` // pass, degraded or fail
	Checks map[string]string `json:"checks,omitempty"`
}

// Health holds the state both probes read.
type Health struct {
	checks     []Check
	now        func() time.Time
	maxSilence time.Duration

	mu       sync.Mutex
	phase    Phase
	lastBeat time.Time
}

// New returns a Health in the Starting phase. now is injected so tests can
// move the heartbeat clock; pass time.Now in production.
func New(checks []Check, now func() time.Time, maxSilence time.Duration) *Health {
	return &Health{checks: checks, now: now, maxSilence: maxSilence, phase: Starting, lastBeat: now()}
}

// Beat is called by the main worker loop on each iteration.
func (h *Health) Beat() { h.mu.Lock(); h.lastBeat = h.now(); h.mu.Unlock() }

// MarkServing is called once startup work has finished.
func (h *Health) MarkServing() { h.setPhase(Serving) }

// BeginDrain is called first on shutdown, so the load balancer stops sending traffic.
func (h *Health) BeginDrain() { h.setPhase(Draining) }

func (h *Health) setPhase(p Phase) { h.mu.Lock(); h.phase = p; h.mu.Unlock() }

// Liveness fails only when the worker loop has stopped beating.
func (h *Health) Liveness() Report {
	h.mu.Lock()
	silence := h.now().Sub(h.lastBeat)
	h.mu.Unlock()
	if silence > h.maxSilence {
		return Report{Status: "fail", Checks: map[string]string{"worker": "no heartbeat for " + silence.String()}}
	}
	return Report{Status: "pass"}
}

// Readiness reports not ready outside the Serving phase without running any
// check; otherwise it runs every check at once and waits for all of them.
func (h *Health) Readiness(ctx context.Context) Report {
	h.mu.Lock()
	phase := h.phase
	h.mu.Unlock()
	if phase != Serving {
		return Report{Status: "fail", Checks: map[string]string{"phase": string(phase)}}
	}

	details := make([]string, len(h.checks)) // one slot per check: no lock needed
	var wg sync.WaitGroup
	for i, check := range h.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			details[i] = run(ctx, check)
		}()
	}
	wg.Wait()

	report := Report{Status: "pass", Checks: make(map[string]string, len(h.checks))}
	for i, check := range h.checks {
		report.Checks[check.Name] = details[i]
		switch {
		case details[i] == "ok":
		case check.Critical:
			report.Status = "fail"
		case report.Status == "pass":
			report.Status = "degraded"
		}
	}
	return report
}

func run(ctx context.Context, check Check) string {
	ctx, cancel := context.WithTimeout(ctx, check.Timeout)
	defer cancel()
	err := check.Probe(ctx)
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out after " + check.Timeout.String()
	default:
		return err.Error()
	}
}

// ServeLive is the handler for /livez, e.g. mux.HandleFunc("GET /livez", h.ServeLive).
func (h *Health) ServeLive(w http.ResponseWriter, _ *http.Request) { write(w, h.Liveness()) }

// ServeReady is the handler for /readyz. The request's context is the parent of
// every check's context, so checks stop when the prober hangs up.
func (h *Health) ServeReady(w http.ResponseWriter, r *http.Request) {
	write(w, h.Readiness(r.Context()))
}

func write(w http.ResponseWriter, report Report) {
	code := http.StatusOK
	if report.Status == "fail" {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(report)
}
