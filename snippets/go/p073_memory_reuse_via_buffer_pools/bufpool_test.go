package bufpool_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	bufpool "example.com/patterns/p073_memory_reuse_via_buffer_pools"
)

func Example() {
	pool := bufpool.New(512, 64*1024)
	_ = pool.WriteLine(os.Stdout, "info", "order paid", "order", "A-17", "amount", "9.99")
	_ = pool.WriteLine(os.Stdout, "warn", "slow query", "table", "orders")

	big := pool.Get()
	big.Grow(1 << 20) // one request needed a 1 MiB buffer
	fmt.Println("1 MiB buffer kept:", pool.Put(big))
	small := pool.Get()
	small.WriteString("x")
	fmt.Println("small buffer kept:", pool.Put(small))
	// Output:
	// level=info msg="order paid" order="A-17" amount="9.99"
	// level=warn msg="slow query" table="orders"
	// 1 MiB buffer kept: false
	// small buffer kept: true
}

func TestGetReturnsAnEmptyBuffer(t *testing.T) {
	pool := bufpool.New(16, 1024)
	for range 100 {
		buf := pool.Get()
		if buf.Len() != 0 {
			t.Fatalf("Get returned a buffer holding %q", buf.String())
		}
		buf.WriteString("leftover data")
		pool.Put(buf)
	}
}

// lockedWriter serialises writes so the test can read the whole output.
type lockedWriter struct {
	mu  sync.Mutex
	out bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Write(p)
}

func TestConcurrentWritersNeverShareABuffer(t *testing.T) {
	pool := bufpool.New(16, 1024)
	w := &lockedWriter{}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = pool.WriteLine(w, "info", "job done", "id", fmt.Sprint(i))
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(w.out.String(), "\n"), "\n")
	seen := map[string]bool{}
	for _, line := range lines {
		seen[line] = true
	}
	for i := range 200 {
		want := fmt.Sprintf(`level=info msg="job done" id="%d"`, i)
		if !seen[want] {
			t.Fatalf("line %q missing or corrupted; got %d lines", want, len(lines))
		}
	}
}
