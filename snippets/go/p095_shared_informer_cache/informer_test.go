package informer_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	informer "example.com/patterns/p095_shared_informer_cache"
)

func pod(name, node, app string) informer.Obj {
	return informer.Obj{Kind: "pods", Namespace: "shop", Name: name,
		Labels: map[string]string{"app": app}, Spec: map[string]string{"node": node}}
}

func byNode(o informer.Obj) []string {
	if node := o.Spec["node"]; node != "" {
		return []string{node}
	}
	return nil
}

func names(objs []informer.Obj, err error) []string {
	if err != nil {
		return []string{err.Error()}
	}
	out := []string{}
	for _, o := range objs {
		out = append(out, o.Name)
	}
	return out
}

func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := informer.NewFakeAPI()
	api.Apply(pod("web-0", "n1", "web"))
	api.Apply(pod("web-1", "n2", "web"))
	api.Apply(pod("db-0", "n1", "db"))

	factory := informer.NewFactory(api)
	drainer := factory.Informer("pods")
	autoscaler := factory.Informer("pods")
	fmt.Println("same informer:", drainer == autoscaler)
	_ = drainer.Cache.AddIndexers(map[string]informer.IndexFunc{"node": byNode})
	if err := factory.Start(ctx); err != nil {
		panic(err)
	}

	for range 500 {
		_, _ = drainer.Cache.ByIndex("node", "n1")
		_ = autoscaler.Cache.List()
	}
	fmt.Println(names(drainer.Cache.ByIndex("node", "n1")))
	fmt.Println(api.Calls())

	version := api.Apply(pod("web-0", "n3", "web"))
	_ = drainer.WaitForVersion(ctx, version)
	fmt.Println("n3:", names(drainer.Cache.ByIndex("node", "n3")))
	fmt.Println("n1:", names(drainer.Cache.ByIndex("node", "n1")))

	mine, _ := autoscaler.Cache.Get("shop/web-1")
	mine.Labels["app"] = "oops" // a copy: the cache is unchanged
	cached, _ := drainer.Cache.Get("shop/web-1")
	fmt.Println("cache still says:", cached.Labels)
	// Output:
	// same informer: true
	// [db-0 web-0]
	// map[list pods:1 watch pods:1]
	// n3: [web-0]
	// n1: [db-0]
	// cache still says: map[app:web]
}

func start(t *testing.T, api *informer.FakeAPI, kinds ...string) (*informer.Factory, context.Context) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	factory := informer.NewFactory(api)
	for _, kind := range kinds {
		_ = factory.Informer(kind).Cache.AddIndexers(map[string]informer.IndexFunc{"node": byNode})
	}
	if err := factory.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return factory, ctx
}

func TestReadsComeFromTheCache(t *testing.T) {
	api := informer.NewFakeAPI()
	api.Apply(pod("a", "n1", "web"))
	api.Apply(informer.Obj{Kind: "nodes", Name: "n1"})
	factory, _ := start(t, api, "pods", "nodes")
	for range 100 {
		for range 5 {
			pods := factory.Informer("pods")
			if got := names(pods.Cache.ByIndex("node", "n1")); !reflect.DeepEqual(got, []string{"a"}) {
				t.Fatalf("ByIndex = %v", got)
			}
		}
	}
	want := map[string]int{"list pods": 1, "watch pods": 1, "list nodes": 1, "watch nodes": 1}
	if got := api.Calls(); !reflect.DeepEqual(got, want) {
		t.Fatalf("API calls = %v, want %v", got, want)
	}
}

func TestEditingResultsLeavesTheCacheAlone(t *testing.T) {
	api := informer.NewFakeAPI()
	api.Apply(pod("a", "n1", "web"))
	factory, _ := start(t, api, "pods")
	inf := factory.Informer("pods")
	var mu sync.Mutex
	var heard []informer.Obj
	inf.AddHandler(func(ev informer.Event) { mu.Lock(); heard = append(heard, ev.Obj); mu.Unlock() })
	got, _ := inf.Cache.Get("shop/a")
	listed := inf.Cache.List()
	indexed, _ := inf.Cache.ByIndex("node", "n1")
	mu.Lock()
	for _, o := range []informer.Obj{got, listed[0], indexed[0], heard[0]} {
		o.Labels["app"] = "changed"
		o.Spec["node"] = "n9"
	}
	mu.Unlock()
	if again, _ := inf.Cache.Get("shop/a"); again.Labels["app"] != "web" || again.Spec["node"] != "n1" {
		t.Fatalf("cache was changed through a returned object: %+v", again)
	}
}

func TestWatchKeepsCacheAndIndexesCurrent(t *testing.T) {
	api := informer.NewFakeAPI()
	api.Apply(pod("a", "n1", "web"))
	api.Apply(pod("b", "n1", "web"))
	factory, ctx := start(t, api, "pods")
	inf := factory.Informer("pods")
	_ = inf.WaitForVersion(ctx, api.Apply(pod("a", "n2", "web")))
	_ = inf.WaitForVersion(ctx, api.Delete("pods", "shop/b"))
	if got := names(inf.Cache.ByIndex("node", "n1")); len(got) != 0 {
		t.Fatalf("n1 still lists %v", got)
	}
	if got := names(inf.Cache.ByIndex("node", "n2")); !reflect.DeepEqual(got, []string{"a"}) {
		t.Fatalf("n2 = %v, want [a]", got)
	}
	if _, ok := inf.Cache.Get("shop/b"); ok {
		t.Fatal("deleted pod still cached")
	}
	if got := names(inf.Cache.ByIndex("zone", "z1")); !reflect.DeepEqual(got, []string{`no index named "zone"`}) {
		t.Fatalf("unknown index = %v", got)
	}
}

func TestIndexerRules(t *testing.T) {
	c := informer.NewIndexer()
	c.Upsert(pod("a", "n1", "web"))
	c.Delete("shop/missing")
	if err := c.AddIndexers(map[string]informer.IndexFunc{"node": byNode}); err != nil {
		t.Fatal(err)
	}
	if got := names(c.ByIndex("node", "n1")); !reflect.DeepEqual(got, []string{"a"}) {
		t.Fatalf("index added late = %v", got)
	}
	if err := c.AddIndexers(map[string]informer.IndexFunc{"node": byNode}); err == nil {
		t.Fatal("a second index with the same name should be refused")
	}
}
