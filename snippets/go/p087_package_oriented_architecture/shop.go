// Package shop wires the features together, the job a cmd/ main package does
// in a service. It is the only code that knows every feature.
package shop

import (
	"net/http"

	"example.com/patterns/p087_package_oriented_architecture/order"
	"example.com/patterns/p087_package_oriented_architecture/user"
)

// New returns the HTTP handler of the whole shop.
func New() http.Handler {
	users := user.NewService()
	mux := http.NewServeMux()
	user.Routes(mux, users)
	order.Routes(mux, order.NewService(users))
	return mux
}
