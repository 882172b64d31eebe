package orders_test

import (
	"errors"
	"fmt"
	"testing"

	orders "example.com/patterns/p009_interface_nil_safety"
)

// validateTypedNil is the bug this page is about. verr is a
// *ValidationError; returned as an error, it becomes an interface holding
// that type and a nil pointer, which is not equal to nil.
func validateTypedNil(o orders.Order) error {
	var verr *orders.ValidationError
	if o.Email == "" {
		verr = &orders.ValidationError{Field: "email"}
	}
	return verr
}

// outbox is a Mailer that records what it would send.
type outbox struct{ sent []string }

func (b *outbox) Send(to, body string) error {
	b.sent = append(b.sent, to+": "+body)
	return nil
}

func Example() {
	good := orders.Order{ID: "o1", Email: "ada@example.com"}

	err := validateTypedNil(good)
	fmt.Println("typed nil:  err != nil is", err != nil)
	fmt.Printf("            dynamic type %T, value %v\n", err, err)
	err = orders.Validate(good)
	fmt.Println("literal nil: err != nil is", err != nil)

	// The same trap with a dependency: a nil *MemoryLogger in a Logger.
	var missing *orders.MemoryLogger
	var log orders.Logger = missing
	fmt.Println("log == nil is", log == nil, "| IsNil(log) is", orders.IsNil(log))

	// NewOrders replaces it with NopLogger, so Place does not panic.
	mail := &outbox{}
	svc, _ := orders.NewOrders(mail, log)
	fmt.Println(svc.Place(good), mail.sent)
	fmt.Println(svc.Place(orders.Order{ID: "o2"}))

	var noMailer *outbox
	_, err = orders.NewOrders(noMailer, nil)
	fmt.Println(err)
	// Output:
	// typed nil:  err != nil is true
	//             dynamic type *orders.ValidationError, value <nil>
	// literal nil: err != nil is false
	// log == nil is false | IsNil(log) is true
	// <nil> [ada@example.com: order o1 placed]
	// place order: invalid email
	// orders: a Mailer is required
}

func TestTypedNilPanicsWhenCalledThroughTheInterface(t *testing.T) {
	var missing *orders.MemoryLogger
	var log orders.Logger = missing
	defer func() {
		if recover() == nil {
			t.Fatal("calling Log on a nil *MemoryLogger did not panic")
		}
	}()
	if log != nil { // the check a caller would write: it passes
		log.Log("hello")
	}
}

func TestValidateReturnsATypedErrorOrLiteralNil(t *testing.T) {
	cases := []struct {
		order orders.Order
		field string
	}{
		{orders.Order{ID: "o1", Email: "a@example.com"}, ""},
		{orders.Order{Email: "a@example.com"}, "id"},
		{orders.Order{ID: "o1"}, "email"},
	}
	for _, tc := range cases {
		err := orders.Validate(tc.order)
		if tc.field == "" {
			if err != nil {
				t.Errorf("Validate(%v) = %v (%T), want a nil interface", tc.order, err, err)
			}
			continue
		}
		var verr *orders.ValidationError
		if !errors.As(err, &verr) || verr.Field != tc.field {
			t.Errorf("Validate(%v) = %v, want a *ValidationError for %s", tc.order, err, tc.field)
		}
	}
}

func TestIsNil(t *testing.T) {
	var ptr *outbox
	var logger orders.Logger = (*orders.MemoryLogger)(nil)
	var fn func()
	var m map[string]int
	var s []int
	var ch chan int
	cases := []struct {
		name string
		v    any
		want bool
	}{
		{"untyped nil", nil, true},
		{"nil pointer", ptr, true},
		{"nil pointer inside a Logger", logger, true},
		{"nil func", fn, true},
		{"nil map", m, true},
		{"nil slice", s, true},
		{"nil channel", ch, true},
		{"pointer to a value", &outbox{}, false},
		{"null object", orders.NopLogger{}, false},
		{"empty but non-nil slice", []int{}, false},
		{"integer zero", 0, false},
	}
	for _, tc := range cases {
		if got := orders.IsNil(tc.v); got != tc.want {
			t.Errorf("%s: IsNil = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNewOrdersRejectsAnyNilMailer(t *testing.T) {
	var typed *outbox
	for name, mail := range map[string]orders.Mailer{"untyped nil": nil, "typed nil": typed} {
		if svc, err := orders.NewOrders(mail, orders.NopLogger{}); svc != nil || !errors.Is(err, orders.ErrMissingMailer) {
			t.Errorf("%s: NewOrders = %v, %v; want ErrMissingMailer", name, svc, err)
		}
	}
}

func TestNewOrdersKeepsARealLoggerAndDefaultsAMissingOne(t *testing.T) {
	logger := &orders.MemoryLogger{}
	svc, err := orders.NewOrders(&outbox{}, logger)
	if err != nil {
		t.Fatal(err)
	}
	_ = svc.Place(orders.Order{ID: "o1", Email: "a@example.com"})
	_ = svc.Place(orders.Order{ID: "o2"})
	if fmt.Sprint(logger.Lines) != `[placed o1 rejected "o2": invalid email]` {
		t.Fatalf("lines = %q", logger.Lines)
	}
	for _, log := range []orders.Logger{nil, (*orders.MemoryLogger)(nil)} {
		svc, err := orders.NewOrders(&outbox{}, log)
		if err != nil || svc.Place(orders.Order{ID: "o3", Email: "b@example.com"}) != nil {
			t.Fatalf("with logger %#v: NewOrders or Place failed: %v", log, err)
		}
	}
}

type failingMailer struct{}

func (failingMailer) Send(string, string) error { return errors.New("smtp: connection refused") }

func TestPlaceWrapsAMailerError(t *testing.T) {
	svc, _ := orders.NewOrders(failingMailer{}, nil)
	err := svc.Place(orders.Order{ID: "o1", Email: "a@example.com"})
	if err == nil || err.Error() != "place order o1: smtp: connection refused" {
		t.Fatalf("Place = %v", err)
	}
}
