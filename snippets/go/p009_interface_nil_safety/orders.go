// Package orders shows P009: an interface value is nil only when it holds no
// type at all, so a nil pointer stored in an interface is not nil. Functions
// return a literal nil, constructors reject or replace nil dependencies, and
// an optional dependency defaults to a null object instead of nil.
package orders

import (
	"errors"
	"fmt"
	"reflect"
)

// Order is one customer order.
type Order struct {
	ID    string
	Email string
}

// ValidationError names the field of an Order that is invalid.
type ValidationError struct {
	Field string
}

func (e *ValidationError) Error() string { return "invalid " + e.Field }

// Validate returns a *ValidationError for a bad order and a literal nil for a
// good one. Its result type is error, and no variable of type
// *ValidationError is ever returned, so no typed nil can escape.
func Validate(o Order) error {
	if o.ID == "" {
		return &ValidationError{Field: "id"}
	}
	if o.Email == "" {
		return &ValidationError{Field: "email"}
	}
	return nil
}

// Mailer sends a message; Orders cannot work without one.
type Mailer interface {
	Send(to, body string) error
}

// Logger records what happened; Orders works without one.
type Logger interface {
	Log(msg string)
}

// NopLogger is the null object for Logger: it discards every message, so
// code that holds a Logger never needs a nil check.
type NopLogger struct{}

// Log discards msg.
func (NopLogger) Log(string) {}

// MemoryLogger keeps messages in memory. Its Log uses the receiver, so a nil
// *MemoryLogger panics: the kind of value IsNil exists to catch.
type MemoryLogger struct {
	Lines []string
}

// Log appends msg.
func (l *MemoryLogger) Log(msg string) { l.Lines = append(l.Lines, msg) }

// ErrMissingMailer is returned by NewOrders when it gets no usable Mailer.
var ErrMissingMailer = errors.New("orders: a Mailer is required")

// IsNil reports whether v is nil, or is an interface value holding a nil
// pointer, map, slice, func or channel. `v == nil` only catches the first.
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	default:
		return false
	}
}

// Orders places orders. Built only by NewOrders, its fields are never nil.
type Orders struct {
	mail Mailer
	log  Logger
}

// NewOrders checks its dependencies once, so methods never have to. A nil
// Mailer, typed or not, is an error; a nil Logger, typed or not, becomes
// NopLogger.
func NewOrders(mail Mailer, log Logger) (*Orders, error) {
	if IsNil(mail) {
		return nil, ErrMissingMailer
	}
	if IsNil(log) {
		log = NopLogger{}
	}
	return &Orders{mail: mail, log: log}, nil
}

// Place validates the order and mails a confirmation.
func (o *Orders) Place(order Order) error {
	if err := Validate(order); err != nil {
		o.log.Log(fmt.Sprintf("rejected %q: %v", order.ID, err))
		return fmt.Errorf("place order: %w", err)
	}
	if err := o.mail.Send(order.Email, "order "+order.ID+" placed"); err != nil {
		return fmt.Errorf("place order %s: %w", order.ID, err)
	}
	o.log.Log("placed " + order.ID)
	return nil
}
