package cart_test

import (
	"errors"
	"fmt"
	"testing"

	"example.com/patterns/p081_subtests_with_t_run"
)

// prices is shared by every subtest and only ever read.
var prices = map[string]int{"book": 1200, "pen": 150, "mug": 800}

// newCart is the per-subtest setup: each t.Run body calls it and gets a cart
// nobody else touches. t.Helper makes a failure point at the caller's line.
func newCart(t *testing.T, lines map[string]int) *cart.Cart {
	t.Helper()
	c := cart.New(prices)
	for item, quantity := range lines {
		if err := c.Add(item, quantity); err != nil {
			t.Fatalf("setup: %v", err)
		}
	}
	return c
}

// Run one subtest with: go test -run 'TestCart/discount/second_code_is_refused'
// (go test turns spaces in a name into underscores; each level of -run is a regexp).
func TestCart(t *testing.T) {
	t.Parallel()

	t.Run("total", func(t *testing.T) {
		t.Parallel()
		t.Run("empty cart", func(t *testing.T) {
			t.Parallel()
			if got := newCart(t, nil).Total(); got != 0 {
				t.Errorf("Total() = %d, want 0", got)
			}
		})
		t.Run("quantity multiplies", func(t *testing.T) {
			t.Parallel()
			if got := newCart(t, map[string]int{"pen": 3}).Total(); got != 450 {
				t.Errorf("Total() = %d, want 450", got)
			}
		})
		t.Run("unknown item is refused", func(t *testing.T) {
			t.Parallel()
			if err := newCart(t, nil).Add("lamp", 1); !errors.Is(err, cart.ErrRefused) {
				t.Errorf("Add(lamp) = %v, want ErrRefused", err)
			}
		})
		t.Run("zero quantity is refused", func(t *testing.T) {
			t.Parallel()
			if err := newCart(t, nil).Add("pen", 0); !errors.Is(err, cart.ErrRefused) {
				t.Errorf("Add(pen, 0) = %v, want ErrRefused", err)
			}
		})
	})

	t.Run("remove", func(t *testing.T) {
		t.Parallel()
		t.Run("removes the whole line", func(t *testing.T) {
			t.Parallel()
			c := newCart(t, map[string]int{"book": 1, "pen": 3})
			if err := c.Remove("book"); err != nil {
				t.Fatalf("Remove(book) = %v", err) // ends this subtest only
			}
			if got := c.Total(); got != 450 {
				t.Errorf("Total() = %d, want 450", got)
			}
		})
		t.Run("missing line is refused", func(t *testing.T) {
			t.Parallel()
			if err := newCart(t, map[string]int{"book": 1}).Remove("mug"); !errors.Is(err, cart.ErrRefused) {
				t.Errorf("Remove(mug) = %v, want ErrRefused", err)
			}
		})
	})

	t.Run("discount", func(t *testing.T) {
		t.Parallel()
		t.Run("takes ten percent", func(t *testing.T) {
			t.Parallel()
			c := newCart(t, map[string]int{"book": 1, "pen": 3})
			if err := c.ApplyCode(cart.DiscountCode); err != nil {
				t.Fatalf("ApplyCode = %v", err)
			}
			if got := c.Total(); got != 1485 {
				t.Errorf("Total() = %d, want 1485", got)
			}
		})
		t.Run("second code is refused", func(t *testing.T) {
			t.Parallel()
			c := newCart(t, map[string]int{"book": 1})
			if err := c.ApplyCode(cart.DiscountCode); err != nil {
				t.Fatalf("first ApplyCode = %v", err)
			}
			if err := c.ApplyCode(cart.DiscountCode); !errors.Is(err, cart.ErrRefused) {
				t.Errorf("second ApplyCode = %v, want ErrRefused", err)
			}
		})
		t.Run("unknown code is refused", func(t *testing.T) {
			t.Parallel()
			if err := newCart(t, map[string]int{"book": 1}).ApplyCode("FREE"); !errors.Is(err, cart.ErrRefused) {
				t.Errorf("ApplyCode(FREE) = %v, want ErrRefused", err)
			}
		})
	})
}

func ExampleCart() {
	c := cart.New(map[string]int{"book": 1200, "pen": 150})
	_ = c.Add("book", 1)
	_ = c.Add("pen", 3)
	fmt.Println(c.Total())
	_ = c.ApplyCode(cart.DiscountCode)
	fmt.Println(c.Total())
	fmt.Println(c.ApplyCode(cart.DiscountCode))
	fmt.Println(c.Remove("mug"))
	// Output:
	// 1650
	// 1485
	// cart: request refused: code "SAVE10" is already applied
	// cart: request refused: "mug" is not in the cart
}
