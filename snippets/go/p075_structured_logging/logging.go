// Package logfields shows P075: log a constant message with typed key/value
// attributes through log/slog, one JSON object per line.
package logfields

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Options configures NewLogger.
type Options struct {
	Level slog.Leveler
	// OmitTime drops the "time" key; examples and golden-file tests use it so
	// their output does not change from run to run.
	OmitTime bool
}

// NewLogger returns a logger that writes JSON lines to w.
func NewLogger(w io.Writer, opts Options) *slog.Logger {
	handler := slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: opts.Level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if opts.OmitTime && len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{} // an empty Attr is dropped from the output
			}
			return a
		},
	})
	return slog.New(handler)
}

// Email is personal data: its LogValue hides the local part wherever it is logged.
type Email string

// LogValue implements slog.LogValuer.
func (e Email) LogValue() slog.Value {
	local, domain, ok := strings.Cut(string(e), "@")
	if !ok || local == "" {
		return slog.StringValue("***")
	}
	return slog.StringValue(local[:1] + "***@" + domain)
}

// Order is what ProcessOrder logs about.
type Order struct {
	ID       string
	Customer Email
	Items    int
}

// ProcessOrder logs one event with a fixed message and the facts as attributes.
// The duration is passed in, so callers and tests decide how it is measured.
func ProcessOrder(ctx context.Context, log *slog.Logger, order Order, took time.Duration) {
	log.LogAttrs(ctx, slog.LevelInfo, "order processed",
		slog.String("order_id", order.ID),
		slog.Any("customer", order.Customer),
		slog.Int("items", order.Items),
		slog.Int64("duration_ms", took.Milliseconds()),
	)
}
