package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	pipeline "example.com/patterns/p061_pipeline_stage_composition"
)

// Line is one parsed line of an order import.
type Line struct {
	Number         int
	SKU            string
	Quantity, Unit int
}

// parse turns "sku,quantity,unit_cents" into Lines; blank lines and # comments are skipped.
func parse(ctx context.Context, in <-chan string, emit func(Line) error) error {
	number := 0
	for text := range in {
		number++
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, ",")
		if len(fields) != 3 {
			return fmt.Errorf("line %d: expected sku,quantity,unit_cents, got %q", number, text)
		}
		quantity, err1 := strconv.Atoi(fields[1])
		unit, err2 := strconv.Atoi(fields[2])
		if err := errors.Join(err1, err2); err != nil || quantity < 0 || unit < 0 {
			return fmt.Errorf("line %d: expected sku,quantity,unit_cents, got %q", number, text)
		}
		if err := emit(Line{number, fields[0], quantity, unit}); err != nil {
			return err
		}
	}
	return nil
}

// dropEmpty drops lines that order nothing.
func dropEmpty(ctx context.Context, in <-chan Line, emit func(Line) error) error {
	for line := range in {
		if line.Quantity == 0 {
			continue
		}
		if err := emit(line); err != nil {
			return err
		}
	}
	return nil
}

// batches groups items into slices of size, one database insert each.
func batches[T any](size int) pipeline.Stage[T, []T] {
	return func(ctx context.Context, in <-chan T, emit func([]T) error) error {
		var group []T
		for v := range in {
			group = append(group, v)
			if len(group) == size {
				if err := emit(group); err != nil {
					return err
				}
				group = nil
			}
		}
		if len(group) > 0 {
			return emit(group)
		}
		return nil
	}
}

// orderFile emits a header and count order lines, counting what it reads.
func orderFile(count, badLine int, read *atomic.Int64) func(context.Context, func(string) error) error {
	return func(ctx context.Context, emit func(string) error) error {
		read.Add(1)
		if err := emit("# sku,quantity,unit_cents"); err != nil {
			return err
		}
		for n := 2; n < count+2; n++ {
			read.Add(1)
			text := fmt.Sprintf("sku-%d,%d,%d", n%50, n%4, 100+n%9)
			if n == badLine {
				text = "oops"
			}
			if err := emit(text); err != nil {
				return err
			}
		}
		return nil
	}
}

func Example() {
	ctx := context.Background()
	lines, _ := pipeline.RunStage(ctx, parse, []string{"# comment", "a,2,150", "", "b,0,99"})
	fmt.Printf("%+v\n", lines)
	groups, _ := pipeline.RunStage(ctx, batches[int](2), []int{1, 2, 3, 4, 5})
	fmt.Println(groups)

	var read atomic.Int64
	stored := 0
	p := pipeline.New(ctx, 1)
	texts := pipeline.Generate(p, "read", orderFile(10_000, 0, &read))
	parsed := pipeline.Then(p, "parse", texts, parse)
	kept := pipeline.Then(p, "drop_empty", parsed, dropEmpty)
	grouped := pipeline.Then(p, "batch", kept, batches[Line](100))
	err := pipeline.Drain(p, grouped, func(b []Line) error { stored += len(b); return nil })
	fmt.Printf("lines read: %d, rows stored: %d, error: %v\n", read.Load(), stored, err)

	read.Store(0)
	p = pipeline.New(ctx, 1)
	texts = pipeline.Generate(p, "read", orderFile(10_000, 501, &read))
	parsed = pipeline.Then(p, "parse", texts, parse)
	grouped = pipeline.Then(p, "batch", parsed, batches[Line](100))
	err = pipeline.Drain(p, grouped, func([]Line) error { return nil })
	fmt.Println(err)
	fmt.Println("stopped before the end of the file:", read.Load() < 10_001)
	// Output:
	// [{Number:2 SKU:a Quantity:2 Unit:150} {Number:4 SKU:b Quantity:0 Unit:99}]
	// [[1 2] [3 4] [5]]
	// lines read: 10001, rows stored: 7500, error: <nil>
	// stage parse: line 501: expected sku,quantity,unit_cents, got "oops"
	// stopped before the end of the file: true
}

func TestStagesAlone(t *testing.T) {
	ctx := context.Background()
	if _, err := pipeline.RunStage(ctx, parse, []string{"a,1,1", "a,x,1"}); err == nil ||
		err.Error() != `line 2: expected sku,quantity,unit_cents, got "a,x,1"` {
		t.Fatalf("parse of a bad line: %v", err)
	}
	kept, _ := pipeline.RunStage(ctx, dropEmpty, []Line{{1, "a", 0, 1}, {2, "b", 3, 1}})
	if len(kept) != 1 || kept[0].SKU != "b" {
		t.Fatalf("dropEmpty kept %v", kept)
	}
	if got, _ := pipeline.RunStage(ctx, batches[int](3), []int{}); len(got) != 0 {
		t.Fatalf("batches of nothing = %v", got)
	}
}

func TestReadingRunsAheadOfStoringByABoundedAmount(t *testing.T) {
	for _, buffer := range []int{1, 2, 8} {
		t.Run(fmt.Sprint(buffer), func(t *testing.T) {
			var read atomic.Int64
			mostAhead := int64(0)
			p := pipeline.New(context.Background(), buffer)
			texts := pipeline.Generate(p, "read", orderFile(20_000, 0, &read))
			parsed := pipeline.Then(p, "parse", texts, parse)
			kept := pipeline.Then(p, "drop_empty", parsed, dropEmpty)
			grouped := pipeline.Then(p, "batch", kept, batches[Line](10))
			err := pipeline.Drain(p, grouped, func(b []Line) error {
				for range 20 {
					runtime.Gosched() // a slow insert: the stages before it fill up
				}
				mostAhead = max(mostAhead, read.Load()-int64(b[len(b)-1].Number))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// Every goroutine holds one item and every channel buffer items:
			// buffer+1 batches of at most 14 lines, and three of lines.
			if limit := int64(17 * (buffer + 1)); mostAhead > limit {
				t.Fatalf("reading ran %d lines ahead of storing, limit %d", mostAhead, limit)
			}
		})
	}
}

func TestAFailingSinkStopsEveryStage(t *testing.T) {
	var read atomic.Int64
	errFull := errors.New("disk full")
	p := pipeline.New(context.Background(), 1)
	texts := pipeline.Generate(p, "read", orderFile(1_000_000, 0, &read))
	parsed := pipeline.Then(p, "parse", texts, parse)
	err := pipeline.Drain(p, parsed, func(Line) error { return errFull })
	if !errors.Is(err, errFull) || err.Error() != "sink: disk full" {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if read.Load() > 100 {
		t.Fatalf("the source read %d lines after the sink failed", read.Load())
	}
}

func TestCancellingTheCallerStopsEveryStage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var read atomic.Int64
	p := pipeline.New(ctx, 1)
	texts := pipeline.Generate(p, "read", orderFile(1_000_000, 0, &read))
	parsed := pipeline.Then(p, "parse", texts, parse)
	seen := 0
	err := pipeline.Drain(p, parsed, func(Line) error {
		if seen++; seen == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestAStageThatStopsReadingEarlyDoesNotBlockTheOthers(t *testing.T) {
	firstThree := func(ctx context.Context, in <-chan Line, emit func(Line) error) error {
		for i := 0; i < 3; i++ {
			if err := emit(<-in); err != nil {
				return err
			}
		}
		return nil // the source is still blocked sending: Drain must release it
	}
	var read atomic.Int64
	p := pipeline.New(context.Background(), 1)
	texts := pipeline.Generate(p, "read", orderFile(1_000_000, 0, &read))
	parsed := pipeline.Then(p, "parse", texts, parse)
	taken := pipeline.Then(p, "first_three", parsed, firstThree)
	var got []int
	err := pipeline.Drain(p, taken, func(l Line) error { got = append(got, l.Number); return nil })
	if err != nil || fmt.Sprint(got) != "[2 3 4]" {
		t.Fatalf("got %v, %v; want [2 3 4], nil", got, err)
	}
}
