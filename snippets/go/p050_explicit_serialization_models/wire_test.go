package wire_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	wire "example.com/patterns/p050_explicit_serialization_models"
)

func sample() wire.Order {
	return wire.Order{
		ID: "ord-1",
		Lines: []wire.Line{
			{SKU: "lamp", Quantity: 2, UnitPriceCents: 1250},
			{SKU: "desk", Quantity: 1, UnitPriceCents: 14900},
		},
		Status:   wire.Paid,
		PlacedAt: time.Date(2024, 5, 1, 11, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
	}
}

const valid = `{"id":"ord-1","lines":[{"sku":"lamp","quantity":2,"unit_price":"12.50"}],` +
	`"status":"paid","placed_at":"2024-05-01T09:30:00Z"}`

func Example() {
	out, _ := wire.Encode(sample())
	fmt.Println(string(out))

	order, err := wire.Decode(strings.NewReader(string(out)))
	fmt.Println(order.Lines[0].UnitPriceCents, order.Status, order.PlacedAt, err)

	for _, body := range []string{
		strings.Replace(valid, `"quantity"`, `"quantitiy"`, 1),
		strings.Replace(valid, `"quantity":2,`, ``, 1),
		strings.Replace(valid, `"12.50"`, `"12.5"`, 1),
		strings.Replace(valid, `"paid"`, `"refunded"`, 1),
		valid + `{"id":"ord-2"}`,
	} {
		_, err := wire.Decode(strings.NewReader(body))
		fmt.Println(errors.Is(err, wire.ErrInvalid), err)
	}
	// Output:
	// {"id":"ord-1","lines":[{"sku":"lamp","quantity":2,"unit_price":"12.50"},{"sku":"desk","quantity":1,"unit_price":"149.00"}],"status":"paid","placed_at":"2024-05-01T09:30:00Z"}
	// 1250 paid 2024-05-01 09:30:00 +0000 UTC <nil>
	// true invalid order: json: unknown field "quantitiy"
	// true invalid order: order.lines[0].quantity: required
	// true invalid order: order.lines[0].unit_price: expected decimal text like "12.50"
	// true invalid order: order.status: unknown status "refunded"
	// true invalid order: unexpected data after the object
}

func TestRoundTripKeepsTheOrder(t *testing.T) {
	out, err := wire.Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	got, err := wire.Decode(strings.NewReader(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	want := sample()
	if !got.PlacedAt.Equal(want.PlacedAt) {
		t.Fatalf("placed_at %v, want %v", got.PlacedAt, want.PlacedAt)
	}
	got.PlacedAt, want.PlacedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"not json", `{`, "invalid order"},
		{"wrong type", strings.Replace(valid, `2,`, `"2",`, 1), "invalid order"},
		{"missing id", strings.Replace(valid, `"id":"ord-1",`, ``, 1), "order.id: required"},
		{"bad time", strings.Replace(valid, `Z"`, `"`, 1), "order.placed_at: expected"},
		{"no lines", strings.Replace(valid, `[{"sku":"lamp","quantity":2,"unit_price":"12.50"}]`, `[]`, 1), "at least one line"},
		{"missing sku", strings.Replace(valid, `"sku":"lamp",`, ``, 1), "order.lines[0].sku: required"},
		{"zero quantity", strings.Replace(valid, `"quantity":2`, `"quantity":0`, 1), "must be at least 1"},
		{"float price", strings.Replace(valid, `"12.50"`, `12.5`, 1), "invalid order"},
		{"negative price", strings.Replace(valid, `"12.50"`, `"-1.00"`, 1), "expected decimal text"},
		{"huge price", strings.Replace(valid, `"12.50"`, `"99999999999999999999.00"`, 1), "too large"},
		{"nested unknown", strings.Replace(valid, `"sku"`, `"price":1,"sku"`, 1), `unknown field "price"`},
	} {
		_, err := wire.Decode(strings.NewReader(tc.body))
		if !errors.Is(err, wire.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrInvalid containing %q", tc.name, err, tc.want)
		}
	}
}

func TestTypeErrorsCanBeInspected(t *testing.T) {
	_, err := wire.Decode(strings.NewReader(strings.Replace(valid, `2,`, `"2",`, 1)))
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) || typeErr.Value != "string" {
		t.Fatalf("err = %v, want a *json.UnmarshalTypeError for a string", err)
	}
}

// encoding/json (v1) matches keys case-insensitively: tags fix the names
// you write, not the names you accept. This test pins that behaviour.
func TestKeysMatchCaseInsensitively(t *testing.T) {
	body := strings.Replace(valid, `"sku"`, `"SKU"`, 1)
	order, err := wire.Decode(strings.NewReader(body))
	if err != nil || order.Lines[0].SKU != "lamp" {
		t.Fatalf("order %+v, err %v", order, err)
	}
}

func TestDomainTypeHasNoContract(t *testing.T) {
	out, _ := json.Marshal(sample().Lines[0])
	if !strings.Contains(string(out), `"UnitPriceCents":1250`) {
		t.Fatalf("marshaling the domain type directly gives Go field names: %s", out)
	}
}
