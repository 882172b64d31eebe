// Package orders shows a thin HTTP handler in front of a pure domain
// function. Confirm holds every rule for placing an order and does no I/O;
// the handler decodes, calls Confirm once, saves and encodes.
package orders

import (
	"errors"
	"fmt"
	"sort"
)

// Business rules as data.
const (
	DiscountFromCents = 10_000
	DiscountPercent   = 10
)

// Rejections a caller can test for with errors.Is.
var (
	ErrEmpty          = errors.New("the order has no lines")
	ErrBadQuantity    = errors.New("quantity must be at least 1")
	ErrUnknownProduct = errors.New("unknown product")
	ErrOutOfStock     = errors.New("out of stock")
)

// Line is one product and a quantity of at least 1.
type Line struct {
	SKU      string
	Quantity int
}

// Confirmation is a priced order and the stock it leaves.
type Confirmation struct {
	Subtotal, Discount int64
	Stock              map[string]int
}

// Total is what the customer pays.
func (c Confirmation) Total() int64 { return c.Subtotal - c.Discount }

// Confirm prices an order against stock and prices, or says why it cannot be
// placed. It reads its arguments and changes none of them.
func Confirm(lines []Line, stock map[string]int, prices map[string]int64) (Confirmation, error) {
	if len(lines) == 0 {
		return Confirmation{}, ErrEmpty
	}
	wanted := map[string]int{}
	for _, l := range lines {
		if l.Quantity < 1 { // a struct literal cannot enforce this, so the rule is checked here
			return Confirmation{}, fmt.Errorf("%s: %w", l.SKU, ErrBadQuantity)
		}
		if _, ok := prices[l.SKU]; !ok {
			return Confirmation{}, fmt.Errorf("%w %q", ErrUnknownProduct, l.SKU)
		}
		wanted[l.SKU] += l.Quantity
	}
	skus := make([]string, 0, len(wanted))
	for sku := range wanted {
		skus = append(skus, sku)
	}
	sort.Strings(skus) // the first shortage reported does not depend on map order
	var subtotal int64
	for _, sku := range skus {
		if stock[sku] < wanted[sku] {
			return Confirmation{}, fmt.Errorf("%w: %s: want %d, have %d", ErrOutOfStock, sku, wanted[sku], stock[sku])
		}
		subtotal += prices[sku] * int64(wanted[sku])
	}
	var discount int64
	if subtotal >= DiscountFromCents {
		discount = subtotal * DiscountPercent / 100
	}
	left := make(map[string]int, len(stock))
	for sku, n := range stock {
		left[sku] = n - wanted[sku]
	}
	return Confirmation{Subtotal: subtotal, Discount: discount, Stock: left}, nil
}
