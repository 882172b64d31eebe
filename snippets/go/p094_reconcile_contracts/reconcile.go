// Package reconcile shows P094: Reconcile(ctx, key) reads the current state,
// converges it to the desired state and returns a Result or an error; it
// never depends on which events arrived.
//
// Real controllers import controller-runtime (reconcile.Result,
// client.Client) or client-go's workqueue. FakeAPI stands in for the API
// server and Controller for the manager's rate-limited work queue, so the
// package needs only the standard library.
package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Result mirrors controller-runtime's reconcile.Result. The zero value means
// converged: forget the key.
type Result struct {
	Requeue      bool          // again soon, with the same backoff as an error
	RequeueAfter time.Duration // look again after this delay; resets the backoff
}

// ErrNotFound is the API server's 404.
var ErrNotFound = errors.New("not found")

// ErrUnavailable is a transient API failure.
var ErrUnavailable = errors.New("API server unavailable")

// Site is the desired state: Replicas pods running Image.
type Site struct {
	Name       string
	Replicas   int
	Image      string
	Generation int
	Status     SiteStatus
}

// SiteStatus is what the controller reports back.
type SiteStatus struct {
	ObservedGeneration int
	ReadyReplicas      int
}

// Pod is the actual state: one pod owned by a Site.
type Pod struct {
	Name, Owner, Image string
	Ready              bool
}

// FakeAPI is an in-memory API server. It returns copies, counts writes and
// can be told to fail. Pods become ready `startup` after they (re)start.
type FakeAPI struct {
	mu      sync.Mutex
	now     func() time.Time
	startup time.Duration
	sites   map[string]Site
	pods    map[string]Pod
	started map[string]time.Time
	failing map[string]int
	Writes  int
}

// NewFakeAPI returns an empty fake API server using the given clock.
func NewFakeAPI(now func() time.Time, startup time.Duration) *FakeAPI {
	return &FakeAPI{now: now, startup: startup, sites: map[string]Site{},
		pods: map[string]Pod{}, started: map[string]time.Time{}, failing: map[string]int{}}
}

// FailNext makes the next n calls of op fail with ErrUnavailable.
func (a *FakeAPI) FailNext(op string, n int) { a.mu.Lock(); a.failing[op] = n; a.mu.Unlock() }

func (a *FakeAPI) enter(op string) error {
	if a.failing[op] > 0 {
		a.failing[op]--
		return fmt.Errorf("%s: %w", op, ErrUnavailable)
	}
	return nil
}

// ApplySite is what `kubectl apply` does: create the Site or change its spec.
func (a *FakeAPI) ApplySite(name string, replicas int, image string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	site, ok := a.sites[name]
	if ok && site.Replicas == replicas && site.Image == image {
		return
	}
	site.Name, site.Replicas, site.Image = name, replicas, image
	site.Generation++
	a.sites[name] = site
	a.Writes++
}

// DeleteSite removes a Site; its pods stay until a reconcile removes them.
func (a *FakeAPI) DeleteSite(name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.sites, name)
	a.Writes++
}

// GetSite returns a copy of the named Site, or ErrNotFound.
func (a *FakeAPI) GetSite(_ context.Context, name string) (Site, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("GetSite"); err != nil {
		return Site{}, err
	}
	site, ok := a.sites[name]
	if !ok {
		return Site{}, fmt.Errorf("site %q: %w", name, ErrNotFound)
	}
	return site, nil
}

// UpdateSiteStatus writes the status subresource.
func (a *FakeAPI) UpdateSiteStatus(_ context.Context, name string, status SiteStatus) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("UpdateSiteStatus"); err != nil {
		return err
	}
	site := a.sites[name]
	site.Status = status
	a.sites[name] = site
	a.Writes++
	return nil
}

// ListPods returns copies of the owner's pods, sorted by name.
func (a *FakeAPI) ListPods(_ context.Context, owner string) ([]Pod, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("ListPods"); err != nil {
		return nil, err
	}
	var out []Pod
	for _, pod := range a.pods {
		if pod.Owner == owner {
			pod.Ready = !a.now().Before(a.started[pod.Name].Add(a.startup))
			out = append(out, pod)
		}
	}
	slices.SortFunc(out, func(x, y Pod) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

// CreatePod stores a new pod, which starts now.
func (a *FakeAPI) CreatePod(_ context.Context, pod Pod) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("CreatePod"); err != nil {
		return err
	}
	if _, ok := a.pods[pod.Name]; ok {
		return fmt.Errorf("pod %q already exists", pod.Name)
	}
	pod.Ready = false
	a.pods[pod.Name], a.started[pod.Name] = pod, a.now()
	a.Writes++
	return nil
}

// SetPodImage changes a pod's image, which restarts it.
func (a *FakeAPI) SetPodImage(_ context.Context, name, image string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("SetPodImage"); err != nil {
		return err
	}
	pod := a.pods[name]
	pod.Image = image
	a.pods[name], a.started[name] = pod, a.now()
	a.Writes++
	return nil
}

// DeletePod removes a pod.
func (a *FakeAPI) DeletePod(_ context.Context, name string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.enter("DeletePod"); err != nil {
		return err
	}
	delete(a.pods, name)
	delete(a.started, name)
	a.Writes++
	return nil
}

// FakeClock is a clock that moves only when told to.
type FakeClock struct{ Elapsed time.Duration }

// Now returns the Unix epoch plus the elapsed time.
func (c *FakeClock) Now() time.Time { return time.Unix(0, 0).Add(c.Elapsed) }

// SiteReconciler makes a Site's pods match its spec.
type SiteReconciler struct {
	API  *FakeAPI
	Poll time.Duration
}

// Reconcile is level-based and idempotent: it looks only at the key and at
// what the API returns now, so running it twice changes nothing the second time.
func (r *SiteReconciler) Reconcile(ctx context.Context, name string) (Result, error) {
	site, err := r.API.GetSite(ctx, name)
	if errors.Is(err, ErrNotFound) {
		// Gone: delete what it owned (a cluster's garbage collector does this
		// through ownerReferences; the fake has none).
		return Result{}, r.deleteAll(ctx, name)
	}
	if err != nil {
		return Result{}, err
	}
	pods, err := r.API.ListPods(ctx, name)
	if err != nil {
		return Result{}, err
	}
	existing := map[string]Pod{}
	for _, pod := range pods {
		existing[pod.Name] = pod
	}
	for i := range site.Replicas {
		podName := fmt.Sprintf("%s-%d", name, i)
		pod, ok := existing[podName]
		delete(existing, podName)
		switch {
		case !ok:
			err = r.API.CreatePod(ctx, Pod{Name: podName, Owner: name, Image: site.Image})
		case pod.Image != site.Image:
			err = r.API.SetPodImage(ctx, podName, site.Image)
		}
		if err != nil {
			return Result{}, err
		}
	}
	for _, pod := range pods {
		if _, extra := existing[pod.Name]; extra {
			if err := r.API.DeletePod(ctx, pod.Name); err != nil {
				return Result{}, err
			}
		}
	}
	if pods, err = r.API.ListPods(ctx, name); err != nil {
		return Result{}, err
	}
	ready := 0
	for _, pod := range pods {
		if pod.Ready {
			ready++
		}
	}
	status := SiteStatus{ObservedGeneration: site.Generation, ReadyReplicas: ready}
	if status != site.Status { // an unchanged status is not written again
		if err := r.API.UpdateSiteStatus(ctx, name, status); err != nil {
			return Result{}, err
		}
	}
	if ready < site.Replicas {
		return Result{RequeueAfter: r.Poll}, nil
	}
	return Result{}, nil
}

func (r *SiteReconciler) deleteAll(ctx context.Context, owner string) error {
	pods, err := r.API.ListPods(ctx, owner)
	for _, pod := range pods {
		err = errors.Join(err, r.API.DeletePod(ctx, pod.Name))
	}
	return err
}

// ReconcileFunc is the contract controller-runtime calls.
type ReconcileFunc func(ctx context.Context, key string) (Result, error)

// Controller is a single-worker work queue of keys in front of a ReconcileFunc.
// A key is queued at most once. Errors and Requeue retry after Base, doubling
// per failure up to Max; RequeueAfter and success reset the backoff. It moves a
// fake clock instead of sleeping, so tests and examples are exact.
type Controller struct {
	Reconcile ReconcileFunc
	Clock     *FakeClock
	Base, Max time.Duration
	Log       []string

	ready    []string
	due      map[string]time.Duration
	failures map[string]int
}

// Enqueue asks for one reconcile of key; called for every event naming it.
func (c *Controller) Enqueue(key string) {
	if !slices.Contains(c.ready, key) {
		c.ready = append(c.ready, key)
	}
	delete(c.due, key)
}

func (c *Controller) after(key string, d time.Duration) {
	if c.due == nil {
		c.due = map[string]time.Duration{}
	}
	if !slices.Contains(c.ready, key) {
		c.due[key] = c.Clock.Elapsed + d
	}
}

func (c *Controller) backoff(key string) time.Duration {
	if c.failures == nil {
		c.failures = map[string]int{}
	}
	d := c.Base << c.failures[key]
	c.failures[key]++
	return min(d, c.Max)
}

func (c *Controller) process(ctx context.Context, key string) string {
	result, err := c.Reconcile(ctx, key)
	switch {
	case err != nil:
		d := c.backoff(key)
		c.after(key, d)
		return fmt.Sprintf("error (%v), retry in %v", err, d)
	case result.RequeueAfter > 0:
		delete(c.failures, key)
		c.after(key, result.RequeueAfter)
		return fmt.Sprintf("requeue after %v", result.RequeueAfter)
	case result.Requeue:
		d := c.backoff(key)
		c.after(key, d)
		return fmt.Sprintf("requeue in %v", d)
	}
	delete(c.failures, key)
	return "converged"
}

// RunUntilIdle processes keys until none is queued or waiting, moving the
// clock to the next due key when nothing is ready.
func (c *Controller) RunUntilIdle(ctx context.Context, maxSteps int) error {
	for range maxSteps {
		if len(c.ready) == 0 {
			if len(c.due) == 0 {
				return nil
			}
			keys := make([]string, 0, len(c.due))
			for key := range c.due {
				keys = append(keys, key)
			}
			slices.SortFunc(keys, func(x, y string) int { return cmp.Or(cmp.Compare(c.due[x], c.due[y]), strings.Compare(x, y)) })
			c.Clock.Elapsed = c.due[keys[0]]
			for _, key := range keys {
				if c.due[key] <= c.Clock.Elapsed {
					c.Enqueue(key)
				}
			}
		}
		key := c.ready[0]
		c.ready = c.ready[1:]
		at := c.Clock.Elapsed
		c.Log = append(c.Log, fmt.Sprintf("t=%-4v %s: %s", at, key, c.process(ctx, key)))
	}
	return fmt.Errorf("still busy after %d reconciles", maxSteps)
}
