// Package metrics shows P077: count requests and errors and time them in one
// middleware at the service boundary, so handlers carry no metrics code.
package metrics

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LatencyBuckets are the histogram's upper bounds ("le"), fixed at creation.
var LatencyBuckets = []time.Duration{
	5 * time.Millisecond, 10 * time.Millisecond, 25 * time.Millisecond,
	50 * time.Millisecond, 100 * time.Millisecond, 250 * time.Millisecond,
	500 * time.Millisecond, time.Second, 2500 * time.Millisecond,
}

// Registry holds the boundary metrics. It is safe for concurrent use: every
// request runs on its own goroutine.
type Registry struct {
	mu       sync.Mutex
	now      func() time.Time
	requests map[string]int   // key: route|status
	errors   map[string]int   // key: route
	buckets  map[string][]int // key: route; len(LatencyBuckets)+1, last is +Inf
	sums     map[string]time.Duration
}

// New returns an empty registry. now is injected; pass time.Now in production.
func New(now func() time.Time) *Registry {
	return &Registry{
		now:      now,
		requests: map[string]int{},
		errors:   map[string]int{},
		buckets:  map[string][]int{},
		sums:     map[string]time.Duration{},
	}
}

// statusRecorder remembers the status the handler wrote; 200 if it wrote none.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Instrument wraps next, registered under the route template (for example
// "/orders/{id}"). The template, not r.URL.Path, is the label: one series per
// order ID would grow without bound. A panic is recorded as a 500 and then
// re-raised for the recovery middleware further out.
func (m *Registry) Instrument(route string, next http.Handler) http.Handler {
	measured := func(w http.ResponseWriter, r *http.Request) {
		start := m.now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		finished := false
		defer func() {
			status := rec.status
			if !finished {
				status = http.StatusInternalServerError
			}
			m.record(route, status, m.now().Sub(start))
		}()
		next.ServeHTTP(rec, r)
		finished = true
	}
	return http.HandlerFunc(measured)
}

func (m *Registry) record(route string, status int, elapsed time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[route+"|"+strconv.Itoa(status)]++
	if status >= 500 {
		m.errors[route]++
	}
	counts, ok := m.buckets[route]
	if !ok {
		counts = make([]int, len(LatencyBuckets)+1)
		m.buckets[route] = counts
	}
	// The first bucket whose bound is >= elapsed; len(LatencyBuckets) is +Inf.
	i := sort.Search(len(LatencyBuckets), func(i int) bool { return LatencyBuckets[i] >= elapsed })
	counts[i]++
	m.sums[route] += elapsed
}

// Requests returns how many requests to route ended with status.
func (m *Registry) Requests(route string, status int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests[route+"|"+strconv.Itoa(status)]
}

// Errors returns how many requests to route ended with a 5xx or a panic.
func (m *Registry) Errors(route string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.errors[route]
}

// Cumulative returns the count per "le" bound, each including the smaller
// buckets, followed by the +Inf total.
func (m *Registry) Cumulative(route string) []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]int, len(LatencyBuckets)+1)
	total := 0
	for i, c := range m.buckets[route] {
		total += c
		out[i] = total
	}
	return out
}

// Render returns the request and error counters in a stable order, in the
// text format a /metrics endpoint serves.
func (m *Registry) Render() string {
	m.mu.Lock()
	keys := make([]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	routes := make([]string, 0, len(m.errors))
	for r := range m.errors {
		routes = append(routes, r)
	}
	m.mu.Unlock()
	sort.Strings(keys)
	sort.Strings(routes)
	var b strings.Builder
	for _, k := range keys {
		route, status, _ := strings.Cut(k, "|")
		fmt.Fprintf(&b, "http_requests_total{route=%q,status=%q} %d\n", route, status, m.Requests(route, mustAtoi(status)))
	}
	for _, r := range routes {
		fmt.Fprintf(&b, "http_request_errors_total{route=%q} %d\n", r, m.Errors(r))
	}
	return b.String()
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
