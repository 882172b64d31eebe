package cleanup_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"

	cleanup "example.com/patterns/p024_resource_cleanup_with_defer"
)

// journal records every acquire and release, in order.
type journal []string

func (j *journal) add(event string) { *j = append(*j, event) }

// memFiles serves order files from memory and records each open and close.
type memFiles struct {
	files map[string]string
	log   *journal
}

type recordedFile struct {
	io.Reader
	name string
	log  *journal
}

func (f recordedFile) Close() error { f.log.add("close " + f.name); return nil }

func (m memFiles) Open(name string) (io.ReadCloser, error) {
	content, ok := m.files[name]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
	}
	m.log.add("open " + name)
	return recordedFile{strings.NewReader(content), name, m.log}, nil
}

// memDB records begin, commit and rollback; insert can be made to panic.
type memDB struct {
	log        *journal
	rows       []cleanup.Order
	panicOnID  string
	openTxs    int
	cancelling context.CancelFunc // if set, cancels the context on the first insert
}

type memTx struct {
	db       *memDB
	pending  []cleanup.Order
	finished bool
}

func (d *memDB) Begin(ctx context.Context) (cleanup.Tx, error) {
	d.log.add("begin")
	d.openTxs++
	return &memTx{db: d}, nil
}

func (t *memTx) Insert(ctx context.Context, o cleanup.Order) error {
	if o.ID == t.db.panicOnID {
		panic("driver bug on " + o.ID)
	}
	if t.db.cancelling != nil {
		t.db.cancelling()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t.pending = append(t.pending, o)
	return nil
}

func (t *memTx) Commit() error {
	t.db.rows = append(t.db.rows, t.pending...)
	t.db.log.add("commit")
	t.db.openTxs--
	t.finished = true
	return nil
}

var errTxDone = errors.New("transaction has already been committed or rolled back")

func (t *memTx) Rollback() error {
	if t.finished {
		return errTxDone // what database/sql returns: nothing is undone
	}
	t.db.log.add("rollback")
	t.db.openTxs--
	t.finished = true
	return nil
}

var orderFiles = map[string]string{
	"a.csv":   "A-1,2\nA-2,1\n",
	"b.csv":   "B-1,5\n",
	"bad.csv": "C-1,1\nC-2,three\n",
}

func run(names []string) (journal, *memDB, int, error) {
	var log journal
	db := &memDB{log: &log}
	n, err := cleanup.ImportOrders(context.Background(), db, memFiles{orderFiles, &log}, names)
	return log, db, n, err
}

func Example() {
	log, _, n, err := run([]string{"a.csv", "b.csv"})
	fmt.Println(strings.Join(log, " > "))
	fmt.Println(" ", n, err)

	log, _, _, err = run([]string{"a.csv", "bad.csv"})
	fmt.Println(strings.Join(log, " > "))
	fmt.Println(" ", err)

	log, _, _, err = run([]string{"a.csv", "b.csv", "missing.csv"})
	fmt.Println(strings.Join(log, " > "))
	fmt.Println(" ", err)
	// Output:
	// open a.csv > open b.csv > begin > commit > close b.csv > close a.csv
	//   3 <nil>
	// open a.csv > open bad.csv > begin > rollback > close bad.csv > close a.csv
	//   bad.csv line 2: quantity "three" is not a number
	// open a.csv > open b.csv > close b.csv > close a.csv
	//   import orders: open missing.csv: file does not exist
}

func TestAFailedOpenClosesOnlyWhatWasOpenedBeforeIt(t *testing.T) {
	for failingAt := range 3 {
		names := []string{"a.csv", "b.csv", "bad.csv"}
		names[failingAt] = "missing.csv"
		log, db, _, err := run(names)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err = %v, want fs.ErrNotExist", err)
		}
		var want journal
		for _, name := range names[:failingAt] {
			want.add("open " + name)
		}
		for i := failingAt - 1; i >= 0; i-- {
			want.add("close " + names[i])
		}
		if !slices.Equal(log, want) || db.openTxs != 0 {
			t.Fatalf("failing at %d: journal %v, want %v", failingAt, log, want)
		}
	}
}

func TestAPanicStillRollsBackAndCloses(t *testing.T) {
	var log journal
	db := &memDB{log: &log, panicOnID: "B-1"}
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Fatal("expected the insert to panic")
			}
		}()
		_, _ = cleanup.ImportOrders(context.Background(), db, memFiles{orderFiles, &log},
			[]string{"a.csv", "b.csv"})
	}()
	want := journal{"open a.csv", "open b.csv", "begin", "rollback", "close b.csv", "close a.csv"}
	if !slices.Equal(log, want) || db.openTxs != 0 || len(db.rows) != 0 {
		t.Fatalf("journal %v, rows %v; want %v and no rows", log, db.rows, want)
	}
}

func TestCancellationRollsBackAndCloses(t *testing.T) {
	var log journal
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := &memDB{log: &log, cancelling: cancel} // the caller gives up during the first insert
	_, err := cleanup.ImportOrders(ctx, db, memFiles{orderFiles, &log}, []string{"a.csv"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	want := journal{"open a.csv", "begin", "rollback", "close a.csv"}
	if !slices.Equal(log, want) || db.openTxs != 0 {
		t.Fatalf("journal %v, want %v", log, want)
	}
}

func TestSuccessCommitsEveryRowOnce(t *testing.T) {
	log, db, n, err := run([]string{"a.csv", "b.csv"})
	if err != nil || n != 3 || len(db.rows) != 3 {
		t.Fatalf("n=%d rows=%v err=%v, want 3 rows and no error", n, db.rows, err)
	}
	if slices.Contains(log, "rollback") {
		t.Fatalf("the deferred Rollback undid a committed transaction: %v", log)
	}
}
