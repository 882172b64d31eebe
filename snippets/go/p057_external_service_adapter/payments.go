// Package payments shows P057: checkout depends on a small Gateway interface
// written in its own terms, and one adapter translates the PayFlux SDK into it.
package payments

import (
	"context"
	"errors"
	"fmt"
)

// Money is an amount in minor units (cents, yen) of an upper-case currency.
type Money struct {
	Minor    int64
	Currency string
}

// minorDigits says how many decimal places each supported currency has.
var minorDigits = map[string]int{"EUR": 2, "USD": 2, "JPY": 0}

func (m Money) String() string {
	sign, minor := "", m.Minor
	if minor < 0 {
		sign, minor = "-", -minor
	}
	if minorDigits[m.Currency] == 0 {
		return fmt.Sprintf("%s%d %s", sign, minor, m.Currency)
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, minor/100, minor%100, m.Currency)
}

// Receipt is what a successful charge gives checkout.
type Receipt struct {
	PaymentID string
	Charged   Money
}

// ErrUnavailable means the provider is down or overloaded: retry later with
// the same order ID, which the provider uses to avoid charging twice.
var ErrUnavailable = errors.New("payment provider unavailable")

// DeclinedError means the payment method was refused; retrying will not help.
// Reason is safe to show the customer. Err is the provider's error, for logs.
type DeclinedError struct {
	Reason string
	Err    error
}

func (e *DeclinedError) Error() string { return "payment declined: " + e.Reason }
func (e *DeclinedError) Unwrap() error { return e.Err }

// Gateway is what checkout needs from any payment provider, and nothing more.
type Gateway interface {
	Charge(ctx context.Context, orderID string, amount Money, cardToken string) (Receipt, error)
}

// Checkout pays for an order and returns the HTTP answer. No vendor type
// appears here: the errors it branches on belong to this package.
func Checkout(ctx context.Context, g Gateway, orderID string, total Money, cardToken string) string {
	receipt, err := g.Charge(ctx, orderID, total, cardToken)
	var declined *DeclinedError
	switch {
	case errors.As(err, &declined):
		return "402 " + declined.Reason + ": try another card"
	case errors.Is(err, ErrUnavailable):
		return "503 payment temporarily unavailable"
	case err != nil:
		return "500 " + err.Error()
	}
	return fmt.Sprintf("200 paid %s (ref %s)", receipt.Charged, receipt.PaymentID)
}
