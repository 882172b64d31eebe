// Package actor shows P033: one goroutine owns the seat map, and every read
// or change of it is a request sent over a channel and answered on a reply
// channel. The owner handles one request at a time, to the end.
package actor

import (
	"context"
	"errors"
	"fmt"
)

var (
	// ErrSeatTaken means the seat already has a holder.
	ErrSeatTaken = errors.New("seat taken")
	// ErrNotHolder means someone other than the holder tried to release a seat.
	ErrNotHolder = errors.New("not the holder")
	// ErrNoSeat means the seat does not exist.
	ErrNoSeat = errors.New("no such seat")
	// ErrStopped means the actor stopped before it took the request.
	ErrStopped = errors.New("seat actor stopped")
)

type op int

const (
	book op = iota
	release
	holder
)

type request struct {
	op          op
	seat, guest string
	reply       chan response // buffered: the actor never waits for a caller that left
}

type response struct {
	holder string
	err    error
}

// Seats is the handle callers use; the state lives in the run goroutine.
type Seats struct {
	inbox chan request
	quit  chan struct{}
	done  chan struct{}
}

// Start launches the actor goroutine. The caller owns it and must call Stop.
// charge is called inside the actor, before a seat is given away.
func Start(seats []string, charge func(guest string) error) *Seats {
	s := &Seats{
		inbox: make(chan request), // unbuffered: a request is sent when the actor takes it
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	holders := make(map[string]string, len(seats)) // owned by the goroutine below, never shared
	for _, seat := range seats {
		holders[seat] = ""
	}
	go s.run(holders, charge)
	return s
}

// Stop refuses new requests, lets the actor finish the one it is handling,
// and returns once the actor goroutine has exited.
func (s *Seats) Stop() {
	close(s.quit)
	<-s.done
}

// Book charges guest and gives them seat, or returns ErrSeatTaken.
func (s *Seats) Book(ctx context.Context, seat, guest string) error {
	_, err := s.ask(ctx, request{op: book, seat: seat, guest: guest})
	return err
}

// Release frees seat; only its holder may release it.
func (s *Seats) Release(ctx context.Context, seat, guest string) error {
	_, err := s.ask(ctx, request{op: release, seat: seat, guest: guest})
	return err
}

// Holder returns who holds seat ("" if free), as of every request before it.
func (s *Seats) Holder(ctx context.Context, seat string) (string, error) {
	return s.ask(ctx, request{op: holder, seat: seat})
}

func (s *Seats) ask(ctx context.Context, req request) (string, error) {
	req.reply = make(chan response, 1)
	select {
	case s.inbox <- req:
	case <-s.quit:
		return "", ErrStopped
	case <-ctx.Done():
		return "", ctx.Err() // never taken: as if never sent
	}
	select {
	case r := <-req.reply:
		return r.holder, r.err
	case <-ctx.Done():
		return "", ctx.Err() // the actor still finishes the request
	}
}

func (s *Seats) run(holders map[string]string, charge func(string) error) {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case req := <-s.inbox:
			req.reply <- handle(holders, charge, req)
		}
	}
}

func handle(holders map[string]string, charge func(string) error, req request) response {
	current, ok := holders[req.seat]
	if !ok {
		return response{err: fmt.Errorf("seat %s: %w", req.seat, ErrNoSeat)}
	}
	switch req.op {
	case book:
		if current != "" {
			return response{err: fmt.Errorf("seat %s: %w", req.seat, ErrSeatTaken)}
		}
		// Safe to call out: no other request runs until this one returns.
		if err := charge(req.guest); err != nil {
			return response{err: fmt.Errorf("book seat %s: %w", req.seat, err)}
		}
		holders[req.seat] = req.guest
	case release:
		if current != req.guest {
			return response{err: fmt.Errorf("seat %s, %s: %w", req.seat, req.guest, ErrNotHolder)}
		}
		holders[req.seat] = ""
	}
	return response{holder: holders[req.seat]}
}
