// Package webhook adapts order.Notifier to HTTP: a JSON POST per order.
// HTTP status codes and transport errors stop here and become
// order.ErrNotification, the only failure the core knows about.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"example.com/patterns/p088_ports_and_adapters/order"
)

var _ order.Notifier = (*Notifier)(nil)

// Notifier posts placed orders to URL with Client.
type Notifier struct {
	URL    string
	Client *http.Client
}

// payload is the wire format, owned by the adapter: the core's Order carries
// no JSON tags, and a change to the webhook's format stays in this file.
type payload struct {
	ID       string `json:"id"`
	Customer string `json:"customer"`
	Cents    int64  `json:"cents"`
}

// OrderPlaced sends o as JSON and expects a 2xx answer.
func (n *Notifier) OrderPlaced(ctx context.Context, o order.Order) error {
	body, err := json.Marshal(payload{o.ID, o.Customer, o.Cents})
	if err != nil {
		return fmt.Errorf("%w: %v", order.ErrNotification, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %v", order.ErrNotification, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.Client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", order.ErrNotification, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%w: webhook answered %d", order.ErrNotification, resp.StatusCode)
	}
	return nil
}
