// Package registrytest holds what every test of package registry needs, the
// way net/http/httptest serves net/http: a factory for valid customers, a
// registry that closes itself when the test ends, and shared assertions.
// Only _test.go files import it, so it never ships in a binary.
package registrytest

import (
	"fmt"
	"strings"
	"testing"

	registry "example.com/patterns/p084_test_helper_packages_and_fixtures"
)

// Option overrides one field of the customer a Factory builds.
type Option func(*registry.Customer)

// WithEmail sets the e-mail address.
func WithEmail(email string) Option { return func(c *registry.Customer) { c.Email = email } }

// WithCountry sets the country code.
func WithCountry(country string) Option { return func(c *registry.Customer) { c.Country = country } }

// WithCredit sets the credit in cents.
func WithCredit(cents int) Option { return func(c *registry.Customer) { c.CreditCents = cents } }

// Factory builds valid customers; each gets a fresh id and e-mail address.
// The zero value is ready to use; make one per test.
type Factory struct{ next int }

// Customer returns a valid customer with opts applied on top of the defaults.
func (f *Factory) Customer(opts ...Option) registry.Customer {
	f.next++
	c := registry.Customer{
		ID:          f.next,
		Email:       fmt.Sprintf("customer%d@example.test", f.next),
		Country:     "NL",
		CreditCents: 10_000,
	}
	for _, opt := range opts {
		opt(&c)
	}
	return c
}

// NewRegistry opens a registry named after the test and closes it when the
// test and its subtests end, whether they pass or fail.
func NewRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.Open(t.Name())
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("registrytest: closing %s: %v", r.Name, err)
		}
	})
	return r
}

// MustAdd adds c or stops the test; a failure is reported at the caller's line.
func MustAdd(t testing.TB, r *registry.Registry, c registry.Customer) {
	t.Helper()
	if err := r.Add(c); err != nil {
		t.Fatalf("add %s: %v", c.Email, err)
	}
}

// AssertRejected fails the test unless r refuses c with why in the error.
func AssertRejected(t testing.TB, r *registry.Registry, c registry.Customer, why string) {
	t.Helper()
	err := r.Add(c)
	switch {
	case err == nil:
		t.Errorf("%s was accepted, want rejected: %s", c.Email, why)
	case !strings.Contains(err.Error(), why):
		t.Errorf("rejected for the wrong reason: %v", err)
	}
}
