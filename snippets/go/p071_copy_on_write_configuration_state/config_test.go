package cowconfig_test

import (
	"fmt"
	"sync"
	"testing"

	cowconfig "example.com/patterns/p071_copy_on_write_configuration_state"
)

func mustStore(t *testing.T) *cowconfig.Store {
	t.Helper()
	store, err := cowconfig.New(cowconfig.Settings{DBHost: "db-a", DBPort: 5432})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

func Example() {
	store, _ := cowconfig.New(cowconfig.Settings{
		DBHost: "db-a", DBPort: 5432, Flags: map[string]bool{"new_checkout": false},
	})

	inFlight := store.Load() // a request takes its snapshot
	_, _ = store.Update(func(s *cowconfig.Settings) error {
		s.DBHost, s.DBPort = "db-b", 6432
		s.Flags["new_checkout"] = true
		return nil
	})
	fmt.Println("in flight:", inFlight.Version(), inFlight.DBAddr(), inFlight.Flag("new_checkout"))
	next := store.Load()
	fmt.Println("next:     ", next.Version(), next.DBAddr(), next.Flag("new_checkout"))

	_, err := store.Update(func(s *cowconfig.Settings) error { s.DBPort = 0; return nil })
	fmt.Println("rejected:", err, "| serving", store.Load().DBAddr())
	// Output:
	// in flight: 1 db-a:5432 false
	// next:      2 db-b:6432 true
	// rejected: db port 0 is out of range | serving db-b:6432
}

func TestSnapshotNeverChangesWhileWritersRun(t *testing.T) {
	store := mustStore(t)
	snap := store.Load()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = store.Update(func(s *cowconfig.Settings) error {
				s.DBPort = 6000 + i
				s.Flags[fmt.Sprint("f", i)] = true
				return nil
			})
		}()
	}
	wg.Wait()
	if snap.Version() != 1 || snap.DBAddr() != "db-a:5432" || snap.Flag("f0") {
		t.Fatalf("old snapshot changed: v%d %s", snap.Version(), snap.DBAddr())
	}
	if got := store.Load().Version(); got != 51 {
		t.Fatalf("version = %d, want 51: an update was lost", got)
	}
	for i := range 50 {
		if !store.Load().Flag(fmt.Sprint("f", i)) {
			t.Fatalf("flag f%d lost", i)
		}
	}
}

func TestFailedUpdatePublishesNothing(t *testing.T) {
	store := mustStore(t)
	before := store.Load()
	_, err := store.Update(func(s *cowconfig.Settings) error {
		s.DBHost = ""
		return nil
	})
	if err == nil || store.Load() != before {
		t.Fatalf("invalid update: err=%v, snapshot replaced=%v", err, store.Load() != before)
	}
	_, err = store.Update(func(*cowconfig.Settings) error { return fmt.Errorf("parse error") })
	if err == nil || store.Load() != before {
		t.Fatalf("failed change: err=%v", err)
	}
}

func TestCallerMapIsCopied(t *testing.T) {
	flags := map[string]bool{"a": true}
	store, err := cowconfig.New(cowconfig.Settings{DBHost: "h", DBPort: 1, Flags: flags})
	if err != nil {
		t.Fatal(err)
	}
	flags["a"] = false
	if !store.Load().Flag("a") {
		t.Fatal("editing the caller's map changed the published snapshot")
	}
	if _, err := cowconfig.New(cowconfig.Settings{DBHost: "h", DBPort: 70000}); err == nil {
		t.Fatal("New accepted an invalid port")
	}
}
