// Package payflux stands in for a payment provider's Go SDK. It is not your
// code: the names, the units (integer minor units, lower-case currency codes)
// and the error type are the vendor's. Only what the adapter touches is shown.
package payflux

import "fmt"

// ChargeParams is the body of the vendor's "create charge" request.
type ChargeParams struct {
	Amount         int64  // minor units: cents for eur, yen for jpy
	Currency       string // lower-case ISO 4217 code
	Source         string // a card token
	IdempotencyKey string // the same key never charges twice
}

// Charge is the vendor's charge object. A refused card can come back as a
// Charge with Status "failed" instead of as an error.
type Charge struct {
	ID          string
	Status      string // "succeeded", "failed" or "pending"
	Amount      int64
	Currency    string
	FailureCode string
}

// Error is what the SDK returns when the API answers with an error.
type Error struct {
	Code       string
	HTTPStatus int
	Message    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("payflux: %s (HTTP %d): %s", e.Code, e.HTTPStatus, e.Message)
}
