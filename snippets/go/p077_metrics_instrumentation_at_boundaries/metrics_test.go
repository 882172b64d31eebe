package metrics_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	metrics "example.com/patterns/p077_metrics_instrumentation_at_boundaries"
)

// fakeClock moves only when a handler says so.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// serve sends one request through h, swallowing a panic as a server would.
func serve(h http.Handler, path string) (status int) {
	rec := httptest.NewRecorder()
	defer func() {
		if recover() != nil {
			status = -1
		}
	}()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

func Example() {
	clock := &fakeClock{t: time.Unix(0, 0)}
	reg := metrics.New(clock.Now)

	// The handler knows nothing about metrics.
	getOrder := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		clock.Advance(40 * time.Millisecond)
		switch id {
		case "13":
			panic("database connection reset")
		case "7":
			http.Error(w, "no such order", http.StatusNotFound)
		default:
			fmt.Fprintf(w, "order %s", id)
		}
	})
	mux := http.NewServeMux()
	mux.Handle("GET /orders/{id}", reg.Instrument("/orders/{id}", getOrder))

	for _, id := range []string{"42", "42", "7", "13"} {
		fmt.Println(id, serve(mux, "/orders/"+id))
	}
	fmt.Print(reg.Render())
	fmt.Println("latency le=50ms:", reg.Cumulative("/orders/{id}")[3])
	// Output:
	// 42 200
	// 42 200
	// 7 404
	// 13 -1
	// http_requests_total{route="/orders/{id}",status="200"} 2
	// http_requests_total{route="/orders/{id}",status="404"} 1
	// http_requests_total{route="/orders/{id}",status="500"} 1
	// http_request_errors_total{route="/orders/{id}"} 1
	// latency le=50ms: 4
}

func TestLatencyBucketPlacement(t *testing.T) {
	cases := []struct {
		name    string
		elapsed time.Duration
		first   int // index of the first bucket that counts it
	}{
		{"zero", 0, 0},
		{"exactly on a bound is in that bucket", 5 * time.Millisecond, 0},
		{"just above a bound", 5*time.Millisecond + 1, 1},
		{"100ms", 100 * time.Millisecond, 4},
		{"last bound", 2500 * time.Millisecond, 8},
		{"beyond every bound is +Inf", 3 * time.Second, 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(100, 0)}
			reg := metrics.New(clock.Now)
			h := reg.Instrument("/r", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				clock.Advance(tc.elapsed)
			}))
			serve(h, "/r")
			for i, got := range reg.Cumulative("/r") {
				want := 0
				if i >= tc.first {
					want = 1
				}
				if got != want {
					t.Fatalf("bucket %d = %d, want %d", i, got, want)
				}
			}
		})
	}
}

func TestClientErrorsAreNotServerErrors(t *testing.T) {
	reg := metrics.New(time.Now)
	codes := []int{400, 404, 503}
	n := 0
	h := reg.Instrument("/r", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(codes[n])
		n++
	}))
	for range codes {
		serve(h, "/r")
	}
	if got := reg.Errors("/r"); got != 1 {
		t.Fatalf("errors = %d, want 1 (only the 503)", got)
	}
	if got := reg.Requests("/r", 404); got != 1 {
		t.Fatalf("404 count = %d, want 1", got)
	}
}

func TestRawPathsShareOneSeries(t *testing.T) {
	reg := metrics.New(time.Now)
	mux := http.NewServeMux()
	mux.Handle("/items/{id}", reg.Instrument("/items/{id}", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	for i := range 50 {
		serve(mux, fmt.Sprintf("/items/%d", i))
	}
	if lines := strings.Count(reg.Render(), "\n"); lines != 1 {
		t.Fatalf("rendered %d series, want 1:\n%s", lines, reg.Render())
	}
}
