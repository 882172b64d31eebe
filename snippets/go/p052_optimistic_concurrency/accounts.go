// Package accounts shows P052: an UPDATE names the version it was computed
// from, and zero rows affected means someone else wrote first.
package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var (
	// ErrConflict means the row changed after it was read: re-read and decide again.
	ErrConflict = errors.New("version conflict")
	// ErrNotFound means there is no account with that id.
	ErrNotFound = errors.New("account not found")
)

// Account is one row; Version is the version this copy was read at.
type Account struct {
	ID           string
	BalanceCents int64
	Version      int64
}

// Get reads an account and the version it is at.
func Get(ctx context.Context, db *sql.DB, id string) (Account, error) {
	a := Account{ID: id}
	err := db.QueryRowContext(ctx,
		"SELECT balance_cents, version FROM accounts WHERE id = ?", id,
	).Scan(&a.BalanceCents, &a.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("account %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("get account %q: %w", id, err)
	}
	return a, nil
}

// Save writes a only if the stored version is still a.Version, and bumps the
// version in the same statement. It returns the account at its new version.
func Save(ctx context.Context, db *sql.DB, a Account) (Account, error) {
	res, err := db.ExecContext(ctx,
		"UPDATE accounts SET balance_cents = ?, version = version + 1 WHERE id = ? AND version = ?",
		a.BalanceCents, a.ID, a.Version)
	if err != nil {
		return Account{}, fmt.Errorf("save account %q: %w", a.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Account{}, fmt.Errorf("save account %q: %w", a.ID, err)
	}
	if n == 0 {
		if _, err := Get(ctx, db, a.ID); err != nil {
			return Account{}, err // gone, or unreadable: not a conflict
		}
		return Account{}, fmt.Errorf("account %q changed after version %d was read: %w", a.ID, a.Version, ErrConflict)
	}
	a.Version++
	return a, nil
}

// Update reads the account, applies change and saves, starting again from a
// fresh read after a conflict, at most attempts times. change is called once
// per attempt with the current row, so it must compute from its argument.
// Any error other than ErrConflict, including one from change, ends the loop.
func Update(ctx context.Context, db *sql.DB, id string, attempts int, change func(Account) (Account, error)) (Account, error) {
	if attempts < 1 {
		return Account{}, errors.New("update: attempts must be at least 1")
	}
	var err error
	for range attempts {
		var current, next, saved Account
		if current, err = Get(ctx, db, id); err != nil {
			return Account{}, err
		}
		if next, err = change(current); err != nil {
			return Account{}, err
		}
		if saved, err = Save(ctx, db, next); !errors.Is(err, ErrConflict) {
			return saved, err
		}
	}
	return Account{}, err
}
