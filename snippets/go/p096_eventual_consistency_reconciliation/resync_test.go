package resync_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"testing"
	"time"

	resync "example.com/patterns/p096_eventual_consistency_reconciliation"
)

// fakeGateway is an in-memory gateway whose writes can be made to fail.
type fakeGateway struct {
	table  map[string]string
	fail   map[string]int
	writes int
}

func newGateway() *fakeGateway {
	return &fakeGateway{table: map[string]string{}, fail: map[string]int{}}
}

func (g *fakeGateway) Snapshot() map[string]string { return maps.Clone(g.table) }

func (g *fakeGateway) write(name string) error {
	if g.fail[name] > 0 {
		g.fail[name]--
		return errors.New("gateway timeout writing " + name)
	}
	g.writes++
	return nil
}

func (g *fakeGateway) Upsert(name, backend string) error {
	if err := g.write(name); err != nil {
		return err
	}
	g.table[name] = backend
	return nil
}

func (g *fakeGateway) Delete(name string) error {
	if err := g.write(name); err != nil {
		return err
	}
	delete(g.table, name)
	return nil
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }
func (c *clock) At(s int)       { c.t = time.Unix(int64(s), 0) }

func describe(r *resync.Route) string {
	stale := ""
	if r.ObservedGeneration < r.Generation {
		stale = " (status is stale)"
	}
	return fmt.Sprintf("%s: gen %d, observed %d, Synced=%t %s%s",
		r.Name, r.Generation, r.ObservedGeneration, r.Synced.Status, r.Synced.Reason, stale)
}

func Example() {
	c := &clock{}
	c.At(0)
	store, gw := resync.NewStore(), newGateway()
	for _, name := range []string{"api", "docs", "web"} {
		store.Put(name, name+"-v1")
	}
	gw.table["legacy"] = "old-pool"
	gw.fail["web"] = 2
	rec := resync.New(store, gw, c.Now, 30*time.Second, time.Second, time.Minute)

	for _, s := range []int{0, 1, 2, 3} {
		c.At(s)
		n := rec.Tick()
		fmt.Printf("t=%3d looked at %d: %s\n", s, n, describe(store.Get("web")))
	}

	api := store.Put("api", "api-v2") // its event is lost
	gw.table["docs"] = "docs-hotfix"  // a hand edit
	c.At(10)
	fmt.Printf("t= 10 looked at %d: %s\n", rec.Tick(), describe(api))
	c.At(30)
	fmt.Printf("t= 30 looked at %d: %s\n", rec.Tick(), describe(api))
	fmt.Println("gateway:", gw.table)

	writes, statuses := gw.writes, store.StatusWrites
	for s := 31; s < 631; s++ {
		c.At(s)
		rec.Tick()
	}
	fmt.Printf("idle: %d gateway writes, %d status writes\n", gw.writes-writes, store.StatusWrites-statuses)
	// Output:
	// t=  0 looked at 4: web: gen 1, observed 0, Synced=false ApplyFailed (status is stale)
	// t=  1 looked at 1: web: gen 1, observed 0, Synced=false ApplyFailed (status is stale)
	// t=  2 looked at 0: web: gen 1, observed 0, Synced=false ApplyFailed (status is stale)
	// t=  3 looked at 1: web: gen 1, observed 1, Synced=true Applied
	// t= 10 looked at 0: api: gen 2, observed 1, Synced=true Applied (status is stale)
	// t= 30 looked at 3: api: gen 2, observed 2, Synced=true Applied
	// gateway: map[api:api-v2 docs:docs-v1 web:web-v1]
	// idle: 0 gateway writes, 0 status writes
}

func TestConvergesFromRandomDriftAndFailures(t *testing.T) {
	for seed := int64(0); seed < 20; seed++ {
		rng := rand.New(rand.NewSource(seed))
		c := &clock{}
		c.At(0)
		store, gw := resync.NewStore(), newGateway()
		for i := 0; i < 12; i++ {
			name := fmt.Sprintf("r%d", i)
			if rng.Intn(3) > 0 {
				store.Put(name, fmt.Sprintf("%s-v%d", name, rng.Intn(3)))
			}
			if rng.Intn(2) == 0 {
				gw.table[name] = fmt.Sprintf("%s-v%d", name, rng.Intn(3))
			}
			gw.fail[name] = rng.Intn(4)
		}
		rec := resync.New(store, gw, c.Now, 30*time.Second, time.Second, 8*time.Second)
		for s := 0; s <= 120; s++ {
			c.At(s)
			rec.Tick()
		}
		want := map[string]string{}
		for _, name := range store.Names() {
			r := store.Get(name)
			want[name] = r.Backend
			if r.ObservedGeneration != r.Generation || !r.Synced.Status {
				t.Errorf("seed %d: %s not synced: %+v", seed, name, r)
			}
		}
		if !maps.Equal(gw.table, want) {
			t.Errorf("seed %d: gateway %v, want %v", seed, gw.table, want)
		}
	}
}

func TestBackoffDoublesUpToTheCapAndNotifyDoesNotCutIt(t *testing.T) {
	c := &clock{}
	c.At(0)
	store, gw := resync.NewStore(), newGateway()
	store.Put("web", "v1")
	gw.fail["web"] = 100
	rec := resync.New(store, gw, c.Now, time.Hour, time.Second, 8*time.Second)
	var attempts []int
	for s := 0; s < 40; s++ {
		c.At(s)
		rec.Notify("web")
		if rec.Tick() > 0 {
			attempts = append(attempts, s)
		}
	}
	if got := fmt.Sprint(attempts); got != "[0 1 3 7 15 23 31 39]" {
		t.Fatalf("attempts at %s", got)
	}
}

func TestDeletedRouteIsRemovedAndFailedDeleteRetried(t *testing.T) {
	c := &clock{}
	c.At(0)
	store, gw := resync.NewStore(), newGateway()
	store.Put("api", "v1")
	rec := resync.New(store, gw, c.Now, time.Hour, time.Second, time.Second)
	rec.Tick()
	store.Delete("api")
	gw.fail["api"] = 1
	rec.Notify("api")
	rec.Tick()
	if _, ok := gw.table["api"]; !ok {
		t.Fatal("the failed delete should have left the route")
	}
	c.At(1)
	rec.Tick()
	if len(gw.table) != 0 {
		t.Fatalf("gateway = %v, want empty", gw.table)
	}
}
