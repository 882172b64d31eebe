// Package pipeline shows P011: a builder that collects settings in steps,
// records what is wrong along the way, and checks the whole in Build.
package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrInvalidPipeline wraps every error Build returns.
var ErrInvalidPipeline = errors.New("invalid pipeline")

type stage struct {
	name string
	step func(string) string
}

// Pipeline is the product. Its fields are unexported and only Build fills
// them, so every Pipeline has passed Build's checks and none can change.
type Pipeline struct {
	stages         []stage
	retries        int
	attemptTimeout time.Duration
	deadline       time.Duration
}

// Apply runs record through every stage, in the order they were added.
func (p *Pipeline) Apply(record string) string {
	for _, s := range p.stages {
		record = s.step(record)
	}
	return record
}

// Retries is the number of extra attempts after a failed one.
func (p *Pipeline) Retries() int { return p.retries }

func (p *Pipeline) String() string {
	names := make([]string, len(p.stages))
	for i, s := range p.stages {
		names[i] = s.name
	}
	return fmt.Sprintf("%s | retries=%d attempt=%v deadline=%v",
		strings.Join(names, " -> "), p.retries, p.attemptTimeout, p.deadline)
}

// Builder collects a pipeline's settings. Its methods return the builder so
// that calls chain, which leaves them no way to return an error: a bad value
// is recorded instead, and Build reports it. A Builder is owned by one
// goroutine at a time.
type Builder struct {
	stages         []stage
	retries        int
	attemptTimeout time.Duration
	deadline       time.Duration
	errs           []error
}

// NewBuilder starts from the defaults: 2 retries, 5s per attempt, 30s in all.
func NewBuilder() *Builder {
	return &Builder{retries: 2, attemptTimeout: 5 * time.Second, deadline: 30 * time.Second}
}

func (b *Builder) fail(format string, args ...any) *Builder {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
	return b
}

// AddStage appends a stage. Names must be unique and steps non-nil.
func (b *Builder) AddStage(name string, step func(string) string) *Builder {
	switch {
	case name == "":
		return b.fail("stage name must not be empty")
	case step == nil:
		return b.fail("stage %q has no step", name)
	case slices.ContainsFunc(b.stages, func(s stage) bool { return s.name == name }):
		return b.fail("stage %q is already in the pipeline", name)
	}
	b.stages = append(b.stages, stage{name, step})
	return b
}

// WithRetries sets the extra attempts after a failed one; 0 means try once.
func (b *Builder) WithRetries(n int) *Builder {
	if n < 0 {
		return b.fail("retries must be 0 or more, got %d", n)
	}
	b.retries = n
	return b
}

// WithAttemptTimeout limits one attempt.
func (b *Builder) WithAttemptTimeout(d time.Duration) *Builder {
	if d <= 0 {
		return b.fail("attempt timeout must be positive, got %v", d)
	}
	b.attemptTimeout = d
	return b
}

// WithDeadline limits one record across all of its attempts.
func (b *Builder) WithDeadline(d time.Duration) *Builder {
	if d <= 0 {
		return b.fail("deadline must be positive, got %v", d)
	}
	b.deadline = d
	return b
}

// Clone returns an independent builder with the same settings and errors,
// so two variants can grow from one base without changing it.
func (b *Builder) Clone() *Builder {
	twin := *b
	twin.stages = slices.Clone(b.stages)
	twin.errs = slices.Clone(b.errs)
	return &twin
}

// Build checks the settings as a whole and returns a Pipeline that shares
// nothing mutable with the builder, or an error listing every problem:
// first the values rejected along the way, then the whole-config rules.
func (b *Builder) Build() (*Pipeline, error) {
	errs := slices.Clone(b.errs)
	if len(b.stages) == 0 {
		errs = append(errs, errors.New("a pipeline needs at least one stage"))
	}
	attempts := b.retries + 1
	if worst := time.Duration(attempts) * b.attemptTimeout; worst > b.deadline {
		errs = append(errs, fmt.Errorf("%d attempts of %v take up to %v, more than the %v deadline",
			attempts, b.attemptTimeout, worst, b.deadline))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPipeline, errors.Join(errs...))
	}
	return &Pipeline{
		stages:         slices.Clone(b.stages),
		retries:        b.retries,
		attemptTimeout: b.attemptTimeout,
		deadline:       b.deadline,
	}, nil
}
