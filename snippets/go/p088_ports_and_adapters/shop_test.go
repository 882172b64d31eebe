package shop_test

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"example.com/patterns/p088_ports_and_adapters"
	"example.com/patterns/p088_ports_and_adapters/adapters/memory"
	"example.com/patterns/p088_ports_and_adapters/adapters/webhook"
	"example.com/patterns/p088_ports_and_adapters/order"
)

// recorder is a Notifier fake: the core is tested without HTTP.
type recorder struct{ sent []string }

func (r *recorder) OrderPlaced(_ context.Context, o order.Order) error {
	r.sent = append(r.sent, o.ID)
	return nil
}

func TestPlaceRules(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	svc := order.NewService(memory.New(), rec)
	if _, err := svc.Place(ctx, "o-1", "ada", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Place(ctx, "o-1", "bo", 20); !errors.Is(err, order.ErrDuplicate) {
		t.Errorf("duplicate: err = %v, want ErrDuplicate", err)
	}
	if _, err := svc.Place(ctx, "o-2", "bo", 0); err == nil || errors.Is(err, order.ErrDuplicate) {
		t.Errorf("zero amount: err = %v, want a validation error", err)
	}
	if fmt.Sprint(rec.sent) != "[o-1]" {
		t.Errorf("notified %v, want [o-1]", rec.sent)
	}
}

// brokenRepo fails every call, as a database that is down would.
type brokenRepo struct{}

var errDown = errors.New("db down")

func (brokenRepo) Add(context.Context, order.Order) error { return errDown }
func (brokenRepo) Get(context.Context, string) (order.Order, error) {
	return order.Order{}, errDown
}

func TestPlacePassesOnRepositoryFailures(t *testing.T) {
	rec := &recorder{}
	_, err := order.NewService(brokenRepo{}, rec).Place(context.Background(), "o-1", "ada", 10)
	if !errors.Is(err, errDown) || len(rec.sent) != 0 {
		t.Errorf("err = %v, sent = %v; want db down and no notification", err, rec.sent)
	}
}

func TestWebhookUnreachableIsANotificationError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens on this address any more
	n := &webhook.Notifier{URL: srv.URL, Client: srv.Client()}
	if err := n.OrderPlaced(context.Background(), order.Order{ID: "o-1"}); !errors.Is(err, order.ErrNotification) {
		t.Errorf("err = %v, want ErrNotification", err)
	}
}

// The dependency rule, checked on this directory: the core package imports
// the standard library only, and none of the packages that talk to the
// outside world.
func TestCoreImportsNoAdapter(t *testing.T) {
	infrastructure := []string{"net", "database/sql", "os/exec", "encoding/json"}
	pkgs, err := parser.ParseDir(token.NewFileSet(), "order", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for name, file := range pkg.Files {
			for _, spec := range file.Imports {
				path, _ := strconv.Unquote(spec.Path.Value)
				if strings.Contains(strings.Split(path, "/")[0], ".") {
					t.Errorf("%s imports %s: the core may import the standard library only", name, path)
				}
				for _, infra := range infrastructure {
					if path == infra || strings.HasPrefix(path, infra+"/") {
						t.Errorf("%s imports %s: infrastructure belongs in an adapter", name, path)
					}
				}
			}
		}
	}
}

func ExampleNew() {
	var received []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		received = append(received, string(body))
		if strings.Contains(string(body), `"o-3"`) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hook.Close()

	checkout := shop.New(hook.URL, hook.Client())
	ctx := context.Background()
	o, err := checkout.Place(ctx, "o-1", "ada", 4999)
	fmt.Println(o, err)
	fmt.Println(received[0])
	_, err = checkout.Place(ctx, "o-1", "bo", 100)
	fmt.Println(err)
	_, err = checkout.Place(ctx, "o-3", "cy", 250)
	fmt.Println(err, errors.Is(err, order.ErrNotification))
	// Output:
	// {o-1 ada 4999} <nil>
	// {"id":"o-1","customer":"ada","cents":4999}
	// order: duplicate id: o-1
	// order: notification failed: webhook answered 503 true
}
