// Package retrytransport shows P044: an http.RoundTripper that wraps another
// and retries, so every request sent through the client gets the same retry
// rules without a retry loop at any call site. It retries only requests that
// are safe to send twice, honours Retry-After, and never retries once the
// request's context is done.
package retrytransport

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	backoff "example.com/patterns/p040_exponential_backoff_and_retry"
)

// Transport retries the requests it may retry. The zero value is not usable:
// set Policy. The other fields have defaults.
type Transport struct {
	Next    http.RoundTripper                                // nil: http.DefaultTransport
	Policy  backoff.Policy                                   // attempts and waits when there is no Retry-After
	Rand    *rand.Rand                                       // nil: the shared source
	Sleep   func(ctx context.Context, d time.Duration) error // nil: backoff.SleepContext
	Now     func() time.Time                                 // nil: time.Now; reads Retry-After dates
	MaxWait time.Duration                                    // longest Retry-After honoured; 0: 30s
}

// Replayable reports whether sending req twice has the same effect as
// sending it once, and whether its body can be sent again.
func Replayable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
	default:
		if req.Header.Get("Idempotency-Key") == "" {
			return false
		}
	}
	// A body can be sent again only if the request can make a fresh copy of it;
	// http.NewRequest sets GetBody for bytes, strings and their readers.
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// RetryAfter reads the Retry-After header in either of its forms, seconds or
// an HTTP date. ok is false when it is missing or unreadable.
func RetryAfter(resp *http.Response, now time.Time) (wait time.Duration, ok bool) {
	value := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.Atoi(value); err == nil {
		return time.Duration(seconds) * time.Second, seconds >= 0
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(0, when.Sub(now)), true
}

// RoundTrip sends req, and sends it again while the failure is transient, the
// request is replayable, attempts remain and the caller has not given up.
// It returns the last response or error, as the wrapped transport gave them.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	if !Replayable(req) {
		return next.RoundTrip(req) // a POST without a key goes out once
	}
	ctx := req.Context()
	attempt := req
	for retry := 0; ; retry++ {
		resp, err := next.RoundTrip(attempt)
		if ctx.Err() != nil || retry+1 >= t.Policy.Attempts {
			return resp, err // the caller gave up, or this was the last attempt
		}
		var wait time.Duration
		switch {
		case err != nil:
			wait = t.Policy.Delay(retry, t.Rand)
		case !retryableStatus(resp.StatusCode):
			return resp, nil
		default:
			asked, ok := RetryAfter(resp, t.now())
			if ok && asked > t.maxWait() {
				return resp, nil // the server wants a longer pause than we may hold the caller
			}
			if !ok {
				asked = t.Policy.Delay(retry, t.Rand)
			}
			wait = asked
			// Drain a little and close, so the connection can be reused.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err // cancelled during the wait: nothing more is sent
		}
		if attempt, err = rewind(req); err != nil {
			return nil, err
		}
	}
}

// rewind returns a copy of req with a fresh body, since the last attempt
// consumed the previous one.
func rewind(req *http.Request) (*http.Request, error) {
	clone := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		clone.Body = body
	}
	return clone, nil
}

func (t *Transport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	return backoff.SleepContext(ctx, d)
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Transport) maxWait() time.Duration {
	if t.MaxWait > 0 {
		return t.MaxWait
	}
	return 30 * time.Second
}
