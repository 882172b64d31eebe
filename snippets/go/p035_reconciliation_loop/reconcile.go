// Package reconcile shows P035: a controller that observes the cluster,
// compares it with the desired state, and takes one step toward it per
// pass. A pass never depends on which event woke it, so running it again is
// always safe.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Spec is what should run for one app: Replicas instances of Version.
type Spec struct {
	Replicas int
	Version  string
}

// Instance is one running instance, as the cluster reports it.
type Instance struct {
	Name, App, Version string
}

// Step is one change: start an instance of App at Version, or stop Name.
type Step struct {
	Start        bool
	App, Version string
	Name, Reason string
}

func (s Step) String() string {
	if s.Start {
		return fmt.Sprintf("start %s %s (%s)", s.App, s.Version, s.Reason)
	}
	return fmt.Sprintf("stop %s (%s)", s.Name, s.Reason)
}

// Cluster is what the controller needs from the world it manages.
type Cluster interface {
	List(ctx context.Context) ([]Instance, error)
	Start(ctx context.Context, app, version string) error
	Stop(ctx context.Context, name string) error
}

// Plan returns the next step from observed toward desired, and false when
// they already match. Instances of unwanted apps are stopped first; then,
// app by app in name order, a missing instance is started (at most one over
// the count, so a version change is a rolling update), an old version is
// stopped, or a surplus instance is stopped.
func Plan(desired map[string]Spec, observed []Instance) (Step, bool) {
	sorted := append([]Instance(nil), observed...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	for _, in := range sorted {
		if _, ok := desired[in.App]; !ok {
			return Step{App: in.App, Name: in.Name, Reason: "app not wanted"}, true
		}
	}
	apps := make([]string, 0, len(desired))
	for app := range desired {
		apps = append(apps, app)
	}
	sort.Strings(apps) // map order is random; steps must not be
	for _, app := range apps {
		spec := desired[app]
		var current, stale []Instance
		for _, in := range sorted {
			switch {
			case in.App != app:
			case in.Version == spec.Version:
				current = append(current, in)
			default:
				stale = append(stale, in)
			}
		}
		if len(current) < spec.Replicas && len(current)+len(stale) <= spec.Replicas {
			reason := fmt.Sprintf("%d of %d at %s", len(current), spec.Replicas, spec.Version)
			return Step{Start: true, App: app, Version: spec.Version, Reason: reason}, true
		}
		if len(stale) > 0 {
			return Step{App: app, Name: stale[0].Name, Reason: "old version " + stale[0].Version}, true
		}
		if len(current) > spec.Replicas {
			reason := fmt.Sprintf("%d running, %d wanted", len(current), spec.Replicas)
			return Step{App: app, Name: current[len(current)-1].Name, Reason: reason}, true
		}
	}
	return Step{}, false
}

// Controller drives a Cluster toward the desired state.
type Controller struct {
	cluster Cluster
	wake    chan struct{} // capacity 1: any number of Triggers before a pass cost one pass

	mu      sync.Mutex
	desired map[string]Spec
}

// New returns a controller for cluster with nothing desired yet.
func New(cluster Cluster) *Controller {
	return &Controller{cluster: cluster, wake: make(chan struct{}, 1), desired: map[string]Spec{}}
}

// SetDesired replaces the whole desired state and wakes the loop.
func (c *Controller) SetDesired(desired map[string]Spec) {
	copied := make(map[string]Spec, len(desired))
	for app, spec := range desired {
		copied[app] = spec
	}
	c.mu.Lock()
	c.desired = copied
	c.mu.Unlock()
	c.Trigger()
}

// Trigger asks for a pass. It never blocks: if a pass is already pending,
// this one is folded into it. Watch events and a resync ticker call it.
func (c *Controller) Trigger() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Reconcile observes, plans and applies one step. It returns the step and
// true, or false when the cluster already matches the desired state.
func (c *Controller) Reconcile(ctx context.Context) (Step, bool, error) {
	observed, err := c.cluster.List(ctx)
	if err != nil {
		return Step{}, false, fmt.Errorf("list instances: %w", err)
	}
	c.mu.Lock()
	step, ok := Plan(c.desired, observed)
	c.mu.Unlock()
	if !ok {
		return Step{}, false, nil
	}
	if step.Start {
		err = c.cluster.Start(ctx, step.App, step.Version)
	} else {
		err = c.cluster.Stop(ctx, step.Name)
	}
	if err != nil {
		return step, false, fmt.Errorf("%s: %w", step, err)
	}
	return step, true, nil
}

// ErrNotConverging means a pass took maxSteps steps and still had work:
// something else keeps undoing what the controller does.
var ErrNotConverging = errors.New("not converging")

// Run makes a pass for every wake-up until ctx is done. A pass reconciles
// until nothing is left to do; report sees each step taken, and the error
// that ended a pass early. A failed pass is retried on the next wake-up.
func (c *Controller) Run(ctx context.Context, maxSteps int, report func(Step, error)) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.wake:
		}
		if err := c.pass(ctx, maxSteps, report); err != nil {
			report(Step{}, err)
		}
	}
}

func (c *Controller) pass(ctx context.Context, maxSteps int, report func(Step, error)) error {
	for range maxSteps {
		step, changed, err := c.Reconcile(ctx)
		if err != nil || !changed {
			return err
		}
		report(step, nil)
	}
	return fmt.Errorf("%w after %d steps", ErrNotConverging, maxSteps)
}
