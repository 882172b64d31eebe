package tracing_test

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"testing"

	tracing "example.com/patterns/p078_opentelemetry_tracing_propagation"
)

const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

func Example() {
	tracer := tracing.New(rand.New(rand.NewSource(7)))
	incoming := http.Header{"Traceparent": {header}}

	ctx := tracing.Extract(context.Background(), incoming)
	ctx, endRequest := tracer.Start(ctx, "POST /checkout")

	// Goroutines get the context as an argument; it carries the parent span.
	var wg sync.WaitGroup
	wg.Add(1)
	go func(ctx context.Context) {
		defer wg.Done()
		_, end := tracer.Start(ctx, "reserve stock")
		end()
	}(ctx)
	wg.Wait()

	ctx, endCharge := tracer.Start(ctx, "charge card")
	outgoing := http.Header{}
	tracing.Inject(ctx, outgoing)
	// The payments service sees only the headers.
	_, endServer := tracer.Start(tracing.Extract(context.Background(), outgoing), "POST /charges")
	endServer()
	endCharge()
	endRequest()

	for _, s := range tracer.Finished() {
		fmt.Printf("%-15s trace=%s parent=%s\n", s.Name, s.Context.TraceID[:8], s.ParentID)
	}
	// Output:
	// reserve stock   trace=4bf92f35 parent=759e421e454dfff3
	// POST /charges   trace=4bf92f35 parent=9ee5c9ad1a6d4bd6
	// charge card     trace=4bf92f35 parent=759e421e454dfff3
	// POST /checkout  trace=4bf92f35 parent=00f067aa0ba902b7
}

func TestHeaderRoundTrips(t *testing.T) {
	tracer := tracing.New(rand.New(rand.NewSource(1)))
	ctx, end := tracer.Start(tracing.Extract(context.Background(), http.Header{"Traceparent": {header}}), "server")
	defer end()
	h := http.Header{}
	tracing.Inject(ctx, h)
	sc, _ := tracing.FromContext(ctx)
	if want := "00-4bf92f3577b34da6a3ce929d0e0e4736-" + sc.SpanID + "-01"; h.Get("Traceparent") != want {
		t.Fatalf("injected %q, want %q", h.Get("Traceparent"), want)
	}
	back, ok := tracing.FromContext(tracing.Extract(context.Background(), h))
	if !ok || back != sc {
		t.Fatalf("extracted %+v, want %+v", back, sc)
	}
}

func TestMalformedHeadersStartANewTrace(t *testing.T) {
	for _, value := range []string{
		"", "garbage", strings.ToUpper(header), "01" + header[2:], header + "-x",
		"00-" + strings.Repeat("0", 32) + "-00f067aa0ba902b7-01",
		"00-4bf92f3577b34da6a3ce929d0e0e4736-" + strings.Repeat("0", 16) + "-01",
	} {
		ctx := tracing.Extract(context.Background(), http.Header{"Traceparent": {value}})
		if _, ok := tracing.FromContext(ctx); ok {
			t.Errorf("Extract(%q) accepted a malformed header", value)
		}
	}
}

func TestUnsampledFlagSurvivesTheHop(t *testing.T) {
	tracer := tracing.New(rand.New(rand.NewSource(2)))
	remote := tracing.Extract(context.Background(), http.Header{"Traceparent": {header[:len(header)-2] + "00"}})
	ctx, end := tracer.Start(remote, "inner")
	defer end()
	h := http.Header{}
	tracing.Inject(ctx, h)
	if !strings.HasSuffix(h.Get("Traceparent"), "-00") {
		t.Fatalf("sampled flag lost: %q", h.Get("Traceparent"))
	}
}

func TestRootSpansStartSeparateTraces(t *testing.T) {
	tracer := tracing.New(rand.New(rand.NewSource(3)))
	a, endA := tracer.Start(context.Background(), "a")
	b, endB := tracer.Start(context.Background(), "b")
	endA()
	endB()
	sa, _ := tracing.FromContext(a)
	sb, _ := tracing.FromContext(b)
	if sa.TraceID == sb.TraceID || len(sa.TraceID) != 32 || len(sa.SpanID) != 16 {
		t.Fatalf("bad root spans %+v %+v", sa, sb)
	}
	h := http.Header{}
	tracing.Inject(context.Background(), h)
	if len(h) != 0 {
		t.Fatalf("Inject without a span wrote %v", h)
	}
}
