// Package webhook shows P008: a constructor, NewSender, that checks its inputs
// and returns a ready-to-use *Sender, or an error and no Sender at all.
package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// MinSecretLen is the shortest signing secret NewSender accepts, in bytes.
const MinSecretLen = 16

// SignatureHeader carries the body's HMAC-SHA256, hex-encoded.
const SignatureHeader = "X-Signature-256"

// ErrInvalidConfig wraps every error NewSender returns.
var ErrInvalidConfig = errors.New("invalid webhook config")

// ErrNotConstructed is returned by a Sender that NewSender did not build,
// such as the zero value.
var ErrNotConstructed = errors.New("webhook: Sender not built by NewSender")

// Sender signs deliveries for one endpoint. Its fields are unexported, so
// code outside the package cannot fill them in with a struct literal: the
// only way to get a working Sender is NewSender.
type Sender struct {
	endpoint *url.URL
	secret   []byte
}

// NewSender checks endpoint and secret and returns a Sender ready to use.
// It never returns a partly valid Sender: on any problem the result is nil
// and the error, which wraps ErrInvalidConfig, names the input at fault
// without repeating the secret.
func NewSender(endpoint, secret string) (*Sender, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("%w: endpoint: %v", ErrInvalidConfig, err)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("%w: endpoint must use https, got %q", ErrInvalidConfig, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w: endpoint %q has no host", ErrInvalidConfig, endpoint)
	}
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("%w: secret must be at least %d bytes, got %d",
			ErrInvalidConfig, MinSecretLen, len(secret))
	}
	// []byte(secret) copies, so the Sender owns its key.
	return &Sender{endpoint: u, secret: []byte(secret)}, nil
}

// MustNewSender is NewSender for values known when the program is written,
// such as a package-level variable in a test: it panics on invalid input.
func MustNewSender(endpoint, secret string) *Sender {
	s, err := NewSender(endpoint, secret)
	if err != nil {
		panic(err)
	}
	return s
}

// Endpoint reports where deliveries go.
func (s *Sender) Endpoint() string { return s.endpoint.String() }

// Request builds a signed POST of body to the endpoint. The zero value and a
// nil *Sender return ErrNotConstructed instead of signing with an empty key.
func (s *Sender) Request(body []byte) (*http.Request, error) {
	if s == nil || s.endpoint == nil {
		return nil, ErrNotConstructed
	}
	req, err := http.NewRequest(http.MethodPost, s.endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, "sha256="+Sign(s.secret, body))
	return req, nil
}

// Sign returns the hex HMAC-SHA256 of body under key; receivers use it to verify.
func Sign(key, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
