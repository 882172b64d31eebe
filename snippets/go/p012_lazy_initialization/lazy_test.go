package lazy_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	lazy "example.com/patterns/p012_lazy_initialization"
)

// race starts n goroutines that call f at the same moment and waits for them.
func race(n int, f func()) {
	var start, done sync.WaitGroup
	start.Add(1)
	for range n {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			f()
		}()
	}
	start.Done()
	done.Wait()
}

func Example() {
	var parses atomic.Int32
	catalog := lazy.NewCatalog(func() (map[string]int, error) {
		parses.Add(1)
		return map[string]int{"tea": 350, "cake": 420}, nil
	})
	fmt.Println("parses before the first lookup:", parses.Load())
	race(100, func() { _, _ = catalog.Price("tea") })
	fmt.Println("parses after 100 racing lookups:", parses.Load())
	fmt.Println(catalog.Price("cake"))

	// sync.OnceValues caches a failure as well: parse is not run again.
	broken := lazy.NewCatalog(func() (map[string]int, error) {
		parses.Add(1)
		return nil, errors.New("line 3: missing price")
	})
	for range 3 {
		_, err := broken.Price("tea")
		fmt.Println(err)
	}
	fmt.Println("parses in all:", parses.Load())

	// Retrying caches only a success.
	attempts := 0
	pool := lazy.NewRetrying(func() (string, error) {
		attempts++
		if attempts == 1 {
			return "", errors.New("database is still starting")
		}
		return fmt.Sprintf("pool-%d", attempts), nil
	})
	for range 3 {
		v, err := pool.Get()
		fmt.Printf("%q %v\n", v, err)
	}
	// Output:
	// parses before the first lookup: 0
	// parses after 100 racing lookups: 1
	// 420 <nil>
	// catalog: line 3: missing price
	// catalog: line 3: missing price
	// catalog: line 3: missing price
	// parses in all: 2
	// "" database is still starting
	// "pool-2" <nil>
	// "pool-2" <nil>
}

func TestRetryingInitializesOnceUnderRacingCallers(t *testing.T) {
	var calls atomic.Int32
	value := lazy.NewRetrying(func() (*int, error) {
		calls.Add(1)
		n := 42
		return &n, nil
	})
	results := make(chan *int, 200)
	race(200, func() {
		v, err := value.Get()
		if err != nil {
			t.Error(err)
		}
		results <- v
	})
	close(results)
	first := <-results
	for v := range results {
		if v != first {
			t.Fatal("callers got different values")
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("init ran %d times, want 1", calls.Load())
	}
}

func TestRetryingNeverRunsTwoAttemptsAtOnce(t *testing.T) {
	var running, most, calls atomic.Int32
	value := lazy.NewRetrying(func() (int, error) {
		now := running.Add(1)
		defer running.Add(-1)
		for {
			old := most.Load()
			if now <= old || most.CompareAndSwap(old, now) {
				break
			}
		}
		if calls.Add(1) <= 5 {
			return 0, errors.New("not yet")
		}
		return 7, nil
	})
	var failures atomic.Int32
	race(50, func() {
		if _, err := value.Get(); err != nil {
			failures.Add(1)
		}
	})
	if most.Load() != 1 {
		t.Fatalf("%d attempts ran at once, want 1", most.Load())
	}
	if calls.Load() != 6 || failures.Load() != 5 {
		t.Fatalf("calls = %d, failures = %d; want 6 and 5", calls.Load(), failures.Load())
	}
}

// The classic form, sync.Once with Do, treats a panicking function as done:
// later calls skip it and read fields that were never set. OnceValues panics
// again on every call instead, which is why Catalog uses it.
func TestOnceDoForgetsAPanicButOnceValuesRepeatsIt(t *testing.T) {
	var once sync.Once
	var config map[string]string
	calls := 0
	load := func() map[string]string {
		once.Do(func() {
			calls++
			panic("bad config")
		})
		return config
	}
	func() {
		defer func() { _ = recover() }()
		load()
	}()
	// No panic this time: Do does not run the function again, and the
	// caller gets a nil map as if loading had succeeded.
	if got := load(); got != nil || calls != 1 {
		t.Fatalf("second load = %v after %d calls, want nil after 1", got, calls)
	}

	get := sync.OnceValue(func() int { panic("bad config") })
	for range 2 {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("OnceValue did not panic again")
				}
			}()
			get()
		}()
	}
}

func TestUnknownSkuIsAnErrorNotAZeroPrice(t *testing.T) {
	catalog := lazy.NewCatalog(func() (map[string]int, error) { return map[string]int{}, nil })
	if _, err := catalog.Price("tea"); err == nil {
		t.Fatal("unknown sku gave no error")
	}
}
