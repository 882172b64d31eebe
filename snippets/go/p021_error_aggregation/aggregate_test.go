package aggregate_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	aggregate "example.com/patterns/p021_error_aggregation"
)

// stock answers from a fixed table; a missing SKU has none left.
func stock(levels map[string]int) func(context.Context, aggregate.Line) error {
	return func(_ context.Context, l aggregate.Line) error {
		if left := levels[l.SKU]; l.Quantity > left {
			return fmt.Errorf("%s: wanted %d, %d left: %w", l.SKU, l.Quantity, left, aggregate.ErrOutOfStock)
		}
		return nil
	}
}

func Example() {
	typos := aggregate.Order{Lines: []aggregate.Line{{"tea", 0}, {"", -1}}}
	err := aggregate.Validate(typos)
	fmt.Println(err)
	var first *aggregate.FieldError
	fmt.Println("errors.As finds the first:", errors.As(err, &first), first.Field)
	fmt.Println("leaves:", len(aggregate.Leaves(err)))

	short := []aggregate.Line{{"mug", 5}, {"tea", 1}, {"pot", 1}}
	err = aggregate.CheckAll(context.Background(), short, stock(map[string]int{"mug": 3, "tea": 10}))
	fmt.Println("out of stock?", errors.Is(err, aggregate.ErrOutOfStock))
	status, problems := aggregate.Problems(err)
	fmt.Println(status, strings.Join(problems, "; "))
	// Output:
	// customer_id is required
	// lines[0].quantity must be at least 1
	// lines[1].sku is required
	// lines[1].quantity must be at least 1
	// errors.As finds the first: true customer_id
	// leaves: 4
	// out of stock? true
	// 409 mug: wanted 5, 3 left: out of stock; pot: wanted 1, 0 left: out of stock
}

func TestValidReturnsNil(t *testing.T) {
	if err := aggregate.Validate(aggregate.Order{CustomerID: "c-1", Lines: []aggregate.Line{{"tea", 1}}}); err != nil {
		t.Fatalf("Validate = %v, want nil", err)
	}
	if err := aggregate.CheckAll(context.Background(), []aggregate.Line{{"tea", 1}}, stock(map[string]int{"tea": 1})); err != nil {
		t.Fatalf("CheckAll = %v, want nil", err)
	}
	if status, problems := aggregate.Problems(nil); status != 201 || problems != nil {
		t.Fatalf("Problems(nil) = %d %v", status, problems)
	}
}

func TestEveryFieldErrorIsReportedAndMatchable(t *testing.T) {
	err := aggregate.Validate(aggregate.Order{CustomerID: " ", Lines: []aggregate.Line{{"", 1}, {"tea", 1}, {"mug", 0}}})
	var fields []string
	for _, leaf := range aggregate.Leaves(err) {
		var fe *aggregate.FieldError
		if !errors.As(leaf, &fe) {
			t.Fatalf("leaf %v is not a *FieldError", leaf)
		}
		fields = append(fields, fe.Field)
	}
	want := []string{"customer_id", "lines[0].sku", "lines[2].quantity"}
	if !reflect.DeepEqual(fields, want) {
		t.Fatalf("fields = %v, want %v", fields, want)
	}
	if status, problems := aggregate.Problems(err); status != 400 || len(problems) != 3 {
		t.Fatalf("Problems = %d %v", status, problems)
	}
}

func TestEmptyOrderNamesBothMissingParts(t *testing.T) {
	got := aggregate.Leaves(aggregate.Validate(aggregate.Order{}))
	if len(got) != 2 || got[0].Error() != "customer_id is required" || got[1].Error() != "lines must not be empty" {
		t.Fatalf("leaves = %v", got)
	}
}

func TestCheckAllRunsEveryCheckAndKeepsLineOrder(t *testing.T) {
	lines := []aggregate.Line{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}}
	// Every check waits until all four have started: a checker that stopped
	// at the first failure, or ran them one by one, would never finish.
	started := make(chan struct{}, len(lines))
	all := make(chan struct{})
	go func() {
		for range lines {
			<-started
		}
		close(all)
	}()
	check := func(ctx context.Context, l aggregate.Line) error {
		started <- struct{}{}
		<-all
		if l.SKU == "b" {
			return nil
		}
		return fmt.Errorf("%s: %w", l.SKU, aggregate.ErrOutOfStock)
	}
	err := aggregate.CheckAll(context.Background(), lines, check)
	var got []string
	for _, leaf := range aggregate.Leaves(err) {
		got = append(got, leaf.Error())
	}
	want := []string{"a: out of stock", "c: out of stock", "d: out of stock"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("leaves = %v, want %v", got, want)
	}
}

func TestProblemsPutsFieldErrorsFirstAndHidesTheUnknown(t *testing.T) {
	short := fmt.Errorf("mug: %w", aggregate.ErrOutOfStock)
	field := &aggregate.FieldError{Field: "customer_id", Problem: "is required"}
	status, problems := aggregate.Problems(errors.Join(short, errors.Join(field)))
	if status != 400 || !reflect.DeepEqual(problems, []string{"customer_id is required", "mug: out of stock"}) {
		t.Fatalf("mixed: %d %v", status, problems)
	}
	status, problems = aggregate.Problems(errors.Join(field, errors.New("db.internal:5432 timeout")))
	if status != 500 || !reflect.DeepEqual(problems, []string{"internal error"}) {
		t.Fatalf("unknown: %d %v", status, problems)
	}
}
