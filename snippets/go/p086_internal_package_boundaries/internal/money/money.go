// Package money holds the cent arithmetic package billing is built on. It
// sits under internal/, so the go command lets only code inside
// p086_internal_package_boundaries/ import it; billing may change it freely.
package money

import "fmt"

// Cents is an amount of money in cents.
type Cents int64

// PercentOf returns pct percent of c, rounding half away from zero.
func PercentOf(c Cents, pct int64) Cents {
	x := int64(c) * pct
	if x < 0 {
		return Cents((x - 50) / 100)
	}
	return Cents((x + 50) / 100)
}

// String formats c as euros with two decimals.
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s€%d.%02d", sign, c/100, c%100)
}
