// Package pipeline shows P061: a pipeline built from small stages, each a
// plain function that can be tested alone, joined by bounded channels, with
// the first error or a cancellation stopping every stage.
package pipeline

import (
	"context"
	"fmt"
	"sync"
)

// Stage reads its input until the channel is closed and passes results on
// with emit. It may emit zero, one or many results per input. emit returns
// an error once the pipeline is stopping; the stage should return it.
type Stage[In, Out any] func(ctx context.Context, in <-chan In, emit func(Out) error) error

// Pipeline owns the goroutines of one run: Drain waits for all of them.
type Pipeline struct {
	ctx    context.Context
	cancel context.CancelFunc
	buffer int
	wg     sync.WaitGroup

	mu       sync.Mutex
	err      error // the first error; later ones are only its echoes
	finished bool
}

// New starts a pipeline whose channels hold buffer items each. Cancelling
// ctx stops every stage.
func New(ctx context.Context, buffer int) *Pipeline {
	ctx, cancel := context.WithCancel(ctx)
	return &Pipeline{ctx: ctx, cancel: cancel, buffer: max(buffer, 1)}
}

// fail records the first error and stops every stage.
func (p *Pipeline) fail(err error) {
	p.mu.Lock()
	if p.err == nil && !p.finished {
		p.err = err
	}
	p.mu.Unlock()
	p.cancel()
}

// start runs body in a goroutine that owns out: it closes out when body
// returns, and records body's error under the stage's name.
func start[Out any](p *Pipeline, name string, body func(emit func(Out) error) error) <-chan Out {
	out := make(chan Out, p.buffer)
	emit := func(v Out) error {
		select {
		case out <- v: // waits while the next stage is buffer items behind
			return nil
		case <-p.ctx.Done():
			return p.ctx.Err()
		}
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(out)
		if err := body(emit); err != nil {
			p.fail(fmt.Errorf("stage %s: %w", name, err))
		}
	}()
	return out
}

// Generate starts the source of a pipeline: gen emits the items.
func Generate[T any](p *Pipeline, name string, gen func(ctx context.Context, emit func(T) error) error) <-chan T {
	return start(p, name, func(emit func(T) error) error { return gen(p.ctx, emit) })
}

// Then runs stage on the items of in, in its own goroutine, and returns
// the channel of its results.
func Then[In, Out any](p *Pipeline, name string, in <-chan In, stage Stage[In, Out]) <-chan Out {
	return start(p, name, func(emit func(Out) error) error { return stage(p.ctx, in, emit) })
}

// Drain calls sink on every result of the last stage, then stops every
// stage and waits for all of them. It returns the first error of any stage
// or of sink, or nil.
func Drain[T any](p *Pipeline, in <-chan T, sink func(T) error) error {
	for v := range in {
		if err := sink(v); err != nil {
			p.fail(fmt.Errorf("sink: %w", err))
			break
		}
	}
	p.mu.Lock()
	p.finished = true
	p.mu.Unlock()
	p.cancel() // a stage that stopped reading early leaves the ones before it blocked
	p.wg.Wait()
	return p.err
}

// RunStage runs one stage on items and collects what it emits, with no
// goroutine and no pipeline: how a stage is tested.
func RunStage[In, Out any](ctx context.Context, stage Stage[In, Out], items []In) ([]Out, error) {
	in := make(chan In, len(items))
	for _, v := range items {
		in <- v
	}
	close(in)
	var out []Out
	err := stage(ctx, in, func(v Out) error { out = append(out, v); return nil })
	return out, err
}
