//go:build go1.23

package streaming_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	streaming "example.com/patterns/p066_streaming_api"
)

// hangUp is a ResponseWriter whose client disconnects after `lines` writes.
type hangUp struct {
	*httptest.ResponseRecorder
	lines int
}

func (h *hangUp) Write(p []byte) (int, error) {
	if h.lines == 0 {
		return 0, errors.New("write: broken pipe")
	}
	h.lines--
	return h.ResponseRecorder.Write(p)
}

func Example() {
	store := &streaming.Store{Size: 5}
	rec := httptest.NewRecorder()
	streaming.ExportHandler(store, 2).ServeHTTP(rec, httptest.NewRequest("GET", "/orders", nil))
	fmt.Print(rec.Body.String())
	fmt.Println("flushed:", rec.Flushed, "rows read:", store.RowsRead, "open cursors:", store.OpenCursors)

	big := &streaming.Store{Size: 1_000_000}
	client := &hangUp{ResponseRecorder: httptest.NewRecorder(), lines: 3}
	streaming.ExportHandler(big, 100).ServeHTTP(client, httptest.NewRequest("GET", "/orders", nil))
	fmt.Println("client hung up; rows read:", big.RowsRead, "open cursors:", big.OpenCursors)
	// Output:
	// {"id":0,"cents":0}
	// {"id":1,"cents":100}
	// {"id":2,"cents":200}
	// {"id":3,"cents":300}
	// {"id":4,"cents":400}
	// flushed: true rows read: 5 open cursors: 0
	// client hung up; rows read: 100 open cursors: 0
}

func TestBreakStopsReadingAndClosesTheCursor(t *testing.T) {
	store := &streaming.Store{Size: 1000}
	taken := 0
	for _, err := range store.Orders(context.Background(), 10) {
		if err != nil {
			t.Fatal(err)
		}
		if taken++; taken == 15 {
			break
		}
	}
	if store.RowsRead != 20 || store.OpenCursors != 0 {
		t.Fatalf("rows read %d, open cursors %d; want 20 and 0", store.RowsRead, store.OpenCursors)
	}
}

func TestCancelledRequestEndsTheStreamWithAnErrorLine(t *testing.T) {
	store := &streaming.Store{Size: 100}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/orders", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	streaming.ExportHandler(store, 10).ServeHTTP(rec, req)
	if got := rec.Body.String(); !strings.Contains(got, `"error":"context canceled"`) {
		t.Fatalf("body = %q, want an error line", got)
	}
	if rec.Code != http.StatusOK || store.RowsRead != 0 || store.OpenCursors != 0 {
		t.Fatalf("code %d, rows read %d, open cursors %d", rec.Code, store.RowsRead, store.OpenCursors)
	}
}

func TestNothingIsReadBeforeTheLoopStarts(t *testing.T) {
	store := &streaming.Store{Size: 100}
	seq := store.Orders(context.Background(), 10)
	if store.RowsRead != 0 || store.OpenCursors != 0 {
		t.Fatalf("building the sequence read %d rows", store.RowsRead)
	}
	n := 0
	for range seq {
		n++
	}
	if n != 100 || store.RowsRead != 100 {
		t.Fatalf("got %d orders after reading %d rows", n, store.RowsRead)
	}
}
