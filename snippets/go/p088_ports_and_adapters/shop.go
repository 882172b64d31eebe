// Package shop is the wiring: the only place that knows both the core and
// the adapters, and picks which adapter fills each port.
package shop

import (
	"net/http"

	"example.com/patterns/p088_ports_and_adapters/adapters/memory"
	"example.com/patterns/p088_ports_and_adapters/adapters/webhook"
	"example.com/patterns/p088_ports_and_adapters/order"
)

// New returns a checkout that keeps orders in memory and announces them to
// the webhook at url.
func New(url string, client *http.Client) *order.Service {
	return order.NewService(memory.New(), &webhook.Notifier{URL: url, Client: client})
}
