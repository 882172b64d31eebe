package errkind_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	errkind "example.com/patterns/p019_structured_error_classification"
)

// shop raises kinds, never statuses.
type shop struct {
	orders        map[int]string
	prices        map[string]int
	taxRates      map[string]int
	inventoryDown bool
}

func newShop() *shop {
	return &shop{
		orders:   map[int]string{7: "tea"},
		prices:   map[string]int{"tea": 4},
		taxRates: map[string]int{"DE": 19},
	}
}

func (s *shop) order(id int) (string, error) {
	sku, ok := s.orders[id]
	if !ok {
		return "", &errkind.Error{Kind: errkind.NotFound, Msg: fmt.Sprintf("order %d does not exist", id)}
	}
	return sku, nil
}

func (s *shop) price(sku string) (int, error) {
	p, ok := s.prices[sku]
	if !ok {
		return 0, &errkind.Error{Kind: errkind.NotFound, Msg: fmt.Sprintf("product %q does not exist", sku)}
	}
	return p, nil
}

func (s *shop) placeOrder(sku string, qty int) error {
	if qty < 1 {
		return &errkind.Error{Kind: errkind.Invalid, Msg: fmt.Sprintf("quantity must be at least 1, got %d", qty)}
	}
	if _, err := s.price(sku); err != nil {
		// Reclassified: the URL exists; the body names something that does not.
		return &errkind.Error{Kind: errkind.Invalid, Msg: fmt.Sprintf("unknown product %q", sku), Err: err}
	}
	if s.inventoryDown {
		cause := fmt.Errorf("dial inventory:7000: %w", syscall.ECONNREFUSED)
		return &errkind.Error{Kind: errkind.Unavailable, Msg: "inventory is unavailable, try again later", Err: cause}
	}
	return nil
}

func (s *shop) taxReport(country string) (int, error) {
	rate, ok := s.taxRates[country]
	if !ok {
		return 0, fmt.Errorf("tax table has no row %q", country) // a bug: no kind
	}
	return rate, nil
}

// serve runs fn as an endpoint and prints the response the client would get.
func serve(logger *log.Logger, label, requestID string, fn func() error) {
	rec := httptest.NewRecorder()
	if err := fn(); err != nil {
		errkind.WriteError(rec, logger, requestID, err)
	}
	line := fmt.Sprintf("%-22s %d %s", label, rec.Code, rec.Body.String())
	fmt.Println(strings.TrimSpace(line))
}

func Example() {
	s := newShop()
	logger := log.New(os.Stdout, "", 0)
	serve(logger, "GET /orders/7", "req-1", func() error { _, err := s.order(7); return err })
	serve(logger, "GET /orders/42", "req-2", func() error { _, err := s.order(42); return err })
	serve(logger, "POST /orders qty=0", "req-3", func() error { return s.placeOrder("tea", 0) })
	serve(logger, "POST /orders sku=cake", "req-4", func() error { return s.placeOrder("cake", 1) })
	serve(logger, "GET /tax/NO", "req-5", func() error { _, err := s.taxReport("NO"); return err })
	s.inventoryDown = true
	serve(logger, "POST /orders sku=tea", "req-6", func() error { return s.placeOrder("tea", 1) })
	// Output:
	// GET /orders/7          200
	// GET /orders/42         404 {"code":"not_found","message":"order 42 does not exist"}
	// POST /orders qty=0     400 {"code":"invalid","message":"quantity must be at least 1, got 0"}
	// POST /orders sku=cake  400 {"code":"invalid","message":"unknown product \"cake\""}
	// req-5 500 tax table has no row "NO"
	// GET /tax/NO            500 {"code":"internal","message":"internal error"}
	// req-6 503 inventory is unavailable, try again later: dial inventory:7000: connection refused
	// POST /orders sku=tea   503 {"code":"unavailable","message":"inventory is unavailable, try again later"}
}

func TestEveryKindHasACodeAndAStatus(t *testing.T) {
	seen := map[int]errkind.Kind{}
	for _, k := range errkind.Kinds() {
		status := errkind.HTTPStatus(k)
		if status == 0 {
			t.Errorf("kind %d (%s) has no HTTP status", int(k), k)
		}
		if k != errkind.Internal && (k.String() == "internal" || status == http.StatusInternalServerError) {
			t.Errorf("kind %d falls back to internal: code %q, status %d", int(k), k, status)
		}
		if other, dup := seen[status]; dup {
			t.Errorf("kinds %s and %s share status %d", other, k, status)
		}
		seen[status] = k
	}
	if got := errkind.HTTPStatus(errkind.Kind(99)); got != http.StatusInternalServerError {
		t.Errorf("unknown kind status = %d, want 500", got)
	}
	if got := errkind.Kind(-1).String(); got != "internal" {
		t.Errorf("unknown kind code = %q, want internal", got)
	}
}

func TestKindOf(t *testing.T) {
	notFound := &errkind.Error{Kind: errkind.NotFound, Msg: "product \"cake\" does not exist"}
	cases := []struct {
		name string
		err  error
		want errkind.Kind
	}{
		{"plain error", errors.New("boom"), errkind.Internal},
		{"kind", notFound, errkind.NotFound},
		{"kind under a %w wrap", fmt.Errorf("build report: %w", notFound), errkind.NotFound},
		{"kind under a %v wrap", fmt.Errorf("build report: %v", notFound), errkind.Internal},
		{"outermost kind wins", &errkind.Error{Kind: errkind.Invalid, Msg: "unknown product", Err: notFound}, errkind.Invalid},
		{"kind inside errors.Join", errors.Join(errors.New("other"), notFound), errkind.NotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := errkind.KindOf(tc.err); got != tc.want {
				t.Fatalf("KindOf(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

func TestWriteErrorHidesAndLogsOnlyInternalErrors(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		status   int
		body     string
		loglines int
	}{
		{"conflict is shown, not logged", &errkind.Error{Kind: errkind.Conflict, Msg: "stale version"},
			409, `{"code":"conflict","message":"stale version"}`, 0},
		{"plain error is hidden and logged", errors.New("db.internal:5432: timeout"),
			500, `{"code":"internal","message":"internal error"}`, 1},
		{"explicit internal is hidden too", &errkind.Error{Kind: errkind.Internal, Msg: "lock file /run/x is stale"},
			500, `{"code":"internal","message":"internal error"}`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			rec := httptest.NewRecorder()
			errkind.WriteError(rec, log.New(&logged, "", 0), "req-1", tc.err)
			if rec.Code != tc.status || strings.TrimSpace(rec.Body.String()) != tc.body {
				t.Fatalf("got %d %s, want %d %s", rec.Code, rec.Body, tc.status, tc.body)
			}
			if got := rec.Header().Get("Content-Type"); got != "application/json" {
				t.Fatalf("Content-Type = %q", got)
			}
			if n := strings.Count(logged.String(), "\n"); n != tc.loglines {
				t.Fatalf("logged %d lines, want %d: %q", n, tc.loglines, logged.String())
			}
		})
	}
}

func TestCauseStaysMatchableBehindTheKind(t *testing.T) {
	s := newShop()
	s.inventoryDown = true
	err := s.placeOrder("tea", 1)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("the cause is lost: %v", err)
	}
}
