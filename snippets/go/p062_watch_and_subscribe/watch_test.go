package watch_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"testing"
	"time"

	watch "example.com/patterns/p062_watch_and_subscribe"
)

func printer() watch.Handler[int] {
	return watch.Handler[int]{
		OnAdd:    func(key string, v int) { fmt.Printf("  added %s=%d\n", key, v) },
		OnUpdate: func(key string, old, new int) { fmt.Printf("  updated %s: %d -> %d\n", key, old, new) },
		OnDelete: func(key string, old int) { fmt.Printf("  deleted %s (was %d)\n", key, old) },
	}
}

func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	store := watch.NewStore[int](4, 100)
	store.Put("web", 2)
	store.Put("api", 1)

	fmt.Println("informer starts late, after two changes:")
	informer := watch.NewInformer(store, printer())
	stopped := make(chan error)
	go func() { stopped <- informer.Run(ctx) }()
	_ = informer.WaitFor(ctx, 2)

	fmt.Println("live changes:")
	store.Put("db", 1)
	_ = informer.WaitFor(ctx, store.Put("web", 3))

	fmt.Println("connection lost; two changes happen before the informer is back:")
	reconnect := store.Disconnect()
	store.Put("web", 4)
	v, _ := store.Delete("api")
	reconnect()
	_ = informer.WaitFor(ctx, v)

	fmt.Println("long outage: six changes, more than the store's history of four:")
	reconnect = store.Disconnect()
	for replicas := 5; replicas < 10; replicas++ {
		store.Put("web", replicas)
	}
	v, _ = store.Delete("db")
	reconnect()
	_ = informer.WaitFor(ctx, v)

	// Stop first: WaitFor returns once the handlers ran, which can be just
	// before Run opens its next watch, so the counts are read after Run ended.
	cancel()
	err := <-stopped
	lists, watches := informer.Counts()
	fmt.Printf("lists: %d, watches: %d\n", lists, watches)
	items, _ := store.List()
	fmt.Println("cache matches the store:", fmt.Sprint(informer.Snapshot()) == fmt.Sprint(items))
	fmt.Println("run returned:", err)
	fmt.Println("watches the store still feeds:", store.WatchCount())
	// Output:
	// informer starts late, after two changes:
	//   added api=1
	//   added web=2
	// live changes:
	//   added db=1
	//   updated web: 2 -> 3
	// connection lost; two changes happen before the informer is back:
	//   updated web: 3 -> 4
	//   deleted api (was 1)
	// long outage: six changes, more than the store's history of four:
	//   updated web: 4 -> 9
	//   deleted db (was 1)
	// lists: 2, watches: 3
	// cache matches the store: true
	// run returned: context canceled
	// watches the store still feeds: 0
}

// testContext fails a broken test after a while instead of hanging the run.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestAChangeBetweenListAndWatchIsReplayed(t *testing.T) {
	store := watch.NewStore[int](10, 10)
	store.Put("a", 1)
	items, version := store.List()
	store.Put("a", 2)
	w, err := store.Watch(testContext(t), version)
	if err != nil {
		t.Fatal(err)
	}
	if e := <-w.Events(); items["a"] != 1 || e.Type != watch.Modified || e.Value != 2 || e.Version != 2 {
		t.Fatalf("list %v then event %+v; want a=1 then the modification to 2", items, e)
	}
}

func TestAWatchThatFallsBehindIsDroppedAfterWhatItHolds(t *testing.T) {
	store := watch.NewStore[int](10, 2)
	w, _ := store.Watch(testContext(t), 0)
	for v := range 5 {
		store.Put("a", v)
	}
	var got []int
	for e := range w.Events() {
		got = append(got, e.Value)
	}
	if fmt.Sprint(got) != "[0 1]" || store.WatchCount() != 0 {
		t.Fatalf("got %v with %d watches left; want [0 1] and 0", got, store.WatchCount())
	}
}

func TestAnExpiredVersionIsRefused(t *testing.T) {
	store := watch.NewStore[int](1, 10)
	store.Put("a", 1)
	store.Put("a", 2)
	if _, err := store.Watch(testContext(t), 0); !errors.Is(err, watch.ErrExpired) {
		t.Fatalf("watch from 0 with one change kept: err = %v, want ErrExpired", err)
	}
	if _, err := store.Watch(testContext(t), 1); err != nil {
		t.Fatalf("watch from 1: %v", err)
	}
}

func TestCacheAndHandlerCallsConvergeToTheStore(t *testing.T) {
	for _, tc := range []struct{ history, buffer int }{{0, 1}, {3, 2}, {100, 100}} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			ctx := testContext(t)
			store := watch.NewStore[int](tc.history, tc.buffer)
			replica := map[string]int{}
			var mismatch error
			informer := watch.NewInformer(store, watch.Handler[int]{
				OnAdd: func(k string, v int) {
					if _, ok := replica[k]; ok {
						mismatch = fmt.Errorf("add of %s, which is there", k)
					}
					replica[k] = v
				},
				OnUpdate: func(k string, old, new int) {
					if replica[k] != old {
						mismatch = fmt.Errorf("update of %s from %d, but it was %d", k, old, replica[k])
					}
					replica[k] = new
				},
				OnDelete: func(k string, old int) {
					if replica[k] != old {
						mismatch = fmt.Errorf("delete of %s=%d, but it was %d", k, old, replica[k])
					}
					delete(replica, k)
				},
			})
			runCtx, stop := context.WithCancel(ctx)
			stopped := make(chan error)
			go func() { stopped <- informer.Run(runCtx) }()
			rng := rand.New(rand.NewSource(int64(tc.history)))
			var reconnect func()
			for range 2000 {
				key := fmt.Sprintf("k%d", rng.Intn(6))
				switch roll := rng.Float64(); {
				case roll < 0.02 && reconnect == nil:
					reconnect = store.Disconnect()
				case roll < 0.04 && reconnect != nil:
					reconnect()
					reconnect = nil
				case roll < 0.25:
					_, _ = store.Delete(key) // an absent key is an error we ignore here
				default:
					store.Put(key, rng.Intn(4))
				}
			}
			if reconnect != nil {
				reconnect()
			}
			items, version := store.List()
			if err := informer.WaitFor(ctx, version); err != nil {
				t.Fatal(err)
			}
			stop()
			<-stopped
			if mismatch != nil {
				t.Fatal(mismatch)
			}
			if fmt.Sprint(informer.Snapshot()) != fmt.Sprint(items) || fmt.Sprint(replica) != fmt.Sprint(items) {
				t.Fatalf("cache %v, replica %v, store %v", informer.Snapshot(), replica, items)
			}
			if store.WatchCount() != 0 {
				t.Fatalf("%d watches left after Run returned", store.WatchCount())
			}
		})
	}
}
