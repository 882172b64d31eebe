package orders

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
)

// Shop is the state a real service keeps in a database.
type Shop struct {
	mu     sync.Mutex
	stock  map[string]int
	prices map[string]int64
}

// NewShop copies the initial stock and prices.
func NewShop(stock map[string]int, prices map[string]int64) *Shop {
	s := &Shop{stock: map[string]int{}, prices: map[string]int64{}}
	for k, v := range stock {
		s.stock[k] = v
	}
	for k, v := range prices {
		s.prices[k] = v
	}
	return s
}

// Stock returns the level of one product.
func (s *Shop) Stock(sku string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stock[sku]
}

type placeRequest struct {
	Items []struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	} `json:"items"`
}

// PlaceOrder is the whole handler: decode, one call to Confirm, save, encode.
// It has no rule of its own; the only branches map errors to statuses.
func (s *Shop) PlaceOrder(w http.ResponseWriter, r *http.Request) {
	var req placeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON"})
		return
	}
	lines := make([]Line, 0, len(req.Items))
	for _, it := range req.Items {
		lines = append(lines, Line{SKU: it.SKU, Quantity: it.Qty})
	}

	s.mu.Lock() // read, decide and write as one step, as a transaction would
	result, err := Confirm(lines, s.stock, s.prices)
	if err == nil {
		s.stock = result.Stock
	}
	s.mu.Unlock()

	if err != nil {
		writeJSON(w, statusFor(err), map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"total": fmt.Sprintf("%d.%02d", result.Total()/100, result.Total()%100)})
}

func statusFor(err error) int {
	switch {
	case errors.Is(err, ErrOutOfStock):
		return http.StatusConflict
	case errors.Is(err, ErrEmpty), errors.Is(err, ErrBadQuantity), errors.Is(err, ErrUnknownProduct):
		return http.StatusUnprocessableEntity
	default:
		return http.StatusInternalServerError
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
