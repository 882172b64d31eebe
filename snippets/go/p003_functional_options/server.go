// Package server shows P003: a constructor that takes its required value
// positionally and every optional setting as a variadic, validating Option.
package server

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidOption wraps every error an Option returns, so callers can test
// for it with errors.Is whatever the setting was.
var ErrInvalidOption = errors.New("invalid option")

// config holds the optional settings. It is unexported: the only way to
// change it is through this package's With functions, which validate.
type config struct {
	readTimeout    time.Duration
	writeTimeout   time.Duration
	maxConnections int
}

// defaults is the one place each default value is written.
func defaults() config {
	return config{
		readTimeout:    5 * time.Second,
		writeTimeout:   10 * time.Second,
		maxConnections: 100,
	}
}

// Option changes one or more settings, or reports why it cannot.
type Option func(*config) error

// WithReadTimeout limits how long reading a request may take.
func WithReadTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: read timeout must be positive, got %v", ErrInvalidOption, d)
		}
		c.readTimeout = d
		return nil
	}
}

// WithWriteTimeout limits how long writing a response may take.
func WithWriteTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: write timeout must be positive, got %v", ErrInvalidOption, d)
		}
		c.writeTimeout = d
		return nil
	}
}

// WithMaxConnections caps the number of connections served at once.
func WithMaxConnections(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: max connections must be at least 1, got %d", ErrInvalidOption, n)
		}
		c.maxConnections = n
		return nil
	}
}

// Options bundles several options into one, applied in the order given.
// A preset is an Options value that many call sites share.
func Options(opts ...Option) Option {
	return func(c *config) error {
		for _, opt := range opts {
			if opt == nil {
				continue
			}
			if err := opt(c); err != nil {
				return err
			}
		}
		return nil
	}
}

// Server is built once by NewServer and has no setters: its settings cannot
// change after construction.
type Server struct {
	addr string
	cfg  config
}

// NewServer starts from the defaults and applies opts in order, so a later
// option overrides an earlier one. A nil option is skipped, which lets callers
// pass an option they chose conditionally. The first invalid option stops
// construction: no Server is returned, and the error says which option failed.
func NewServer(addr string, opts ...Option) (*Server, error) {
	if addr == "" {
		return nil, errors.New("server: address is required")
	}
	cfg := defaults()
	for i, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("server %s: option %d: %w", addr, i+1, err)
		}
	}
	return &Server{addr: addr, cfg: cfg}, nil
}

// ReadTimeout reports the configured read timeout.
func (s *Server) ReadTimeout() time.Duration { return s.cfg.readTimeout }

// WriteTimeout reports the configured write timeout.
func (s *Server) WriteTimeout() time.Duration { return s.cfg.writeTimeout }

// MaxConnections reports the configured connection cap.
func (s *Server) MaxConnections() int { return s.cfg.maxConnections }

func (s *Server) String() string {
	return fmt.Sprintf("%s read=%v write=%v max_connections=%d",
		s.addr, s.cfg.readTimeout, s.cfg.writeTimeout, s.cfg.maxConnections)
}
