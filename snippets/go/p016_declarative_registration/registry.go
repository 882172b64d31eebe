// Package registry shows P016: a registry is a value that main creates and
// fills with explicit calls, not a package-level map that init functions
// write to as a side effect of an import.
package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrDuplicate is returned when a name is registered twice.
var ErrDuplicate = errors.New("already registered")

// ErrUnknown is returned when no entry has the name asked for.
var ErrUnknown = errors.New("not registered")

// Registry holds named entries of one kind. Fill it before the goroutines
// that read it start; after that it is only read, so it needs no lock.
type Registry[T any] struct {
	kind    string
	entries map[string]T
}

// New returns an empty registry; kind ("codec", "driver") appears in errors.
func New[T any](kind string) *Registry[T] {
	return &Registry[T]{kind: kind, entries: make(map[string]T)}
}

// Register adds entry under name, or returns an error wrapping ErrDuplicate
// and keeps the first entry.
func (r *Registry[T]) Register(name string, entry T) error {
	if _, taken := r.entries[name]; taken {
		return fmt.Errorf("%s %q: %w", r.kind, name, ErrDuplicate)
	}
	r.entries[name] = entry
	return nil
}

// Get returns the entry called name, or an error wrapping ErrUnknown that
// lists the names that do exist.
func (r *Registry[T]) Get(name string) (T, error) {
	entry, ok := r.entries[name]
	if !ok {
		var zero T
		return zero, fmt.Errorf("%s %q: %w; known: %s", r.kind, name, ErrUnknown, strings.Join(r.Names(), ", "))
	}
	return entry, nil
}

// Names returns the registered names, sorted: map order is random.
func (r *Registry[T]) Names() []string {
	names := make([]string, 0, len(r.entries))
	for name := range r.entries {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Codec turns one record into text.
type Codec interface {
	Encode(record []string) (string, error)
}

// JSON encodes a record as a JSON array.
type JSON struct{}

func (JSON) Encode(record []string) (string, error) {
	b, err := json.Marshal(record)
	return string(b), err
}

// CSV joins the fields with commas.
type CSV struct{}

func (CSV) Encode(record []string) (string, error) { return strings.Join(record, ","), nil }

// TSV joins the fields with tabs. It stands for a plugin package, which
// exports an Install function instead of registering itself in init.
type TSV struct{}

func (TSV) Encode(record []string) (string, error) { return strings.Join(record, "\t"), nil }

// InstallTSV is the plugin's hook; the program decides whether to call it.
func InstallTSV(r *Registry[Codec]) error { return r.Register("tsv", TSV{}) }

// Plugin is an install hook.
type Plugin func(*Registry[Codec]) error

// BuildCodecs is the composition root's part for codecs: every registration
// in one place, in a fixed order, with errors returned rather than panicked.
func BuildCodecs(plugins ...Plugin) (*Registry[Codec], error) {
	codecs := New[Codec]("codec")
	err := errors.Join(codecs.Register("json", JSON{}), codecs.Register("csv", CSV{}))
	for _, install := range plugins {
		err = errors.Join(err, install(codecs))
	}
	if err != nil {
		return nil, err
	}
	return codecs, nil
}
