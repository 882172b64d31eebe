package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
	"time"

	reconcile "example.com/patterns/p035_reconciliation_loop"
)

// fakeCluster is an in-memory cluster. It is safe for concurrent use, so
// Run's goroutine and the test can both touch it.
type fakeCluster struct {
	mu         sync.Mutex
	instances  map[string]reconcile.Instance
	serial     int
	changes    int
	refuseNext error
	reaper     bool // delete every instance right after starting it
}

func newCluster() *fakeCluster {
	return &fakeCluster{instances: map[string]reconcile.Instance{}}
}

func (f *fakeCluster) List(ctx context.Context) ([]reconcile.Instance, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]reconcile.Instance, 0, len(f.instances))
	for _, in := range f.instances {
		out = append(out, in)
	}
	return out, nil
}

func (f *fakeCluster) refused() error {
	err := f.refuseNext
	f.refuseNext = nil
	return err
}

func (f *fakeCluster) Start(ctx context.Context, app, version string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refused(); err != nil {
		return err
	}
	f.serial++
	name := fmt.Sprintf("%s-%d", app, f.serial)
	f.instances[name] = reconcile.Instance{Name: name, App: app, Version: version}
	f.changes++
	if f.reaper {
		clear(f.instances)
	}
	return nil
}

func (f *fakeCluster) Stop(ctx context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refused(); err != nil {
		return err
	}
	delete(f.instances, name)
	f.changes++
	return nil
}

func (f *fakeCluster) crash(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.instances, name)
}

// summary lists "name version", sorted, for comparisons and printing.
func (f *fakeCluster) summary() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []string{}
	for _, in := range f.instances {
		out = append(out, in.Name+" "+in.Version)
	}
	sort.Strings(out)
	return out
}

// counts maps "app version" to how many instances run it.
func (f *fakeCluster) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, in := range f.instances {
		out[in.App+" "+in.Version]++
	}
	return out
}

func converge(t testing.TB, c *reconcile.Controller) []reconcile.Step {
	t.Helper()
	var steps []reconcile.Step
	for range 100 {
		step, changed, err := c.Reconcile(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !changed {
			return steps
		}
		steps = append(steps, step)
	}
	t.Fatal("not converged after 100 steps")
	return nil
}

func Example() {
	ctx := context.Background()
	cluster := newCluster()
	c := reconcile.New(cluster)
	c.SetDesired(map[string]reconcile.Spec{"web": {Replicas: 2, Version: "v1"}})
	for {
		step, changed, err := c.Reconcile(ctx) // the caller drives each pass
		if err != nil || !changed {
			break
		}
		fmt.Println(step)
	}
	_, changed, _ := c.Reconcile(ctx)
	fmt.Println("another pass changes something:", changed)

	cluster.crash("web-1") // no event: the next pass sees it anyway
	step, _, _ := c.Reconcile(ctx)
	fmt.Println(step)
	fmt.Println(cluster.summary())
	// Output:
	// start web v1 (0 of 2 at v1)
	// start web v1 (1 of 2 at v1)
	// another pass changes something: false
	// start web v1 (1 of 2 at v1)
	// [web-2 v1 web-3 v1]
}

func TestPlan(t *testing.T) {
	in := func(name, app, version string) reconcile.Instance {
		return reconcile.Instance{Name: name, App: app, Version: version}
	}
	cases := []struct {
		name     string
		desired  map[string]reconcile.Spec
		observed []reconcile.Instance
		want     string // "" means converged
	}{
		{"nothing wanted, nothing running", nil, nil, ""},
		{"matches", map[string]reconcile.Spec{"web": {1, "v1"}}, []reconcile.Instance{in("web-1", "web", "v1")}, ""},
		{"missing", map[string]reconcile.Spec{"web": {2, "v1"}}, []reconcile.Instance{in("web-1", "web", "v1")}, "start web v1 (1 of 2 at v1)"},
		{"surplus stops the newest name", map[string]reconcile.Spec{"web": {1, "v1"}},
			[]reconcile.Instance{in("web-7", "web", "v1"), in("web-1", "web", "v1")}, "stop web-7 (2 running, 1 wanted)"},
		{"unwanted app first", map[string]reconcile.Spec{"web": {2, "v1"}},
			[]reconcile.Instance{in("db-1", "db", "v1")}, "stop db-1 (app not wanted)"},
		{"rolling update starts first", map[string]reconcile.Spec{"web": {1, "v2"}},
			[]reconcile.Instance{in("web-1", "web", "v1")}, "start web v2 (0 of 1 at v2)"},
		{"then stops the old one", map[string]reconcile.Spec{"web": {1, "v2"}},
			[]reconcile.Instance{in("web-1", "web", "v1"), in("web-2", "web", "v2")}, "stop web-1 (old version v1)"},
		{"apps in name order", map[string]reconcile.Spec{"web": {1, "v1"}, "api": {1, "v1"}}, nil, "start api v1 (0 of 1 at v1)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for range 20 { // map iteration order changes between runs; the answer must not
				step, ok := reconcile.Plan(tc.desired, tc.observed)
				got := ""
				if ok {
					got = step.String()
				}
				if got != tc.want {
					t.Fatalf("Plan = %q, want %q", got, tc.want)
				}
			}
		})
	}
}

func TestAnyStartingStateConverges(t *testing.T) {
	apps, versions := []string{"api", "web", "worker"}, []string{"v1", "v2", "v3"}
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 1))
		cluster := newCluster()
		for n := range rng.IntN(12) {
			name := fmt.Sprint("x-", n)
			cluster.instances[name] = reconcile.Instance{Name: name, App: apps[rng.IntN(3)], Version: versions[rng.IntN(3)]}
		}
		desired := map[string]reconcile.Spec{}
		want := map[string]int{}
		for _, app := range apps[:1+rng.IntN(3)] {
			spec := reconcile.Spec{Replicas: rng.IntN(4), Version: versions[rng.IntN(3)]}
			desired[app] = spec
			if spec.Replicas > 0 {
				want[app+" "+spec.Version] = spec.Replicas
			}
		}
		c := reconcile.New(cluster)
		c.SetDesired(desired)
		steps := converge(t, c)
		got := cluster.counts()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("seed %d: running %v, want %v", seed, got, want)
		}
		if len(steps) != cluster.changes {
			t.Fatalf("seed %d: %d steps, %d changes", seed, len(steps), cluster.changes)
		}
		if _, changed, _ := c.Reconcile(context.Background()); changed {
			t.Fatalf("seed %d: a converged pass changed something", seed)
		}
	}
}

func TestARefusedStepIsRetriedFromTheObservedState(t *testing.T) {
	cluster := newCluster()
	c := reconcile.New(cluster)
	c.SetDesired(map[string]reconcile.Spec{"web": {Replicas: 2, Version: "v1"}})
	errQuota := errors.New("quota exceeded")
	cluster.refuseNext = errQuota
	if _, _, err := c.Reconcile(context.Background()); !errors.Is(err, errQuota) {
		t.Fatalf("Reconcile = %v, want errQuota", err)
	}
	if len(converge(t, c)) != 2 {
		t.Fatal("the next passes should make both starts")
	}
}

func TestRunCoalescesTriggersAndRetriesAfterAFailure(t *testing.T) {
	cluster := newCluster()
	c := reconcile.New(cluster)
	for range 5 {
		c.Trigger() // before Run starts: folded into one pending pass
	}
	var mu sync.Mutex
	var steps []string
	var errs []error
	passDone := make(chan struct{}, 10)
	report := func(step reconcile.Step, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			passDone <- struct{}{}
			return
		}
		steps = append(steps, step.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, 10, report) }()

	cluster.mu.Lock()
	cluster.refuseNext = errors.New("no capacity")
	cluster.mu.Unlock()
	c.SetDesired(map[string]reconcile.Spec{"web": {Replicas: 2, Version: "v1"}})
	select {
	case <-passDone: // the first pass that tried to start failed and was reported
	case <-time.After(5 * time.Second):
		t.Fatal("no failed pass reported")
	}
	c.Trigger()
	deadline := time.Now().Add(5 * time.Second)
	for fmt.Sprint(cluster.counts()) != "map[web v1:2]" {
		if time.Now().After(deadline) {
			t.Fatalf("not converged: %v", cluster.summary())
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 1 || len(steps) != 2 {
		t.Fatalf("errors %v, steps %v; want one error and two steps", errs, steps)
	}
}

func TestRunReportsALoopThatNeverConverges(t *testing.T) {
	cluster := newCluster()
	cluster.reaper = true // something else deletes everything we start
	c := reconcile.New(cluster)
	c.SetDesired(map[string]reconcile.Spec{"web": {Replicas: 1, Version: "v1"}})
	ctx, cancel := context.WithCancel(context.Background())
	failed := make(chan error, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Run(ctx, 5, func(_ reconcile.Step, err error) {
			if err != nil {
				failed <- err
			}
		})
	}()
	err := <-failed
	cancel()
	<-done // this test started Run, so it waits for it
	if !errors.Is(err, reconcile.ErrNotConverging) {
		t.Fatalf("reported %v, want ErrNotConverging", err)
	}
}
