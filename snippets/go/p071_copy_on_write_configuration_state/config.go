// Package cowconfig publishes configuration as immutable snapshots behind an
// atomic pointer: readers load one pointer without locking, writers build a
// new snapshot from a copy and swap it in.
package cowconfig

import (
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
)

// Settings is the editable form a writer changes inside Update.
type Settings struct {
	DBHost string
	DBPort int
	Flags  map[string]bool
}

func (s Settings) validate() error {
	if s.DBHost == "" {
		return errors.New("db host must not be empty")
	}
	if s.DBPort <= 0 || s.DBPort > 65535 {
		return fmt.Errorf("db port %d is out of range", s.DBPort)
	}
	return nil
}

// Snapshot is one published version. Its fields are unexported, so code
// outside this package can read it but never change it.
type Snapshot struct {
	version  int
	settings Settings
}

// Version counts published snapshots, starting at 1.
func (s *Snapshot) Version() int { return s.version }

// DBAddr is the database address of this version.
func (s *Snapshot) DBAddr() string {
	return fmt.Sprintf("%s:%d", s.settings.DBHost, s.settings.DBPort)
}

// Flag reports whether a feature flag is on in this version.
func (s *Snapshot) Flag(name string) bool { return s.settings.Flags[name] }

// Store holds the current snapshot.
type Store struct {
	current atomic.Pointer[Snapshot]
	writers sync.Mutex // serialises writers only; readers never take it
}

// New validates the initial settings and publishes them as version 1.
func New(initial Settings) (*Store, error) {
	if err := initial.validate(); err != nil {
		return nil, err
	}
	initial.Flags = maps.Clone(initial.Flags) // the caller keeps no handle on it
	s := &Store{}
	s.current.Store(&Snapshot{version: 1, settings: initial})
	return s, nil
}

// Load returns the current snapshot: one atomic read, no lock. Call it once
// per request and use the result for the whole request.
func (s *Store) Load() *Snapshot { return s.current.Load() }

// Update copies the current settings, lets change edit the copy, validates
// it and publishes it as the next version. If change or validation fails,
// nothing is published and the error is returned.
func (s *Store) Update(change func(*Settings) error) (*Snapshot, error) {
	s.writers.Lock()
	defer s.writers.Unlock()
	old := s.current.Load()
	next := old.settings
	next.Flags = maps.Clone(old.settings.Flags) // a deep copy: old readers keep their map
	if next.Flags == nil {
		next.Flags = map[string]bool{}
	}
	if err := change(&next); err != nil {
		return old, err
	}
	if err := next.validate(); err != nil {
		return old, err
	}
	snap := &Snapshot{version: old.version + 1, settings: next}
	s.current.Store(snap)
	return snap, nil
}
