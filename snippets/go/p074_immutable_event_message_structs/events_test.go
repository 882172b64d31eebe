package events_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	events "example.com/patterns/p074_immutable_event_message_structs"
)

var at = time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)

func Example() {
	cart := []events.OrderLine{{SKU: "book", Quantity: 2, UnitCents: 1000}}
	event, _ := events.NewOrderPlaced("o-17", "c-4", cart, at)
	cart[0].UnitCents = 1 // the caller's slice, not the event's
	fmt.Println("total after the cart changed:", event.TotalCents())

	lines := event.Lines()
	lines[0].UnitCents = 900 // a handler edits its own copy
	fmt.Println("total after a handler edit:", event.TotalCents())

	discounted, _ := event.WithLines(lines)
	fmt.Println("discounted copy:", discounted.TotalCents(), "original:", event.TotalCents())

	again, _ := events.NewOrderPlaced("o-17", "c-4", event.Lines(), at)
	seen := map[events.Key]bool{event.Key(): true}
	fmt.Println("equal:", again.Equal(event), "duplicate:", seen[again.Key()])
	// Output:
	// total after the cart changed: 2000
	// total after a handler edit: 2000
	// discounted copy: 1800 original: 2000
	// equal: true duplicate: true
}

func TestConstructorRejectsAnEmptyOrder(t *testing.T) {
	if _, err := events.NewOrderPlaced("o-1", "c-1", nil, at); !errors.Is(err, events.ErrNoLines) {
		t.Fatalf("err = %v, want ErrNoLines", err)
	}
}

func TestEqualComparesEveryField(t *testing.T) {
	base, _ := events.NewOrderPlaced("o-1", "c-1", []events.OrderLine{{"a", 1, 5}}, at)
	sameInstant, _ := events.NewOrderPlaced("o-1", "c-1", []events.OrderLine{{"a", 1, 5}}, at.In(time.FixedZone("CET", 3600)))
	if !base.Equal(sameInstant) {
		t.Fatal("the same instant in another zone should be equal")
	}
	if sameInstant.OccurredAt() != at {
		t.Fatalf("OccurredAt = %v, want it normalised to UTC", sameInstant.OccurredAt())
	}
	for name, other := range map[string][]events.OrderLine{
		"quantity": {{"a", 2, 5}},
		"extra":    {{"a", 1, 5}, {"b", 1, 1}},
	} {
		changed, _ := base.WithLines(other)
		if base.Equal(changed) {
			t.Errorf("%s: events with different lines compare equal", name)
		}
	}
	otherCustomer, _ := events.NewOrderPlaced("o-1", "c-2", base.Lines(), at)
	if base.Equal(otherCustomer) || base.CustomerID() != "c-1" || base.OrderID() != "o-1" {
		t.Fatal("customer must take part in equality")
	}
}

func TestCopiesShareNothing(t *testing.T) {
	event, _ := events.NewOrderPlaced("o-1", "c-1", []events.OrderLine{{"a", 1, 5}}, at)
	copied := event // shares the backing array, which is safe: no method writes to it or returns it
	out := copied.Lines()
	out[0] = events.OrderLine{"z", 9, 9}
	if !event.Equal(copied) || event.Lines()[0].SKU != "a" {
		t.Fatal("editing a returned slice changed the event")
	}
}
