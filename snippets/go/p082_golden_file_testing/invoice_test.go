package invoice_test

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"example.com/patterns/p082_golden_file_testing"
)

// go test ./p082_golden_file_testing/ -update rewrites the golden files; read
// the diff with git before committing them.
var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// assertGolden compares got with testdata/<test name>.golden. A subtest's
// name contains "/", so it is flattened to keep one folder.
func assertGolden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join("testdata", strings.ReplaceAll(t.Name(), "/", "__")+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("update %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden file %s is missing: run go test with -update to create it", path)
	}
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if diff := firstDifference(string(want), got); diff != "" {
		t.Errorf("%s differs (run with -update if the change is intended)\n%s", path, diff)
	}
}

// firstDifference names the first line where want and got part ways. The
// standard library has no diff package; git diff on the updated file shows the rest.
func firstDifference(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; ; i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			return fmt.Sprintf("line %d:\n  golden: %q\n  got:    %q", i+1, at(w, i), at(g, i))
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of text)"
}

func TestRender(t *testing.T) {
	tests := []struct {
		name   string
		number string
		lines  []invoice.Line
	}{
		{"two lines", "2024-0042", []invoice.Line{{"Notebook", 3, 450}, {"Pen", 10, 120}}},
		{"empty", "2024-0043", nil},
		{"long item names", "2024-0044", []invoice.Line{{"Ergonomic office chair", 1, 23900}, {"Desk lamp", 2, 3450}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertGolden(t, invoice.Render(tc.number, tc.lines))
		})
	}
}

func TestFirstDifference(t *testing.T) {
	tests := []struct{ want, got, diff string }{
		{"a\nb\n", "a\nb\n", ""},
		{"a\nb\n", "a\nc\n", "line 2:\n  golden: \"b\"\n  got:    \"c\""},
		{"a\n", "a", "line 2:\n  golden: \"\"\n  got:    \"(end of text)\""},
		{"a\n", "a\nb\n", "line 2:\n  golden: \"\"\n  got:    \"b\""},
	}
	for _, tc := range tests {
		if diff := firstDifference(tc.want, tc.got); diff != tc.diff {
			t.Errorf("firstDifference(%q, %q) = %q, want %q", tc.want, tc.got, diff, tc.diff)
		}
	}
}

func ExampleRender() {
	fmt.Print(invoice.Render("2024-0042", []invoice.Line{{"Notebook", 3, 450}, {"Pen", 10, 120}}))
	// Output:
	// Invoice 2024-0042
	// Item      Qty     Amount
	// Notebook    3      13.50
	// Pen        10      12.00
	// Total              25.50
}
