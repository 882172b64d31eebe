package webhook_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	webhook "example.com/patterns/p008_factory_constructor"
)

const secret = "whsec-0123456789abcdef"

func Example() {
	sender, err := webhook.NewSender("https://hooks.example.com/orders", secret)
	fmt.Println(sender.Endpoint(), err)
	req, _ := sender.Request([]byte(`{"order":42}`))
	fmt.Println(req.Method, req.URL)
	fmt.Println(req.Header.Get(webhook.SignatureHeader))

	// Invalid input: no Sender, and an error that says which input is wrong.
	for _, in := range [][2]string{
		{"http://hooks.example.com/orders", secret},
		{"https:///orders", secret},
		{"https://hooks.example.com/orders", "changeme"},
	} {
		s, err := webhook.NewSender(in[0], in[1])
		fmt.Println(s == nil, err)
	}

	// The zero value cannot sign: it refuses instead of using an empty key.
	var zero webhook.Sender
	_, err = zero.Request([]byte(`{"order":42}`))
	fmt.Println(err)
	// Output:
	// https://hooks.example.com/orders <nil>
	// POST https://hooks.example.com/orders
	// sha256=bcf68d0fa6d31c95c416b8ad111029da37dc1e7ddb5cc3e3c6a7586773d65dc3
	// true invalid webhook config: endpoint must use https, got "http"
	// true invalid webhook config: endpoint "https:///orders" has no host
	// true invalid webhook config: secret must be at least 16 bytes, got 8
	// webhook: Sender not built by NewSender
}

func TestNewSenderRejectsInvalidInput(t *testing.T) {
	cases := []struct {
		name, endpoint, secret, want string
	}{
		{"plain http", "http://hooks.example.com/x", secret, `must use https, got "http"`},
		{"no scheme", "hooks.example.com/x", secret, `must use https, got ""`},
		{"no host", "https:///x", secret, "has no host"},
		{"only a port", "https://:8443/x", secret, "has no host"},
		{"unparsable", "https://hooks.example.com/%zz", secret, "endpoint: parse"},
		{"empty secret", "https://hooks.example.com/x", "", "at least 16 bytes, got 0"},
		{"short secret", "https://hooks.example.com/x", "fifteen-bytes!!", "at least 16 bytes, got 15"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := webhook.NewSender(tc.endpoint, tc.secret)
			if s != nil {
				t.Fatalf("got a Sender for invalid input")
			}
			if !errors.Is(err, webhook.ErrInvalidConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want ErrInvalidConfig containing %q", err, tc.want)
			}
			if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
				t.Fatalf("error message leaks the secret: %v", err)
			}
		})
	}
}

func TestRequestIsSignedWithTheSecret(t *testing.T) {
	sender := webhook.MustNewSender("https://hooks.example.com:8443/orders?v=2", secret)
	body := []byte(`{"order":42}`)
	req, err := sender.Request(body)
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != "POST" || req.URL.String() != "https://hooks.example.com:8443/orders?v=2" {
		t.Fatalf("request = %s %s", req.Method, req.URL)
	}
	if got := req.Header.Get("Content-Type"); got != "application/json" {
		t.Fatalf("Content-Type = %q", got)
	}
	sent, _ := io.ReadAll(req.Body)
	if string(sent) != string(body) {
		t.Fatalf("body = %q", sent)
	}
	want := "sha256=" + webhook.Sign([]byte(secret), body)
	if got := req.Header.Get(webhook.SignatureHeader); got != want {
		t.Fatalf("signature = %q, want %q", got, want)
	}
	// An attacker without the secret cannot produce it, not even with an empty key.
	if forged := "sha256=" + webhook.Sign(nil, body); forged == want {
		t.Fatal("signature equals the empty-key signature")
	}
}

func TestSenderOwnsItsSecret(t *testing.T) {
	key := []byte(secret)
	sender := webhook.MustNewSender("https://hooks.example.com/x", string(key))
	key[0] = 'X' // the caller reuses its buffer
	req, _ := sender.Request([]byte("{}"))
	if got, want := req.Header.Get(webhook.SignatureHeader), "sha256="+webhook.Sign([]byte(secret), []byte("{}")); got != want {
		t.Fatalf("signature changed with the caller's buffer")
	}
}

func TestZeroAndNilSendersRefuseToSign(t *testing.T) {
	var zero webhook.Sender
	var nilSender *webhook.Sender
	for name, s := range map[string]*webhook.Sender{"zero value": &zero, "nil pointer": nilSender} {
		if req, err := s.Request([]byte("{}")); req != nil || !errors.Is(err, webhook.ErrNotConstructed) {
			t.Errorf("%s: Request = %v, %v; want ErrNotConstructed", name, req, err)
		}
	}
}

func TestMustNewSenderPanicsOnInvalidInput(t *testing.T) {
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, webhook.ErrInvalidConfig) {
			t.Fatalf("recovered %v, want ErrInvalidConfig", err)
		}
	}()
	webhook.MustNewSender("http://hooks.example.com", secret)
	t.Fatal("MustNewSender returned for invalid input")
}
