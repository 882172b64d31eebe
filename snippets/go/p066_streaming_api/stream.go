//go:build go1.23

// Package streaming shows P066: write a large response as it is produced,
// read the source one page at a time, and stop as soon as the client does.
package streaming

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
)

// Order is one row of the export.
type Order struct {
	ID    int `json:"id"`
	Cents int `json:"cents"`
}

// Store is a stand-in table. It counts the rows it reads and the cursors that
// are open, so the example can show what a stream costs.
type Store struct {
	Size        int
	RowsRead    int
	OpenCursors int
}

// Orders returns a lazy sequence of orders. Nothing is read until the caller
// ranges over it; each page is fetched only when the previous one is used up,
// and the cursor is closed by the defer however the loop ends, including a
// break, a return, or a cancelled ctx.
func (s *Store) Orders(ctx context.Context, pageSize int) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		s.OpenCursors++
		defer func() { s.OpenCursors-- }()
		for offset := 0; offset < s.Size; offset += pageSize {
			if err := ctx.Err(); err != nil {
				yield(Order{}, err)
				return
			}
			end := min(offset+pageSize, s.Size)
			s.RowsRead += end - offset
			for id := offset; id < end; id++ {
				if !yield(Order{ID: id, Cents: id * 100}, nil) {
					return // the consumer stopped early
				}
			}
		}
	}
}

// ExportHandler streams every order as one JSON line (NDJSON), flushing after
// each page so the client gets data while the export runs.
func ExportHandler(store *Store, pageSize int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		flusher, _ := w.(http.Flusher)
		enc := json.NewEncoder(w)
		sent := 0
		for order, err := range store.Orders(r.Context(), pageSize) {
			if err != nil {
				// The 200 status has already gone out; the only way left to
				// report a failure is in the body, as a last line.
				fmt.Fprintf(w, "{\"error\":%q}\n", err.Error())
				return
			}
			if err := enc.Encode(order); err != nil {
				return // the client went away: stop reading the store
			}
			if sent++; sent%pageSize == 0 && flusher != nil {
				flusher.Flush()
			}
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
}
