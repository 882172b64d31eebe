// Package signup shows P083: Register depends on a small Store interface, and
// its tests use a hand-written in-memory Store instead of a generated mock.
package signup

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// User is a registered account.
type User struct {
	Email string
	Name  string
}

// ErrDuplicate reports that the email is already registered.
var ErrDuplicate = errors.New("signup: email already registered")

// Store is what Register needs from the database, and nothing more: a small
// interface declared by its consumer is also small to fake.
type Store interface {
	// FindByEmail returns the user and true, or false if nobody has the email.
	FindByEmail(ctx context.Context, email string) (User, bool, error)
	Save(ctx context.Context, u User) error
}

// Register signs up name under email, compared without case or surrounding spaces.
func Register(ctx context.Context, s Store, email, name string) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	_, found, err := s.FindByEmail(ctx, email)
	if err != nil {
		return User{}, fmt.Errorf("register %q: %w", email, err)
	}
	if found {
		return User{}, fmt.Errorf("register %q: %w", email, ErrDuplicate)
	}
	u := User{Email: email, Name: name}
	if err := s.Save(ctx, u); err != nil {
		return User{}, fmt.Errorf("register %q: %w", email, err)
	}
	return u, nil
}
