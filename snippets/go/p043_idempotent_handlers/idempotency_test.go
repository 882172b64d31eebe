package idempotency_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	idempotency "example.com/patterns/p043_idempotent_handlers"
)

// fakeBank deduplicates on the key, as real payment providers do. With
// dropReply set, the next payout is made but its reply is lost.
type fakeBank struct {
	mu        sync.Mutex
	payouts   map[string]string // key -> reference
	dropReply bool
	down      bool
}

func newBank() *fakeBank { return &fakeBank{payouts: map[string]string{}} }

func (b *fakeBank) PayOut(_ context.Context, key, _ string, _ int64) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.down {
		return "", errors.New("bank did not answer")
	}
	if _, seen := b.payouts[key]; !seen { // a repeated key pays nothing more
		b.payouts[key] = fmt.Sprintf("bank-%d", len(b.payouts)+1)
	}
	if b.dropReply {
		b.dropReply = false
		return "", errors.New("connection to the bank reset")
	}
	return b.payouts[key], nil
}

var errKilled = errors.New("process killed")

// crashOnce makes the next commit fail, as if the process died just before it.
func crashOnce(db *idempotency.DB) {
	db.BeforeCommit = func() error {
		db.BeforeCommit = nil
		return errKilled
	}
}

func balances(db *idempotency.DB) string {
	return fmt.Sprintf("alice %d, bob %d", db.Balance("alice"), db.Balance("bob"))
}

func Example() {
	db := idempotency.NewDB(map[string]int64{"alice": 100, "bob": 0})
	bank := newBank()
	svc := &idempotency.Service{DB: db, Bank: bank}
	rent := idempotency.Transfer{From: "alice", To: "bob", Amount: 30}

	// The first response is lost on the way back; the client retries.
	_, _ = svc.Transfer("key-1", rent)
	receipt, _ := svc.Transfer("key-1", rent)
	fmt.Printf("%+v | %s\n", receipt, balances(db))

	// A crash after the effect, before the commit: nothing is kept.
	crashOnce(db)
	_, err := svc.Transfer("key-2", rent)
	fmt.Printf("crashed: %v | %s\n", err, balances(db))
	receipt, _ = svc.Transfer("key-2", rent)
	fmt.Printf("%+v | %s\n", receipt, balances(db))

	_, err = svc.Transfer("key-2", idempotency.Transfer{From: "alice", To: "bob", Amount: 40})
	fmt.Println(err)

	// The bank pays out, then its reply is lost; Reconcile finishes the payout.
	bank.dropReply = true
	_, err = svc.Payout(context.Background(), "key-3", "bob", 50)
	fmt.Printf("payout failed: %v | %s\n", err, balances(db))
	finished, _ := svc.Reconcile(context.Background())
	reference, _ := svc.Payout(context.Background(), "key-3", "bob", 50)
	fmt.Println("reconciled:", finished, "| retry:", reference, "| bank payouts:", len(bank.payouts))
	// Output:
	// {TransferID:1 Amount:30 Replayed:true} | alice 70, bob 30
	// crashed: process killed | alice 70, bob 30
	// {TransferID:2 Amount:30 Replayed:false} | alice 40, bob 60
	// key "key-2": idempotency key reused for a different request
	// payout failed: payout key-3: connection to the bank reset | alice 40, bob 10
	// reconciled: 1 | retry: bank-1 | bank payouts: 1
}

func TestConcurrentRetriesOfOneRequestApplyItOnce(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 1000})
	svc := &idempotency.Service{DB: db, Bank: newBank()}
	rent := idempotency.Transfer{From: "alice", To: "bob", Amount: 30}
	var wg sync.WaitGroup
	receipts := make([]idempotency.Receipt, 50)
	for i := range receipts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := svc.Transfer("key", rent)
			if err != nil {
				t.Error(err)
			}
			receipts[i] = r
		}()
	}
	wg.Wait()
	fresh := 0
	for _, r := range receipts {
		if r.TransferID != 1 || r.Amount != 30 {
			t.Fatalf("receipt %+v, want transfer 1", r)
		}
		if !r.Replayed {
			fresh++
		}
	}
	if fresh != 1 || db.Balance("alice") != 970 || db.Balance("bob") != 30 {
		t.Fatalf("%d fresh receipts, balances alice %d bob %d; want 1, 970, 30",
			fresh, db.Balance("alice"), db.Balance("bob"))
	}
}

func TestACrashBeforeTheCommitKeepsNeitherEffectNorKey(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 100})
	svc := &idempotency.Service{DB: db, Bank: newBank()}
	rent := idempotency.Transfer{From: "alice", To: "bob", Amount: 30}
	crashOnce(db)
	if _, err := svc.Transfer("key", rent); !errors.Is(err, errKilled) {
		t.Fatalf("err = %v, want the crash", err)
	}
	if balances(db) != "alice 100, bob 0" {
		t.Fatalf("balances after the crash: %s", balances(db))
	}
	r, err := svc.Transfer("key", rent)
	if err != nil || r.Replayed || r.TransferID != 1 {
		t.Fatalf("retry = %+v, %v; want a fresh transfer 1", r, err)
	}
	if balances(db) != "alice 70, bob 30" {
		t.Fatalf("balances after the retry: %s", balances(db))
	}
}

func TestARefusedTransferStoresNoKeySoARetryIsJudgedAfresh(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 10, "bob": 100})
	svc := &idempotency.Service{DB: db, Bank: newBank()}
	rent := idempotency.Transfer{From: "alice", To: "bob", Amount: 30}
	if _, err := svc.Transfer("key", rent); !errors.Is(err, idempotency.ErrInsufficientFunds) {
		t.Fatalf("err = %v, want ErrInsufficientFunds", err)
	}
	if balances(db) != "alice 10, bob 100" {
		t.Fatalf("a refused transfer changed balances: %s", balances(db))
	}
	if _, err := svc.Transfer("gift", idempotency.Transfer{From: "bob", To: "alice", Amount: 50}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Transfer("key", rent)
	if err != nil || r.Replayed {
		t.Fatalf("retry after the refusal = %+v, %v; want a fresh transfer", r, err)
	}
	if balances(db) != "alice 30, bob 80" {
		t.Fatalf("balances: %s", balances(db))
	}
}

func TestAPayoutThatNeverReachedTheBankIsMadeByReconcile(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 100})
	bank := newBank()
	svc := &idempotency.Service{DB: db, Bank: bank}
	bank.down = true
	if _, err := svc.Payout(context.Background(), "p", "alice", 25); err == nil {
		t.Fatal("payout should fail while the bank is down")
	}
	if n, err := svc.Reconcile(context.Background()); n != 0 || err == nil {
		t.Fatalf("Reconcile while the bank is down = %d, %v; want 0 and an error", n, err)
	}
	bank.down = false
	if n, err := svc.Reconcile(context.Background()); n != 1 || err != nil {
		t.Fatalf("Reconcile = %d, %v; want 1, nil", n, err)
	}
	if n, _ := svc.Reconcile(context.Background()); n != 0 {
		t.Fatalf("second Reconcile finished %d, want 0", n)
	}
	if len(bank.payouts) != 1 || db.Balance("alice") != 75 {
		t.Fatalf("bank payouts %d, alice %d; want 1 and 75", len(bank.payouts), db.Balance("alice"))
	}
}

func TestConcurrentPayoutsWithOneKeyPayOnce(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 100})
	bank := newBank()
	svc := &idempotency.Service{DB: db, Bank: bank}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ref, err := svc.Payout(context.Background(), "p", "alice", 10); err != nil || ref != "bank-1" {
				t.Errorf("Payout = %q, %v", ref, err)
			}
		}()
	}
	wg.Wait()
	if len(bank.payouts) != 1 || db.Balance("alice") != 90 {
		t.Fatalf("bank payouts %d, alice %d; want 1 and 90", len(bank.payouts), db.Balance("alice"))
	}
}

func TestAReusedPayoutKeyAndAnUncoveredPayoutAreRefused(t *testing.T) {
	db := idempotency.NewDB(map[string]int64{"alice": 100})
	bank := newBank()
	svc := &idempotency.Service{DB: db, Bank: bank}
	if _, err := svc.Payout(context.Background(), "p", "alice", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Payout(context.Background(), "p", "alice", 11); !errors.Is(err, idempotency.ErrKeyReused) {
		t.Fatalf("err = %v, want ErrKeyReused", err)
	}
	if _, err := svc.Payout(context.Background(), "q", "alice", 500); !errors.Is(err, idempotency.ErrInsufficientFunds) {
		t.Fatalf("err = %v, want ErrInsufficientFunds", err)
	}
	if n, _ := svc.Reconcile(context.Background()); n != 0 || len(bank.payouts) != 1 {
		t.Fatalf("a refused payout left work behind: reconciled %d, bank payouts %d", n, len(bank.payouts))
	}
}
