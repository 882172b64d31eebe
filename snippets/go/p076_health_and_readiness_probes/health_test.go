package health_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"example.com/patterns/p076_health_and_readiness_probes"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

// dependency is up, down, or hung (answers only when the context ends).
type dependency struct{ state string }

func (d *dependency) Ping(ctx context.Context) error {
	switch d.state {
	case "down":
		return errors.New("connection refused")
	case "hung":
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func get(h http.HandlerFunc, path string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return fmt.Sprintf("%d %s", rec.Code, strings.TrimSpace(rec.Body.String()))
}

func Example() {
	clock := &fakeClock{t: time.Unix(0, 0)}
	database, search := &dependency{}, &dependency{}
	h := health.New([]health.Check{
		{Name: "database", Critical: true, Timeout: time.Second, Probe: database.Ping},
		{Name: "search", Timeout: 20 * time.Millisecond, Probe: search.Ping},
	}, clock.Now, 30*time.Second)

	fmt.Println(get(h.ServeReady, "/readyz"))
	h.MarkServing()
	search.state = "hung"
	fmt.Println(get(h.ServeReady, "/readyz"))
	database.state = "down"
	fmt.Println(get(h.ServeReady, "/readyz"))
	fmt.Println(get(h.ServeLive, "/livez"))
	clock.t = clock.t.Add(45 * time.Second)
	fmt.Println(get(h.ServeLive, "/livez"))
	h.BeginDrain()
	fmt.Println(get(h.ServeReady, "/readyz"))
	// Output:
	// 503 {"status":"fail","checks":{"phase":"starting"}}
	// 200 {"status":"degraded","checks":{"database":"ok","search":"timed out after 20ms"}}
	// 503 {"status":"fail","checks":{"database":"connection refused","search":"timed out after 20ms"}}
	// 200 {"status":"pass"}
	// 503 {"status":"fail","checks":{"worker":"no heartbeat for 45s"}}
	// 503 {"status":"fail","checks":{"phase":"draining"}}
}

func TestChecksRunConcurrently(t *testing.T) {
	started := make(chan struct{}, 2)
	both := func(ctx context.Context) error {
		started <- struct{}{}
		for len(started) < 2 { // returns only once the other check has started too
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Millisecond):
			}
		}
		return nil
	}
	h := health.New([]health.Check{
		{Name: "a", Critical: true, Timeout: time.Second, Probe: both},
		{Name: "b", Critical: true, Timeout: time.Second, Probe: both},
	}, time.Now, time.Minute)
	h.MarkServing()
	if got := h.Readiness(context.Background()); got.Status != "pass" {
		t.Fatalf("checks ran one after the other: %+v", got)
	}
}

func TestDrainingRunsNoChecks(t *testing.T) {
	calls := 0
	h := health.New([]health.Check{{Name: "db", Timeout: time.Second, Probe: func(context.Context) error { calls++; return nil }}}, time.Now, time.Minute)
	h.MarkServing()
	h.BeginDrain()
	if got := h.Readiness(context.Background()); got.Status != "fail" || calls != 0 {
		t.Fatalf("status %q after %d calls, want fail after 0", got.Status, calls)
	}
}

func TestBeatKeepsLivenessPassing(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	h := health.New(nil, clock.Now, 10*time.Second)
	clock.t = clock.t.Add(10 * time.Second)
	if got := h.Liveness().Status; got != "pass" {
		t.Fatalf("at exactly maxSilence: %s, want pass", got)
	}
	clock.t = clock.t.Add(time.Second)
	h.Beat()
	if got := h.Liveness().Status; got != "pass" {
		t.Fatalf("after Beat: %s, want pass", got)
	}
}
