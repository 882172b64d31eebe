package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"example.com/patterns/p057_external_service_adapter/payflux"
)

// ChargeCreator is the one method of the PayFlux client the adapter calls.
// The SDK's client satisfies it; tests pass a fake.
type ChargeCreator interface {
	CreateCharge(ctx context.Context, params *payflux.ChargeParams) (*payflux.Charge, error)
}

// PayFluxGateway is a Gateway backed by the PayFlux SDK. This file is the only
// one in the program that imports the SDK.
type PayFluxGateway struct {
	api ChargeCreator
}

var _ Gateway = (*PayFluxGateway)(nil)

// NewPayFluxGateway wraps a PayFlux client.
func NewPayFluxGateway(api ChargeCreator) *PayFluxGateway {
	return &PayFluxGateway{api: api}
}

var declineReasons = map[string]string{
	"card_declined":      "declined by the bank",
	"insufficient_funds": "insufficient funds",
	"expired_card":       "card expired",
}

var retryableCodes = map[string]bool{"rate_limited": true, "api_connection_error": true}

// Charge charges amount once per orderID. It returns a *DeclinedError, an
// error wrapping ErrUnavailable, or another error for refusals that retrying
// cannot fix; the SDK's error stays in the chain for logs.
func (g *PayFluxGateway) Charge(ctx context.Context, orderID string, amount Money, cardToken string) (Receipt, error) {
	if _, ok := minorDigits[amount.Currency]; !ok || amount.Minor <= 0 {
		return Receipt{}, fmt.Errorf("charge %s: not a positive amount in a supported currency", amount)
	}
	charge, err := g.api.CreateCharge(ctx, &payflux.ChargeParams{
		Amount:         amount.Minor,
		Currency:       strings.ToLower(amount.Currency),
		Source:         cardToken,
		IdempotencyKey: "order-" + orderID,
	})
	if err != nil {
		return Receipt{}, translate(err)
	}
	switch charge.Status {
	case "succeeded":
		charged := Money{Minor: charge.Amount, Currency: strings.ToUpper(charge.Currency)}
		return Receipt{PaymentID: charge.ID, Charged: charged}, nil
	case "failed":
		reason, ok := declineReasons[charge.FailureCode]
		if !ok {
			reason = declineReasons["card_declined"]
		}
		return Receipt{}, &DeclinedError{Reason: reason}
	default:
		return Receipt{}, fmt.Errorf("payment provider: unexpected charge status %q", charge.Status)
	}
}

// translate maps one SDK or transport error to the error checkout branches on.
func translate(err error) error {
	if errors.Is(err, context.Canceled) {
		return err // the caller gave up; that says nothing about the provider
	}
	var apiErr *payflux.Error
	if !errors.As(err, &apiErr) {
		// Not an API answer at all: connection refused, DNS, deadline exceeded.
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if reason, ok := declineReasons[apiErr.Code]; ok {
		return &DeclinedError{Reason: reason, Err: err}
	}
	if retryableCodes[apiErr.Code] || apiErr.HTTPStatus >= 500 {
		return fmt.Errorf("%w (%s): %w", ErrUnavailable, apiErr.Code, err)
	}
	return fmt.Errorf("payment provider refused the request (%s): %w", apiErr.Code, err)
}
