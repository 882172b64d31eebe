// Package tracing shows P078: carry the current span in a context.Context,
// and carry it between services in a W3C traceparent header.
package tracing

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// SpanContext is what crosses a process boundary.
type SpanContext struct {
	TraceID string // 32 lower-case hex digits
	SpanID  string // 16 lower-case hex digits
	Sampled bool
}

// Span is a finished unit of work. ParentID is empty for a trace's root.
type Span struct {
	Name     string
	Context  SpanContext
	ParentID string
}

type ctxKey struct{}

// FromContext returns the current span context, if any.
func FromContext(ctx context.Context) (SpanContext, bool) {
	sc, ok := ctx.Value(ctxKey{}).(SpanContext)
	return sc, ok
}

// Tracer creates IDs and keeps finished spans. It is safe for concurrent use.
type Tracer struct {
	mu       sync.Mutex
	rng      *rand.Rand
	finished []Span
}

// New returns a tracer whose IDs come from rng. Tests pass a seeded source;
// production code uses crypto-quality randomness.
func New(rng *rand.Rand) *Tracer { return &Tracer{rng: rng} }

func (t *Tracer) hex(digits int) string {
	var b strings.Builder
	for b.Len() < digits {
		fmt.Fprintf(&b, "%016x", t.rng.Uint64())
	}
	s := b.String()[:digits]
	if strings.Trim(s, "0") == "" { // all-zero IDs are invalid
		return t.hex(digits)
	}
	return s
}

// Start begins a span as the child of the span in ctx (or a new trace) and
// returns a context carrying it. Call end when the work is done.
func (t *Tracer) Start(ctx context.Context, name string) (context.Context, func()) {
	parent, hasParent := FromContext(ctx)
	t.mu.Lock()
	sc := SpanContext{TraceID: parent.TraceID, SpanID: t.hex(16), Sampled: parent.Sampled}
	if !hasParent {
		sc.TraceID, sc.Sampled = t.hex(32), true
	}
	t.mu.Unlock()
	end := func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.finished = append(t.finished, Span{Name: name, Context: sc, ParentID: parent.SpanID})
	}
	return context.WithValue(ctx, ctxKey{}, sc), end
}

// Finished returns the spans ended so far, in the order they ended.
func (t *Tracer) Finished() []Span {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Span(nil), t.finished...)
}

// Inject writes the span in ctx into h as a traceparent header.
func Inject(ctx context.Context, h http.Header) {
	sc, ok := FromContext(ctx)
	if !ok {
		return
	}
	flags := "00"
	if sc.Sampled {
		flags = "01"
	}
	h.Set("Traceparent", "00-"+sc.TraceID+"-"+sc.SpanID+"-"+flags)
}

var traceparent = regexp.MustCompile(`^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$`)

// Extract returns ctx carrying the remote span from h. A missing or malformed
// header returns ctx unchanged: the request starts a new trace, it never fails.
func Extract(ctx context.Context, h http.Header) context.Context {
	m := traceparent.FindStringSubmatch(strings.TrimSpace(h.Get("Traceparent")))
	if m == nil || strings.Trim(m[1], "0") == "" || strings.Trim(m[2], "0") == "" {
		return ctx
	}
	var flags int
	fmt.Sscanf(m[3], "%x", &flags)
	return context.WithValue(ctx, ctxKey{}, SpanContext{TraceID: m[1], SpanID: m[2], Sampled: flags&1 == 1})
}
