// Package txn shows P051: one function owns begin, commit and rollback, and
// business code receives the open transaction without any of that plumbing.
package txn

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// WithTx runs work inside one transaction. It commits if work returns nil and
// rolls back if work returns an error or panics; the panic is then re-raised.
// work must use the tx it is given, not db, and must never call tx.Commit or
// tx.Rollback itself.
func WithTx(ctx context.Context, db *sql.DB, work func(*sql.Tx) error) error {
	tx, beginErr := db.BeginTx(ctx, nil)
	if beginErr != nil {
		return fmt.Errorf("start transaction: %w", beginErr)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := work(tx); err != nil {
		// ErrTxDone means database/sql already rolled back (the context ended).
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Line is one product and quantity of an order.
type Line struct {
	SKU      string
	Quantity int
}

// ErrOutOfStock means a line asked for more than is on hand.
var ErrOutOfStock = errors.New("out of stock")

// PlaceOrder records an order and its lines and takes the goods out of stock.
// It is business code: it has no BEGIN, COMMIT or ROLLBACK, so the caller
// decides what else belongs in the same transaction.
func PlaceOrder(ctx context.Context, tx *sql.Tx, orderID, customer string, lines []Line) error {
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO orders (id, customer) VALUES (?, ?)", orderID, customer); err != nil {
		return fmt.Errorf("insert order %s: %w", orderID, err)
	}
	for _, l := range lines {
		if _, err := tx.ExecContext(ctx,
			"INSERT INTO order_lines (order_id, sku, quantity) VALUES (?, ?, ?)",
			orderID, l.SKU, l.Quantity); err != nil {
			return fmt.Errorf("insert line %s: %w", l.SKU, err)
		}
		res, err := tx.ExecContext(ctx,
			"UPDATE stock SET on_hand = on_hand - ? WHERE sku = ? AND on_hand >= ?",
			l.Quantity, l.SKU, l.Quantity)
		if err != nil {
			return fmt.Errorf("take stock %s: %w", l.SKU, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("take stock %s: %w", l.SKU, err)
		} else if n != 1 {
			return fmt.Errorf("%s: %w", l.SKU, ErrOutOfStock)
		}
	}
	return nil
}
