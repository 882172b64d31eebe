package server_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	server "example.com/patterns/p003_functional_options"
)

// bulkDownloads is a preset: one Option value shared by many call sites.
var bulkDownloads = server.Options(
	server.WithWriteTimeout(2*time.Minute),
	server.WithMaxConnections(20),
)

func Example() {
	srv, err := server.NewServer("0.0.0.0:8080")
	fmt.Println(srv, err)

	srv, _ = server.NewServer("0.0.0.0:8080", server.WithWriteTimeout(30*time.Second))
	fmt.Println(srv)

	// The preset first, then a local override: the later option wins.
	srv, _ = server.NewServer("0.0.0.0:9000", bulkDownloads, server.WithMaxConnections(50))
	fmt.Println(srv)

	srv, err = server.NewServer("0.0.0.0:8080", bulkDownloads, server.WithReadTimeout(-time.Second))
	fmt.Println(srv == nil, errors.Is(err, server.ErrInvalidOption))
	fmt.Println(err)
	// Output:
	// 0.0.0.0:8080 read=5s write=10s max_connections=100 <nil>
	// 0.0.0.0:8080 read=5s write=30s max_connections=100
	// 0.0.0.0:9000 read=5s write=2m0s max_connections=50
	// true true
	// server 0.0.0.0:8080: option 2: invalid option: read timeout must be positive, got -1s
}

func mustNew(t *testing.T, opts ...server.Option) *server.Server {
	t.Helper()
	srv, err := server.NewServer("api:8080", opts...)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	return srv
}

func TestDefaultsApplyWhenNoOptionIsGiven(t *testing.T) {
	srv := mustNew(t)
	if srv.ReadTimeout() != 5*time.Second || srv.WriteTimeout() != 10*time.Second || srv.MaxConnections() != 100 {
		t.Fatalf("defaults = %v", srv)
	}
}

func TestAnOptionChangesOnlyItsSetting(t *testing.T) {
	srv := mustNew(t, server.WithReadTimeout(2*time.Second))
	if srv.ReadTimeout() != 2*time.Second {
		t.Fatalf("read timeout = %v, want 2s", srv.ReadTimeout())
	}
	if srv.WriteTimeout() != 10*time.Second || srv.MaxConnections() != 100 {
		t.Fatalf("other settings changed: %v", srv)
	}
}

func TestLaterOptionWins(t *testing.T) {
	if got := mustNew(t, server.WithMaxConnections(10), server.WithMaxConnections(20)).MaxConnections(); got != 20 {
		t.Fatalf("10 then 20 gave %d, want 20", got)
	}
	if got := mustNew(t, server.WithMaxConnections(20), server.WithMaxConnections(10)).MaxConnections(); got != 10 {
		t.Fatalf("20 then 10 gave %d, want 10", got)
	}
}

func TestPresetComposesAndCanBeOverridden(t *testing.T) {
	srv := mustNew(t, bulkDownloads)
	if srv.WriteTimeout() != 2*time.Minute || srv.MaxConnections() != 20 || srv.ReadTimeout() != 5*time.Second {
		t.Fatalf("preset gave %v", srv)
	}
	srv = mustNew(t, bulkDownloads, server.WithMaxConnections(50))
	if srv.WriteTimeout() != 2*time.Minute || srv.MaxConnections() != 50 {
		t.Fatalf("preset then override gave %v", srv)
	}
	// The preset is reusable: the previous call did not change what it sets.
	if again := mustNew(t, bulkDownloads); again.MaxConnections() != 20 {
		t.Fatalf("preset changed after use: %v", again)
	}
}

func TestInvalidOptionsStopConstruction(t *testing.T) {
	cases := []struct {
		name string
		opts []server.Option
		want string
	}{
		{"negative read timeout", []server.Option{server.WithReadTimeout(-time.Second)}, "option 1: invalid option: read timeout"},
		{"zero write timeout", []server.Option{server.WithMaxConnections(5), server.WithWriteTimeout(0)}, "option 2: invalid option: write timeout"},
		{"zero connections", []server.Option{server.WithMaxConnections(0)}, "option 1: invalid option: max connections"},
		{"bad value inside a preset", []server.Option{server.Options(server.WithReadTimeout(time.Second), server.WithMaxConnections(-1))}, "option 1: invalid option: max connections"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := server.NewServer("api:8080", tc.opts...)
			if srv != nil {
				t.Fatalf("got a server %v despite an invalid option", srv)
			}
			if !errors.Is(err, server.ErrInvalidOption) {
				t.Fatalf("error %v does not wrap ErrInvalidOption", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestAddressIsRequired(t *testing.T) {
	if srv, err := server.NewServer(""); srv != nil || err == nil {
		t.Fatalf("NewServer(\"\") = %v, %v; want an error", srv, err)
	}
}

func TestNilOptionsAreSkipped(t *testing.T) {
	var conditional server.Option // left nil when a condition is false
	srv := mustNew(t, conditional, server.Options(nil, server.WithMaxConnections(7)))
	if srv.MaxConnections() != 7 {
		t.Fatalf("max connections = %d, want 7", srv.MaxConnections())
	}
}
