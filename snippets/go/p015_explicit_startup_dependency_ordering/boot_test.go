package boot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	boot "example.com/patterns/p015_explicit_startup_dependency_ordering"
)

var errPortInUse = errors.New("port 8080 in use")

func Example() {
	ctx := context.Background()
	trace := &boot.Trace{}
	app, err := boot.Start(ctx, trace)
	if err != nil {
		panic(err)
	}
	fmt.Println(app.Server.Handle("/home"))
	fmt.Println(app.Stop(ctx))
	fmt.Println(strings.Join(trace.Events, " -> "))

	// The server cannot bind: the two started components stop, newest first.
	trace = &boot.Trace{Fail: map[string]error{"start server": errPortInUse}}
	_, err = boot.Start(ctx, trace)
	fmt.Println(err)
	fmt.Println(strings.Join(trace.Events, " -> "))
	// Output:
	// /home: rows for popular products, rows for stock <nil>
	// <nil>
	// start database -> start cache -> start server -> stop server -> stop cache -> stop database
	// start server: port 8080 in use
	// start database -> start cache -> start server: failed -> stop cache -> stop database
}

func TestFailedStartStopsOnlyWhatStarted(t *testing.T) {
	cases := []struct {
		failing string
		want    []string
	}{
		{"start database", []string{"start database: failed"}},
		{"start cache", []string{"start database", "start cache: failed", "stop database"}},
		{"start server", []string{"start database", "start cache", "start server: failed", "stop cache", "stop database"}},
	}
	for _, tc := range cases {
		t.Run(tc.failing, func(t *testing.T) {
			trace := &boot.Trace{Fail: map[string]error{tc.failing: errPortInUse}}
			app, err := boot.Start(context.Background(), trace)
			if app != nil || !errors.Is(err, errPortInUse) {
				t.Fatalf("Start = %v, %v; want no app and the start error", app, err)
			}
			if !slices.Equal(trace.Events, tc.want) {
				t.Fatalf("events %v, want %v", trace.Events, tc.want)
			}
		})
	}
}

func TestAFailedStopDoesNotSkipTheRest(t *testing.T) {
	errFlush := errors.New("flush failed")
	trace := &boot.Trace{Fail: map[string]error{"start server": errPortInUse, "stop cache": errFlush}}
	_, err := boot.Start(context.Background(), trace)
	if !errors.Is(err, errPortInUse) || !errors.Is(err, errFlush) {
		t.Fatalf("want both the start and the stop error, got %v", err)
	}
	if last := trace.Events[len(trace.Events)-1]; last != "stop database" {
		t.Fatalf("last event %q, want stop database", last)
	}
}

func TestCancelledStartupStillStopsWhatStarted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	trace := &boot.Trace{After: func(step string) {
		if step == "start database" {
			cancel() // Ctrl-C arrives while the database is up and the cache is next
		}
	}}
	_, err := boot.Start(ctx, trace)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Stop ran with a context that is not cancelled, so the database closed.
	if want := []string{"start database", "stop database"}; !slices.Equal(trace.Events, want) {
		t.Fatalf("events %v, want %v", trace.Events, want)
	}
}

func TestAWrongOrderFailsLoudly(t *testing.T) {
	trace := &boot.Trace{}
	ctx := context.Background()
	db, _ := boot.OpenDatabase(ctx, trace)
	_ = db.Close(ctx)
	if _, err := boot.StartCache(ctx, db, trace); err == nil {
		t.Fatal("a cache started on a closed database")
	}
}
