// Package ratelimit shows P029: workers that take jobs from one queue share
// one token bucket, and each takes a token before each job it starts, so the
// jobs start no faster than the upstream allows however many workers run.
package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Clock is what the limiter needs from time. Tests pass a fake whose Sleep
// moves its Now forward instead of waiting.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns ctx.Err() if ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SystemClock is the real clock.
func SystemClock() Clock { return systemClock{} }

// Limiter is a token bucket: it holds up to burst tokens and gains one every
// interval. It starts full. It is safe for use by many goroutines at once.
type Limiter struct {
	every time.Duration
	burst int
	clock Clock
	// turn holds a value while one caller reads or changes fullAt or sleeps:
	// a lock that a waiter can stop waiting for when its context ends.
	turn chan struct{}
	// fullAt is when the bucket will be full again: a time, so the
	// arithmetic stays in whole nanoseconds.
	fullAt time.Time
}

// NewLimiter returns a limiter that allows one start every `every` on
// average, and up to burst starts at once after a quiet spell.
func NewLimiter(every time.Duration, burst int, clock Clock) (*Limiter, error) {
	if every <= 0 {
		return nil, fmt.Errorf("ratelimit: interval must be positive, got %v", every)
	}
	if burst < 1 {
		return nil, fmt.Errorf("ratelimit: burst must be at least 1, got %d", burst)
	}
	return &Limiter{every: every, burst: burst, clock: clock, turn: make(chan struct{}, 1), fullAt: clock.Now()}, nil
}

// Wait takes one token, waiting until there is one, and returns the clock's
// reading when it took it. If ctx ends first, Wait returns ctx.Err() and takes
// no token, so the next waiter gets the one this caller was waiting for.
func (l *Limiter) Wait(ctx context.Context) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	}
	defer func() { <-l.turn }()
	for {
		now := l.clock.Now()
		// One token is free once the bucket is at most burst-1 tokens short of full.
		readyAt := l.fullAt.Add(-time.Duration(l.burst-1) * l.every)
		if !now.Before(readyAt) {
			if now.After(l.fullAt) {
				l.fullAt = now // a full bucket does not keep filling
			}
			l.fullAt = l.fullAt.Add(l.every)
			return now, nil
		}
		if err := l.clock.Sleep(ctx, readyAt.Sub(now)); err != nil {
			return time.Time{}, err
		}
	}
}
