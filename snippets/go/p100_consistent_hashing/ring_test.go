package ring_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	ring "example.com/patterns/p100_consistent_hashing"
)

func keys(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("user-%d", i)
	}
	return out
}

func assign(t testing.TB, r *ring.Ring, ks []string) map[string]string {
	t.Helper()
	owners := make(map[string]string, len(ks))
	for _, k := range ks {
		node, err := r.Get(k)
		if err != nil {
			t.Fatalf("Get(%q): %v", k, err)
		}
		owners[k] = node
	}
	return owners
}

func newRing(t testing.TB, vnodes int, nodes ...string) *ring.Ring {
	t.Helper()
	r, err := ring.New(vnodes)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		if err := r.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func Example() {
	ks := keys(10_000)
	r, _ := ring.New(100)
	for _, n := range []string{"cache-a", "cache-b", "cache-c", "cache-d"} {
		_ = r.Add(n)
	}
	before := map[string]string{}
	for _, k := range ks {
		before[k], _ = r.Get(k)
	}

	_ = r.Add("cache-e")
	moved, toNew := 0, 0
	for _, k := range ks {
		now, _ := r.Get(k)
		if now != before[k] {
			moved++
			if now == "cache-e" {
				toNew++
			}
		}
	}
	fmt.Printf("add cache-e: %.1f%% moved, %d of %d to cache-e\n", 100*float64(moved)/float64(len(ks)), toNew, moved)

	_, err := new(ring.Ring).Get("user-1")
	fmt.Println(err, r.Nodes())
	// Output:
	// add cache-e: 19.1% moved, 1908 of 1908 to cache-e
	// ring has no nodes [cache-a cache-b cache-c cache-d cache-e]
}

func TestAddingANodeMovesAboutOneNthToIt(t *testing.T) {
	ks := keys(10_000)
	r := newRing(t, 200, "n1", "n2", "n3", "n4")
	old := assign(t, r, ks)
	if err := r.Add("n5"); err != nil {
		t.Fatal(err)
	}
	moved := 0
	for k, node := range assign(t, r, ks) {
		if node != old[k] {
			moved++
			if node != "n5" {
				t.Fatalf("%s moved from %s to %s, not to the new node", k, old[k], node)
			}
		}
	}
	if frac := float64(moved) / float64(len(ks)); math.Abs(frac-0.2) > 0.04 {
		t.Fatalf("moved fraction = %.3f, want about 0.2", frac)
	}
}

func TestRemovingANodeMovesOnlyItsKeys(t *testing.T) {
	ks := keys(10_000)
	for _, victim := range []string{"n1", "n2", "n3", "n4"} {
		t.Run(victim, func(t *testing.T) {
			r := newRing(t, 100, "n1", "n2", "n3", "n4")
			old := assign(t, r, ks)
			if err := r.Remove(victim); err != nil {
				t.Fatal(err)
			}
			for k, node := range assign(t, r, ks) {
				if (node != old[k]) != (old[k] == victim) {
					t.Fatalf("%s: %s -> %s after removing %s", k, old[k], node, victim)
				}
			}
		})
	}
}

func TestInsertionOrderDoesNotMatter(t *testing.T) {
	ks := keys(2_000)
	a := assign(t, newRing(t, 50, "n1", "n2", "n3"), ks)
	b := assign(t, newRing(t, 50, "n3", "n2", "n1"), ks)
	for _, k := range ks {
		if a[k] != b[k] {
			t.Fatalf("%s: %s vs %s", k, a[k], b[k])
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := ring.New(0); err == nil || !strings.Contains(err.Error(), "vnodes") {
		t.Fatalf("New(0) err = %v", err)
	}
	r := newRing(t, 10, "n1")
	if err := r.Add("n1"); err == nil {
		t.Fatal("adding a node twice succeeded")
	}
	if err := r.Remove("n2"); err == nil {
		t.Fatal("removing an unknown node succeeded")
	}
	_ = r.Remove("n1")
	if _, err := r.Get("k"); !errors.Is(err, ring.ErrEmpty) {
		t.Fatalf("Get on empty ring err = %v", err)
	}
}
