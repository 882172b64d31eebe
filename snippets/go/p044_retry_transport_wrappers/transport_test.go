package retrytransport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	backoff "example.com/patterns/p040_exponential_backoff_and_retry"
	retrytransport "example.com/patterns/p044_retry_transport_wrappers"
)

// script is a test server: each path answers with its list of statuses in
// turn, then repeats the last one. "429:2" adds Retry-After: 2.
type script struct {
	mu       sync.Mutex
	answers  map[string][]string
	received []string // method, path and body of every request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.received = append(s.received, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+string(body)))
	answers := s.answers[r.URL.Path]
	answer := answers[0]
	if len(answers) > 1 {
		s.answers[r.URL.Path] = answers[1:]
	}
	var code int
	if status, after, found := strings.Cut(answer, ":"); found {
		w.Header().Set("Retry-After", after)
		fmt.Sscan(status, &code)
	} else {
		fmt.Sscan(answer, &code)
	}
	w.WriteHeader(code)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.received)
	s.received = nil
	return n
}

// recorder is a Sleep that notes each wait and returns at once.
type recorder struct{ waits []time.Duration }

func (r *recorder) Sleep(ctx context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func newClient(sleep *recorder, attempts int) *http.Client {
	return &http.Client{Transport: &retrytransport.Transport{
		Policy: backoff.Policy{Attempts: attempts, Base: 100 * time.Millisecond, Cap: 2 * time.Second},
		Rand:   rand.New(rand.NewPCG(4, 2)),
		Sleep:  sleep.Sleep,
		Now:    func() time.Time { return time.Unix(1_700_000_000, 0) },
	}}
}

func Example() {
	server := &script{answers: map[string][]string{
		"/orders/7": {"503", "502", "200"},
		"/orders":   {"503", "503", "201"},
		"/stock":    {"429:2", "200"},
		"/report":   {"503:120"},
	}}
	origin := httptest.NewServer(server)
	defer origin.Close()
	sleep := &recorder{}
	client := newClient(sleep, 4)

	do := func(method, path, key string) {
		req, _ := http.NewRequest(method, origin.URL+path, strings.NewReader(`{"sku":"mug"}`))
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		sleep.waits = nil
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%s %s: %d after %d request(s), %d wait(s)\n",
			method, path, resp.StatusCode, server.count(), len(sleep.waits))
	}
	do("GET", "/orders/7", "")
	do("POST", "/orders", "")
	do("POST", "/orders", "order-41")
	do("GET", "/stock", "")
	fmt.Println("waited as Retry-After asked:", sleep.waits)
	do("GET", "/report", "")
	// Output:
	// GET /orders/7: 200 after 3 request(s), 2 wait(s)
	// POST /orders: 503 after 1 request(s), 0 wait(s)
	// POST /orders: 201 after 2 request(s), 1 wait(s)
	// GET /stock: 200 after 2 request(s), 1 wait(s)
	// waited as Retry-After asked: [2s]
	// GET /report: 503 after 1 request(s), 0 wait(s)
}

func TestARetriedPostSendsTheSameBodyEachTime(t *testing.T) {
	server := &script{answers: map[string][]string{"/pay": {"502", "503", "201"}}}
	origin := httptest.NewServer(server)
	defer origin.Close()
	req, _ := http.NewRequest("POST", origin.URL+"/pay", strings.NewReader(`{"amount":30}`))
	req.Header.Set("Idempotency-Key", "pay-9")
	resp, err := newClient(&recorder{}, 4).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := `POST /pay {"amount":30}`
	if len(server.received) != 3 {
		t.Fatalf("received %q, want three requests", server.received)
	}
	for _, got := range server.received {
		if got != want {
			t.Fatalf("received %q, want %q each time", got, want)
		}
	}
}

func TestABodyThatCannotBeReadAgainIsSentOnce(t *testing.T) {
	server := &script{answers: map[string][]string{"/upload": {"503", "200"}}}
	origin := httptest.NewServer(server)
	defer origin.Close()
	// io.NopCloser hides the reader's type, so http.NewRequest sets no GetBody.
	req, _ := http.NewRequest("PUT", origin.URL+"/upload", io.NopCloser(strings.NewReader("data")))
	resp, err := newClient(&recorder{}, 4).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || server.count() != 1 {
		t.Fatalf("status %d: a body without GetBody must not be retried", resp.StatusCode)
	}
}

func TestBackoffWaitsStayWithinTheirCeilings(t *testing.T) {
	server := &script{answers: map[string][]string{"/r": {"503"}}}
	origin := httptest.NewServer(server)
	defer origin.Close()
	sleep := &recorder{}
	resp, err := newClient(sleep, 6).Get(origin.URL + "/r")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || server.count() != 6 || len(sleep.waits) != 5 {
		t.Fatalf("status %d after %d waits; want the last 503 after 6 requests", resp.StatusCode, len(sleep.waits))
	}
	p := backoff.Policy{Base: 100 * time.Millisecond, Cap: 2 * time.Second}
	for n, wait := range sleep.waits {
		if wait < 0 || wait > p.Ceiling(n) {
			t.Errorf("wait %d = %v, outside [0, %v]", n, wait, p.Ceiling(n))
		}
	}
}

// roundTripFunc lets a test stand in for the wrapped transport.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func reply(code int) *http.Response {
	return &http.Response{StatusCode: code, Header: http.Header{}, Body: http.NoBody}
}

func TestConnectionErrorsAreRetriedAndTheLastIsReturned(t *testing.T) {
	calls := 0
	refused := errors.New("connection refused")
	transport := &retrytransport.Transport{
		Next:   roundTripFunc(func(*http.Request) (*http.Response, error) { calls++; return nil, refused }),
		Policy: backoff.Policy{Attempts: 3, Base: time.Millisecond, Cap: time.Second},
		Sleep:  (&recorder{}).Sleep,
	}
	req := httptest.NewRequest("GET", "http://svc/r", nil)
	if _, err := transport.RoundTrip(req); !errors.Is(err, refused) || calls != 3 {
		t.Fatalf("err = %v after %d calls; want the refusal after 3", err, calls)
	}
}

func TestNoRetryOnceTheCallerHasCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	transport := &retrytransport.Transport{
		Next: roundTripFunc(func(*http.Request) (*http.Response, error) {
			calls++
			cancel() // the caller gives up while the request is in flight
			return reply(503), nil
		}),
		Policy: backoff.Policy{Attempts: 5, Base: time.Millisecond, Cap: time.Second},
		Sleep:  (&recorder{}).Sleep,
	}
	req := httptest.NewRequest("GET", "http://svc/r", nil).WithContext(ctx)
	resp, _ := transport.RoundTrip(req)
	if calls != 1 || resp == nil || resp.StatusCode != 503 {
		t.Fatalf("%d calls; want one, and its response handed back", calls)
	}
}

func TestACancellationDuringTheWaitEndsTheCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	transport := &retrytransport.Transport{
		Next: roundTripFunc(func(*http.Request) (*http.Response, error) {
			calls++
			return reply(503), nil
		}),
		// An hour-long wait through the real sleep: only the cancel can end it.
		Policy: backoff.Policy{Attempts: 5, Base: time.Hour, Cap: time.Hour},
		Rand:   rand.New(rand.NewPCG(0, 0)),
	}
	time.AfterFunc(10*time.Millisecond, cancel)
	req := httptest.NewRequest("GET", "http://svc/r", nil).WithContext(ctx)
	if _, err := transport.RoundTrip(req); !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d calls; want context.Canceled after 1", err, calls)
	}
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)
	for value, want := range map[string]time.Duration{
		"7":                             7 * time.Second,
		" 120 ":                         120 * time.Second,
		"Tue, 14 Nov 2023 22:14:20 GMT": time.Minute,
		"Tue, 14 Nov 2023 22:13:00 GMT": 0, // already past: retry now
	} {
		resp := reply(503)
		resp.Header.Set("Retry-After", value)
		if got, ok := retrytransport.RetryAfter(resp, now); !ok || got != want {
			t.Errorf("RetryAfter(%q) = %v, %t; want %v", value, got, ok, want)
		}
	}
	for _, value := range []string{"", "soon", "-5"} {
		resp := reply(503)
		resp.Header.Set("Retry-After", value)
		if _, ok := retrytransport.RetryAfter(resp, now); ok {
			t.Errorf("RetryAfter(%q) should not be usable", value)
		}
	}
}

func TestRetryAfterBeyondMaxWaitIsHandedBackAtOnce(t *testing.T) {
	calls := 0
	transport := &retrytransport.Transport{
		Next: roundTripFunc(func(*http.Request) (*http.Response, error) {
			calls++
			resp := reply(429)
			resp.Header.Set("Retry-After", "31")
			return resp, nil
		}),
		Policy: backoff.Policy{Attempts: 5, Base: time.Millisecond, Cap: time.Second},
	}
	resp, err := transport.RoundTrip(httptest.NewRequest("GET", "http://svc/r", nil))
	if err != nil || resp.StatusCode != 429 || calls != 1 {
		t.Fatalf("status %v, err %v after %d calls; want the 429 at once", resp, err, calls)
	}
}

func TestReplayable(t *testing.T) {
	for _, c := range []struct {
		method, key string
		want        bool
	}{
		{"GET", "", true}, {"HEAD", "", true}, {"OPTIONS", "", true}, {"PUT", "", true},
		{"DELETE", "", true}, {"POST", "", false}, {"PATCH", "", false}, {"POST", "k", true},
	} {
		req := httptest.NewRequest(c.method, "http://svc/r", nil)
		if c.key != "" {
			req.Header.Set("Idempotency-Key", c.key)
		}
		if got := retrytransport.Replayable(req); got != c.want {
			t.Errorf("Replayable(%s, key %q) = %t, want %t", c.method, c.key, got, c.want)
		}
	}
}
