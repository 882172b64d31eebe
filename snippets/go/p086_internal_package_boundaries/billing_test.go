package billing_test

import (
	"fmt"
	"testing"

	billing "example.com/patterns/p086_internal_package_boundaries"
	// Allowed: this test lives inside the tree rooted at the parent of
	// internal/. The same line in any other directory of the module fails to
	// build with "use of internal package ... not allowed".
	"example.com/patterns/p086_internal_package_boundaries/internal/money"
)

func TestPercentOfRoundsHalfAwayFromZero(t *testing.T) {
	cases := []struct {
		name string
		c    money.Cents
		pct  int64
		want money.Cents
	}{
		{"exact", 1000, 21, 210},
		{"half rounds up", 250, 21, 53}, // 52.5
		{"below half rounds down", 240, 21, 50},
		{"negative half rounds away", -250, 21, -53},
		{"zero rate", 999, 0, 0},
	}
	for _, row := range cases {
		t.Run(row.name, func(t *testing.T) {
			if got := money.PercentOf(row.c, row.pct); got != row.want {
				t.Errorf("PercentOf(%d, %d) = %d, want %d", row.c, row.pct, got, row.want)
			}
		})
	}
}

func TestCentsString(t *testing.T) {
	for c, want := range map[money.Cents]string{0: "€0.00", 5: "€0.05", 1234: "€12.34", -250: "-€2.50"} {
		if got := c.String(); got != want {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(c), got, want)
		}
	}
}

func TestTotalAddsLinesThenVAT(t *testing.T) {
	inv := billing.Invoice{Lines: []billing.Line{{"a", 100}, {"b", 150}}, VATPercent: 21}
	net, vat, gross := inv.Total()
	if net != "€2.50" || vat != "€0.53" || gross != "€3.03" {
		t.Errorf("Total() = %s, %s, %s", net, vat, gross)
	}
}

func ExampleInvoice_Summary() {
	inv := billing.Invoice{
		Lines:      []billing.Line{{Item: "hosting", Cents: 4_999}, {Item: "domain", Cents: 1_250}},
		VATPercent: 21,
	}
	fmt.Println(inv.Summary())
	// Output:
	// net €62.49 + VAT €13.12 = €75.61
}
