// Package eventpipe runs events through stages joined by buffered channels.
//
// Each stage is one goroutine, so events leave in the order they entered.
// Every channel holds at most capacity events, so a slow sink makes the
// stages before it wait. An event whose handler fails becomes a dead letter
// and the pipeline goes on. Closing the source closes each stage's output
// after its last event, so every stage drains its input before the next one
// stops.
package eventpipe

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Event is an order event; handlers return a changed copy.
type Event struct {
	Seq      int
	OrderID  string
	Customer string
	Amount   int
	Currency string
}

// Handler returns the event to pass on, or keep=false to drop it.
type Handler func(ctx context.Context, e Event) (out Event, keep bool, err error)

// Stage is a named handler; the name appears in dead letters.
type Stage struct {
	Name   string
	Handle Handler
}

// DeadLetter is an event a stage or the sink could not handle.
type DeadLetter struct {
	Event Event
	Stage string
	Err   error
}

// Report counts what happened to every event read from the source.
type Report struct {
	Delivered   int
	Dropped     int
	DeadLetters []DeadLetter // sorted by Event.Seq
}

// tally is written by one goroutine only, so it needs no lock.
type tally struct {
	delivered, dropped int
	dead               []DeadLetter
}

// Run reads src until it is closed and returns when every event read has
// been delivered, dropped or dead-lettered. If ctx ends first, every stage
// stops and Run returns ctx.Err() with the partial report.
func Run(ctx context.Context, src <-chan Event, stages []Stage,
	sink func(context.Context, Event) error, capacity int) (Report, error) {
	if capacity < 1 {
		return Report{}, fmt.Errorf("eventpipe: capacity must be at least 1, got %d", capacity)
	}
	tallies := make([]tally, len(stages)+1)
	var wg sync.WaitGroup
	in := src
	for i, st := range stages {
		out := make(chan Event, capacity)
		wg.Add(1)
		go func(st Stage, in <-chan Event, out chan<- Event, t *tally) {
			defer wg.Done()
			defer close(out) // after the last event this stage passed on
			for {
				e, ok := receive(ctx, in)
				if !ok {
					return
				}
				next, keep, err := st.Handle(ctx, e)
				switch {
				case err != nil:
					t.dead = append(t.dead, DeadLetter{e, st.Name, err})
				case !keep:
					t.dropped++
				default:
					select {
					case out <- next: // waits while the next stage is behind
					case <-ctx.Done():
						return
					}
				}
			}
		}(st, in, out, &tallies[i])
		in = out
	}
	wg.Add(1)
	go func(in <-chan Event, t *tally) {
		defer wg.Done()
		for {
			e, ok := receive(ctx, in)
			if !ok {
				return
			}
			if err := sink(ctx, e); err != nil {
				t.dead = append(t.dead, DeadLetter{e, "sink", err})
			} else {
				t.delivered++
			}
		}
	}(in, &tallies[len(stages)])
	wg.Wait()

	var r Report
	for _, t := range tallies {
		r.Delivered += t.delivered
		r.Dropped += t.dropped
		r.DeadLetters = append(r.DeadLetters, t.dead...)
	}
	sort.SliceStable(r.DeadLetters, func(i, j int) bool {
		return r.DeadLetters[i].Event.Seq < r.DeadLetters[j].Event.Seq
	})
	return r, ctx.Err()
}

// receive returns the next event, or false when in is closed or ctx is done.
func receive(ctx context.Context, in <-chan Event) (Event, bool) {
	select {
	case e, ok := <-in:
		return e, ok
	case <-ctx.Done():
		return Event{}, false
	}
}
