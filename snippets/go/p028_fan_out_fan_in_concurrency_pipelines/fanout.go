// Package fanout shows P028: several goroutines take inputs from one channel
// (fan-out) and send their results to one channel (fan-in), which is closed
// once, after the last of them has returned.
package fanout

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// errStopped is the cancellation cause wait uses to stop the pipeline itself.
var errStopped = errors.New("fanout: stopped by the reader")

// Stream calls fn on every input from workers goroutines and merges what they
// return into one channel, in the order the calls finish.
//
// The reader receives from results until it is closed, or stops whenever it
// likes; either way it must then call wait. wait stops the pipeline, returns
// only when every goroutine Stream started has returned, and reports the
// first error: one returned by fn, or the cause of ctx's cancellation. The
// first error from fn cancels the context the other calls received and stops
// the feed, so the stream ends early.
func Stream[In, Out any](
	ctx context.Context,
	inputs []In,
	workers int,
	fn func(context.Context, In) (Out, error),
) (results <-chan Out, wait func() error) {
	if workers < 1 {
		closed := make(chan Out)
		close(closed)
		err := fmt.Errorf("fanout: workers must be at least 1, got %d", workers)
		return closed, func() error { return err }
	}
	ctx, cancel := context.WithCancelCause(ctx)
	todo := make(chan In)
	out := make(chan Out)
	stopped := make(chan struct{})

	var senders sync.WaitGroup
	senders.Add(1)
	go func() { // fan-out: one feeder hands each input to whichever worker is free
		defer senders.Done()
		defer close(todo) // every worker's range loop ends after the last input
		for _, in := range inputs {
			select {
			case todo <- in:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		senders.Add(1)
		go func() {
			defer senders.Done()
			for in := range todo {
				v, err := fn(ctx, in)
				if err != nil {
					cancel(err) // the first cause wins; later ones are ignored
					return
				}
				select {
				case out <- v:
				case <-ctx.Done(): // the reader has gone: do not block forever
					return
				}
			}
		}()
	}
	go func() { // fan-in: only the goroutine that knows every sender is done closes out
		senders.Wait()
		close(out)
		close(stopped)
	}()

	wait = func() error {
		cancel(errStopped) // no effect if the pipeline already failed or finished
		<-stopped
		if err := context.Cause(ctx); !errors.Is(err, errStopped) {
			return err
		}
		return nil
	}
	return out, wait
}
