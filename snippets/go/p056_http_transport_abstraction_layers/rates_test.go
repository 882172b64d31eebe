package rates_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	rates "example.com/patterns/p056_http_transport_abstraction_layers"
)

// fakeAPI is a RoundTripper that never opens a socket: it answers from a
// table keyed by path and query, and records the requests it saw.
type fakeAPI struct {
	answers map[string]string // "status body" per request URI
	seen    []*http.Request
}

func (f *fakeAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	f.seen = append(f.seen, r)
	answer, ok := f.answers[r.URL.RequestURI()]
	if !ok {
		return nil, errors.New("connection reset")
	}
	code, body, _ := strings.Cut(answer, " ")
	status, _ := strconv.Atoi(code)
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    r,
	}, nil
}

func Example() {
	api := &fakeAPI{answers: map[string]string{
		"/v1/rates?base=EUR&quote=USD": `200 {"rate": 1.0842}`,
		"/v1/rates?base=EUR&quote=XXX": `404 {}`,
		"/v1/rates?base=EUR&quote=GBP": `503 {}`,
	}}
	// Production: &http.Client{Transport: rates.BearerAuth(http.DefaultTransport, key), Timeout: ...}
	client := rates.New(&http.Client{Transport: rates.BearerAuth(api, "k-123")}, "https://rates.example")

	rate, err := client.Rate(context.Background(), "EUR", "USD")
	fmt.Println(rate.FloatString(4), err)
	fmt.Println(api.seen[0].URL, api.seen[0].Header.Get("Authorization"))

	for _, quote := range []string{"XXX", "GBP", "JPY"} {
		_, err := client.Rate(context.Background(), "EUR", quote)
		fmt.Println(errors.Is(err, rates.ErrUnknownCurrency), errors.Is(err, rates.ErrUnavailable), err)
	}
	// Output:
	// 1.0842 <nil>
	// https://rates.example/v1/rates?base=EUR&quote=USD Bearer k-123
	// true false unknown currency: EUR/XXX
	// false true rates unavailable: API answered 503
	// false true rates unavailable: Get "https://rates.example/v1/rates?base=EUR&quote=JPY": connection reset
}

// doerFunc lets a test stand in for the whole http.Client.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestMalformedBodiesAreUnavailable(t *testing.T) {
	for _, body := range []string{`<html>`, `{"rate": "abc"}`, `{"rate": null}`, `{"price": 1}`} {
		api := &fakeAPI{answers: map[string]string{"/v1/rates?base=EUR&quote=USD": "200 " + body}}
		_, err := rates.New(&http.Client{Transport: api}, "https://x.example").Rate(context.Background(), "EUR", "USD")
		if !errors.Is(err, rates.ErrUnavailable) {
			t.Errorf("body %s: err = %v, want ErrUnavailable", body, err)
		}
	}
}

func TestTheClientNeedsOnlyADoer(t *testing.T) {
	var closed bool
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		body := io.NopCloser(strings.NewReader(`{"rate": "0.5"}`))
		return &http.Response{StatusCode: 200, Body: closeSpy{body, &closed}}, nil
	})
	rate, err := rates.New(doer, "https://x.example/").Rate(context.Background(), "EUR", "A&B")
	if err != nil || rate.FloatString(1) != "0.5" {
		t.Fatalf("rate = %v, %v", rate, err)
	}
	if !closed {
		t.Fatal("response body was not closed")
	}
}

type closeSpy struct {
	io.ReadCloser
	closed *bool
}

func (c closeSpy) Close() error { *c.closed = true; return c.ReadCloser.Close() }

func TestQueryValuesAreEncoded(t *testing.T) {
	var uri string
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		uri = r.URL.RequestURI()
		return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader(""))}, nil
	})
	_, _ = rates.New(doer, "https://x.example").Rate(context.Background(), "EUR", "A&B")
	if uri != "/v1/rates?base=EUR&quote=A%26B" {
		t.Fatalf("request URI = %s", uri)
	}
}

func TestBadBaseURLIsAnError(t *testing.T) {
	_, err := rates.New(doerFunc(nil), "://no scheme").Rate(context.Background(), "EUR", "USD")
	if err == nil || !strings.Contains(err.Error(), "build request") {
		t.Fatalf("err = %v", err)
	}
}

func TestBearerAuthDoesNotModifyTheCallersRequest(t *testing.T) {
	api := &fakeAPI{answers: map[string]string{"/": "200 {}"}}
	req := httptest.NewRequest(http.MethodGet, "https://x.example/", nil)
	resp, err := rates.BearerAuth(api, "t0k").RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.Header.Get("Authorization") != "" {
		t.Fatal("BearerAuth modified the caller's request")
	}
	if got := api.seen[0].Header.Get("Authorization"); got != "Bearer t0k" {
		t.Fatalf("sent Authorization = %q", got)
	}
}

// The same client over the real net/http stack, against a local server.
func TestRealTransportAgainstALocalServer(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `{"rate": "0.85"}`)
	}))
	defer server.Close()

	client := rates.New(&http.Client{Transport: rates.BearerAuth(http.DefaultTransport, "k")}, server.URL)
	rate, err := client.Rate(context.Background(), "EUR", "GBP")
	if err != nil || rate.FloatString(2) != "0.85" {
		t.Fatalf("rate = %v, %v", rate, err)
	}
	_, err = rates.New(server.Client(), server.URL).Rate(context.Background(), "EUR", "GBP")
	if !errors.Is(err, rates.ErrUnavailable) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("without the auth layer: err = %v", err)
	}
}
