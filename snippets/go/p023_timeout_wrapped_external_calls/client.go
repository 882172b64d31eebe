// Package timeouts shows P023: every call to another system runs under a
// limit derived from the caller's context, so a dependency that never answers
// costs one timeout, not a goroutine and a connection for ever.
package timeouts

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrCallTimeout is the cause recorded when a call's own limit passes. A
// caller's deadline that passes first has its own cause, so errors.Is tells
// the two apart.
var ErrCallTimeout = errors.New("call timed out")

// Transport sends one request and returns the reply. It must give up when ctx
// is done, as an *http.Client does with a request made by
// http.NewRequestWithContext.
type Transport interface {
	Request(ctx context.Context, path string) (string, error)
}

// InventoryClient is the only code that talks to the inventory service.
// Every request it sends has a limit, set once here rather than by each caller.
type InventoryClient struct {
	transport Transport
	limit     time.Duration
}

// NewInventoryClient returns a client whose every request gives up after limit.
func NewInventoryClient(transport Transport, limit time.Duration) *InventoryClient {
	return &InventoryClient{transport: transport, limit: limit}
}

// Reserve asks the inventory service to hold one unit of sku.
//
// The call's context ends at whichever comes first: the caller's deadline (or
// cancellation) or this call's limit. A limit can shorten the caller's
// deadline but never extend it, because the new context is derived from ctx.
func (c *InventoryClient) Reserve(ctx context.Context, sku string) (string, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.limit, ErrCallTimeout)
	defer cancel() // stops the timer as soon as the call returns; go vet reports a missing cancel

	reply, err := c.transport.Request(ctx, "/reserve/"+sku)
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrCallTimeout) {
			// Both are matchable: ErrCallTimeout says whose limit it was,
			// err (context.DeadlineExceeded) is what the transport returned.
			return "", fmt.Errorf("inventory: reserve %s: %w after %s: %w", sku, ErrCallTimeout, c.limit, err)
		}
		return "", fmt.Errorf("inventory: reserve %s: %w", sku, err)
	}
	return reply, nil
}
