// Package accounts shows P018: sentinel errors for conditions a caller only
// needs to recognise, a typed error for one that carries data, and callers
// that match them with errors.Is and errors.As, never by their text.
package accounts

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels: the identity of the value is the whole message to the caller.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("already exists")
)

// ValidationError is a typed error: the caller reads Field and Reason.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return "invalid " + e.Field + ": " + e.Reason }

// Account is one user account.
type Account struct {
	ID    string
	Email string
}

// Store keeps accounts in memory.
type Store struct {
	byID map[string]Account
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{byID: make(map[string]Account)} }

// Get returns the account, or an error that wraps ErrNotFound.
func (s *Store) Get(id string) (Account, error) {
	account, ok := s.byID[id]
	if !ok {
		return Account{}, fmt.Errorf("account %q: %w", id, ErrNotFound)
	}
	return account, nil
}

// Register adds an account. It returns a *ValidationError for a malformed
// email and an error wrapping ErrConflict for one already in use.
func (s *Store) Register(id, email string) (Account, error) {
	if err := validateEmail(email); err != nil {
		return Account{}, err
	}
	for _, a := range s.byID {
		if a.Email == email {
			return Account{}, fmt.Errorf("email %q: %w", email, ErrConflict)
		}
	}
	account := Account{ID: id, Email: email}
	s.byID[id] = account
	return account, nil
}

// validateEmail returns error, not *ValidationError, and a literal nil on
// success: a nil *ValidationError stored in an error interface is not nil.
func validateEmail(email string) error {
	local, domain, _ := strings.Cut(email, "@")
	if local == "" || !strings.Contains(domain, ".") {
		return &ValidationError{Field: "email", Reason: "expected name@domain.tld"}
	}
	return nil
}

// Respond maps an outcome to a status and a body by identity and type only.
func Respond(account Account, err error) (int, string) {
	var invalid *ValidationError
	switch {
	case err == nil:
		return http.StatusOK, account.ID + " <" + account.Email + ">"
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound, "no such account"
	case errors.Is(err, ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.As(err, &invalid):
		return http.StatusBadRequest, fmt.Sprintf("field %q: %s", invalid.Field, invalid.Reason)
	default:
		return http.StatusInternalServerError, "internal error"
	}
}
