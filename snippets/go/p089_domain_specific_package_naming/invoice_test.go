package invoice_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"unicode"

	"example.com/patterns/p089_domain_specific_package_naming"
)

func TestTotalAndCopyOnSave(t *testing.T) {
	inv := invoice.New("INV-1", "acme")
	inv.Add("hosting", 2, 1250)
	inv.Add("support", 1, 999)
	if got := inv.Total(); got != 3499 {
		t.Fatalf("Total = %d, want 3499", got)
	}
	store := invoice.NewMemoryStore()
	if err := store.Save(*inv); err != nil {
		t.Fatal(err)
	}
	inv.Lines[0].Quantity = 100 // the caller's later change must not reach the store
	got, ok := store.Get("INV-1")
	if !ok || got.Total() != 3499 {
		t.Errorf("stored invoice = %v, %v; want total 3499", got, ok)
	}
	if _, ok := store.Get("INV-2"); ok {
		t.Error("Get of an unknown id succeeded")
	}
}

func TestEmptyInvoiceIsRefused(t *testing.T) {
	err := invoice.NewMemoryStore().Save(*invoice.New("INV-0", "acme"))
	if !errors.Is(err, invoice.ErrEmpty) || err.Error() != "save INV-0: invoice: no lines" {
		t.Errorf("err = %v", err)
	}
}

// stutters reports an exported name that repeats the package name in front of
// more words: InvoiceLine in package invoice. The name Invoice itself is fine.
func stutters(pkg, name string) bool {
	if len(name) <= len(pkg) || !strings.EqualFold(name[:len(pkg)], pkg) {
		return false
	}
	return unicode.IsUpper(rune(name[len(pkg)]))
}

func TestStutters(t *testing.T) {
	for name, want := range map[string]bool{
		"InvoiceLine": true, "InvoiceStore": true, "Invoice": false,
		"Invoices": false, "Line": false, "Inv": false,
	} {
		if got := stutters("invoice", name); got != want {
			t.Errorf("stutters(invoice, %s) = %v, want %v", name, got, want)
		}
	}
}

// topLevelNames lists the package-level types, values and functions of a
// file; methods are called through a value, so their names do not stutter.
func topLevelNames(file *ast.File) []string {
	var names []string
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}

// The naming rule, checked on this package: no exported top-level name
// repeats the package name, and no subdirectory is named for a layer.
func TestNaming(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, ok := pkgs["invoice"]
	if !ok || len(pkgs) != 1 {
		t.Fatalf("packages = %v, want only invoice", pkgs)
	}
	var names []string
	for _, file := range pkg.Files {
		names = append(names, topLevelNames(file)...)
	}
	for _, name := range names {
		if ast.IsExported(name) && stutters(pkg.Name, name) {
			t.Errorf("%s.%s repeats the package name", pkg.Name, name)
		}
	}
	if len(names) < 7 { // Line, Invoice, ErrEmpty, New, Store, MemoryStore, NewMemoryStore
		t.Errorf("found only %d exported names: %v", len(names), names)
	}
	layers := map[string]bool{"models": true, "services": true, "handlers": true, "controllers": true, "repositories": true}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && layers[e.Name()] {
			t.Errorf("directory %s is named for a layer, not a domain concept", e.Name())
		}
	}
}

func ExampleInvoice_Total() {
	inv := invoice.New("INV-7", "acme")
	inv.Add("hosting", 2, 1250)
	inv.Add("support", 1, 999)

	var store invoice.Store = invoice.NewMemoryStore()
	fmt.Println(store.Save(*inv))
	fmt.Println(inv)
	fmt.Println(store.Save(*invoice.New("INV-8", "acme")))
	// Output:
	// <nil>
	// INV-7 for acme: 2 lines, 34.99
	// save INV-8: invoice: no lines
}
