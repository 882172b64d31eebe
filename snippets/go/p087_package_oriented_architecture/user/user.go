// Package user is the whole user feature: the model, the store, the rules and
// the HTTP handler live together, so a change to users happens in one place.
package user

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// ErrNotFound is returned for an unknown user ID.
var ErrNotFound = errors.New("user: not found")

// User is a registered customer.
type User struct {
	ID    string
	Email string
}

// store keeps users in memory. It is unexported: no other feature reaches
// past Service into the storage.
type store struct {
	mu    sync.Mutex
	byID  map[string]User
	count int
}

// Service holds the user feature's rules.
type Service struct{ s *store }

// NewService returns a service with an empty store.
func NewService() *Service { return &Service{s: &store{byID: map[string]User{}}} }

// Register validates the email and stores a new user with the next ID.
func (svc *Service) Register(email string) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if !strings.Contains(email, "@") {
		return User{}, fmt.Errorf("user: invalid email %q", email)
	}
	svc.s.mu.Lock()
	defer svc.s.mu.Unlock()
	svc.s.count++
	u := User{ID: fmt.Sprintf("u%d", svc.s.count), Email: email}
	svc.s.byID[u.ID] = u
	return u, nil
}

// Get returns the user with the given ID, or ErrNotFound.
func (svc *Service) Get(id string) (User, error) {
	svc.s.mu.Lock()
	defer svc.s.mu.Unlock()
	u, ok := svc.s.byID[id]
	if !ok {
		return User{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return u, nil
}

// Routes registers the feature's endpoints on mux.
func Routes(mux *http.ServeMux, svc *Service) {
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		u, err := svc.Register(r.FormValue("email"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintln(w, u.ID)
	})
}
