// Package order is the whole order feature. It uses the user feature through
// that package's exported API (user.Service, user.ErrNotFound) and nothing
// else; the user package does not import order, so the arrow points one way.
package order

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"example.com/patterns/p087_package_oriented_architecture/user"
)

// Order is a placed order.
type Order struct {
	ID     string
	UserID string
	Cents  int64
}

// Service holds the order feature's rules and its in-memory storage.
type Service struct {
	users  *user.Service
	mu     sync.Mutex
	orders []Order
}

// NewService returns a service that checks buyers against users.
func NewService(users *user.Service) *Service { return &Service{users: users} }

// Place records an order for an existing user and a positive amount.
func (svc *Service) Place(userID string, cents int64) (Order, error) {
	if cents <= 0 {
		return Order{}, fmt.Errorf("order: amount must be positive, got %d", cents)
	}
	if _, err := svc.users.Get(userID); err != nil {
		return Order{}, fmt.Errorf("order: buyer: %w", err)
	}
	svc.mu.Lock()
	defer svc.mu.Unlock()
	o := Order{ID: fmt.Sprintf("o%d", len(svc.orders)+1), UserID: userID, Cents: cents}
	svc.orders = append(svc.orders, o)
	return o, nil
}

// Routes registers the feature's endpoints on mux.
func Routes(mux *http.ServeMux, svc *Service) {
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		cents, _ := strconv.ParseInt(r.FormValue("cents"), 10, 64)
		o, err := svc.Place(r.FormValue("user"), cents)
		switch {
		case errors.Is(err, user.ErrNotFound):
			http.Error(w, err.Error(), http.StatusNotFound)
		case err != nil:
			http.Error(w, err.Error(), http.StatusBadRequest)
		default:
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintln(w, o.ID)
		}
	})
}
