//go:build go1.23

package iterators_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	iterators "example.com/patterns/p067_iterator_abstraction"
)

type invoice struct {
	Number  int
	Overdue bool
}

// invoiceAPI is a paged fake that counts its calls.
type invoiceAPI struct {
	total, pageSize, calls int
}

func (a *invoiceAPI) listPage(cursor string) ([]invoice, string, error) {
	a.calls++
	start, _ := strconv.Atoi(cursor) // "" reads as 0: the first page
	end := min(start+a.pageSize, a.total)
	page := make([]invoice, 0, end-start)
	for n := start; n < end; n++ {
		page = append(page, invoice{Number: n, Overdue: n%7 == 3})
	}
	if end == a.total {
		return page, "", nil
	}
	return page, strconv.Itoa(end), nil
}

func numbers(t *testing.T, seq func(func(invoice, error) bool)) []int {
	t.Helper()
	var got []int
	for inv, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, inv.Number)
	}
	return got
}

func Example() {
	api := &invoiceAPI{total: 1000, pageSize: 50}
	invoices := iterators.All(api.listPage)
	fmt.Println("calls after building the sequence:", api.calls)

	overdue := iterators.Filter(invoices, func(i invoice) bool { return i.Overdue })
	for inv, err := range iterators.Take(overdue, 3) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println("overdue:", inv.Number)
	}
	fmt.Println("calls made:", api.calls)

	count := 0
	for range invoices { // a new range starts again at page one
		count++
	}
	fmt.Println("full pass:", count, "calls now:", api.calls)
	// Output:
	// calls after building the sequence: 0
	// overdue: 3
	// overdue: 10
	// overdue: 17
	// calls made: 1
	// full pass: 1000 calls now: 21
}

func TestTakeFetchesOnlyThePagesItNeeds(t *testing.T) {
	for _, c := range []struct{ take, calls int }{{0, 0}, {1, 1}, {10, 1}, {11, 2}, {35, 4}, {500, 10}} {
		api := &invoiceAPI{total: 100, pageSize: 10}
		got := numbers(t, iterators.Take(iterators.All(api.listPage), c.take))
		want := min(c.take, 100)
		if len(got) != want || api.calls != c.calls {
			t.Errorf("take %d: got %d items in %d calls, want %d in %d", c.take, len(got), api.calls, want, c.calls)
		}
	}
}

func TestFullPassYieldsEveryItemInOrder(t *testing.T) {
	for _, total := range []int{0, 3, 95, 100} {
		api := &invoiceAPI{total: total, pageSize: 10}
		got := numbers(t, iterators.All(api.listPage))
		if len(got) != total || !slices.IsSorted(got) {
			t.Errorf("total %d: got %v", total, got)
		}
	}
}

func TestFetchErrorIsYieldedAfterTheEarlierItems(t *testing.T) {
	errTimeout := errors.New("page 2 timed out")
	fetch := func(cursor string) ([]int, string, error) {
		if cursor == "" {
			return []int{1, 2}, "next", nil
		}
		return nil, "", errTimeout
	}
	var items []int
	var errs []error
	for v, err := range iterators.Filter(iterators.All(fetch), func(int) bool { return true }) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	if !slices.Equal(items, []int{1, 2}) || len(errs) != 1 || !errors.Is(errs[0], errTimeout) {
		t.Fatalf("items %v errors %v", items, errs)
	}
}
