package pipeline_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	pipeline "example.com/patterns/p011_builder_style_configuration_apis"
)

func Example() {
	p, err := pipeline.NewBuilder().
		AddStage("strip", strings.TrimSpace).
		AddStage("lower", strings.ToLower).
		WithRetries(3).
		WithAttemptTimeout(2 * time.Second).
		Build()
	fmt.Println(p, err)
	fmt.Printf("%q\n", p.Apply("  Alice "))

	// Steps from several code paths; Build reports everything that is wrong.
	b := pipeline.NewBuilder()
	b.WithRetries(9)
	_, err = b.Build()
	fmt.Println(errors.Is(err, pipeline.ErrInvalidPipeline))
	fmt.Println(err)

	// The missing pieces, in any order, make the same builder valid.
	p, err = b.WithDeadline(time.Minute).AddStage("strip", strings.TrimSpace).Build()
	fmt.Println(p, err)

	// A rejected value is recorded, and a later call does not erase it.
	_, err = pipeline.NewBuilder().AddStage("strip", strings.TrimSpace).
		WithRetries(-1).
		WithRetries(1).
		Build()
	fmt.Println(err)
	// Output:
	// strip -> lower | retries=3 attempt=2s deadline=30s <nil>
	// "alice"
	// true
	// invalid pipeline: a pipeline needs at least one stage
	// 10 attempts of 5s take up to 50s, more than the 30s deadline
	// strip | retries=9 attempt=5s deadline=1m0s <nil>
	// invalid pipeline: retries must be 0 or more, got -1
}

func mustBuild(t *testing.T, b *pipeline.Builder) *pipeline.Pipeline {
	t.Helper()
	p, err := b.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

func TestARejectedValueIsNeitherAppliedNorForgotten(t *testing.T) {
	b := pipeline.NewBuilder().AddStage("s", strings.TrimSpace).WithRetries(1).WithRetries(-5)
	if _, err := b.Build(); err == nil || !strings.Contains(err.Error(), "got -5") {
		t.Fatalf("Build error = %v, want the rejected retries", err)
	}
	// A clone carries the recorded error with it.
	twin := b.Clone()
	if _, err := twin.Build(); err == nil {
		t.Fatal("a clone forgot the recorded error")
	}
}

func TestAcceptedRetriesReachThePipeline(t *testing.T) {
	p := mustBuild(t, pipeline.NewBuilder().AddStage("s", strings.TrimSpace).WithRetries(4))
	if p.Retries() != 4 {
		t.Fatalf("retries = %d, want 4", p.Retries())
	}
}

func TestBadStagesAreRecorded(t *testing.T) {
	_, err := pipeline.NewBuilder().
		AddStage("", strings.TrimSpace).
		AddStage("x", nil).
		AddStage("s", strings.TrimSpace).
		AddStage("s", strings.ToLower).
		WithAttemptTimeout(0).
		WithDeadline(-time.Second).
		Build()
	for _, want := range []string{
		"stage name must not be empty",
		`stage "x" has no step`,
		`stage "s" is already in the pipeline`,
		"attempt timeout must be positive, got 0s",
		"deadline must be positive, got -1s",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build error = %v, want it to mention %q", err, want)
		}
	}
}

func TestOrderOfCallsDoesNotDecideValidity(t *testing.T) {
	a := mustBuild(t, pipeline.NewBuilder().WithDeadline(time.Minute).WithRetries(9).AddStage("s", strings.TrimSpace))
	b := mustBuild(t, pipeline.NewBuilder().AddStage("s", strings.TrimSpace).WithRetries(9).WithDeadline(time.Minute))
	if a.String() != b.String() {
		t.Fatalf("%v != %v", a, b)
	}
}

func TestBudgetThatFitsExactlyIsAccepted(t *testing.T) {
	// 6 attempts of 5s is exactly the 30s default deadline.
	p := mustBuild(t, pipeline.NewBuilder().AddStage("s", strings.TrimSpace).WithRetries(5))
	if p.Retries() != 5 {
		t.Fatalf("retries = %d", p.Retries())
	}
}

func TestProductSharesNothingWithTheBuilder(t *testing.T) {
	b := pipeline.NewBuilder().AddStage("strip", strings.TrimSpace)
	first := mustBuild(t, b)
	b.AddStage("lower", strings.ToLower).WithRetries(0)
	if got := first.Apply(" MiXed "); got != "MiXed" {
		t.Fatalf("first pipeline changed after Build: Apply = %q", got)
	}
	if first.Retries() != 2 {
		t.Fatalf("retries = %d, want 2", first.Retries())
	}
}

func TestCloneBranchesWithoutTouchingTheBase(t *testing.T) {
	// Spare capacity in the base's slice is what an uncloned append would overwrite.
	base := pipeline.NewBuilder().AddStage("a", strings.TrimSpace).AddStage("b", strings.TrimSpace).AddStage("c", strings.TrimSpace)
	upper := base.Clone().AddStage("upper", strings.ToUpper)
	lower := base.Clone().AddStage("lower", strings.ToLower)
	if got := mustBuild(t, upper).Apply("x"); got != "X" {
		t.Fatalf("upper variant = %q", got)
	}
	if got := mustBuild(t, lower).Apply("X"); got != "x" {
		t.Fatalf("lower variant = %q", got)
	}
	if got := mustBuild(t, base).String(); !strings.HasPrefix(got, "a -> b -> c |") {
		t.Fatalf("base changed: %s", got)
	}
}
