// Package cleanup shows P024: every resource is released by a defer written
// on the line after it was acquired, so it is released on every way out of
// the function (a return, an error, a panic), last acquired first.
package cleanup

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Order is one line of an order file: "id,quantity".
type Order struct {
	ID       string
	Quantity int
}

// Files opens order files by name.
type Files interface {
	Open(name string) (io.ReadCloser, error)
}

// DB begins transactions.
type DB interface {
	Begin(ctx context.Context) (Tx, error)
}

// Tx is a database transaction. As with database/sql, Rollback after a
// successful Commit does nothing and returns an error, so a deferred Rollback
// is safe on the success path too.
type Tx interface {
	Insert(ctx context.Context, o Order) error
	Commit() error
	Rollback() error
}

// ImportOrders inserts the orders of every named file in one transaction:
// all of them or none. Every file is opened before the transaction begins, so
// a missing file fails before anything is written.
func ImportOrders(ctx context.Context, db DB, files Files, names []string) (int, error) {
	readers := make([]io.Reader, 0, len(names))
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return 0, fmt.Errorf("import orders: %w", err) // the files opened so far are closed by their defers
		}
		// Deferred inside the loop on purpose: every file stays open until the
		// import ends. To handle files one at a time, move the body into a
		// function so each file closes when its iteration ends.
		defer f.Close()
		readers = append(readers, f)
	}

	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("import orders: begin: %w", err)
	}
	defer tx.Rollback() // runs before the file closes above; a no-op after Commit

	count := 0
	for i, r := range readers {
		lines := bufio.NewScanner(r)
		for number := 1; lines.Scan(); number++ {
			order, err := parseOrder(names[i], number, lines.Text())
			if err != nil {
				return 0, err
			}
			if err := tx.Insert(ctx, order); err != nil {
				return 0, fmt.Errorf("import orders: insert %s: %w", order.ID, err)
			}
			count++
		}
		if err := lines.Err(); err != nil {
			return 0, fmt.Errorf("import orders: read %s: %w", names[i], err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("import orders: commit: %w", err)
	}
	return count, nil
}

func parseOrder(file string, number int, line string) (Order, error) {
	id, quantity, _ := strings.Cut(line, ",")
	n, err := strconv.Atoi(quantity)
	if err != nil || n < 0 {
		return Order{}, fmt.Errorf("%s line %d: quantity %q is not a number", file, number, quantity)
	}
	return Order{ID: id, Quantity: n}, nil
}
