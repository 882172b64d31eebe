// Package invoice shows P082: Render produces a text table, and the tests
// compare it with reviewed copies kept in testdata/*.golden.
package invoice

import (
	"fmt"
	"strings"
)

// Line is one row of an invoice: an item, how many, and the price of one in cents.
type Line struct {
	Item      string
	Quantity  int
	UnitCents int
}

func money(cents int) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// Render returns the invoice as text: the number, a header, one row per line
// and the total, with the item column as wide as the longest name.
func Render(number string, lines []Line) string {
	width := len("Total")
	for _, l := range lines {
		width = max(width, len(l.Item))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Invoice %s\n", number)
	fmt.Fprintf(&b, "%-*s  %3s  %9s\n", width, "Item", "Qty", "Amount")
	total := 0
	for _, l := range lines {
		amount := l.Quantity * l.UnitCents
		total += amount
		fmt.Fprintf(&b, "%-*s  %3d  %9s\n", width, l.Item, l.Quantity, money(amount))
	}
	fmt.Fprintf(&b, "%-*s  %3s  %9s\n", width, "Total", "", money(total))
	return b.String()
}
