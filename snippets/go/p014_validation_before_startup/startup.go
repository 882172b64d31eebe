// Package startup shows P014: read and check every setting first, report all
// the problems in one error, and open nothing until the configuration is valid.
package startup

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Settings lists every key the service reads, in the order they are checked.
var Settings = []string{
	"SHOP_PORT", "SHOP_DATABASE_URL", "SHOP_LOG_LEVEL", "SHOP_WORKERS", "SHOP_DB_POOL_SIZE",
}

var logLevels = []string{"debug", "info", "warning", "error"}

// FieldError is one setting that is missing or breaks a rule.
type FieldError struct {
	Key    string // the setting, such as SHOP_PORT
	Reason string // the rule it broke; never the value of a secret
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Reason }

// ConfigError holds every problem of one configuration, in the order checked.
type ConfigError struct {
	Problems []error
}

func (e *ConfigError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("%d configuration problem(s):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

// Unwrap lets errors.Is and errors.As search every problem, as for errors.Join.
func (e *ConfigError) Unwrap() []error { return e.Problems }

// Config is a configuration that passed every check.
type Config struct {
	Port        int
	DatabaseURL string
	LogLevel    string
	Workers     int
	DBPoolSize  int
}

// String leaves out DatabaseURL, which holds a password.
func (c Config) String() string {
	return fmt.Sprintf("{Port:%d LogLevel:%s Workers:%d DBPoolSize:%d}", c.Port, c.LogLevel, c.Workers, c.DBPoolSize)
}

// reader records a problem and carries on, so one pass finds them all.
type reader struct {
	env      map[string]string
	problems []error
}

func (r *reader) fail(key, reason string) {
	r.problems = append(r.problems, &FieldError{Key: key, Reason: reason})
}

func (r *reader) ok(keys ...string) bool {
	for _, p := range r.problems {
		var fe *FieldError
		if errors.As(p, &fe) && slices.Contains(keys, fe.Key) {
			return false
		}
	}
	return true
}

func (r *reader) integer(key string, def, low, high int) int {
	raw, set := r.env[key]
	if !set {
		return def
	}
	value, err := strconv.Atoi(raw)
	if err != nil {
		r.fail(key, fmt.Sprintf("expected a whole number, got %q", raw))
		return def
	}
	if value < low || value > high {
		r.fail(key, fmt.Sprintf("must be between %d and %d, got %d", low, high, value))
	}
	return value
}

func (r *reader) choice(key, def string, choices []string) string {
	value, set := r.env[key]
	if !set {
		value = def
	}
	if !slices.Contains(choices, value) {
		r.fail(key, fmt.Sprintf("must be one of %s; got %q", strings.Join(choices, ", "), value))
	}
	return value
}

func (r *reader) secretURL(key, scheme string) string {
	value := r.env[key]
	switch {
	case value == "":
		r.fail(key, "required")
	case !strings.HasPrefix(value, scheme+"://"):
		r.fail(key, "must be a "+scheme+":// URL (value not shown)")
	}
	return value
}

// Load parses and checks every SHOP_* setting in env. If anything is wrong it
// returns a *ConfigError listing every problem, not just the first one.
// Keys without the SHOP_ prefix are ignored; an unknown SHOP_ key is an error,
// because a misspelt name would otherwise leave the default in force.
func Load(env map[string]string) (Config, error) {
	r := &reader{env: env}
	cfg := Config{
		Port:        r.integer("SHOP_PORT", 8080, 1, 65535),
		DatabaseURL: r.secretURL("SHOP_DATABASE_URL", "postgres"),
		LogLevel:    r.choice("SHOP_LOG_LEVEL", "info", logLevels),
		Workers:     r.integer("SHOP_WORKERS", 8, 1, 256),
		DBPoolSize:  r.integer("SHOP_DB_POOL_SIZE", 10, 1, 1000),
	}
	// Compare two settings only if both parsed, so one typo is one problem.
	if r.ok("SHOP_WORKERS", "SHOP_DB_POOL_SIZE") && cfg.DBPoolSize < cfg.Workers {
		r.fail("SHOP_DB_POOL_SIZE", fmt.Sprintf("must be at least SHOP_WORKERS (%d), got %d", cfg.Workers, cfg.DBPoolSize))
	}
	keys := make([]string, 0, len(env))
	for key := range env {
		keys = append(keys, key)
	}
	slices.Sort(keys) // map order is random: sort for a stable report
	for _, key := range keys {
		if strings.HasPrefix(key, "SHOP_") && !slices.Contains(Settings, key) {
			r.fail(key, "unknown setting")
		}
	}
	if len(r.problems) > 0 {
		return Config{}, &ConfigError{Problems: r.problems}
	}
	return cfg, nil
}

// Conn is the part of a database pool that startup needs.
type Conn interface {
	Ping() error
	Close() error
}

// Start validates env, then connects, then pings. It returns a ready
// connection, or an error with nothing left open.
func Start(env map[string]string, connect func(Config) (Conn, error)) (Config, Conn, error) {
	cfg, err := Load(env)
	if err != nil {
		return Config{}, nil, err // nothing has been opened yet
	}
	conn, err := connect(cfg)
	if err != nil {
		return Config{}, nil, fmt.Errorf("connect database: %w", err)
	}
	if err := conn.Ping(); err != nil {
		return Config{}, nil, errors.Join(fmt.Errorf("ping database: %w", err), conn.Close())
	}
	return cfg, conn, nil
}
