package generic_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	generic "example.com/patterns/p092_generics_based_reusable_utilities"
)

type Cents int64

var errReset = errors.New("connection reset")

func isReset(err error) bool { return errors.Is(err, errReset) }

func Example() {
	fmt.Println(generic.Clamp(250, 1, 100), generic.Clamp(-0.5, 0.0, 1.0), generic.Clamp("m", "a", "k"))
	fmt.Println(generic.Dedupe([]string{"eu", "us", "eu", "ap", "us"}))

	total := generic.Sum([]Cents{1999, 500, 1})
	fmt.Printf("%d %T\n", total, total)

	calls := 0
	body, err := generic.Retry(3, isReset, func() ([]byte, error) {
		calls++
		if calls < 3 {
			return nil, errReset
		}
		return []byte("user-7"), nil
	})
	fmt.Println(string(body), err, calls)
	// Output:
	// 100 0 k
	// [eu us ap]
	// 2500 generic_test.Cents
	// user-7 <nil> 3
}

func TestClamp(t *testing.T) {
	tests := []struct{ v, lo, hi, want int }{
		{5, 1, 10, 5}, {-3, 1, 10, 1}, {99, 1, 10, 10}, {1, 1, 10, 1}, {10, 1, 10, 10}, {7, 7, 7, 7},
	}
	for _, tc := range tests {
		if got := generic.Clamp(tc.v, tc.lo, tc.hi); got != tc.want {
			t.Errorf("Clamp(%d, %d, %d) = %d, want %d", tc.v, tc.lo, tc.hi, got, tc.want)
		}
	}
	if got := generic.Clamp(Cents(-5), 0, 100); got != 0 {
		t.Errorf("Clamp on a named type = %d", got)
	}
}

func TestClampPanicsOnReversedBounds(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "bounds reversed") {
			t.Fatalf("recover() = %v, want a bounds panic", r)
		}
	}()
	generic.Clamp(5, 10, 1)
}

func TestDedupe(t *testing.T) {
	got := generic.Dedupe([]int{3, 1, 3, 2, 1})
	if fmt.Sprint(got) != "[3 1 2]" {
		t.Fatalf("Dedupe = %v", got)
	}
	if got := generic.Dedupe([]string(nil)); len(got) != 0 {
		t.Fatalf("Dedupe(nil) = %v", got)
	}
}

func TestRetry(t *testing.T) {
	errBug := errors.New("bug")
	tests := []struct {
		name      string
		errs      []error
		attempts  int
		wantCalls int
		wantErr   error
	}{
		{"first try", []error{nil}, 3, 1, nil},
		{"after two resets", []error{errReset, errReset, nil}, 3, 3, nil},
		{"gives up", []error{errReset, errReset, errReset}, 2, 2, errReset},
		{"not retryable", []error{errBug, nil}, 5, 1, errBug},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			n, err := generic.Retry(tc.attempts, isReset, func() (int, error) {
				calls++
				return calls, tc.errs[calls-1]
			})
			if calls != tc.wantCalls || !errors.Is(err, tc.wantErr) || (err == nil && n != calls) {
				t.Fatalf("calls=%d n=%d err=%v", calls, n, err)
			}
		})
	}
	if _, err := generic.Retry(0, isReset, func() (int, error) { return 1, nil }); err == nil {
		t.Fatal("Retry(0) succeeded")
	}
}
