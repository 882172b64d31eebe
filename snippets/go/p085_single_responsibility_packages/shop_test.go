package shop_test

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"example.com/patterns/p085_single_responsibility_packages"
	"example.com/patterns/p085_single_responsibility_packages/retry"
	"example.com/patterns/p085_single_responsibility_packages/slug"
)

func TestRetryStopsAtFirstSuccess(t *testing.T) {
	calls := 0
	err := retry.Do(5, func() error {
		calls++
		if calls < 3 {
			return errors.New("busy")
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("err=%v calls=%d, want nil and 3", err, calls)
	}
}

func TestRetryGivesUpAndWraps(t *testing.T) {
	busy := errors.New("busy")
	err := retry.Do(2, func() error { return busy })
	if !errors.Is(err, busy) || err.Error() != "retry: gave up after 2 attempts: busy" {
		t.Errorf("err = %v", err)
	}
	if err := retry.Do(0, func() error { return nil }); err == nil {
		t.Error("Do(0, ...) succeeded, want an error")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Go & Python: 2 Ways": "go-python-2-ways",
		"  spaced   out ":     "spaced-out",
		"Crème brûlée":        "cr-me-br-l-e",
		"":                    "",
	} {
		if got := slug.Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
	}
}

// imports returns the sorted import paths of the Go files in dir.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, spec := range file.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				seen[path] = true
			}
		}
	}
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// The layout rule, checked on this directory: no junk-drawer package names,
// and each single-job package depends on the standard library only.
func TestLayout(t *testing.T) {
	generic := map[string]bool{"utils": true, "util": true, "helpers": true, "common": true, "misc": true}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if fmt.Sprint(dirs) != "[retry slug]" {
		t.Errorf("packages = %v, want [retry slug]", dirs)
	}
	for _, dir := range dirs {
		if generic[dir] {
			t.Errorf("package %s: the name says nothing about what it provides", dir)
		}
		for _, path := range imports(t, filepath.Join(".", dir)) {
			if strings.Contains(path, ".") { // module paths have a dot; the standard library does not
				t.Errorf("package %s imports %s; a single-job package should not need it", dir, path)
			}
		}
	}
}

func ExamplePublish() {
	attempts := 0
	p, err := shop.Publish("Go & Python: 2 Ways", 3, func(shop.Product) error {
		attempts++
		if attempts == 1 {
			return errors.New("timeout")
		}
		return nil
	})
	fmt.Println(p.Path, attempts, err)

	_, err = shop.Publish("Sold out", 2, func(shop.Product) error { return errors.New("disk full") })
	fmt.Println(err)
	// Output:
	// /products/go-python-2-ways 2 <nil>
	// retry: gave up after 2 attempts: disk full
}
