package accounts_test

import (
	"errors"
	"fmt"
	"testing"

	accounts "example.com/patterns/p018_sentinel_errors_and_typed_errors"
)

func Example() {
	store := accounts.NewStore()
	show := func(name string, a accounts.Account, err error) {
		status, body := accounts.Respond(a, err)
		fmt.Printf("%-13s%d %s\n", name, status, body)
	}
	a, err := store.Register("ada", "ada@example.org")
	show("register ada", a, err)
	a, err = store.Get("bob")
	show("get bob", a, err)
	a, err = store.Register("bob", "ada@example.org")
	show("register bob", a, err)
	a, err = store.Register("eve", "not found")
	show("register eve", a, err)

	_, err = store.Get("carol")
	fmt.Println(err, "| == ErrNotFound:", err == accounts.ErrNotFound, "| errors.Is:", errors.Is(err, accounts.ErrNotFound))
	// Output:
	// register ada 200 ada <ada@example.org>
	// get bob      404 no such account
	// register bob 409 email "ada@example.org": already exists
	// register eve 400 field "email": expected name@domain.tld
	// account "carol": not found | == ErrNotFound: false | errors.Is: true
}

func TestLookAlikeTextDoesNotMatch(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"sentinel", accounts.ErrNotFound, 404},
		{"wrapped twice", fmt.Errorf("handler: %w", fmt.Errorf("account %q: %w", "x", accounts.ErrNotFound)), 404},
		{"same text, other value", errors.New("not found"), 500},
		{"wrapped with %v loses identity", fmt.Errorf("account: %v", accounts.ErrNotFound), 500},
		{"typed, wrapped", fmt.Errorf("signup: %w", &accounts.ValidationError{Field: "email", Reason: "empty"}), 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := accounts.Respond(accounts.Account{}, tc.err); got != tc.want {
				t.Fatalf("status = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestErrorsAsExtractsTheFields(t *testing.T) {
	_, err := accounts.NewStore().Register("bob", "bob@localhost")
	var invalid *accounts.ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("want a *ValidationError, got %T", err)
	}
	if invalid.Field != "email" {
		t.Fatalf("field = %q, want email", invalid.Field)
	}
}

func TestValidEmailReturnsAnUntypedNil(t *testing.T) {
	// If Register returned a nil *ValidationError as an error, err != nil here.
	if _, err := accounts.NewStore().Register("ada", "ada@example.org"); err != nil {
		t.Fatalf("err = %#v, want nil", err)
	}
}
