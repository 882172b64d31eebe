package hotpath_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	hotpath "example.com/patterns/p099_zero_allocation_hot_paths"
)

var batch = []hotpath.Sample{
	{Name: "http_requests_total", Value: 1027, Timestamp: 1_700_000_000},
	{Name: "queue_depth", Value: -3, Timestamp: 1_700_000_000},
	{Name: "bytes_sent", Value: 982_374_112, Timestamp: 1_700_000_001},
}

func Example() {
	enc := hotpath.NewEncoder(os.Stdout, 256)
	if err := enc.WriteBatch(batch); err != nil {
		fmt.Println(err)
	}

	// The same encoder, writing to io.Discard: count heap allocations per batch.
	quiet := hotpath.NewEncoder(io.Discard, 256)
	fmt.Println("allocs per batch, reused buffer:",
		testing.AllocsPerRun(100, func() { _ = quiet.WriteBatch(batch) }))
	sprintf := testing.AllocsPerRun(100, func() {
		for _, s := range batch {
			_ = hotpath.SprintfSample(s.Name, s.Value, s.Timestamp)
		}
	})
	fmt.Println("fmt.Sprintf allocates at least once per sample:", sprintf >= float64(len(batch)))
	// Output:
	// http_requests_total 1027 1700000000
	// queue_depth -3 1700000000
	// bytes_sent 982374112 1700000001
	// allocs per batch, reused buffer: 0
	// fmt.Sprintf allocates at least once per sample: true
}

// The hot path's contract is a count, not a speed: it must not allocate.
// AllocsPerRun runs f once as a warm-up, so a first call that grows a buffer
// is not counted; every later call must reuse what the warm-up left.
func TestHotPathsDoNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 128)
	enc := hotpath.NewEncoder(io.Discard, 16) // too small at first: the warm-up grows it
	cases := map[string]func(){
		"AppendSample into a buffer with room": func() {
			buf = hotpath.AppendSample(buf[:0], "queue_depth", math.MinInt64, math.MaxInt64)
		},
		"Encoder.WriteBatch after the first batch": func() { _ = enc.WriteBatch(batch) },
		"KeyHash with a key that fits the stack array": func() {
			_ = hotpath.KeyHash("tenant-42", "user-1001")
		},
	}
	for name, f := range cases {
		if got := testing.AllocsPerRun(200, f); got != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, got)
		}
	}
}

// kept outlives every call, so a pointer stored in it must live on the heap.
// (A NewSample result that is dropped does not escape once NewSample is
// inlined, and then it allocates nothing: measure the call as it is used.)
var kept *hotpath.Sample

// The same measurement must be able to fail: these paths do allocate.
func TestAllocatingPathsAreCaught(t *testing.T) {
	long := strings.Repeat("t", 60) // built once, outside the measured calls
	cases := map[string]func(){
		"fmt.Sprintf":                func() { _ = hotpath.SprintfSample("bytes_sent", 982_374_112, 1_700_000_001) },
		"stack array escapes":        func() { _ = hotpath.KeyHashCRC("tenant-42", "user-1001") },
		"key longer than 64 bytes":   func() { _ = hotpath.KeyHash(long, "user-1001") },
		"pointer kept past the call": func() { kept = hotpath.NewSample("queue_depth", 1, 2) },
	}
	for name, f := range cases {
		if got := testing.AllocsPerRun(200, f); got < 1 {
			t.Errorf("%s: %v allocations per call, want at least 1", name, got)
		}
	}
}

func TestAppendSampleMatchesSprintf(t *testing.T) {
	values := []int64{0, 1, -1, 255, 256, 1027, -982_374_112, math.MaxInt64, math.MinInt64}
	for _, v := range values {
		got := string(hotpath.AppendSample(nil, "m", v, -v))
		if want := hotpath.SprintfSample("m", v, -v); got != want {
			t.Errorf("AppendSample(%d) = %q, want %q", v, got, want)
		}
	}
}

func TestAppendSampleKeepsWhatIsAlreadyInDst(t *testing.T) {
	dst := hotpath.AppendSample([]byte("# batch\n"), "a", 1, 2)
	if got := string(dst); got != "# batch\na 1 2\n" {
		t.Fatalf("got %q", got)
	}
}

func TestEncoderGrowsOnceAndKeepsTheBiggerBuffer(t *testing.T) {
	var out bytes.Buffer
	enc := hotpath.NewEncoder(&out, 8)
	for range 3 {
		if err := enc.WriteBatch(batch); err != nil {
			t.Fatal(err)
		}
	}
	grown := enc.Cap()
	if grown < 90 {
		t.Fatalf("capacity %d after a 90-byte batch", grown)
	}
	_ = enc.WriteBatch(batch[:1])
	if enc.Cap() != grown {
		t.Fatalf("capacity changed from %d to %d on a smaller batch", grown, enc.Cap())
	}
	want := strings.Repeat(hotpath.SprintfSample(batch[0].Name, batch[0].Value, batch[0].Timestamp)+
		hotpath.SprintfSample(batch[1].Name, batch[1].Value, batch[1].Timestamp)+
		hotpath.SprintfSample(batch[2].Name, batch[2].Value, batch[2].Timestamp), 3) +
		hotpath.SprintfSample(batch[0].Name, batch[0].Value, batch[0].Timestamp)
	if out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

func TestEncoderReturnsTheWriterError(t *testing.T) {
	if err := hotpath.NewEncoder(failingWriter{}, 64).WriteBatch(batch); err != io.ErrShortWrite {
		t.Fatalf("got %v", err)
	}
}

func TestKeyHashAgreesWithAndWithoutTheStackArray(t *testing.T) {
	long := strings.Repeat("t", 60)
	if hotpath.KeyHash(long, "x") == hotpath.KeyHash(long, "y") {
		t.Fatal("different long keys hashed equal")
	}
	// FNV-1a of "a:b", computed by hand from the published constants.
	h := uint32(2166136261)
	for _, c := range []byte("a:b") {
		h = (h ^ uint32(c)) * 16777619
	}
	if got := hotpath.KeyHash("a", "b"); got != h {
		t.Fatalf("KeyHash = %d, want %d", got, h)
	}
	if hotpath.KeyHashCRC("a", "b") == 0 {
		t.Fatal("crc of a non-empty key is zero")
	}
	if s := hotpath.NewSample("m", 1, 2); s.Name != "m" || s.Value != 1 || s.Timestamp != 2 {
		t.Fatalf("NewSample = %+v", s)
	}
}

// Benchmarks report time and allocations; run them with
// go test -bench . -benchmem. Tests above assert the allocation count only.
// Both take the sample from a variable, as real code does; with constant
// arguments the compiler boxes them statically and fmt looks cheaper.
func BenchmarkSprintfSample(b *testing.B) {
	b.ReportAllocs()
	s := batch[2]
	for range b.N {
		_ = hotpath.SprintfSample(s.Name, s.Value, s.Timestamp)
	}
}

func BenchmarkAppendSample(b *testing.B) {
	b.ReportAllocs()
	s := batch[2]
	buf := make([]byte, 0, 128)
	for range b.N {
		buf = hotpath.AppendSample(buf[:0], s.Name, s.Value, s.Timestamp)
	}
}

func BenchmarkEncoderWriteBatch(b *testing.B) {
	b.ReportAllocs()
	enc := hotpath.NewEncoder(io.Discard, 256)
	for range b.N {
		_ = enc.WriteBatch(batch)
	}
}
