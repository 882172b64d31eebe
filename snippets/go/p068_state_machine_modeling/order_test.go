package orderfsm_test

import (
	"errors"
	"fmt"
	"testing"

	orderfsm "example.com/patterns/p068_state_machine_modeling"
)

func Example() {
	order := orderfsm.NewOrder("A-1", orderfsm.Pending)
	for _, e := range []orderfsm.Event{orderfsm.Pay, orderfsm.Ship, orderfsm.Deliver} {
		_ = order.Fire(e)
		fmt.Printf("%7s -> %s\n", e, order.State())
	}
	fmt.Println("allowed now:", order.AllowedEvents())

	refunded := orderfsm.NewOrder("A-2", orderfsm.Refunded)
	err := refunded.Fire(orderfsm.Ship)
	var invalid *orderfsm.InvalidTransitionError
	if errors.As(err, &invalid) {
		fmt.Println("refused:", err, "| state:", invalid.State, "event:", invalid.Event)
	}
	fmt.Println("A-2 still:", refunded.State())
	// Output:
	//     pay -> paid
	//    ship -> shipped
	// deliver -> delivered
	// allowed now: [refund]
	// refused: cannot ship an order that is refunded | state: refunded event: ship
	// A-2 still: refunded
}

func TestEveryAllowedTransition(t *testing.T) {
	tests := []struct {
		from  orderfsm.State
		event orderfsm.Event
		want  orderfsm.State
	}{
		{orderfsm.Pending, orderfsm.Pay, orderfsm.Paid},
		{orderfsm.Pending, orderfsm.Cancel, orderfsm.Cancelled},
		{orderfsm.Paid, orderfsm.Ship, orderfsm.Shipped},
		{orderfsm.Paid, orderfsm.Cancel, orderfsm.Refunded},
		{orderfsm.Shipped, orderfsm.Deliver, orderfsm.Delivered},
		{orderfsm.Delivered, orderfsm.Refund, orderfsm.Refunded},
	}
	for _, tt := range tests {
		order := orderfsm.NewOrder("o", tt.from)
		if err := order.Fire(tt.event); err != nil {
			t.Fatalf("%s --%s--> : unexpected error %v", tt.from, tt.event, err)
		}
		if order.State() != tt.want {
			t.Errorf("%s --%s--> %s, want %s", tt.from, tt.event, order.State(), tt.want)
		}
	}
}

func TestForbiddenTransitionsLeaveTheStateAlone(t *testing.T) {
	tests := []struct {
		from  orderfsm.State
		event orderfsm.Event
	}{
		{orderfsm.Pending, orderfsm.Ship},
		{orderfsm.Paid, orderfsm.Pay},
		{orderfsm.Shipped, orderfsm.Cancel},
		{orderfsm.Refunded, orderfsm.Ship},
		{orderfsm.Cancelled, orderfsm.Pay},
	}
	for _, tt := range tests {
		order := orderfsm.NewOrder("o", tt.from)
		err := order.Fire(tt.event)
		var invalid *orderfsm.InvalidTransitionError
		if !errors.As(err, &invalid) || invalid.State != tt.from || invalid.Event != tt.event {
			t.Fatalf("%s + %s: got %v, want InvalidTransitionError naming both", tt.from, tt.event, err)
		}
		if order.State() != tt.from {
			t.Errorf("state changed to %s after a refused %s", order.State(), tt.event)
		}
	}
}

func TestTerminalStatesAcceptNothing(t *testing.T) {
	for _, s := range []orderfsm.State{orderfsm.Cancelled, orderfsm.Refunded} {
		if got := orderfsm.NewOrder("o", s).AllowedEvents(); len(got) != 0 {
			t.Errorf("%s allows %v, want nothing", s, got)
		}
	}
}
