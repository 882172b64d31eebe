// Package billing is the public face of P086: its API is Invoice and Total.
// How amounts are rounded lives in internal/money, which the Go toolchain
// keeps out of reach of every package outside this directory tree.
package billing

import (
	"fmt"

	"example.com/patterns/p086_internal_package_boundaries/internal/money"
)

// Line is one item on an invoice, in cents.
type Line struct {
	Item  string
	Cents int64
}

// Invoice is a list of lines and a VAT rate in whole percent.
type Invoice struct {
	Lines      []Line
	VATPercent int64
}

// Total returns the net amount, the VAT and the gross amount, formatted.
// Callers get strings and int64s; the money type stays internal.
func (inv Invoice) Total() (net, vat, gross string) {
	var sum money.Cents
	for _, l := range inv.Lines {
		sum += money.Cents(l.Cents)
	}
	tax := money.PercentOf(sum, inv.VATPercent)
	return sum.String(), tax.String(), (sum + tax).String()
}

// Summary is Total on one line.
func (inv Invoice) Summary() string {
	net, vat, gross := inv.Total()
	return fmt.Sprintf("net %s + VAT %s = %s", net, vat, gross)
}
