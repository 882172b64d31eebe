package circuitbreaker_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	circuitbreaker "example.com/patterns/p041_circuit_breaker"
)

// fakeClock moves only when the test says so.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var errDown = errors.New("payment service unavailable")

func Example() {
	clock := &fakeClock{t: time.Unix(0, 0)}
	breaker := circuitbreaker.New(3, 30*time.Second, clock.Now)
	calls := 0
	charge := func() error { calls++; return errDown }

	for range 5 {
		err := breaker.Call(charge)
		fmt.Printf("%-9s %v\n", breaker.State(), err)
	}
	fmt.Println("calls that reached the service:", calls)

	clock.Advance(30 * time.Second)
	fmt.Println("after 30s:", breaker.State())
	err := breaker.Call(func() error { calls++; return nil })
	fmt.Println("probe error:", err, "state:", breaker.State())
	// Output:
	// closed    payment service unavailable
	// closed    payment service unavailable
	// open      payment service unavailable
	// open      circuit open
	// open      circuit open
	// calls that reached the service: 3
	// after 30s: half-open
	// probe error: <nil> state: closed
}

func TestFailedProbeReopensForAFullTimeout(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	breaker := circuitbreaker.New(1, 10*time.Second, clock.Now)
	_ = breaker.Call(func() error { return errDown })
	clock.Advance(10 * time.Second)
	if err := breaker.Call(func() error { return errDown }); !errors.Is(err, errDown) {
		t.Fatalf("probe should reach the dependency, got %v", err)
	}
	clock.Advance(9 * time.Second)
	if got := breaker.State(); got != circuitbreaker.Open {
		t.Fatalf("state 9s after a failed probe = %s, want open", got)
	}
}

func TestHalfOpenAdmitsOneProbeAtATime(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	breaker := circuitbreaker.New(1, time.Second, clock.Now)
	_ = breaker.Call(func() error { return errDown })
	clock.Advance(time.Second)

	var second error
	_ = breaker.Call(func() error {
		// While the probe runs, every other caller is turned away.
		second = breaker.Call(func() error { return nil })
		return nil
	})
	if !errors.Is(second, circuitbreaker.ErrOpen) {
		t.Fatalf("second call during the probe = %v, want ErrOpen", second)
	}
}
