// Package rates shows P056: an API client that depends on a one-method
// interface instead of a concrete HTTP client, with transport behaviour
// (here, the API token) added as a layer around http.RoundTripper.
package rates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strings"
)

var (
	// ErrUnknownCurrency: the API does not know one of the currencies.
	ErrUnknownCurrency = errors.New("unknown currency")
	// ErrUnavailable: network trouble, a non-200 answer, or a broken body.
	ErrUnavailable = errors.New("rates unavailable")
)

// Doer is all the client needs from an HTTP client. *http.Client satisfies
// it; so does any fake or any wrapper with the same method.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client is the rates API as the rest of the code sees it.
type Client struct {
	http    Doer
	baseURL string
}

// New returns a client that sends its requests through doer.
func New(doer Doer, baseURL string) *Client {
	return &Client{http: doer, baseURL: strings.TrimRight(baseURL, "/")}
}

// maxBody caps how much of a response the client will read.
const maxBody = 1 << 20

// Rate returns the price of one unit of base in quote, as an exact fraction.
func (c *Client) Rate(ctx context.Context, base, quote string) (*big.Rat, error) {
	query := url.Values{"base": {base}, "quote": {quote}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/v1/rates?"+query, nil)
	if err != nil {
		return nil, fmt.Errorf("rates: build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer resp.Body.Close()

	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, fmt.Errorf("%w: %s/%s", ErrUnknownCurrency, base, quote)
	default:
		return nil, fmt.Errorf("%w: API answered %d", ErrUnavailable, resp.StatusCode)
	}
	var payload struct {
		Rate json.Number `json:"rate"`
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxBody))
	dec.UseNumber()
	if err := dec.Decode(&payload); err != nil {
		return nil, fmt.Errorf("%w: malformed response: %w", ErrUnavailable, err)
	}
	rate, ok := new(big.Rat).SetString(payload.Rate.String())
	if !ok {
		return nil, fmt.Errorf("%w: malformed rate %q", ErrUnavailable, payload.Rate)
	}
	return rate, nil
}

// RoundTripperFunc lets a function be an http.RoundTripper, as
// http.HandlerFunc lets a function be an http.Handler.
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(r).
func (f RoundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// BearerAuth adds the API token to every request. A RoundTripper must not
// modify the request it is given, so it sends a clone.
func BearerAuth(next http.RoundTripper, token string) http.RoundTripper {
	return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		r2 := r.Clone(r.Context())
		r2.Header.Set("Authorization", "Bearer "+token)
		return next.RoundTrip(r2)
	})
}
