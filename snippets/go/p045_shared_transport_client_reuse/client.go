// Package sharedclient shows P045: build one http.Client with a tuned Transport
// at startup, hand it to every caller, and close its idle connections at
// shutdown.
package sharedclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Config holds the few Transport settings worth choosing per dependency.
type Config struct {
	// MaxIdleConnsPerHost is how many idle connections to one host stay open
	// for reuse. Go's default is 2: a service that sends 20 requests at once
	// to one host closes 18 connections after each burst and dials them again.
	MaxIdleConnsPerHost int
	// IdleConnTimeout closes a pooled connection nobody has used for this
	// long. Keep it below the server's or load balancer's idle timeout, so the
	// client is not the one to find out, mid-request, that it was dropped.
	IdleConnTimeout time.Duration
	// Timeout bounds a whole request, body included (see P023).
	Timeout time.Duration
}

// New returns the client the whole process shares. The connection pool lives
// in the Transport, so what must be created once is the Transport: a new one
// per request dials, handshakes and leaks its idle connection every time.
func New(cfg Config) *http.Client {
	// Clone the default rather than start from &http.Transport{}: the clone
	// keeps the proxy settings from the environment, the dial and TLS
	// handshake timeouts, and HTTP/2.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = 100
	transport.MaxIdleConnsPerHost = cfg.MaxIdleConnsPerHost
	transport.IdleConnTimeout = cfg.IdleConnTimeout
	return &http.Client{Transport: transport, Timeout: cfg.Timeout}
}

// Prices is application code: it receives the shared client and never builds one.
type Prices struct {
	client  *http.Client
	baseURL string
}

// NewPrices returns a Prices that sends its requests through client.
func NewPrices(client *http.Client, baseURL string) *Prices {
	return &Prices{client: client, baseURL: baseURL}
}

// Price fetches the price of one SKU.
func (p *Prices) Price(ctx context.Context, sku string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		p.baseURL+"/prices/"+url.PathEscape(sku), nil)
	if err != nil {
		return "", fmt.Errorf("price %s: %w", sku, err)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("price %s: %w", sku, err)
	}
	// The connection goes back to the pool only once the body has been read
	// to the end and closed, so read it even when the status is an error.
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("price %s: read body: %w", sku, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("price %s: status %d", sku, resp.StatusCode)
	}
	return string(body), nil
}
