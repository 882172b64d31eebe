package shop_test

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"example.com/patterns/p087_package_oriented_architecture"
	"example.com/patterns/p087_package_oriented_architecture/order"
	"example.com/patterns/p087_package_oriented_architecture/user"
)

const module = "example.com/patterns/p087_package_oriented_architecture/"

func TestRegisterAndGet(t *testing.T) {
	users := user.NewService()
	u, err := users.Register("  Ada@Example.com ")
	if err != nil || u != (user.User{ID: "u1", Email: "ada@example.com"}) {
		t.Fatalf("Register = %+v, %v", u, err)
	}
	if got, err := users.Get("u1"); err != nil || got != u {
		t.Errorf("Get(u1) = %+v, %v", got, err)
	}
	if _, err := users.Get("u9"); !errors.Is(err, user.ErrNotFound) {
		t.Errorf("Get(u9) error = %v, want ErrNotFound", err)
	}
	if _, err := users.Register("not-an-email"); err == nil {
		t.Error("Register accepted an email without @")
	}
}

func TestPlaceChecksBuyerAndAmount(t *testing.T) {
	users := user.NewService()
	u, _ := users.Register("bo@example.com")
	orders := order.NewService(users)
	if o, err := orders.Place(u.ID, 1250); err != nil || o != (order.Order{ID: "o1", UserID: "u1", Cents: 1250}) {
		t.Errorf("Place = %+v, %v", o, err)
	}
	if _, err := orders.Place("u7", 100); !errors.Is(err, user.ErrNotFound) {
		t.Errorf("unknown buyer: err = %v, want user.ErrNotFound", err)
	}
	if _, err := orders.Place(u.ID, 0); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("zero amount: err = %v", err)
	}
}

// featureImports returns the imports of the feature in dir that point into
// this module, sorted, with the module prefix removed.
func featureImports(t *testing.T, dir string) []string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, spec := range file.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				if rest, ok := strings.CutPrefix(path, module); ok {
					found = append(found, rest)
				}
			}
		}
	}
	sort.Strings(found)
	return found
}

// The layout rule, checked on this directory: packages are features, not
// layers; a feature imports another feature's package only, never a package
// below it; and the dependencies between features are the ones intended.
func TestLayout(t *testing.T) {
	layers := map[string]bool{"handlers": true, "services": true, "repos": true, "models": true, "controllers": true}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	var features []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if layers[e.Name()] {
			t.Errorf("package %s is a layer; organise by feature", e.Name())
		}
		features = append(features, e.Name())
		for _, imp := range featureImports(t, e.Name()) {
			if strings.Contains(imp, "/") {
				t.Errorf("%s imports %s, a package inside another feature", e.Name(), imp)
			}
			got[e.Name()] = append(got[e.Name()], imp)
		}
	}
	if want := "[order user] map[order:[user]]"; fmt.Sprint(features, got) != want {
		t.Errorf("features and dependencies = %v %v, want %s", features, got, want)
	}
}

func post(h http.Handler, path string, form url.Values) string {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return fmt.Sprintf("%d %s", rec.Code, strings.TrimSpace(rec.Body.String()))
}

func ExampleNew() {
	h := shop.New()
	fmt.Println(post(h, "/users", url.Values{"email": {"ada@example.com"}}))
	fmt.Println(post(h, "/users", url.Values{"email": {"nobody"}}))
	fmt.Println(post(h, "/orders", url.Values{"user": {"u1"}, "cents": {"4999"}}))
	fmt.Println(post(h, "/orders", url.Values{"user": {"u2"}, "cents": {"100"}}))
	fmt.Println(post(h, "/orders", url.Values{"user": {"u1"}, "cents": {"-5"}}))
	// Output:
	// 201 u1
	// 400 user: invalid email "nobody"
	// 201 o1
	// 404 order: buyer: user: not found: u2
	// 400 order: amount must be positive, got -5
}
