package throughcache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	throughcache "example.com/patterns/p072_read_through_write_through_caching"
)

var errUnavailable = errors.New("database unavailable")

// prices is an in-memory store that counts loads and can hold them.
type prices struct {
	mu       sync.Mutex
	rows     map[string]string
	loads    atomic.Int32
	failSave bool
	gate     chan struct{} // if set, Load waits on it after reading the row
}

func (p *prices) Load(_ context.Context, key string) (string, error) {
	p.mu.Lock()
	v, ok := p.rows[key]
	p.mu.Unlock()
	p.loads.Add(1) // counted after the read, so a test can wait for the read
	if p.gate != nil {
		<-p.gate
	}
	if !ok {
		return "", fmt.Errorf("%s: not found", key)
	}
	return v, nil
}

func (p *prices) Save(_ context.Context, key, value string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failSave {
		return errUnavailable
	}
	p.rows[key] = value
	return nil
}

func Example() {
	ctx := context.Background()
	db := &prices{rows: map[string]string{"sku-1": "9.99"}}
	cache := throughcache.New[string, string](db)

	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = cache.Get(ctx, "sku-1") }()
	}
	wg.Wait()
	fmt.Println("loads after 10 concurrent reads:", db.loads.Load())

	_ = cache.Put(ctx, "sku-1", "12.50")
	v, _ := cache.Get(ctx, "sku-1")
	fmt.Println("database:", db.rows["sku-1"], "| read:", v)

	db.failSave = true
	err := cache.Put(ctx, "sku-1", "0.01")
	v, _ = cache.Get(ctx, "sku-1")
	fmt.Println("write failed:", err, "| read:", v)
	// Output:
	// loads after 10 concurrent reads: 1
	// database: 12.50 | read: 12.50
	// write failed: database unavailable | read: 12.50
}

func TestFailedLoadIsNotCached(t *testing.T) {
	ctx := context.Background()
	db := &prices{rows: map[string]string{}}
	cache := throughcache.New[string, string](db)
	if _, err := cache.Get(ctx, "x"); err == nil {
		t.Fatal("missing key: want an error")
	}
	db.rows["x"] = "3"
	if v, err := cache.Get(ctx, "x"); err != nil || v != "3" {
		t.Fatalf("retry after failure = %q, %v", v, err)
	}
	if n := db.loads.Load(); n != 2 {
		t.Fatalf("loads = %d, want 2", n)
	}
}

func TestLoadStartedBeforeAWriteDoesNotOverwriteIt(t *testing.T) {
	ctx := context.Background()
	db := &prices{rows: map[string]string{"a": "old"}, gate: make(chan struct{})}
	cache := throughcache.New[string, string](db)
	got := make(chan string)
	go func() { v, _ := cache.Get(ctx, "a"); got <- v }()
	for db.loads.Load() == 0 {
		// wait until the load has started and read the old row
	}
	if err := cache.Put(ctx, "a", "new"); err != nil {
		t.Fatal(err)
	}
	close(db.gate)
	if v := <-got; v != "old" {
		t.Fatalf("reader that asked first = %q, want old", v)
	}
	if v, _ := cache.Get(ctx, "a"); v != "new" {
		t.Fatalf("after the write, Get = %q, want new", v)
	}
}

func TestCancelledWaiterDoesNotFailOthers(t *testing.T) {
	db := &prices{rows: map[string]string{"a": "1"}, gate: make(chan struct{})}
	cache := throughcache.New[string, string](db)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cache.Get(ctx, "a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller err = %v", err)
	}
	close(db.gate)
	if v, err := cache.Get(context.Background(), "a"); err != nil || v != "1" {
		t.Fatalf("next caller = %q, %v", v, err)
	}
	if n := db.loads.Load(); n != 1 {
		t.Fatalf("loads = %d, want 1 shared load", n)
	}
}
