package middleware_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	middleware "example.com/patterns/p055_middleware_chaining"
)

// fakeClock moves only when the test says so.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// app knows nothing about IDs, logs, panics or tokens.
func app(clock *fakeClock) http.Handler {
	fn := func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(12 * time.Millisecond)
		if r.URL.Path == "/crash" {
			panic("disk full")
		}
		fmt.Fprintf(w, "report %s", middleware.IDFrom(r.Context()))
	}
	return http.HandlerFunc(fn)
}

func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("req-%d", n) }
}

func serve(h http.Handler, path string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func Example() {
	clock := &fakeClock{}
	signedIn := map[string]string{"Authorization": "Bearer s3cret"}

	good := middleware.Chain(
		middleware.RequestID(counter()),
		middleware.AccessLog(os.Stdout, clock.Now),
		middleware.Recover(os.Stdout),
		middleware.RequireToken("s3cret"),
	)(app(clock))
	for _, path := range []string{"/reports", "/crash"} {
		serve(good, path, signedIn)
	}
	serve(good, "/reports", nil)

	fmt.Println("reversed:")
	bad := middleware.Chain(
		middleware.RequireToken("s3cret"),
		middleware.Recover(os.Stdout),
		middleware.AccessLog(os.Stdout, clock.Now),
		middleware.RequestID(counter()),
	)(app(clock))
	for _, path := range []string{"/reports", "/crash"} {
		serve(bad, path, signedIn)
	}
	serve(bad, "/reports", nil)
	// Output:
	// req-1 GET /reports -> 200 (12ms)
	// req-2 recovered: disk full
	// req-2 GET /crash -> 500 (12ms)
	// req-3 GET /reports -> 401 (0s)
	// reversed:
	// - GET /reports -> 200 (12ms)
	// - recovered: disk full
}

// traced records when the request passes it on the way in and out.
func traced(name string, trace *[]string) middleware.Middleware {
	return func(next http.Handler) http.Handler {
		fn := func(w http.ResponseWriter, r *http.Request) {
			*trace = append(*trace, name+" in")
			next.ServeHTTP(w, r)
			*trace = append(*trace, name+" out")
		}
		return http.HandlerFunc(fn)
	}
}

func TestFirstMiddlewareIsOutermost(t *testing.T) {
	var trace []string
	h := middleware.Chain(traced("a", &trace), traced("b", &trace))(
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { trace = append(trace, "handler") }))
	serve(h, "/", nil)
	want := []string{"a in", "b in", "handler", "b out", "a out"}
	if !slices.Equal(trace, want) {
		t.Fatalf("trace = %v, want %v", trace, want)
	}
}

func TestRequestIDReusesTheCallersID(t *testing.T) {
	var seen string
	h := middleware.RequestID(func() string { return "new" })(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = middleware.IDFrom(r.Context()) }))
	rec := serve(h, "/", map[string]string{"X-Request-ID": "abc"})
	if seen != "abc" || rec.Header().Get("X-Request-ID") != "abc" {
		t.Fatalf("handler saw %q, header %q; want abc", seen, rec.Header().Get("X-Request-ID"))
	}
	serve(h, "/", nil)
	if seen != "new" {
		t.Fatalf("without a header the handler saw %q, want new", seen)
	}
}

func TestAccessLogRecordsStatusAndDuration(t *testing.T) {
	clock := &fakeClock{}
	var out bytes.Buffer
	cases := map[string]http.HandlerFunc{
		"404 -> 404 (250ms)": func(w http.ResponseWriter, r *http.Request) {
			clock.Advance(250 * time.Millisecond)
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK) // ignored by net/http; the log keeps the first
		},
		"write -> 200 (0s)": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("x")) },
		"empty -> 200 (0s)": func(http.ResponseWriter, *http.Request) {},
	}
	for name, h := range cases {
		out.Reset()
		serve(middleware.AccessLog(&out, clock.Now)(h), "/"+strings.Fields(name)[0], nil)
		want := "- GET /" + name + "\n"
		if out.String() != want {
			t.Errorf("log = %q, want %q", out.String(), want)
		}
	}
}

func TestRecoverTurnsAPanicIntoA500(t *testing.T) {
	var out bytes.Buffer
	h := middleware.Recover(&out)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := serve(h, "/", nil)
	if rec.Code != http.StatusInternalServerError || out.String() != "- recovered: boom\n" {
		t.Fatalf("code %d, log %q", rec.Code, out.String())
	}
	ok := middleware.Recover(&out)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) }))
	if rec := serve(ok, "/", nil); rec.Code != http.StatusCreated {
		t.Fatalf("a good response changed to %d", rec.Code)
	}
}

func TestRecoverRepanicsErrAbortHandler(t *testing.T) {
	h := middleware.Recover(&bytes.Buffer{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	serve(h, "/", nil)
	t.Fatal("ErrAbortHandler was swallowed")
}

func TestRequireTokenStopsBeforeTheHandler(t *testing.T) {
	cases := []struct {
		header string
		code   int
		calls  int
	}{
		{"Bearer s3cret", http.StatusOK, 1},
		{"", http.StatusUnauthorized, 0},
		{"Bearer wrong", http.StatusUnauthorized, 0},
		{"Bearer s3cret2", http.StatusUnauthorized, 0},
	}
	for _, tc := range cases {
		calls := 0
		h := middleware.RequireToken("s3cret")(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
		rec := serve(h, "/", map[string]string{"Authorization": tc.header})
		if rec.Code != tc.code || calls != tc.calls {
			t.Errorf("%q: code %d calls %d, want %d and %d", tc.header, rec.Code, calls, tc.code, tc.calls)
		}
	}
}
