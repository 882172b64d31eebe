package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	reconcile "example.com/patterns/p094_reconcile_contracts"
)

func setup() (*reconcile.FakeAPI, *reconcile.SiteReconciler, *reconcile.Controller) {
	clock := &reconcile.FakeClock{}
	api := reconcile.NewFakeAPI(clock.Now, 2*time.Second)
	r := &reconcile.SiteReconciler{API: api, Poll: 2 * time.Second}
	c := &reconcile.Controller{Reconcile: r.Reconcile, Clock: clock, Base: time.Second, Max: time.Minute}
	return api, r, c
}

func run(c *reconcile.Controller) {
	if err := c.RunUntilIdle(context.Background(), 100); err != nil {
		panic(err)
	}
	for _, line := range c.Log {
		fmt.Println(line)
	}
	c.Log = nil
}

func Example() {
	ctx := context.Background()
	api, r, c := setup()

	api.ApplySite("shop", 3, "web:1")
	c.Enqueue("shop")
	c.Enqueue("shop") // merged with the first
	run(c)

	writes := api.Writes
	result, err := r.Reconcile(ctx, "shop")
	fmt.Printf("%+v %v writes: %d\n", result, err, api.Writes-writes)

	// Lost events: scale down, new image, a pod deleted by hand.
	api.ApplySite("shop", 2, "web:2")
	_ = api.DeletePod(ctx, "shop-0")
	c.Enqueue("shop") // any later trigger, such as a periodic resync
	run(c)
	pods, _ := api.ListPods(ctx, "shop")
	fmt.Println(pods)

	api.FailNext("CreatePod", 2)
	api.ApplySite("shop", 3, "web:2")
	c.Enqueue("shop")
	run(c)
	site, _ := api.GetSite(ctx, "shop")
	fmt.Printf("%+v\n", site.Status)
	// Output:
	// t=0s   shop: requeue after 2s
	// t=2s   shop: converged
	// {Requeue:false RequeueAfter:0s} <nil> writes: 0
	// t=2s   shop: requeue after 2s
	// t=4s   shop: converged
	// [{shop-0 shop web:2 true} {shop-1 shop web:2 true}]
	// t=4s   shop: error (CreatePod: API server unavailable), retry in 1s
	// t=5s   shop: error (CreatePod: API server unavailable), retry in 2s
	// t=7s   shop: requeue after 2s
	// t=9s   shop: converged
	// {ObservedGeneration:3 ReadyReplicas:3}
}

func TestSecondReconcileChangesNothing(t *testing.T) {
	api, r, c := setup()
	api.ApplySite("shop", 3, "web:1")
	c.Enqueue("shop")
	if err := c.RunUntilIdle(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	writes := api.Writes
	for range 3 {
		if res, err := r.Reconcile(context.Background(), "shop"); res != (reconcile.Result{}) || err != nil {
			t.Fatalf("Reconcile = %+v, %v; want converged", res, err)
		}
	}
	if api.Writes != writes {
		t.Fatalf("converged reconciles wrote %d times", api.Writes-writes)
	}
}

func TestLostEventsDoNotMatter(t *testing.T) {
	ctx := context.Background()
	api, _, c := setup()
	api.ApplySite("shop", 3, "web:1")
	c.Enqueue("shop")
	_ = c.RunUntilIdle(ctx, 10)
	for _, spec := range []struct {
		n     int
		image string
	}{{5, "web:1"}, {0, "web:9"}, {2, "web:2"}} {
		api.ApplySite("shop", spec.n, spec.image) // no Enqueue: the event is lost
	}
	_ = api.DeletePod(ctx, "shop-1")
	c.Enqueue("shop")
	if err := c.RunUntilIdle(ctx, 10); err != nil {
		t.Fatal(err)
	}
	pods, _ := api.ListPods(ctx, "shop")
	want := []reconcile.Pod{{Name: "shop-0", Owner: "shop", Image: "web:2", Ready: true},
		{Name: "shop-1", Owner: "shop", Image: "web:2", Ready: true}}
	if !reflect.DeepEqual(pods, want) {
		t.Fatalf("pods = %v, want %v", pods, want)
	}
}

func TestDeletedSiteLosesItsPods(t *testing.T) {
	ctx := context.Background()
	api, r, c := setup()
	api.ApplySite("shop", 2, "web:1")
	c.Enqueue("shop")
	_ = c.RunUntilIdle(ctx, 10)
	api.DeleteSite("shop")
	if res, err := r.Reconcile(ctx, "shop"); res != (reconcile.Result{}) || err != nil {
		t.Fatalf("Reconcile of a deleted site = %+v, %v", res, err)
	}
	if pods, _ := api.ListPods(ctx, "shop"); len(pods) != 0 {
		t.Fatalf("pods left: %v", pods)
	}
}

func TestBackoffDoublesCapsAndResets(t *testing.T) {
	errDown := errors.New("down")
	script := []any{errDown, errDown, errDown, reconcile.Result{Requeue: true}, reconcile.Result{RequeueAfter: 10 * time.Second}, errDown, reconcile.Result{}}
	c := &reconcile.Controller{Clock: &reconcile.FakeClock{}, Base: time.Second, Max: 4 * time.Second}
	c.Reconcile = func(context.Context, string) (reconcile.Result, error) {
		next := script[0]
		script = script[1:]
		if err, ok := next.(error); ok {
			return reconcile.Result{}, err
		}
		return next.(reconcile.Result), nil
	}
	c.Enqueue("k")
	c.Enqueue("k")
	if err := c.RunUntilIdle(context.Background(), 20); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range c.Log {
		got = append(got, line[strings.Index(line, ": ")+2:])
	}
	want := []string{"error (down), retry in 1s", "error (down), retry in 2s", "error (down), retry in 4s",
		"requeue in 4s", "requeue after 10s", "error (down), retry in 1s", "converged"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("log = %q, want %q", got, want)
	}
}

func TestRunUntilIdleGivesUp(t *testing.T) {
	c := &reconcile.Controller{Clock: &reconcile.FakeClock{}, Base: time.Second, Max: time.Second,
		Reconcile: func(context.Context, string) (reconcile.Result, error) {
			return reconcile.Result{Requeue: true}, nil
		}}
	c.Enqueue("k")
	if err := c.RunUntilIdle(context.Background(), 3); err == nil {
		t.Fatal("a key that never converges should make RunUntilIdle fail")
	}
}
