// Package settings shows P010: configuration that is built and checked once,
// then cannot be changed by anyone who holds it.
package settings

import (
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"
)

// Settings has unexported fields and no setters. It is passed by value, and
// its slice and map are private copies that no method ever writes to, so
// copies of a Settings can share them safely.
type Settings struct {
	dbTimeout      time.Duration
	allowedOrigins []string
	flags          map[string]bool
}

// New checks the values and copies origins and flags, so the caller keeps no
// handle through which it could change the result later.
func New(dbTimeout time.Duration, origins []string, flags map[string]bool) (Settings, error) {
	if dbTimeout <= 0 {
		return Settings{}, fmt.Errorf("settings: db timeout must be positive, got %v", dbTimeout)
	}
	return Settings{
		dbTimeout:      dbTimeout,
		allowedOrigins: slices.Clone(origins),
		flags:          maps.Clone(flags),
	}, nil
}

// DBTimeout is how long one database query may take.
func (s Settings) DBTimeout() time.Duration { return s.dbTimeout }

// AllowedOrigins returns a copy: appending to it or overwriting an element
// changes nothing that another holder of s can see.
func (s Settings) AllowedOrigins() []string { return slices.Clone(s.allowedOrigins) }

// Accepts reports whether requests from origin are allowed.
func (s Settings) Accepts(origin string) bool { return slices.Contains(s.allowedOrigins, origin) }

// Enabled reports whether a feature flag is on; an unknown flag is off.
func (s Settings) Enabled(flag string) bool { return s.flags[flag] }

// WithDBTimeout returns a copy with another timeout. The receiver is a value,
// so the original is untouched; the copy shares the origins and flags, which
// is safe because neither is ever written after New.
func (s Settings) WithDBTimeout(d time.Duration) (Settings, error) {
	if d <= 0 {
		return Settings{}, fmt.Errorf("settings: db timeout must be positive, got %v", d)
	}
	s.dbTimeout = d
	return s, nil
}

// Current holds the settings in force. Load and Publish are safe to call from
// any number of goroutines; a reload replaces the whole object at once.
type Current struct {
	p atomic.Pointer[Settings]
}

// NewCurrent starts with initial in force.
func NewCurrent(initial Settings) *Current {
	c := &Current{}
	c.p.Store(&initial)
	return c
}

// Load returns the settings in force now. Call it once per request and use
// the result throughout, so a reload never mixes old and new values.
func (c *Current) Load() Settings { return *c.p.Load() }

// Publish puts next in force for every Load from now on.
func (c *Current) Publish(next Settings) { c.p.Store(&next) }
