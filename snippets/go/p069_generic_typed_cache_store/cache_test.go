package typedcache_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	typedcache "example.com/patterns/p069_generic_typed_cache_store"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

type Price struct{ Cents int }

func Example() {
	clock := &fakeClock{t: time.Unix(0, 0)}
	prices := typedcache.New[string, Price](2, time.Minute, clock.Now)
	prices.Set("mug", Price{999})
	// prices.Set("mug", "9.99") does not compile: cannot use "9.99" as Price.
	mug, _ := prices.Get("mug")
	fmt.Println("two mugs cost (cents):", mug.Cents*2)

	prices.Set("cup", Price{450})
	prices.Get("mug")              // mug is now the most recently used
	prices.Set("pot", Price{3000}) // full: the coldest entry, cup, goes
	_, cupOK := prices.Get("cup")
	_, mugOK := prices.Get("mug")
	fmt.Println("cup cached:", cupOK, "| mug cached:", mugOK, "| size:", prices.Len())

	clock.Advance(time.Minute)
	_, mugOK = prices.Get("mug")
	fmt.Println("mug after 1m:", mugOK)
	// Output:
	// two mugs cost (cents): 1998
	// cup cached: false | mug cached: true | size: 2
	// mug after 1m: false
}

func TestEntryExpiresExactlyAtTTL(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	c := typedcache.New[int, string](4, 10*time.Second, clock.Now)
	c.Set(1, "one")
	clock.Advance(10*time.Second - time.Nanosecond)
	if v, ok := c.Get(1); !ok || v != "one" {
		t.Fatalf("just before TTL: got %q, %v", v, ok)
	}
	clock.Advance(time.Nanosecond)
	if _, ok := c.Get(1); ok {
		t.Fatal("entry still served at its TTL")
	}
	if c.Len() != 0 {
		t.Fatalf("expired entry not removed, Len = %d", c.Len())
	}
}

func TestOverwriteRefreshesWithoutEvicting(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	c := typedcache.New[string, int](2, time.Minute, clock.Now)
	c.Set("a", 1)
	c.Set("b", 2)
	c.Set("a", 10)
	c.Set("c", 3) // b is the coldest now
	if _, ok := c.Get("b"); ok {
		t.Fatal("b should have been evicted")
	}
	if v, ok := c.Get("a"); !ok || v != 10 {
		t.Fatalf("a = %d, %v; want 10, true", v, ok)
	}
}

func TestConcurrentUseIsSafe(t *testing.T) {
	c := typedcache.New[int, int](8, time.Minute, time.Now)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				c.Set(i%16, g)
				c.Get(i % 16)
			}
		}()
	}
	wg.Wait()
	if c.Len() > 8 {
		t.Fatalf("Len = %d, over maxSize", c.Len())
	}
}
