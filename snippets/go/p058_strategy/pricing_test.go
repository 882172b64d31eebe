package pricing_test

import (
	"fmt"
	"strings"
	"testing"

	pricing "example.com/patterns/p058_strategy"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// registry is what main would build from configuration at startup.
var registry = pricing.Registry{
	"regular":   pricing.NoDiscount,
	"staff":     must(pricing.PercentOff(20)),
	"wholesale": must(pricing.NewVolumeTiers(pricing.Tier{MinItems: 10, Percent: 5}, pricing.Tier{MinItems: 50, Percent: 10})),
	"3-for-2":   pricing.Func(pricing.ThreeForTwo),
}

var mixed = pricing.Cart{{"tea", 450, 6}, {"mug", 1200, 2}, {"honey", 725, 3}}

func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func Example() {
	for _, name := range []string{"regular", "staff", "wholesale", "3-for-2"} {
		strategy, _ := registry.Choose(name)
		total, _ := pricing.Checkout{Pricing: strategy}.Total(mixed)
		fmt.Printf("%9s: %s\n", name, cents(total))
	}
	oneOff := pricing.Func(func(c pricing.Cart) int64 {
		if c.Subtotal() > 5000 {
			return 1000
		}
		return 0
	})
	total, _ := pricing.Checkout{Pricing: oneOff}.Total(mixed)
	fmt.Println("one-off:", cents(total))

	_, err := registry.Choose("wholesail")
	fmt.Println(err)
	// Output:
	//   regular: 72.75
	//     staff: 58.20
	// wholesale: 69.11
	//   3-for-2: 56.50
	// one-off: 62.75
	// unknown pricing "wholesail"; expected one of: 3-for-2, regular, staff, wholesale
}

func TestEachStrategyPricesEachCart(t *testing.T) {
	cases := []struct {
		name     string
		strategy string
		cart     pricing.Cart
		want     int64
	}{
		{"regular", "regular", mixed, 7275},
		{"regular empty", "regular", nil, 0},
		{"staff", "staff", mixed, 5820},
		{"staff one item", "staff", pricing.Cart{{"tea", 450, 1}}, 360},
		{"wholesale below the first tier", "wholesale", pricing.Cart{{"tea", 450, 9}}, 4050},
		{"wholesale at exactly 10", "wholesale", pricing.Cart{{"tea", 450, 10}}, 4275},
		{"wholesale rounds half up", "wholesale", mixed, 6911},
		{"wholesale highest tier wins", "wholesale", pricing.Cart{{"pen", 100, 50}}, 4500},
		{"wholesale half a cent rounds up", "wholesale", pricing.Cart{{"clip", 9, 10}}, 85},
		{"3-for-2", "3-for-2", mixed, 5650},
		{"3-for-2 two items", "3-for-2", pricing.Cart{{"mug", 1200, 2}}, 2400},
		{"3-for-2 cheapest free", "3-for-2", pricing.Cart{{"mug", 1200, 2}, {"clip", 10, 1}}, 2400},
		{"3-for-2 empty", "3-for-2", nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			strategy, err := registry.Choose(tc.strategy)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pricing.Checkout{Pricing: strategy}.Total(tc.cart)
			if err != nil || got != tc.want {
				t.Fatalf("Total = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestCheckoutRefusesADiscountOutsideTheSubtotal(t *testing.T) {
	for _, d := range []int64{-1, 7276} {
		bad := pricing.Func(func(pricing.Cart) int64 { return d })
		if _, err := (pricing.Checkout{Pricing: bad}).Total(mixed); err == nil {
			t.Errorf("discount %d was accepted", d)
		}
	}
	whole := pricing.Func(pricing.Cart.Subtotal)
	if got, err := (pricing.Checkout{Pricing: whole}).Total(mixed); err != nil || got != 0 {
		t.Errorf("a discount of the whole subtotal gave %d, %v", got, err)
	}
}

func TestSettingsAreCheckedWhenAStrategyIsMade(t *testing.T) {
	for _, p := range []int64{0, -5, 101} {
		if _, err := pricing.PercentOff(p); err == nil {
			t.Errorf("PercentOff(%d) accepted", p)
		}
	}
	bad := [][]pricing.Tier{
		nil,
		{{50, 10}, {10, 5}},
		{{10, 5}, {10, 7}},
		{{0, 5}},
		{{10, 0}},
		{{10, 150}},
	}
	for _, tiers := range bad {
		if _, err := pricing.NewVolumeTiers(tiers...); err == nil {
			t.Errorf("NewVolumeTiers(%v) accepted", tiers)
		}
	}
}

func TestVolumeTiersKeepsItsOwnCopy(t *testing.T) {
	tiers := []pricing.Tier{{MinItems: 1, Percent: 50}}
	strategy := must(pricing.NewVolumeTiers(tiers...))
	tiers[0].Percent = 100 // the caller's slice changes after construction
	if got := strategy.Discount(pricing.Cart{{"pen", 100, 1}}); got != 50 {
		t.Fatalf("discount = %d, want 50", got)
	}
}

func TestChooseListsTheKnownNames(t *testing.T) {
	_, err := registry.Choose("")
	if err == nil || !strings.HasSuffix(err.Error(), "expected one of: 3-for-2, regular, staff, wholesale") {
		t.Fatalf("err = %v", err)
	}
}
