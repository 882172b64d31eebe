// Package cart shows P081 with a small shopping cart whose test is split into
// named subtests, each building its own cart.
package cart

import (
	"errors"
	"fmt"
)

// DiscountCode takes 10% off the total, once per cart.
const DiscountCode = "SAVE10"

// ErrRefused is wrapped by every error a Cart returns for a bad request.
var ErrRefused = errors.New("cart: request refused")

// Cart holds lines of (item, quantity) priced in cents. A Cart is not safe
// for concurrent use; parallel tests give each subtest a Cart of its own.
type Cart struct {
	prices map[string]int
	lines  map[string]int
	code   string
}

// New returns an empty cart that reads prices, and never changes it.
func New(prices map[string]int) *Cart {
	return &Cart{prices: prices, lines: map[string]int{}}
}

// Add puts quantity units of item in the cart.
func (c *Cart) Add(item string, quantity int) error {
	if _, ok := c.prices[item]; !ok {
		return fmt.Errorf("%w: unknown item %q", ErrRefused, item)
	}
	if quantity < 1 {
		return fmt.Errorf("%w: quantity must be at least 1, got %d", ErrRefused, quantity)
	}
	c.lines[item] += quantity
	return nil
}

// Remove drops the whole line for item.
func (c *Cart) Remove(item string) error {
	if _, ok := c.lines[item]; !ok {
		return fmt.Errorf("%w: %q is not in the cart", ErrRefused, item)
	}
	delete(c.lines, item)
	return nil
}

// ApplyCode applies the discount code; a second code is refused.
func (c *Cart) ApplyCode(code string) error {
	if code != DiscountCode {
		return fmt.Errorf("%w: unknown code %q", ErrRefused, code)
	}
	if c.code != "" {
		return fmt.Errorf("%w: code %q is already applied", ErrRefused, c.code)
	}
	c.code = code
	return nil
}

// Total is the sum of the lines in cents, less 10% (rounded down) with a code.
func (c *Cart) Total() int {
	subtotal := 0
	for item, n := range c.lines {
		subtotal += c.prices[item] * n
	}
	if c.code != "" {
		subtotal -= subtotal / 10
	}
	return subtotal
}
