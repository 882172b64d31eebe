package txn_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	txn "example.com/patterns/p051_transaction_boundary_encapsulation"
)

// The standard library has no database, so these tests register a small
// in-memory driver. It understands exactly the statements PlaceOrder sends,
// gives each transaction a private copy of the data, and publishes the copy
// only on COMMIT. It logs BEGIN, COMMIT and ROLLBACK so tests can check them.

type tables struct {
	orders, lines []string
	stock         map[string]int64
}

func (t tables) clone() tables {
	c := tables{orders: slices.Clone(t.orders), lines: slices.Clone(t.lines), stock: map[string]int64{}}
	for k, v := range t.stock {
		c.stock[k] = v
	}
	return c
}

type store struct {
	mu           sync.Mutex
	data         tables
	log          []string
	failCommit   bool
	failRollback bool
}

func (s *store) record(entry string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, entry)
}

func (s *store) snapshot() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	skus := make([]string, 0, len(s.data.stock))
	for sku := range s.data.stock {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	var stock []string
	for _, sku := range skus {
		stock = append(stock, fmt.Sprintf("%s=%d", sku, s.data.stock[sku]))
	}
	return fmt.Sprintf("orders=%v lines=%d stock: %s", s.data.orders, len(s.data.lines), strings.Join(stock, " "))
}

var (
	storesMu sync.Mutex
	stores   = map[string]*store{}
)

type fakeDriver struct{}

func (fakeDriver) Open(name string) (driver.Conn, error) {
	storesMu.Lock()
	defer storesMu.Unlock()
	return &conn{s: stores[name]}, nil
}

func init() { sql.Register("p051fake", fakeDriver{}) }

type conn struct {
	s  *store
	tx *tables // the transaction's private copy, nil outside a transaction
}

func (c *conn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("fake: no prepare") }
func (c *conn) Close() error                        { return nil }
func (c *conn) Begin() (driver.Tx, error)           { return c.BeginTx(context.Background(), driver.TxOptions{}) }

func (c *conn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	c.s.mu.Lock()
	working := c.s.data.clone()
	c.s.mu.Unlock()
	c.tx = &working
	c.s.record("BEGIN")
	return fakeTx{c}, nil
}

type fakeTx struct{ c *conn }

func (t fakeTx) Commit() error {
	working := t.c.tx
	t.c.tx = nil
	if t.c.s.failCommit {
		t.c.s.record("COMMIT failed")
		return errors.New("fake: commit refused")
	}
	t.c.s.mu.Lock()
	t.c.s.data = *working
	t.c.s.mu.Unlock()
	t.c.s.record("COMMIT")
	return nil
}

func (t fakeTx) Rollback() error {
	t.c.tx = nil
	if t.c.s.failRollback {
		t.c.s.record("ROLLBACK failed")
		return errors.New("fake: connection lost")
	}
	t.c.s.record("ROLLBACK")
	return nil
}

func (c *conn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.tx == nil {
		return nil, errors.New("fake: these tests only write inside transactions")
	}
	d := c.tx
	c.s.record(strings.Fields(query)[0])
	switch {
	case strings.HasPrefix(query, "INSERT INTO orders "):
		d.orders = append(d.orders, args[0].Value.(string))
	case strings.HasPrefix(query, "INSERT INTO order_lines "):
		d.lines = append(d.lines, args[1].Value.(string))
	case strings.HasPrefix(query, "UPDATE stock SET on_hand = on_hand - ? WHERE sku = ? AND on_hand >= ?"):
		qty, sku := args[0].Value.(int64), args[1].Value.(string)
		if d.stock[sku] < qty {
			return driver.RowsAffected(0), nil
		}
		d.stock[sku] -= qty
	default:
		return nil, fmt.Errorf("fake: unsupported statement %q", query)
	}
	return driver.RowsAffected(1), nil
}

func open(t interface{ Name() string }, stock map[string]int64) (*sql.DB, *store) {
	s := &store{data: tables{stock: stock}}
	storesMu.Lock()
	stores[t.Name()] = s
	storesMu.Unlock()
	db, _ := sql.Open("p051fake", t.Name())
	return db, s
}

type named string

func (n named) Name() string { return string(n) }

func Example() {
	db, s := open(named("example"), map[string]int64{"desk": 1, "lamp": 5})
	ctx := context.Background()

	err := txn.WithTx(ctx, db, func(tx *sql.Tx) error {
		return txn.PlaceOrder(ctx, tx, "o-1", "ada", []txn.Line{{SKU: "lamp", Quantity: 2}, {SKU: "desk", Quantity: 1}})
	})
	fmt.Println("o-1:", err)

	err = txn.WithTx(ctx, db, func(tx *sql.Tx) error {
		return txn.PlaceOrder(ctx, tx, "o-2", "bob", []txn.Line{{SKU: "lamp", Quantity: 1}, {SKU: "desk", Quantity: 1}})
	})
	fmt.Println("o-2:", err, errors.Is(err, txn.ErrOutOfStock))
	fmt.Println(s.snapshot())
	fmt.Println(strings.Join(s.log, " "))
	// Output:
	// o-1: <nil>
	// o-2: desk: out of stock true
	// orders=[o-1] lines=2 stock: desk=0 lamp=3
	// BEGIN INSERT INSERT UPDATE INSERT UPDATE COMMIT BEGIN INSERT INSERT UPDATE INSERT UPDATE ROLLBACK
}

func TestErrorRollsBackAndIsReturnedUnchanged(t *testing.T) {
	db, s := open(t, map[string]int64{"lamp": 5})
	boom := errors.New("boom")
	err := txn.WithTx(context.Background(), db, func(tx *sql.Tx) error {
		_ = txn.PlaceOrder(context.Background(), tx, "o-1", "ada", []txn.Line{{SKU: "lamp", Quantity: 1}})
		return boom
	})
	if err != boom {
		t.Fatalf("err = %v, want the work's own error", err)
	}
	if got := s.snapshot(); got != "orders=[] lines=0 stock: lamp=5" {
		t.Fatalf("partial rows left behind: %s", got)
	}
	if last := s.log[len(s.log)-1]; last != "ROLLBACK" {
		t.Fatalf("last entry %q, want ROLLBACK", last)
	}
}

func TestAFailedRollbackIsJoinedToTheWorkError(t *testing.T) {
	db, s := open(t, map[string]int64{"lamp": 5})
	s.failRollback = true
	boom := errors.New("boom")
	err := txn.WithTx(context.Background(), db, func(*sql.Tx) error { return boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "rollback: fake: connection lost") {
		t.Fatalf("err = %v, want boom joined with the rollback error", err)
	}
}

func TestPanicRollsBackAndPropagates(t *testing.T) {
	db, s := open(t, map[string]int64{"lamp": 5})
	defer func() {
		if p := recover(); p != "bug in the work" {
			t.Fatalf("recovered %v, want the original panic", p)
		}
		if got := s.snapshot(); got != "orders=[] lines=0 stock: lamp=5" {
			t.Fatalf("partial rows left behind: %s", got)
		}
		if !slices.Equal(s.log, []string{"BEGIN", "INSERT", "ROLLBACK"}) {
			t.Fatalf("log = %v", s.log)
		}
	}()
	_ = txn.WithTx(context.Background(), db, func(tx *sql.Tx) error {
		_, _ = tx.Exec("INSERT INTO orders (id, customer) VALUES (?, ?)", "o-1", "ada")
		panic("bug in the work")
	})
}

func TestCommitFailureIsReportedAndNothingIsPublished(t *testing.T) {
	db, s := open(t, map[string]int64{"lamp": 5})
	s.failCommit = true
	err := txn.WithTx(context.Background(), db, func(tx *sql.Tx) error {
		return txn.PlaceOrder(context.Background(), tx, "o-1", "ada", []txn.Line{{SKU: "lamp", Quantity: 1}})
	})
	if err == nil || !strings.HasPrefix(err.Error(), "commit: ") {
		t.Fatalf("err = %v, want a commit error", err)
	}
	if got := s.snapshot(); got != "orders=[] lines=0 stock: lamp=5" {
		t.Fatalf("data after failed commit: %s", got)
	}
}

func TestCancelledContextNeverRunsTheWork(t *testing.T) {
	db, _ := open(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := txn.WithTx(ctx, db, func(*sql.Tx) error { ran = true; return nil })
	if ran || !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "start transaction: ") {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
}

func TestTheTransactionIsDeadAfterWithTxReturns(t *testing.T) {
	db, _ := open(t, map[string]int64{"lamp": 5})
	var kept *sql.Tx
	_ = txn.WithTx(context.Background(), db, func(tx *sql.Tx) error { kept = tx; return nil })
	if _, err := kept.Exec("INSERT INTO orders (id, customer) VALUES (?, ?)", "o-1", "ada"); !errors.Is(err, sql.ErrTxDone) {
		t.Fatalf("err = %v, want sql.ErrTxDone", err)
	}
}
