// Package pricing shows P058: the checkout total is computed one way, and the
// promotion that varies is a Strategy value chosen at startup. Amounts are
// integer cents.
package pricing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Line is one product in a cart.
type Line struct {
	SKU       string
	UnitCents int64
	Quantity  int
}

// Cart is what a strategy prices. Strategies read it and never change it.
type Cart []Line

// Subtotal is the price before any discount.
func (c Cart) Subtotal() int64 {
	var sum int64
	for _, l := range c {
		sum += l.UnitCents * int64(l.Quantity)
	}
	return sum
}

// Items counts units, not lines.
func (c Cart) Items() int {
	n := 0
	for _, l := range c {
		n += l.Quantity
	}
	return n
}

// Strategy returns the discount for a cart in cents, between 0 and the subtotal.
type Strategy interface {
	Discount(Cart) int64
}

// Func lets a plain function be a Strategy, as http.HandlerFunc does for handlers.
type Func func(Cart) int64

// Discount calls f.
func (f Func) Discount(c Cart) int64 { return f(c) }

// NoDiscount charges the list price.
var NoDiscount = Func(func(Cart) int64 { return 0 })

// ThreeForTwo makes every third unit free, taking units from the dearest down,
// so the cheapest unit of each group of three is the free one.
func ThreeForTwo(c Cart) int64 {
	var prices []int64
	for _, l := range c {
		for range l.Quantity {
			prices = append(prices, l.UnitCents)
		}
	}
	slices.SortFunc(prices, func(a, b int64) int { return cmp.Compare(b, a) })
	var free int64
	for i := 2; i < len(prices); i += 3 {
		free += prices[i]
	}
	return free
}

// percentOf rounds half up: integer cents, no floating point.
func percentOf(cents, percent int64) int64 { return (cents*percent + 50) / 100 }

// PercentOff returns a strategy that takes percent off the subtotal. The
// setting is checked once, here, not on every cart.
func PercentOff(percent int64) (Strategy, error) {
	if percent < 1 || percent > 100 {
		return nil, fmt.Errorf("percent must be in 1..100, got %d", percent)
	}
	return Func(func(c Cart) int64 { return percentOf(c.Subtotal(), percent) }), nil
}

// Tier gives Percent off from MinItems units up.
type Tier struct {
	MinItems int
	Percent  int64
}

// VolumeTiers is a strategy with settings: the highest tier the cart reaches applies.
// Build it with NewVolumeTiers, which checks the tiers.
type VolumeTiers struct{ tiers []Tier }

// NewVolumeTiers accepts tiers with distinct, ascending minimums from 1.
func NewVolumeTiers(tiers ...Tier) (VolumeTiers, error) {
	if len(tiers) == 0 {
		return VolumeTiers{}, errors.New("tiers need at least one tier")
	}
	for i, t := range tiers {
		if t.MinItems < 1 || (i > 0 && t.MinItems <= tiers[i-1].MinItems) {
			return VolumeTiers{}, fmt.Errorf("tiers need distinct, ascending minimums from 1: %v", tiers)
		}
		if t.Percent < 1 || t.Percent > 100 {
			return VolumeTiers{}, fmt.Errorf("every tier's percent must be in 1..100: %v", tiers)
		}
	}
	return VolumeTiers{tiers: slices.Clone(tiers)}, nil
}

// Discount applies the highest tier reached, or none.
func (v VolumeTiers) Discount(c Cart) int64 {
	var percent int64
	for _, t := range v.tiers {
		if c.Items() >= t.MinItems {
			percent = t.Percent
		}
	}
	return percentOf(c.Subtotal(), percent)
}

// Registry maps configuration names to strategies. Build it once at startup.
type Registry map[string]Strategy

// Choose returns the strategy called name, or an error listing the valid names.
func (r Registry) Choose(name string) (Strategy, error) {
	if s, ok := r[name]; ok {
		return s, nil
	}
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown pricing %q; expected one of: %s", name, strings.Join(names, ", "))
}

// Checkout totals carts with one strategy; it never asks which one it has.
type Checkout struct {
	Pricing Strategy
}

// Total is the subtotal minus the discount. A discount outside 0..subtotal is
// a bug in the strategy, reported as an error rather than charged.
func (c Checkout) Total(cart Cart) (int64, error) {
	subtotal := cart.Subtotal()
	discount := c.Pricing.Discount(cart)
	if discount < 0 || discount > subtotal {
		return 0, fmt.Errorf("pricing gave a discount of %d on %d", discount, subtotal)
	}
	return subtotal - discount, nil
}
