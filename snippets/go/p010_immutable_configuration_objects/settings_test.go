package settings_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	settings "example.com/patterns/p010_immutable_configuration_objects"
)

func Example() {
	origins := []string{"https://shop.example"}
	flags := map[string]bool{"new_checkout": false}
	shared, err := settings.New(2*time.Second, origins, flags)
	fmt.Println(err)

	// The caller's slice and map change later: the settings do not.
	origins[0] = "https://evil.example"
	flags["new_checkout"] = true
	fmt.Println(shared.Accepts("https://shop.example"), shared.Enabled("new_checkout"))

	// Neither does a change to what an accessor returned.
	got := shared.AllowedOrigins()
	got[0] = "https://evil.example"
	fmt.Println(shared.AllowedOrigins())

	// A component that needs another value derives its own copy.
	export, _ := shared.WithDBTimeout(5 * time.Minute)
	fmt.Println(export.DBTimeout(), shared.DBTimeout())

	// A reload publishes a whole new object; a snapshot taken before keeps its values.
	current := settings.NewCurrent(shared)
	snapshot := current.Load()
	current.Publish(export)
	fmt.Println(snapshot.DBTimeout(), current.Load().DBTimeout())

	_, err = settings.New(0, nil, nil)
	fmt.Println(err)
	// Output:
	// <nil>
	// true false
	// [https://shop.example]
	// 5m0s 2s
	// 2s 5m0s
	// settings: db timeout must be positive, got 0s
}

func TestAppendingToTheReturnedSliceDoesNotReachTheSettings(t *testing.T) {
	// Capacity beyond the length is where an uncopied slice would leak an append.
	origins := make([]string, 1, 4)
	origins[0] = "https://a.example"
	s, err := settings.New(time.Second, origins, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(origins, "https://b.example")
	out := s.AllowedOrigins()
	_ = append(out, "https://c.example")
	out[0] = "https://d.example"
	if got := s.AllowedOrigins(); !slices.Equal(got, []string{"https://a.example"}) {
		t.Fatalf("origins = %v, want only https://a.example", got)
	}
}

func TestWithDBTimeoutLeavesTheOriginalAndRejectsBadValues(t *testing.T) {
	base, _ := settings.New(2*time.Second, []string{"https://a.example"}, map[string]bool{"x": true})
	derived, err := base.WithDBTimeout(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if base.DBTimeout() != 2*time.Second || derived.DBTimeout() != time.Minute {
		t.Fatalf("base %v, derived %v", base.DBTimeout(), derived.DBTimeout())
	}
	if !derived.Accepts("https://a.example") || !derived.Enabled("x") {
		t.Fatal("derived settings lost the origins or flags")
	}
	if _, err := base.WithDBTimeout(-time.Second); err == nil {
		t.Fatal("negative timeout accepted")
	}
}

func TestUnknownFlagsAreOff(t *testing.T) {
	s, _ := settings.New(time.Second, nil, nil)
	if s.Enabled("anything") {
		t.Fatal("a flag that was never set is on")
	}
}

// Each published version has a timeout of n seconds and n origins; a reader
// must never see one from one version and the other from another.
func TestReadersNeverSeeAMixOfTwoVersions(t *testing.T) {
	version := func(n int) settings.Settings {
		origins := make([]string, n)
		for i := range origins {
			origins[i] = fmt.Sprintf("https://%d.example", i)
		}
		s, _ := settings.New(time.Duration(n)*time.Second, origins, nil)
		return s
	}
	current := settings.NewCurrent(version(1))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				s := current.Load()
				if n := len(s.AllowedOrigins()); s.DBTimeout() != time.Duration(n)*time.Second {
					t.Errorf("mixed snapshot: timeout %v with %d origins", s.DBTimeout(), n)
					return
				}
			}
		}()
	}
	for n := 2; n <= 200; n++ {
		current.Publish(version(n))
	}
	wg.Wait()
	if got := current.Load().DBTimeout(); got != 200*time.Second {
		t.Fatalf("final timeout = %v, want 200s", got)
	}
}
