// Package workerpool shows P026: a fixed number of goroutines take jobs from
// one channel, so the number of jobs running at once never exceeds the number
// of workers, however many jobs there are.
package workerpool

import (
	"context"
	"fmt"
	"sync"
)

// Result is the outcome of one job: the value it returned, or its error.
type Result[R any] struct {
	Value R
	Err   error
}

// Run calls handle on every job from exactly workers goroutines and returns
// one Result per job, in input order. A job that fails keeps its error in its
// own Result; the other jobs still run.
//
// The channel between the feeding loop and the workers is unbuffered, so the
// loop hands out a job only when a worker is free to take it. When ctx is
// cancelled, Run stops handing out jobs, waits until every worker has
// returned (handle receives ctx, so the jobs in flight can stop early too),
// and returns ctx.Err(); the jobs that never started carry it as their error.
func Run[J, R any](
	ctx context.Context,
	workers int,
	jobs []J,
	handle func(context.Context, J) (R, error),
) ([]Result[R], error) {
	if workers < 1 {
		return nil, fmt.Errorf("workerpool: workers must be at least 1, got %d", workers)
	}
	results := make([]Result[R], len(jobs))
	next := make(chan int) // the index of the next job to run

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				value, err := handle(ctx, jobs[i])
				// Each index is written by one worker only, so no lock is needed.
				results[i] = Result[R]{Value: value, Err: err}
			}
		}()
	}

	sent := 0
feed:
	for sent < len(jobs) && ctx.Err() == nil {
		select {
		case next <- sent:
			sent++
		case <-ctx.Done():
			break feed
		}
	}
	close(next) // each worker finishes its current job, sees the close and returns
	wg.Wait()   // after this line no worker of this pool is running

	if sent < len(jobs) {
		for i := sent; i < len(jobs); i++ {
			results[i].Err = ctx.Err()
		}
		return results, ctx.Err()
	}
	return results, nil
}
