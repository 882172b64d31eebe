package workqueue_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	workqueue "example.com/patterns/p064_queue_deduplication_processing"
)

// cluster holds desired replica counts and the counts the sync has applied,
// and records the most runs of one key that overlapped.
type cluster struct {
	mu      sync.Mutex
	desired map[string]int
	applied map[string]int
	busy    map[string]int
	most    int
}

func newCluster() *cluster {
	return &cluster{desired: map[string]int{}, applied: map[string]int{}, busy: map[string]int{}}
}

func (c *cluster) set(name string, replicas int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.desired[name] = replicas
}

// sync reads what is wanted now, yields (the API call), then applies it.
func (c *cluster) sync(name string) error {
	c.mu.Lock()
	c.busy[name]++
	c.most = max(c.most, c.busy[name])
	want := c.desired[name]
	c.mu.Unlock()

	runtime.Gosched()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.applied[name] = want
	c.busy[name]--
	return nil
}

func Example() {
	q := workqueue.New[string]()
	q.Add("web")
	q.Add("api")
	q.Add("web")
	fmt.Println("waiting after add web, api, web:", q.Len())
	key, _ := q.Get()
	q.Add(key)
	fmt.Printf("got %s, added it again; waiting: %d\n", key, q.Len())
	q.Done(key)
	fmt.Printf("done(%s); waiting: %d\n", key, q.Len())

	c := newCluster()
	q = workqueue.New[string]()
	givenUp := make(chan []string)
	go func() { keys, _ := workqueue.Run(q, 3, 3, c.sync); givenUp <- keys }()
	changes := []struct {
		name     string
		replicas int
	}{{"web", 2}, {"web", 3}, {"api", 1}, {"web", 4}, {"db", 1}, {"api", 2}, {"web", 5}, {"api", 3}, {"web", 6}}
	for _, ch := range changes {
		c.set(ch.name, ch.replicas)
		q.Add(ch.name)
	}
	q.ShutDown()
	fmt.Println("given up:", <-givenUp)
	fmt.Println("most runs of one key at once:", c.most)
	for _, name := range []string{"api", "db", "web"} {
		fmt.Printf("%s: desired %d, applied %d\n", name, c.desired[name], c.applied[name])
	}
	// Output:
	// waiting after add web, api, web: 2
	// got web, added it again; waiting: 1
	// done(web); waiting: 2
	// given up: []
	// most runs of one key at once: 1
	// api: desired 3, applied 3
	// db: desired 1, applied 1
	// web: desired 6, applied 6
}

func TestAKeyHeldByAWorkerIsNotHandedToAnother(t *testing.T) {
	q := workqueue.New[string]()
	q.Add("a")
	key, _ := q.Get()
	q.Add("a")
	if q.Len() != 0 {
		t.Fatalf("Len = %d while the only key is held, want 0", q.Len())
	}
	got := make(chan string)
	go func() { k, _ := q.Get(); got <- k }()
	for range 100 {
		runtime.Gosched() // give the second worker every chance to take the key
	}
	select {
	case k := <-got:
		t.Fatalf("a second worker got %q while the first held it", k)
	default:
	}
	q.Done(key)
	if k := <-got; k != "a" {
		t.Fatalf("after Done the waiting worker got %q, want a", k)
	}
}

func TestShutDownDrainsWaitingKeysThenStopsWorkers(t *testing.T) {
	q := workqueue.New[int]()
	q.Add(1)
	q.Add(2)
	q.ShutDown()
	q.Add(3)
	var got []int
	for {
		key, shutdown := q.Get()
		if shutdown {
			break
		}
		got = append(got, key)
		q.Done(key)
	}
	if fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("keys after ShutDown = %v, want [1 2]", got)
	}
}

func TestDoneForAKeyNobodyHoldsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Done of an unheld key did not panic")
		}
	}()
	workqueue.New[string]().Done("a")
}

func TestNoUpdateIsLostAndNoKeyRunsTwiceAtOnce(t *testing.T) {
	for _, workers := range []int{1, 4, 16} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			var (
				mu      sync.Mutex
				version = map[int]int{}
				synced  = map[int]int{}
				busy    = map[int]bool{}
				overlap bool
				runs    int
			)
			q := workqueue.New[int]()
			givenUp := make(chan []int)
			go func() {
				keys, _ := workqueue.Run(q, workers, 1, func(key int) error {
					mu.Lock()
					overlap = overlap || busy[key]
					busy[key] = true
					runs++
					seen := version[key]
					mu.Unlock()
					runtime.Gosched()
					mu.Lock()
					synced[key] = seen
					busy[key] = false
					mu.Unlock()
					return nil
				})
				givenUp <- keys
			}()
			const changes = 5000
			var producers sync.WaitGroup
			for p := range 4 {
				producers.Add(1)
				go func() {
					defer producers.Done()
					for i := range changes / 4 {
						key := (i*7 + p) % 10
						mu.Lock()
						version[key]++
						mu.Unlock()
						q.Add(key)
					}
				}()
			}
			producers.Wait()
			q.ShutDown()
			if keys := <-givenUp; len(keys) != 0 {
				t.Fatalf("given up on %v", keys)
			}
			if overlap {
				t.Fatal("one key was processed by two workers at once")
			}
			if fmt.Sprint(synced) != fmt.Sprint(version) {
				t.Fatalf("synced %v, want the last versions %v", synced, version)
			}
			if runs >= changes {
				t.Fatalf("%d runs for %d changes: duplicates were not dropped", runs, changes)
			}
		})
	}
}

var errDown = errors.New("api down")

func TestAFailingKeyIsRetriedThenGivenUp(t *testing.T) {
	q := workqueue.New[string]()
	var mu sync.Mutex
	runs := map[string]int{}
	q.Add("bad")
	q.Add("flaky")
	givenUp := make(chan []string)
	go func() {
		keys, _ := workqueue.Run(q, 2, 3, func(key string) error {
			mu.Lock()
			defer mu.Unlock()
			runs[key]++
			if key == "bad" || (key == "flaky" && runs[key] < 3) {
				return errDown
			}
			return nil
		})
		givenUp <- keys
	}()
	// Wait until both keys are settled before shutting down, or the retries
	// that are still coming would be refused.
	for {
		mu.Lock()
		settled := runs["bad"] == 3 && runs["flaky"] == 3
		mu.Unlock()
		if settled && q.Len() == 0 {
			break
		}
		runtime.Gosched()
	}
	q.ShutDown()
	if got := <-givenUp; fmt.Sprint(got) != "[bad]" {
		t.Fatalf("given up on %v, want [bad]", got)
	}
	if runs["bad"] != 3 || runs["flaky"] != 3 {
		t.Fatalf("runs = %v, want 3 each", runs)
	}
}

func TestRunRejectsSettingsThatCouldNeverWork(t *testing.T) {
	for _, c := range [][2]int{{0, 3}, {2, 0}} {
		q := workqueue.New[string]()
		q.Add("a")
		_, err := workqueue.Run(q, c[0], c[1], func(string) error {
			t.Fatal("handle must not run")
			return nil
		})
		if err == nil {
			t.Fatalf("Run(workers=%d, maxAttempts=%d) returned no error", c[0], c[1])
		}
	}
}
