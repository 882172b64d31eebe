package sharedclient_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sharedclient "example.com/patterns/p045_shared_transport_client_reuse"
)

var cfg = sharedclient.Config{
	MaxIdleConnsPerHost: 16,
	IdleConnTimeout:     60 * time.Second,
	Timeout:             5 * time.Second,
}

// countingServer is a local HTTP server that counts the connections it accepts.
// The count is taken before a connection's first request is served, so it is
// exact by the time the client has the response.
func countingServer(handler http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	opened := new(atomic.Int64)
	srv := httptest.NewUnstartedServer(handler)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	return srv, opened
}

func priceHandler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "4.20 EUR for ", strings.TrimPrefix(r.URL.Path, "/prices/"))
}

func Example() {
	srv, opened := countingServer(priceHandler)
	defer srv.Close()
	ctx := context.Background()

	// Startup: one client, shared; shutdown closes its idle connections.
	shared := sharedclient.New(cfg)
	defer shared.CloseIdleConnections()
	prices := sharedclient.NewPrices(shared, srv.URL)
	first, _ := prices.Price(ctx, "sku-0")
	fmt.Println(first)
	for i := 1; i < 20; i++ {
		_, _ = prices.Price(ctx, fmt.Sprint("sku-", i))
	}
	fmt.Println("shared client, 20 requests, connections:", opened.Load())

	// The mistake: a new client, and so a new Transport and pool, per request.
	opened.Store(0)
	for i := range 20 {
		perCall := sharedclient.New(cfg)
		_, _ = sharedclient.NewPrices(perCall, srv.URL).Price(ctx, fmt.Sprint("sku-", i))
		// Nobody calls perCall.CloseIdleConnections: its connection stays open.
	}
	fmt.Println("client per request, 20 requests, connections:", opened.Load())
	// Output:
	// 4.20 EUR for sku-0
	// shared client, 20 requests, connections: 1
	// client per request, 20 requests, connections: 20
}

// barrier holds each request until n of them are in the handler at once, so
// every round really needs n connections at the same time.
type barrier struct {
	mu      sync.Mutex
	n       int
	arrived int
	release chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, release: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.arrived++
	release := b.release
	if b.arrived == b.n {
		close(release)
		b.arrived = 0
		b.release = make(chan struct{})
	}
	b.mu.Unlock()
	<-release
}

func TestIdlePoolSizeDecidesWhetherEveryBurstRedials(t *testing.T) {
	const burst = 10
	cases := []struct {
		name         string
		idlePerHost  int
		wantAfterTwo int64
	}{
		{"go default of 2 idle per host", 2, burst + (burst - 2)},
		{"sized to the burst", burst, burst},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gate := newBarrier(burst)
			srv, opened := countingServer(func(w http.ResponseWriter, r *http.Request) {
				gate.wait()
				priceHandler(w, r)
			})
			defer srv.Close()
			client := sharedclient.New(sharedclient.Config{
				MaxIdleConnsPerHost: tc.idlePerHost,
				IdleConnTimeout:     time.Minute,
				Timeout:             10 * time.Second,
			})
			defer client.CloseIdleConnections()
			prices := sharedclient.NewPrices(client, srv.URL)

			for round := range 2 {
				var wg sync.WaitGroup
				errs := make(chan error, burst)
				for i := range burst {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := prices.Price(context.Background(), fmt.Sprint("sku-", i)); err != nil {
							errs <- err
						}
					}()
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if got := opened.Load(); got != tc.wantAfterTwo {
				t.Fatalf("connections after two bursts of %d = %d, want %d", burst, got, tc.wantAfterTwo)
			}
		})
	}
}

func TestErrorResponsesStillReturnTheConnectionToThePool(t *testing.T) {
	srv, opened := countingServer(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no price for "+r.URL.Path, http.StatusNotFound)
	})
	defer srv.Close()
	client := sharedclient.New(cfg)
	defer client.CloseIdleConnections()
	prices := sharedclient.NewPrices(client, srv.URL)
	for i := range 5 {
		_, err := prices.Price(context.Background(), fmt.Sprint("sku-", i))
		if err == nil || !strings.Contains(err.Error(), "status 404") {
			t.Fatalf("error = %v, want status 404", err)
		}
	}
	if got := opened.Load(); got != 1 {
		t.Fatalf("connections = %d, want 1: the error bodies were not drained", got)
	}
}

func TestCloseIdleConnectionsAtShutdownDropsThePool(t *testing.T) {
	srv, opened := countingServer(priceHandler)
	defer srv.Close()
	client := sharedclient.New(cfg)
	prices := sharedclient.NewPrices(client, srv.URL)
	ctx := context.Background()
	if _, err := prices.Price(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	client.CloseIdleConnections()
	if _, err := prices.Price(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	client.CloseIdleConnections()
	if got := opened.Load(); got != 2 {
		t.Fatalf("connections = %d, want 2: the pool should have been emptied", got)
	}
}

func TestCancelledContextStopsTheRequest(t *testing.T) {
	srv, _ := countingServer(priceHandler)
	defer srv.Close()
	client := sharedclient.New(cfg)
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sharedclient.NewPrices(client, srv.URL).Price(ctx, "a")
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("error = %v, want context canceled", err)
	}
}
