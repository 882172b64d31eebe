// Package orderfsm shows P068: an order's lifecycle as one transition table,
// so every status change goes through a single function that can refuse it.
package orderfsm

import "fmt"

// State is where an order is in its lifecycle.
type State string

// Event is something that happens to an order and may move it to a new state.
type Event string

const (
	Pending   State = "pending"
	Paid      State = "paid"
	Shipped   State = "shipped"
	Delivered State = "delivered"
	Cancelled State = "cancelled"
	Refunded  State = "refunded"
)

const (
	Pay     Event = "pay"
	Ship    Event = "ship"
	Deliver Event = "deliver"
	Cancel  Event = "cancel"
	Refund  Event = "refund"
)

// Events lists every event in a fixed order, so AllowedEvents is deterministic.
var Events = []Event{Pay, Ship, Deliver, Cancel, Refund}

type key struct {
	from  State
	event Event
}

// transitions is the whole lifecycle. It is unexported, so no package outside
// this one can add a shortcut.
var transitions = map[key]State{
	{Pending, Pay}:      Paid,
	{Pending, Cancel}:   Cancelled,
	{Paid, Ship}:        Shipped,
	{Paid, Cancel}:      Refunded,
	{Shipped, Deliver}:  Delivered,
	{Delivered, Refund}: Refunded,
}

// InvalidTransitionError reports an event that the current state does not accept.
// Callers find it with errors.As and can map it to 409 Conflict.
type InvalidTransitionError struct {
	State State
	Event Event
}

func (e *InvalidTransitionError) Error() string {
	return fmt.Sprintf("cannot %s an order that is %s", e.Event, e.State)
}

// Next returns the state that event leads to from state, or an *InvalidTransitionError.
func Next(state State, event Event) (State, error) {
	to, ok := transitions[key{state, event}]
	if !ok {
		return state, &InvalidTransitionError{State: state, Event: event}
	}
	return to, nil
}

// Order changes state only through Fire. It is not safe for concurrent use:
// serialise changes to one order (a row lock, or one owner goroutine).
type Order struct {
	ID    string
	state State
}

// NewOrder returns an order in state.
func NewOrder(id string, state State) *Order { return &Order{ID: id, state: state} }

// State returns the current state.
func (o *Order) State() State { return o.state }

// Fire applies event. On error the state is unchanged.
func (o *Order) Fire(event Event) error {
	to, err := Next(o.state, event)
	if err != nil {
		return err
	}
	o.state = to
	return nil
}

// AllowedEvents returns the events the current state accepts, in Events order.
func (o *Order) AllowedEvents() []Event {
	var allowed []Event
	for _, e := range Events {
		if _, ok := transitions[key{o.state, e}]; ok {
			allowed = append(allowed, e)
		}
	}
	return allowed
}
