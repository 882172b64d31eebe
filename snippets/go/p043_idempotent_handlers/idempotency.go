// Package idempotency shows P043: a handler stores the idempotency key and its
// response in the same transaction as the effect, so a repeated request gets
// the stored response and the effect happens once; effects outside the
// database are recorded as pending first and finished by Reconcile.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
)

var (
	// ErrKeyReused means the key was already used for a different request.
	ErrKeyReused = errors.New("idempotency key reused for a different request")
	// ErrInsufficientFunds means the account cannot cover the amount; nothing is stored.
	ErrInsufficientFunds = errors.New("insufficient funds")
)

// Transfer moves Amount from one account to another.
type Transfer struct {
	From, To string
	Amount   int64
}

// Receipt is the response to a transfer. Replayed is true when it was read
// back from the key table instead of produced by this call.
type Receipt struct {
	TransferID int
	Amount     int64
	Replayed   bool
}

type keyRecord struct {
	request  Transfer // to refuse a key reused for another request
	response Receipt
}

type payout struct {
	account   string
	amount    int64
	reference string // the bank's id; empty while pending
}

// Tx is the state one transaction sees and changes.
type Tx struct {
	balances  map[string]int64
	transfers []Transfer
	keys      map[string]keyRecord
	payouts   map[string]payout
}

// DB stands in for a SQL database, because this catalog's Go code uses only
// the standard library and database/sql needs a driver. Update has the same
// contract as BEGIN ... COMMIT: fn's changes are kept only if fn returns nil
// and the commit succeeds, and transactions run one at a time.
type DB struct {
	mu    sync.Mutex
	state Tx
	// BeforeCommit, if set, runs just before each commit; an error from it
	// stands for the process dying there. Tests use it to inject the crash.
	BeforeCommit func() error
}

// NewDB returns a database holding the given account balances.
func NewDB(balances map[string]int64) *DB {
	return &DB{state: Tx{
		balances: maps.Clone(balances),
		keys:     map[string]keyRecord{},
		payouts:  map[string]payout{},
	}}
}

// Update runs fn in a transaction on a private copy of the state.
func (db *DB) Update(fn func(tx *Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	tx := Tx{
		balances:  maps.Clone(db.state.balances),
		transfers: slices.Clone(db.state.transfers),
		keys:      maps.Clone(db.state.keys),
		payouts:   maps.Clone(db.state.payouts),
	}
	if err := fn(&tx); err != nil {
		return err // rollback: the copy is dropped
	}
	if db.BeforeCommit != nil {
		if err := db.BeforeCommit(); err != nil {
			return err
		}
	}
	db.state = tx // commit
	return nil
}

// Balance reads one account's balance.
func (db *DB) Balance(account string) int64 {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.state.balances[account]
}

// Bank pays money out. Like real payment providers, it must deduplicate on
// key: a second call with the same key returns the first payout's reference.
type Bank interface {
	PayOut(ctx context.Context, key, account string, amount int64) (string, error)
}

// Service holds the handlers.
type Service struct {
	DB   *DB
	Bank Bank
}

// Transfer moves money once per key, however often the request arrives.
func (s *Service) Transfer(key string, t Transfer) (Receipt, error) {
	var receipt Receipt
	err := s.DB.Update(func(tx *Tx) error {
		if record, seen := tx.keys[key]; seen {
			if record.request != t {
				return fmt.Errorf("key %q: %w", key, ErrKeyReused)
			}
			receipt = record.response
			receipt.Replayed = true
			return nil
		}
		// The effect, the key and the response commit together or not at all.
		if tx.balances[t.From] < t.Amount {
			return fmt.Errorf("%s cannot pay %d: %w", t.From, t.Amount, ErrInsufficientFunds)
		}
		tx.balances[t.From] -= t.Amount
		tx.balances[t.To] += t.Amount
		tx.transfers = append(tx.transfers, t)
		receipt = Receipt{TransferID: len(tx.transfers), Amount: t.Amount}
		tx.keys[key] = keyRecord{request: t, response: receipt}
		return nil
	})
	if err != nil {
		return Receipt{}, err
	}
	return receipt, nil
}

// Payout pays money out through the bank once per key and returns the bank's
// reference. The money is reserved and the payout recorded as pending in one
// transaction; the bank is called outside any transaction, with the same key.
func (s *Service) Payout(ctx context.Context, key, account string, amount int64) (string, error) {
	var reference string
	err := s.DB.Update(func(tx *Tx) error {
		if p, seen := tx.payouts[key]; seen {
			if p.account != account || p.amount != amount {
				return fmt.Errorf("key %q: %w", key, ErrKeyReused)
			}
			reference = p.reference // empty if still pending: call the bank again
			return nil
		}
		if tx.balances[account] < amount {
			return fmt.Errorf("%s cannot pay out %d: %w", account, amount, ErrInsufficientFunds)
		}
		tx.balances[account] -= amount
		tx.payouts[key] = payout{account: account, amount: amount}
		return nil
	})
	if err != nil || reference != "" {
		return reference, err
	}
	return s.finishPayout(ctx, key, account, amount)
}

func (s *Service) finishPayout(ctx context.Context, key, account string, amount int64) (string, error) {
	reference, err := s.Bank.PayOut(ctx, key, account, amount)
	if err != nil {
		return "", fmt.Errorf("payout %s: %w", key, err)
	}
	err = s.DB.Update(func(tx *Tx) error {
		p := tx.payouts[key]
		p.reference = reference
		tx.payouts[key] = p
		return nil
	})
	return reference, err
}

// Reconcile finishes every payout recorded as pending: asking the bank again
// with the same key makes the payout if the bank never saw it, and returns
// the existing one if it did. It reports how many it finished.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	s.DB.mu.Lock()
	var pending []string
	for key, p := range s.DB.state.payouts {
		if p.reference == "" {
			pending = append(pending, key)
		}
	}
	slices.Sort(pending) // map order is random: sort for stable logs and tests
	todo := make([]payout, len(pending))
	for i, key := range pending {
		todo[i] = s.DB.state.payouts[key]
	}
	s.DB.mu.Unlock()

	finished := 0
	var errs []error
	for i, key := range pending {
		if _, err := s.finishPayout(ctx, key, todo[i].account, todo[i].amount); err != nil {
			errs = append(errs, err)
			continue
		}
		finished++
	}
	return finished, errors.Join(errs...)
}
