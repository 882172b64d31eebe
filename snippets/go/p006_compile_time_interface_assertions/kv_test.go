package kv_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	kv "example.com/patterns/p006_compile_time_interface_assertions"
)

// meteredStore was added later to count flushes. Its author meant to
// override Flush but dropped the count from the results, so *meteredStore
// has Flush() error and is no longer a Flusher. No line says it must be one,
// so it compiles, and Shutdown's type assertion quietly answers "no".
type meteredStore struct {
	*kv.BufferedStore
	flushes int
}

func (m *meteredStore) Flush() error {
	m.flushes++
	_, err := m.BufferedStore.Flush()
	return err
}

func Example() {
	backend := kv.NewMemoryStore()
	buffered := kv.NewBufferedStore(backend)
	buffered.Put("user:1", []byte("ada"))
	buffered.Put("user:2", []byte("grace"))
	written, err := kv.Shutdown(buffered)
	fmt.Println("buffered:", written, err, "| backend holds", backend.Len())

	backend = kv.NewMemoryStore()
	metered := &meteredStore{BufferedStore: kv.NewBufferedStore(backend)}
	metered.Put("user:1", []byte("ada"))
	metered.Put("user:2", []byte("grace"))
	written, err = kv.Shutdown(metered)
	fmt.Println("metered: ", written, err, "| backend holds", backend.Len(), "| lost", metered.Pending())
	// Output:
	// buffered: 2 <nil> | backend holds 2
	// metered:  0 <nil> | backend holds 0 | lost 2
}

// typeCheck runs the compiler's type checker (go/types) on one file and
// returns every line of every error it reports.
func typeCheck(src string) []string {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "app.go", src, 0)
	if err != nil {
		return []string{err.Error()}
	}
	var lines []string
	conf := types.Config{Error: func(err error) {
		for _, line := range strings.Split(err.Error(), "\n") {
			lines = append(lines, strings.TrimSpace(line))
		}
	}}
	_, _ = conf.Check("app", fset, []*ast.File{file}, nil)
	return lines
}

// The drift of meteredStore, reduced to one file.
const drifted = `package app

type Flusher interface{ Flush() (int, error) }

type meteredStore struct{ flushes int }

func (m *meteredStore) Flush() error { m.flushes++; return nil }
`

func Example_assertion() {
	fmt.Println("without the assertion:", typeCheck(drifted))
	fmt.Println("with the assertion:")
	for _, line := range typeCheck(drifted + "\nvar _ Flusher = (*meteredStore)(nil)\n") {
		fmt.Println(line)
	}
	// Output:
	// without the assertion: []
	// with the assertion:
	// app.go:9:17: cannot use (*meteredStore)(nil) (value of type *meteredStore) as Flusher value in variable declaration: *meteredStore does not implement Flusher (wrong type for method Flush)
	// have Flush() error
	// want Flush() (int, error)
}

func TestAssertionReportsEachKindOfDrift(t *testing.T) {
	const iface = "package app\n\ntype Flusher interface{ Flush() (int, error) }\n\ntype store struct{}\n\n"
	cases := []struct {
		name   string
		method string
		assert string
		want   string // "" means the file must type-check
	}{
		{"matching method", "func (s *store) Flush() (int, error) { return 0, nil }", "(*store)(nil)", ""},
		{"renamed method", "func (s *store) Sync() (int, error) { return 0, nil }", "(*store)(nil)", "missing method Flush"},
		{"changed results", "func (s *store) Flush() error { return nil }", "(*store)(nil)", "wrong type for method Flush"},
		{"added parameter", "func (s *store) Flush(force bool) (int, error) { return 0, nil }", "(*store)(nil)", "wrong type for method Flush"},
		{"value asserted, pointer receiver", "func (s *store) Flush() (int, error) { return 0, nil }", "store{}", "method Flush has pointer receiver"},
		{"value receiver serves both", "func (s store) Flush() (int, error) { return 0, nil }", "store{}", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := typeCheck(iface + tc.method + "\n\nvar _ Flusher = " + tc.assert + "\n")
			got := strings.Join(errs, "\n")
			if tc.want == "" && got != "" {
				t.Fatalf("want no error, got:\n%s", got)
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want an error containing %q, got:\n%s", tc.want, got)
			}
			// Without the assertion line the same file always compiles.
			if errs := typeCheck(iface + tc.method + "\n"); len(errs) != 0 {
				t.Fatalf("file without the assertion should compile, got %v", errs)
			}
		})
	}
}

// The assertions in kv.go itself stop the build if BufferedStore loses Flush.
func TestPackageAssertionsCatchARenamedFlush(t *testing.T) {
	src, err := os.ReadFile("kv.go")
	if err != nil {
		t.Fatal(err)
	}
	original := "func (b *BufferedStore) Flush() (int, error) {"
	if !bytes.Contains(src, []byte(original)) {
		t.Fatalf("kv.go no longer declares %q", original)
	}
	if errs := typeCheck(string(src)); len(errs) != 0 {
		t.Fatalf("kv.go should type-check, got %v", errs)
	}
	renamed := strings.Replace(string(src), original, "func (b *BufferedStore) Sync() (int, error) {", 1)
	got := strings.Join(typeCheck(renamed), "\n")
	if !strings.Contains(got, "*BufferedStore does not implement Flusher (missing method Flush)") {
		t.Fatalf("renaming Flush should break the build, got:\n%s", got)
	}
}

func TestShutdownFlushesInFirstWriteOrder(t *testing.T) {
	backend := &recordingStore{Store: kv.NewMemoryStore()}
	buffered := kv.NewBufferedStore(backend)
	buffered.Put("b", []byte("1"))
	buffered.Put("a", []byte("2"))
	buffered.Put("b", []byte("3")) // overwrite: still one write, in b's first position
	if value, ok := buffered.Get("b"); !ok || string(value) != "3" {
		t.Fatalf("Get before flush = %q, %v; want the buffered value", value, ok)
	}
	if _, ok := backend.Get("b"); ok {
		t.Fatal("backend received a write before Flush")
	}
	written, err := kv.Shutdown(buffered)
	if written != 2 || err != nil {
		t.Fatalf("Shutdown = %d, %v; want 2, nil", written, err)
	}
	if got := strings.Join(backend.keys, ","); got != "b,a" {
		t.Fatalf("flush order = %s, want b,a", got)
	}
	if buffered.Pending() != 0 {
		t.Fatalf("pending after flush = %d", buffered.Pending())
	}
	if value, ok := buffered.Get("b"); !ok || string(value) != "3" {
		t.Fatalf("Get after flush = %q, %v; want the backend's value", value, ok)
	}
	if written, _ := kv.Shutdown(buffered); written != 0 {
		t.Fatalf("second Shutdown wrote %d, want 0", written)
	}
}

func TestShutdownLeavesAStoreWithoutFlushAlone(t *testing.T) {
	store := kv.NewMemoryStore()
	store.Put("k", []byte("v"))
	if written, err := kv.Shutdown(store); written != 0 || err != nil {
		t.Fatalf("Shutdown = %d, %v; want 0, nil", written, err)
	}
	if _, ok := store.Get("missing"); ok {
		t.Fatal("Get of a missing key reported ok")
	}
}

type recordingStore struct {
	kv.Store
	keys []string
}

func (r *recordingStore) Put(key string, value []byte) {
	r.keys = append(r.keys, key)
	r.Store.Put(key, value)
}
