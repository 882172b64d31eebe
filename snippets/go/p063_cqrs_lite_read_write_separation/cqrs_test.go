package cqrs_test

import (
	"errors"
	"fmt"
	"math/rand"
	"sync"
	"testing"

	cqrs "example.com/patterns/p063_cqrs_lite_read_write_separation"
)

func show(d *cqrs.Dashboard, customer string) string {
	s, asOf := d.Summary(customer)
	return fmt.Sprintf("%s: open %d, shipped %d, spent %d.%02d (as of event %d)",
		customer, s.OpenOrders, s.ShippedOrders, s.SpentCents/100, s.SpentCents%100, asOf)
}

func Example() {
	log := &cqrs.Log{}
	book := cqrs.NewOrderBook(log)
	dashboard := cqrs.NewDashboard()

	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "o1", Customer: "ana", TotalCents: 2500})
	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "o2", Customer: "ana", TotalCents: 1000})
	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "o3", Customer: "ben", TotalCents: 4000})
	fmt.Println("read at once:", show(dashboard, "ana"))
	_, _ = dashboard.CatchUp(log)
	fmt.Println("read after:  ", show(dashboard, "ana"))

	_, _ = book.Handle(cqrs.ShipOrder{OrderID: "o1"})
	_, _ = book.Handle(cqrs.CancelOrder{OrderID: "o2"})
	for _, cmd := range []any{
		cqrs.CancelOrder{OrderID: "o1"},
		cqrs.PlaceOrder{OrderID: "o4", Customer: "ben"},
		cqrs.ShipOrder{OrderID: "o9"},
	} {
		if _, err := book.Handle(cmd); errors.Is(err, cqrs.ErrRejected) {
			fmt.Println(err)
		}
	}
	_, _ = dashboard.CatchUp(log)
	fmt.Println(show(dashboard, "ana"))
	fmt.Println(show(dashboard, "ben"))

	rebuilt := cqrs.NewDashboard()
	_, _ = rebuilt.CatchUp(log)
	a1, _ := rebuilt.Summary("ana")
	a2, _ := dashboard.Summary("ana")
	fmt.Println("rebuilt from the log, same answer:", a1 == a2)
	// Output:
	// read at once: ana: open 0, shipped 0, spent 0.00 (as of event 0)
	// read after:   ana: open 2, shipped 0, spent 35.00 (as of event 3)
	// order o1 is shipped; only a placed order can be cancelled: command rejected
	// order o4: total must be positive: command rejected
	// order o9 does not exist: command rejected
	// ana: open 0, shipped 1, spent 25.00 (as of event 5)
	// ben: open 1, shipped 0, spent 40.00 (as of event 5)
	// rebuilt from the log, same answer: true
}

func TestARejectedCommandRecordsNothing(t *testing.T) {
	log := &cqrs.Log{}
	book := cqrs.NewOrderBook(log)
	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "a", Customer: "ana", TotalCents: 100})
	for _, cmd := range []any{
		cqrs.PlaceOrder{OrderID: "a", Customer: "ana", TotalCents: 100},
		cqrs.PlaceOrder{OrderID: "b", Customer: "ana", TotalCents: -1},
		cqrs.ShipOrder{OrderID: "zzz"},
		"not a command",
	} {
		if _, err := book.Handle(cmd); !errors.Is(err, cqrs.ErrRejected) {
			t.Fatalf("Handle(%v) = %v, want ErrRejected", cmd, err)
		}
	}
	if log.Position() != 1 {
		t.Fatalf("log position %d after rejected commands, want 1", log.Position())
	}
}

func TestReplayingEventsChangesNothingAndGapsAreRefused(t *testing.T) {
	log := &cqrs.Log{}
	book := cqrs.NewOrderBook(log)
	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "a", Customer: "ana", TotalCents: 100})
	_, _ = book.Handle(cqrs.ShipOrder{OrderID: "a"})
	_, _ = book.Handle(cqrs.PlaceOrder{OrderID: "b", Customer: "ana", TotalCents: 50})
	d := cqrs.NewDashboard()
	if err := d.Apply(log.Since(0)[1]); err == nil {
		t.Fatal("event 2 applied at position 0: a gap must be an error")
	}
	_, _ = d.CatchUp(log)
	for _, e := range log.Since(0) {
		_ = d.Apply(e)
	}
	if n, _ := d.CatchUp(log); n != 0 {
		t.Fatalf("second CatchUp applied %d events, want 0", n)
	}
	if s, _ := d.Summary("ana"); s != (cqrs.Summary{OpenOrders: 1, ShippedOrders: 1, SpentCents: 150}) {
		t.Fatalf("summary after replay = %+v", s)
	}
}

func TestTheProjectionConvergesWhileItRunsBesideTheWriter(t *testing.T) {
	log := &cqrs.Log{}
	book := cqrs.NewOrderBook(log)
	d := cqrs.NewDashboard()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the projector: catches up in a loop while commands arrive
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				if _, err := d.CatchUp(log); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()

	type order struct {
		customer string
		total    int
		status   string
	}
	orders := map[string]order{}
	rng := rand.New(rand.NewSource(1))
	for range 3000 {
		id := fmt.Sprintf("o%d", rng.Intn(200))
		var cmd any
		switch roll := rng.Float64(); {
		case roll < 0.5:
			cmd = cqrs.PlaceOrder{OrderID: id, Customer: fmt.Sprintf("c%d", rng.Intn(8)), TotalCents: rng.Intn(50) * 100}
		case roll < 0.8:
			cmd = cqrs.ShipOrder{OrderID: id}
		default:
			cmd = cqrs.CancelOrder{OrderID: id}
		}
		if _, err := book.Handle(cmd); err != nil {
			continue
		}
		switch c := cmd.(type) {
		case cqrs.PlaceOrder:
			orders[id] = order{c.Customer, c.TotalCents, "placed"}
		case cqrs.ShipOrder:
			o := orders[id]
			o.status = "shipped"
			orders[id] = o
		case cqrs.CancelOrder:
			o := orders[id]
			o.status = "cancelled"
			orders[id] = o
		}
	}
	close(stop)
	wg.Wait()
	_, _ = d.CatchUp(log)

	want := map[string]cqrs.Summary{}
	for _, o := range orders {
		s := want[o.customer]
		switch o.status {
		case "placed":
			s.OpenOrders++
			s.SpentCents += o.total
		case "shipped":
			s.ShippedOrders++
			s.SpentCents += o.total
		}
		want[o.customer] = s
	}
	for customer, w := range want {
		if got, asOf := d.Summary(customer); got != w || asOf != log.Position() {
			t.Fatalf("%s: %+v as of %d, want %+v as of %d", customer, got, asOf, w, log.Position())
		}
	}
}
