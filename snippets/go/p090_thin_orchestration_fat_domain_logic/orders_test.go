package orders_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/patterns/p090_thin_orchestration_fat_domain_logic"
)

var prices = map[string]int64{"pen": 250, "book": 1500}

// The domain is tested with plain values: no server, no JSON, no store.
func TestConfirm(t *testing.T) {
	tests := []struct {
		name               string
		lines              []orders.Line
		subtotal, discount int64
		err                error
	}{
		{"small order", []orders.Line{{"pen", 1}}, 250, 0, nil},
		{"just under the threshold", []orders.Line{{"book", 6}, {"pen", 3}}, 9750, 0, nil},
		{"at the threshold", []orders.Line{{"pen", 40}}, 10000, 1000, nil},
		{"repeated lines add up", []orders.Line{{"book", 5}, {"book", 5}}, 15000, 1500, nil},
		{"empty", nil, 0, 0, orders.ErrEmpty},
		{"unknown product", []orders.Line{{"pen", 1}, {"lamp", 1}}, 0, 0, orders.ErrUnknownProduct},
		{"zero quantity", []orders.Line{{"pen", 0}}, 0, 0, orders.ErrBadQuantity},
		{"negative quantity", []orders.Line{{"pen", 2}, {"book", -1}}, 0, 0, orders.ErrBadQuantity},
		{"not enough", []orders.Line{{"book", 6}, {"book", 5}}, 0, 0, orders.ErrOutOfStock},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stock := map[string]int{"pen": 100, "book": 10}
			got, err := orders.Confirm(tc.lines, stock, prices)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got.Subtotal != tc.subtotal || got.Discount != tc.discount {
				t.Errorf("got %d - %d, want %d - %d", got.Subtotal, got.Discount, tc.subtotal, tc.discount)
			}
			if stock["pen"] != 100 || stock["book"] != 10 {
				t.Errorf("Confirm changed its input: %v", stock)
			}
		})
	}
}

func TestConfirmReportsTheShortage(t *testing.T) {
	_, err := orders.Confirm([]orders.Line{{"pen", 1}, {"book", 3}}, map[string]int{"pen": 1}, prices)
	if err == nil || err.Error() != "out of stock: book: want 3, have 0" {
		t.Errorf("err = %v", err)
	}
}

// The handler is tested for translation only: each outcome gets its status,
// and stock changes only on success.
func TestPlaceOrderMapsOutcomes(t *testing.T) {
	tests := []struct {
		body      string
		status    int
		penStock  int
		bodyParts string
	}{
		{`{"items":[{"sku":"pen","qty":2}]}`, http.StatusCreated, 18, `"total":"5.00"`},
		{`not json`, http.StatusBadRequest, 20, "invalid JSON"},
		{`{"items":[{"sku":"pen","qty":0}]}`, http.StatusUnprocessableEntity, 20, "pen: quantity must be at least 1"},
		{`{"items":[]}`, http.StatusUnprocessableEntity, 20, "no lines"},
		{`{"items":[{"sku":"lamp","qty":1}]}`, http.StatusUnprocessableEntity, 20, "unknown product"},
		{`{"items":[{"sku":"pen","qty":21}]}`, http.StatusConflict, 20, "want 21, have 20"},
	}
	for _, tc := range tests {
		shop := orders.NewShop(map[string]int{"pen": 20}, prices)
		rec := httptest.NewRecorder()
		shop.PlaceOrder(rec, httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(tc.body)))
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.bodyParts) {
			t.Errorf("%s: got %d %s", tc.body, rec.Code, rec.Body)
		}
		if got := shop.Stock("pen"); got != tc.penStock {
			t.Errorf("%s: pen stock = %d, want %d", tc.body, got, tc.penStock)
		}
	}
}

func ExampleShop_PlaceOrder() {
	shop := orders.NewShop(map[string]int{"pen": 20, "book": 10}, prices)
	for _, body := range []string{
		`{"items":[{"sku":"book","qty":8}]}`,
		`{"items":[{"sku":"pen","qty":4},{"sku":"book","qty":3}]}`,
	} {
		rec := httptest.NewRecorder()
		shop.PlaceOrder(rec, httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(body)))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	fmt.Println("pens left:", shop.Stock("pen"), "books left:", shop.Stock("book"))
	// Output:
	// 201 {"total":"108.00"}
	// 409 {"error":"out of stock: book: want 3, have 2"}
	// pens left: 20 books left: 2
}
