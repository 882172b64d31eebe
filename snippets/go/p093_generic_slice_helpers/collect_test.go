package collect_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	collect "example.com/patterns/p093_generic_slice_helpers"
)

type Order struct {
	ID       string
	Customer string
	Status   string
	Cents    int
}

var orders = []Order{
	{"o1", "ada", "paid", 1200},
	{"o2", "bob", "open", 800},
	{"o3", "ada", "paid", 450},
	{"o4", "cy", "refunded", 300},
	{"o5", "bob", "paid", 2000},
}

func id(o Order) string { return o.ID }

func Example() {
	paid := collect.Filter(orders, func(o Order) bool { return o.Status == "paid" })
	total := collect.Reduce(paid, 0, func(sum int, o Order) int { return sum + o.Cents })
	fmt.Println(collect.Map(paid, id), total)

	byCustomer := collect.GroupBy(orders, func(o Order) string { return o.Customer })
	// Look groups up by key: ranging over the map would print in random order.
	fmt.Println(len(byCustomer), collect.Map(byCustomer["ada"], id), collect.Map(byCustomer["bob"], id))

	big, small := collect.Partition(orders, func(o Order) bool { return o.Cents >= 1000 })
	fmt.Println(collect.Map(big, id), collect.Map(small, id))

	_, err := collect.KeyBy(orders, func(o Order) string { return o.Customer })
	fmt.Println(err)
	// Output:
	// [o1 o3 o5] 3650
	// 3 [o1 o3] [o2 o5]
	// [o1 o5] [o2 o3 o4]
	// collect.KeyBy: duplicate key ada
}

func TestMapAndFilterKeepOrderAndNeverReturnNil(t *testing.T) {
	lengths := collect.Map([]string{"a", "bbb", "cc"}, func(s string) int { return len(s) })
	if !reflect.DeepEqual(lengths, []int{1, 3, 2}) {
		t.Fatalf("Map = %v", lengths)
	}
	if got := collect.Map([]int(nil), func(n int) int { return n }); got == nil || len(got) != 0 {
		t.Fatalf("Map(nil) = %#v, want an empty non-nil slice", got)
	}
	input := []int{4, 1, 6, 3}
	evens := collect.Filter(input, func(n int) bool { return n%2 == 0 })
	if !reflect.DeepEqual(evens, []int{4, 6}) || !reflect.DeepEqual(input, []int{4, 1, 6, 3}) {
		t.Fatalf("Filter = %v, input now %v", evens, input)
	}
}

func TestReduceStartsFromInitial(t *testing.T) {
	joined := collect.Reduce([]string{"a", "b"}, ">", func(acc, s string) string { return acc + s })
	if joined != ">ab" {
		t.Fatalf("Reduce = %q", joined)
	}
	if got := collect.Reduce(nil, 7, func(acc int, n int) int { return acc + n }); got != 7 {
		t.Fatalf("Reduce(nil) = %d", got)
	}
}

func TestGroupByCollectsNonAdjacentItems(t *testing.T) {
	groups := collect.GroupBy([]string{"b1", "a1", "b2", "a2"}, func(s string) byte { return s[0] })
	want := map[byte][]string{'a': {"a1", "a2"}, 'b': {"b1", "b2"}}
	if !reflect.DeepEqual(groups, want) {
		t.Fatalf("GroupBy = %v", groups)
	}
}

func TestPartitionRunsThePredicateOncePerItem(t *testing.T) {
	calls := 0
	yes, no := collect.Partition([]int{5, 2, 8, 1}, func(n int) bool { calls++; return n > 3 })
	if !reflect.DeepEqual(yes, []int{5, 8}) || !reflect.DeepEqual(no, []int{2, 1}) || calls != 4 {
		t.Fatalf("Partition = %v %v after %d calls", yes, no, calls)
	}
}

func TestKeyBy(t *testing.T) {
	index, err := collect.KeyBy(orders, id)
	if err != nil || len(index) != len(orders) || index["o4"].Status != "refunded" {
		t.Fatalf("KeyBy = %v, %v", index, err)
	}
	index, err = collect.KeyBy(orders, func(o Order) string { return o.Status })
	if index != nil || err == nil || !strings.Contains(err.Error(), "duplicate key paid") {
		t.Fatalf("KeyBy with duplicates = %v, %v", index, err)
	}
}
