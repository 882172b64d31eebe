// Package plugins shows P039: plugins compiled into the program, registered
// by name with explicit calls, checked against the plugin API version when
// they register, and built by name from their settings.
package plugins

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// APIVersion is the plugin API this program provides. Raise it whenever
// Notifier changes incompatibly.
const APIVersion = 2

// Notifier is what every notification plugin provides.
type Notifier interface {
	Send(message string) (receipt string, err error)
}

// Plugin describes a plugin before it is built. A plugin package exports a
// function returning one, for example `func Plugin() plugins.Plugin`, and has
// no init function.
type Plugin struct {
	Name       string
	APIVersion int
	New        func(settings map[string]string) (Notifier, error)
}

var (
	ErrDuplicate    = errors.New("plugin already registered")
	ErrIncompatible = errors.New("incompatible plugin API version")
	ErrUnknown      = errors.New("unknown plugin")
	ErrSettings     = errors.New("invalid plugin settings")
)

// Registry holds plugins by name. It is filled in main before any goroutine
// reads it, and only read afterwards, so it needs no mutex.
type Registry struct {
	plugins map[string]Plugin
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{plugins: map[string]Plugin{}}
}

// Register adds p, or returns an error if its API version is not APIVersion
// or its name is taken. A refused plugin leaves the registry unchanged.
func (r *Registry) Register(p Plugin) error {
	if p.APIVersion != APIVersion {
		return fmt.Errorf("plugin %q needs plugin API v%d, this program has v%d: %w",
			p.Name, p.APIVersion, APIVersion, ErrIncompatible)
	}
	if _, taken := r.plugins[p.Name]; taken {
		return fmt.Errorf("plugin %q: %w", p.Name, ErrDuplicate)
	}
	r.plugins[p.Name] = p
	return nil
}

// RegisterAll registers every plugin it can and joins the errors of the
// others, so one startup log shows every plugin that was refused.
func (r *Registry) RegisterAll(plugins ...Plugin) error {
	var errs []error
	for _, p := range plugins {
		errs = append(errs, r.Register(p))
	}
	return errors.Join(errs...)
}

// New builds the plugin called name from its settings.
func (r *Registry) New(name string, settings map[string]string) (Notifier, error) {
	p, ok := r.plugins[name]
	if !ok {
		known := strings.Join(r.Names(), ", ")
		if known == "" {
			known = "none"
		}
		return nil, fmt.Errorf("%w %q; known: %s", ErrUnknown, name, known)
	}
	n, err := p.New(settings)
	if err != nil {
		return nil, fmt.Errorf("plugin %q: %w: %w", name, ErrSettings, err)
	}
	return n, nil
}

// Names returns the registered names, sorted: map order changes between runs.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.plugins))
	for name := range r.plugins {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
