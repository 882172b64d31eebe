package accounts_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	accounts "example.com/patterns/p052_optimistic_concurrency"
)

// The standard library has no database, so these tests register a small
// in-memory driver that understands exactly the two statements the package
// sends. Each statement runs under one mutex, so the UPDATE's
// "WHERE id = ? AND version = ?" is atomic, as it is in a real database.

type row struct{ balance, version int64 }

type store struct {
	mu   sync.Mutex
	rows map[string]row
}

var (
	storesMu sync.Mutex
	stores   = map[string]*store{}
)

type fakeDriver struct{}

func (fakeDriver) Open(name string) (driver.Conn, error) {
	storesMu.Lock()
	defer storesMu.Unlock()
	return conn{stores[name]}, nil
}

func init() { sql.Register("p052fake", fakeDriver{}) }

type conn struct{ s *store }

func (conn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("fake: no prepare") }
func (conn) Close() error                        { return nil }
func (conn) Begin() (driver.Tx, error)           { return nil, errors.New("fake: no transactions") }

func (c conn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if query != "SELECT balance_cents, version FROM accounts WHERE id = ?" {
		return nil, fmt.Errorf("fake: unsupported query %q", query)
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	r, ok := c.s.rows[args[0].Value.(string)]
	if !ok {
		return &rows{}, nil
	}
	return &rows{values: [][]driver.Value{{r.balance, r.version}}}, nil
}

func (c conn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if query != "UPDATE accounts SET balance_cents = ?, version = version + 1 WHERE id = ? AND version = ?" {
		return nil, fmt.Errorf("fake: unsupported statement %q", query)
	}
	balance, id, version := args[0].Value.(int64), args[1].Value.(string), args[2].Value.(int64)
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	r, ok := c.s.rows[id]
	if !ok || r.version != version {
		return driver.RowsAffected(0), nil
	}
	c.s.rows[id] = row{balance, version + 1}
	return driver.RowsAffected(1), nil
}

type rows struct{ values [][]driver.Value }

func (*rows) Columns() []string { return []string{"balance_cents", "version"} }
func (*rows) Close() error      { return nil }
func (r *rows) Next(dest []driver.Value) error {
	if len(r.values) == 0 {
		return io.EOF
	}
	copy(dest, r.values[0])
	r.values = r.values[1:]
	return nil
}

func open(name string, balance int64) *sql.DB {
	storesMu.Lock()
	stores[name] = &store{rows: map[string]row{"acc-1": {balance, 1}}}
	storesMu.Unlock()
	db, _ := sql.Open("p052fake", name)
	return db
}

func deposit(cents int64) func(accounts.Account) (accounts.Account, error) {
	return func(a accounts.Account) (accounts.Account, error) {
		a.BalanceCents += cents
		return a, nil
	}
}

func show(a accounts.Account) string {
	return fmt.Sprintf("balance %d.%02d at version %d", a.BalanceCents/100, a.BalanceCents%100, a.Version)
}

func Example() {
	db := open("example", 10000)
	ctx := context.Background()

	alice, _ := accounts.Get(ctx, db, "acc-1")
	bob, _ := accounts.Get(ctx, db, "acc-1")
	fmt.Println("both read:", show(alice))

	alice.BalanceCents += 5000
	saved, err := accounts.Save(ctx, db, alice)
	fmt.Println("alice saves:", show(saved), err)

	bob.BalanceCents += 3000
	_, err = accounts.Save(ctx, db, bob)
	fmt.Println("bob's save:", err, errors.Is(err, accounts.ErrConflict))

	saved, err = accounts.Update(ctx, db, "acc-1", 3, deposit(3000))
	fmt.Println("bob retries:", show(saved), err)
	// Output:
	// both read: balance 100.00 at version 1
	// alice saves: balance 150.00 at version 2 <nil>
	// bob's save: account "acc-1" changed after version 1 was read: version conflict true
	// bob retries: balance 180.00 at version 3 <nil>
}

func TestUpdateRetriesWithAFreshRead(t *testing.T) {
	db := open(t.Name(), 10000)
	ctx := context.Background()
	var seen []int64
	got, err := accounts.Update(ctx, db, "acc-1", 3, func(a accounts.Account) (accounts.Account, error) {
		seen = append(seen, a.Version)
		if len(seen) == 1 { // another writer saves between our read and our write
			other, _ := accounts.Get(ctx, db, "acc-1")
			other.BalanceCents += 5000
			if _, err := accounts.Save(ctx, db, other); err != nil {
				t.Fatal(err)
			}
		}
		return deposit(3000)(a)
	})
	if err != nil || got.BalanceCents != 18000 || got.Version != 3 || len(seen) != 2 {
		t.Fatalf("got %+v, err %v, change saw versions %v", got, err, seen)
	}
}

func TestUpdateGivesUpAfterItsAttempts(t *testing.T) {
	db := open(t.Name(), 0)
	ctx := context.Background()
	calls := 0
	_, err := accounts.Update(ctx, db, "acc-1", 2, func(a accounts.Account) (accounts.Account, error) {
		calls++
		other, _ := accounts.Get(ctx, db, "acc-1")
		_, _ = accounts.Save(ctx, db, other)
		return a, nil
	})
	if !errors.Is(err, accounts.ErrConflict) || calls != 2 {
		t.Fatalf("err %v after %d calls, want ErrConflict after 2", err, calls)
	}
}

func TestErrorsFromChangeAreNotRetried(t *testing.T) {
	db := open(t.Name(), 0)
	insufficient := errors.New("insufficient funds")
	calls := 0
	_, err := accounts.Update(context.Background(), db, "acc-1", 3, func(accounts.Account) (accounts.Account, error) {
		calls++
		return accounts.Account{}, insufficient
	})
	if !errors.Is(err, insufficient) || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}

func TestMissingRowIsNotFoundNotConflict(t *testing.T) {
	db := open(t.Name(), 0)
	_, err := accounts.Save(context.Background(), db, accounts.Account{ID: "acc-404", Version: 1})
	if !errors.Is(err, accounts.ErrNotFound) || errors.Is(err, accounts.ErrConflict) {
		t.Fatalf("err = %v, want ErrNotFound only", err)
	}
	if _, err := accounts.Update(context.Background(), db, "acc-404", 1, deposit(1)); !errors.Is(err, accounts.ErrNotFound) {
		t.Fatalf("update err = %v, want ErrNotFound", err)
	}
}

func TestAttemptsMustBePositive(t *testing.T) {
	if _, err := accounts.Update(context.Background(), open(t.Name(), 0), "acc-1", 0, deposit(1)); err == nil {
		t.Fatal("attempts=0 accepted")
	}
}

// Many goroutines deposit at once. Each failed attempt means another
// goroutine saved in between, which it does only once, so n attempts always
// suffice, and no deposit is lost.
func TestConcurrentDepositsAreNeverLost(t *testing.T) {
	const n = 20
	db := open(t.Name(), 0)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := accounts.Update(context.Background(), db, "acc-1", n, deposit(100))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, _ := accounts.Get(context.Background(), db, "acc-1")
	if got.BalanceCents != n*100 || got.Version != n+1 {
		t.Fatalf("got %+v, want %d cents at version %d", got, n*100, n+1)
	}
}
