package registry_test

import (
	"fmt"
	"runtime"
	"testing"

	registry "example.com/patterns/p084_test_helper_packages_and_fixtures"
	"example.com/patterns/p084_test_helper_packages_and_fixtures/registrytest"
)

// The tests say only what they are about; registrytest does the rest.

func TestAddedCustomerCanBeReadBack(t *testing.T) {
	var customers registrytest.Factory
	r := registrytest.NewRegistry(t)
	ada := customers.Customer(registrytest.WithCountry("GB"))
	registrytest.MustAdd(t, r, ada)
	if got, ok := r.Get(ada.ID); !ok || got != ada {
		t.Errorf("Get(%d) = %v, %v; want %v", ada.ID, got, ok, ada)
	}
}

func TestEmailIsUniqueIgnoringCase(t *testing.T) {
	var customers registrytest.Factory
	r := registrytest.NewRegistry(t)
	registrytest.MustAdd(t, r, customers.Customer(registrytest.WithEmail("ada@example.test")))
	registrytest.AssertRejected(t, r, customers.Customer(registrytest.WithEmail("Ada@Example.test")), "taken")
}

func TestInvalidCustomersAreRejected(t *testing.T) {
	var customers registrytest.Factory
	r := registrytest.NewRegistry(t)
	registrytest.AssertRejected(t, r, customers.Customer(registrytest.WithCredit(-1)), "negative")
	registrytest.AssertRejected(t, r, customers.Customer(registrytest.WithCountry("nl")), "ISO code")
}

// recorder stands in for *testing.T so the helpers' own failures can be seen.
// Embedding testing.TB satisfies the interface; the methods the helpers call
// are overridden.
type recorder struct {
	testing.TB
	helper   int
	errors   []string
	cleanups []func()
}

func (r *recorder) Helper()          { r.helper++ }
func (r *recorder) Name() string     { return "TestRecorded" }
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit() // as testing.T does: nothing after Fatalf runs
}

// runCleanups runs the registered functions last-in first-out, like testing.
func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// inGoroutine runs f where Fatalf's Goexit ends f and nothing else.
func inGoroutine(f func()) {
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	<-done
}

func TestNewRegistryClosesAtCleanupNotBefore(t *testing.T) {
	rec := &recorder{TB: t}
	r := registrytest.NewRegistry(rec)
	if r.Closed() || r.Name != "TestRecorded" {
		t.Fatalf("closed=%v name=%q right after NewRegistry", r.Closed(), r.Name)
	}
	rec.runCleanups()
	if !r.Closed() || len(rec.errors) != 0 {
		t.Fatalf("closed=%v errors=%q after cleanup", r.Closed(), rec.errors)
	}
	if rec.helper == 0 {
		t.Error("NewRegistry did not call t.Helper()")
	}
}

func TestCleanupReportsACloseThatFails(t *testing.T) {
	rec := &recorder{TB: t}
	r := registrytest.NewRegistry(rec)
	_ = r.Close() // the test closed it itself; the cleanup's Close now fails
	rec.runCleanups()
	want := "registrytest: closing TestRecorded: registry is closed"
	if len(rec.errors) != 1 || rec.errors[0] != want {
		t.Errorf("errors = %q, want [%q]", rec.errors, want)
	}
}

func TestHelpersMarkThemselvesAndReport(t *testing.T) {
	var customers registrytest.Factory
	r := registry.Open("direct")
	taken := customers.Customer()

	rec := &recorder{TB: t}
	inGoroutine(func() { registrytest.MustAdd(rec, r, taken) })
	inGoroutine(func() { registrytest.AssertRejected(rec, r, taken, "is taken") })
	if len(rec.errors) != 0 || rec.helper != 2 {
		t.Fatalf("passing calls: errors=%q helper=%d", rec.errors, rec.helper)
	}

	finished := false
	inGoroutine(func() { registrytest.MustAdd(rec, r, taken); finished = true })
	inGoroutine(func() { registrytest.AssertRejected(rec, r, taken, "banned") })
	inGoroutine(func() { registrytest.AssertRejected(rec, r, customers.Customer(), "taken") })
	want := []string{
		"add customer1@example.test: id 1 is taken",
		"rejected for the wrong reason: id 1 is taken",
		"customer2@example.test was accepted, want rejected: taken",
	}
	if finished || fmt.Sprint(rec.errors) != fmt.Sprint(want) {
		t.Errorf("finished=%v errors=%q, want %q", finished, rec.errors, want)
	}
	if rec.helper != 5 {
		t.Errorf("t.Helper() called %d times, want once per helper call (5)", rec.helper)
	}
}

func ExampleRegistry_Add() {
	var customers registrytest.Factory
	r := registry.Open("example")
	defer r.Close()

	ada := customers.Customer(registrytest.WithEmail("ada@example.test"))
	fmt.Println(ada, r.Add(ada))
	fmt.Println(r.Add(customers.Customer(registrytest.WithEmail("ADA@example.test"))))
	fmt.Println(r.Add(customers.Customer(registrytest.WithCredit(-5))))
	// Output:
	// {1 ada@example.test NL 10000} <nil>
	// email "ADA@example.test" is taken
	// customer 3: credit -5 is negative
}
