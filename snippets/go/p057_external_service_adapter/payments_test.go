package payments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	payments "example.com/patterns/p057_external_service_adapter"
	"example.com/patterns/p057_external_service_adapter/payflux"
)

// outcome is one scripted answer of the fake SDK: a charge or an error.
type outcome struct {
	charge *payflux.Charge
	err    error
}

// fakePayFlux plays the SDK: it records each request and returns the scripted
// outcomes in order, then succeeds.
type fakePayFlux struct {
	outcomes []outcome
	calls    []payflux.ChargeParams
}

func (f *fakePayFlux) CreateCharge(ctx context.Context, p *payflux.ChargeParams) (*payflux.Charge, error) {
	f.calls = append(f.calls, *p)
	if len(f.outcomes) > 0 {
		next := f.outcomes[0]
		f.outcomes = f.outcomes[1:]
		return next.charge, next.err
	}
	id := fmt.Sprintf("ch_%d", len(f.calls))
	return &payflux.Charge{ID: id, Status: "succeeded", Amount: p.Amount, Currency: p.Currency}, nil
}

var eur1999 = payments.Money{Minor: 1999, Currency: "EUR"}

func Example() {
	ctx := context.Background()
	sdk := &fakePayFlux{}
	gateway := payments.NewPayFluxGateway(sdk)

	fmt.Println(payments.Checkout(ctx, gateway, "A-1001", eur1999, "tok_visa"))
	fmt.Printf("%+v\n", sdk.calls[0])
	fmt.Println(payments.Checkout(ctx, gateway, "J-7", payments.Money{Minor: 1200, Currency: "JPY"}, "tok_jcb"))

	sdk.outcomes = []outcome{
		{err: &payflux.Error{Code: "insufficient_funds", HTTPStatus: 402, Message: "Insufficient funds."}},
		{charge: &payflux.Charge{ID: "ch_9", Status: "failed", FailureCode: "expired_card"}},
		{err: &payflux.Error{Code: "rate_limited", HTTPStatus: 429, Message: "Too many requests."}},
		{err: errors.New("dial tcp: connection refused")},
		{err: &payflux.Error{Code: "invalid_source", HTTPStatus: 400, Message: "No such token."}},
	}
	for range 5 {
		fmt.Println(payments.Checkout(ctx, gateway, "A-1002", eur1999, "tok_visa"))
	}
	// Output:
	// 200 paid 19.99 EUR (ref ch_1)
	// {Amount:1999 Currency:eur Source:tok_visa IdempotencyKey:order-A-1001}
	// 200 paid 1200 JPY (ref ch_2)
	// 402 insufficient funds: try another card
	// 402 card expired: try another card
	// 503 payment temporarily unavailable
	// 503 payment temporarily unavailable
	// 500 payment provider refused the request (invalid_source): payflux: invalid_source (HTTP 400): No such token.
}

func TestSDKErrorsBecomeDomainErrorsAndKeepTheCause(t *testing.T) {
	cases := []struct {
		name            string
		err             error
		wantDeclined    string // the reason, when a *DeclinedError is wanted
		wantUnavailable bool
		wantText        string
	}{
		{"card declined", &payflux.Error{Code: "card_declined", HTTPStatus: 402}, "declined by the bank", false, ""},
		{"expired card", &payflux.Error{Code: "expired_card", HTTPStatus: 402}, "card expired", false, ""},
		{"rate limited", &payflux.Error{Code: "rate_limited", HTTPStatus: 429}, "", true, "(rate_limited)"},
		{"vendor 5xx", &payflux.Error{Code: "internal", HTTPStatus: 503}, "", true, "(internal)"},
		{"transport", context.DeadlineExceeded, "", true, "deadline exceeded"},
		{"bad request", &payflux.Error{Code: "invalid_source", HTTPStatus: 400}, "", false, "refused the request (invalid_source)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sdk := &fakePayFlux{outcomes: []outcome{{err: tc.err}}}
			_, err := payments.NewPayFluxGateway(sdk).Charge(context.Background(), "A-1", eur1999, "tok")
			var declined *payments.DeclinedError
			if got := errors.As(err, &declined); got != (tc.wantDeclined != "") {
				t.Fatalf("errors.As(%v, *DeclinedError) = %v", err, got)
			}
			if declined != nil && declined.Reason != tc.wantDeclined {
				t.Fatalf("reason = %q, want %q", declined.Reason, tc.wantDeclined)
			}
			if got := errors.Is(err, payments.ErrUnavailable); got != tc.wantUnavailable {
				t.Fatalf("errors.Is(%v, ErrUnavailable) = %v", err, got)
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("the SDK's error %v is not in the chain of %v", tc.err, err)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("error %q does not contain %q", err, tc.wantText)
			}
		})
	}
}

func TestAFailedChargeIsADecline(t *testing.T) {
	for code, want := range map[string]string{"insufficient_funds": "insufficient funds", "": "declined by the bank", "fraud": "declined by the bank"} {
		sdk := &fakePayFlux{outcomes: []outcome{{charge: &payflux.Charge{Status: "failed", FailureCode: code}}}}
		_, err := payments.NewPayFluxGateway(sdk).Charge(context.Background(), "A-1", eur1999, "tok")
		var declined *payments.DeclinedError
		if !errors.As(err, &declined) || declined.Reason != want {
			t.Errorf("failure code %q gave %v, want a decline with reason %q", code, err, want)
		}
	}
}

func TestAnUnknownStatusIsNotAPayment(t *testing.T) {
	sdk := &fakePayFlux{outcomes: []outcome{{charge: &payflux.Charge{Status: "pending"}}}}
	_, err := payments.NewPayFluxGateway(sdk).Charge(context.Background(), "A-1", eur1999, "tok")
	if err == nil || !strings.Contains(err.Error(), `"pending"`) {
		t.Fatalf("err = %v, want an unexpected-status error", err)
	}
}

func TestCancellationIsNotTranslated(t *testing.T) {
	sdk := &fakePayFlux{outcomes: []outcome{{err: fmt.Errorf("post: %w", context.Canceled)}}}
	_, err := payments.NewPayFluxGateway(sdk).Charge(context.Background(), "A-1", eur1999, "tok")
	if !errors.Is(err, context.Canceled) || errors.Is(err, payments.ErrUnavailable) {
		t.Fatalf("err = %v, want context.Canceled and not ErrUnavailable", err)
	}
}

func TestInvalidAmountsNeverReachTheSDK(t *testing.T) {
	for _, m := range []payments.Money{{Minor: 0, Currency: "EUR"}, {Minor: -5, Currency: "EUR"}, {Minor: 100, Currency: "GBP"}} {
		sdk := &fakePayFlux{}
		if _, err := payments.NewPayFluxGateway(sdk).Charge(context.Background(), "A-1", m, "tok"); err == nil {
			t.Errorf("%v: no error", m)
		}
		if len(sdk.calls) != 0 {
			t.Errorf("%v: the SDK was called", m)
		}
	}
}

func TestARetryReusesTheIdempotencyKey(t *testing.T) {
	sdk := &fakePayFlux{outcomes: []outcome{{err: &payflux.Error{Code: "rate_limited", HTTPStatus: 429}}}}
	gateway := payments.NewPayFluxGateway(sdk)
	_, _ = gateway.Charge(context.Background(), "A-7", eur1999, "tok")
	if _, err := gateway.Charge(context.Background(), "A-7", eur1999, "tok"); err != nil {
		t.Fatal(err)
	}
	if sdk.calls[0].IdempotencyKey != "order-A-7" || sdk.calls[1].IdempotencyKey != "order-A-7" {
		t.Fatalf("keys = %q, %q", sdk.calls[0].IdempotencyKey, sdk.calls[1].IdempotencyKey)
	}
}

// declining is a Gateway written in a few lines: checkout needs no SDK to be tested.
type declining struct{}

func (declining) Charge(context.Context, string, payments.Money, string) (payments.Receipt, error) {
	return payments.Receipt{}, &payments.DeclinedError{Reason: "card expired"}
}

func TestCheckoutNeedsOnlyTheDomainInterface(t *testing.T) {
	got := payments.Checkout(context.Background(), declining{}, "A-1", eur1999, "tok")
	if got != "402 card expired: try another card" {
		t.Fatalf("Checkout = %q", got)
	}
}
