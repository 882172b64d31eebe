package kv_test

import (
	"fmt"
	"reflect"
	"testing"

	kv "example.com/patterns/p005_composition_over_inheritance"
)

// Both wrappers are Stores, so they stack; the compiler checks it here.
var (
	_ kv.Store = (*kv.Counting)(nil)
	_ kv.Store = (*kv.Prefixed)(nil)
)

// countSetOnly is the embedding trap: it overrides Set only, so SetMany is
// promoted from the embedded Store and goes straight to it, uncounted.
type countSetOnly struct {
	kv.Store
	writes int
}

func (c *countSetOnly) Set(key, value string) {
	c.Store.Set(key, value)
	c.writes++
}

var items = []kv.Item{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}, {Key: "c", Value: "3"}}

func Example() {
	counting := kv.NewCounting(kv.NewMemory())
	counting.Set("z", "0")
	counting.SetMany(items)
	v, ok := counting.Get("b") // promoted from the embedded Store
	fmt.Println("counting:", counting.Writes(), "writes; b =", v, ok)

	// Memory.SetMany calls Memory.Set, never the wrapper's Set: no double count,
	// but also no count at all for a method the wrapper did not override.
	partial := &countSetOnly{Store: kv.NewMemory()}
	partial.Set("z", "0")
	partial.SetMany(items)
	fmt.Println("set-only wrapper:", partial.writes, "writes")

	shared := kv.NewMemory()
	tenantA := kv.NewCounting(kv.NewPrefixed(shared, "tenant-a:"))
	tenantB := kv.NewCounting(kv.NewPrefixed(shared, "tenant-b:"))
	tenantA.SetMany(items)
	tenantB.Set("a", "99")
	a, _ := tenantA.Get("a")
	b, _ := tenantB.Get("a")
	fmt.Println(a, b, tenantA.Writes(), tenantB.Writes())
	fmt.Println(shared.Keys())
	// Output:
	// counting: 4 writes; b = 2 true
	// set-only wrapper: 1 writes
	// 1 99 3 1
	// [tenant-a:a tenant-a:b tenant-a:c tenant-b:a]
}

// bulk is a Store whose SetMany does not call Set, like an optimised release.
type bulk struct{ data map[string]string }

func (b *bulk) Get(key string) (string, bool) { v, ok := b.data[key]; return v, ok }
func (b *bulk) Set(key, value string)         { b.data[key] = value }
func (b *bulk) SetMany(items []kv.Item) {
	for _, it := range items {
		b.data[it.Key] = it.Value
	}
}

func TestCountingDoesNotDependOnTheInnerImplementation(t *testing.T) {
	for name, inner := range map[string]kv.Store{"memory": kv.NewMemory(), "bulk": &bulk{data: map[string]string{}}} {
		t.Run(name, func(t *testing.T) {
			c := kv.NewCounting(inner)
			c.Set("z", "0")
			c.SetMany(items)
			c.SetMany(nil)
			if c.Writes() != 4 {
				t.Fatalf("writes = %d, want 4", c.Writes())
			}
			if v, ok := inner.Get("c"); v != "3" || !ok {
				t.Fatalf("inner.Get(c) = %q, %v", v, ok)
			}
		})
	}
}

func TestWrappersStackInEitherOrder(t *testing.T) {
	shared := kv.NewMemory()
	a := kv.NewCounting(kv.NewPrefixed(shared, "a:"))
	b := kv.NewPrefixed(kv.NewCounting(shared), "b:")
	a.SetMany(items)
	b.Set("a", "x")
	if got, want := shared.Keys(), []string{"a:a", "a:b", "a:c", "b:a"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("keys = %v, want %v", got, want)
	}
	if v, ok := b.Get("a"); v != "x" || !ok {
		t.Fatalf("b.Get(a) = %q, %v", v, ok)
	}
	if _, ok := a.Get("missing"); ok {
		t.Fatal("Get of a missing key reported ok")
	}
}

func TestAPromotedMethodBypassesTheWrapper(t *testing.T) {
	partial := &countSetOnly{Store: kv.NewMemory()}
	partial.SetMany(items)
	if partial.writes != 0 {
		t.Fatalf("writes = %d: SetMany was expected to bypass the wrapper", partial.writes)
	}
	if v, _ := partial.Get("a"); v != "1" {
		t.Fatalf("the data must still be written, got %q", v)
	}
}
