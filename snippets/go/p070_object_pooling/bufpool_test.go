package bufpool_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	bufpool "example.com/patterns/p070_object_pooling"
)

func Example() {
	_ = bufpool.WriteLine(os.Stdout, "info", "order paid", "order", "A-1", "cents", "1998")
	_ = bufpool.WriteLine(os.Stdout, "warn", "slow", "ms", "840")
	// Output:
	// level=info msg="order paid" order=A-1 cents=1998
	// level=warn msg="slow" ms=840
}

func TestGetReturnsAnEmptyBuffer(t *testing.T) {
	p := bufpool.NewBufferPool(1024)
	b := p.Get()
	b.WriteString("secret from the previous request")
	p.Put(b)
	if got := p.Get(); got.Len() != 0 {
		t.Fatalf("reused buffer still holds %q", got.String())
	}
}

func TestOversizedBuffersAreNotKept(t *testing.T) {
	p := bufpool.NewBufferPool(1024)
	big := p.Get()
	big.Grow(1 << 20)
	p.Put(big)
	if got := p.Get(); got == big {
		t.Fatal("a 1 MiB buffer went back into a pool capped at 1 KiB")
	}
}

func TestLinesDoNotLeakIntoEachOther(t *testing.T) {
	var out bytes.Buffer
	_ = bufpool.WriteLine(&out, "info", "first", "key", strings.Repeat("x", 100))
	out.Reset()
	_ = bufpool.WriteLine(&out, "info", "second")
	if want := "level=info msg=\"second\"\n"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

func TestPoolCutsAllocations(t *testing.T) {
	line := func(write func(io.Writer, string, string, ...string) error) func() {
		return func() { _ = write(io.Discard, "info", "request done", "path", "/orders", "status", "200") }
	}
	pooled := testing.AllocsPerRun(200, line(bufpool.WriteLine))
	fresh := testing.AllocsPerRun(200, line(bufpool.WriteLineUnpooled))
	t.Logf("allocations per line: pooled %.1f, fresh %.1f", pooled, fresh)
	if pooled >= fresh {
		t.Fatalf("pooled %.1f allocs/op, fresh %.1f: the pool saves nothing", pooled, fresh)
	}
}
