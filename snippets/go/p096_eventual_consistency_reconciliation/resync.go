// Package resync keeps a remote gateway's routes equal to a store's routes.
//
// Change events make the Reconciler act at once, but nothing depends on them:
// every resync interval it queues every name on both sides and repairs what
// differs. Each route's status records which generation of its spec it
// describes, and failing names wait longer after each failure.
package resync

import (
	"sort"
	"time"
)

// Condition is one status condition, shaped like a Kubernetes condition.
type Condition struct {
	Type               string
	Status             bool
	Reason             string
	Message            string
	LastTransitionTime time.Time // when Status last flipped
}

// Route is a desired route plus the status the reconciler writes back.
type Route struct {
	Name               string
	Backend            string
	Generation         int64 // bumped on every change of Backend
	ObservedGeneration int64 // the generation that Synced describes
	Synced             *Condition
}

// Store is the source of truth. It counts status writes, so tests can
// prove that a converged system writes nothing.
type Store struct {
	routes       map[string]*Route
	StatusWrites int
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{routes: map[string]*Route{}} }

// Put creates a route or changes its backend, bumping the generation.
func (s *Store) Put(name, backend string) *Route {
	r, ok := s.routes[name]
	if !ok {
		r = &Route{Name: name, Backend: backend, Generation: 1}
		s.routes[name] = r
	} else if r.Backend != backend {
		r.Backend = backend
		r.Generation++
	}
	return r
}

// Delete removes a route.
func (s *Store) Delete(name string) { delete(s.routes, name) }

// Get returns a route, or nil.
func (s *Store) Get(name string) *Route { return s.routes[name] }

// Names returns the route names, sorted.
func (s *Store) Names() []string {
	names := make([]string, 0, len(s.routes))
	for n := range s.routes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (s *Store) setStatus(name string, gen int64, c Condition) {
	r := s.routes[name]
	if old := r.Synced; old != nil && old.Status == c.Status {
		if old.Reason == c.Reason && old.Message == c.Message && r.ObservedGeneration == gen {
			return // nothing new: no write
		}
		c.LastTransitionTime = old.LastTransitionTime
	}
	r.ObservedGeneration = gen
	r.Synced = &c
	s.StatusWrites++
}

// Gateway is the other system: what it holds is the observed state.
type Gateway interface {
	Snapshot() map[string]string
	Upsert(name, backend string) error
	Delete(name string) error
}

// Reconciler moves a Gateway toward a Store. It is not safe for concurrent
// use: one goroutine calls Notify and Tick, for example from a select loop
// over an event channel and a time.Ticker.
type Reconciler struct {
	store      *Store
	gw         Gateway
	now        func() time.Time
	resync     time.Duration
	base, max  time.Duration
	due        map[string]time.Time
	failures   map[string]int
	nextResync time.Time
}

// New returns a Reconciler whose first Tick is a full pass.
func New(store *Store, gw Gateway, now func() time.Time, resync, base, max time.Duration) *Reconciler {
	return &Reconciler{
		store: store, gw: gw, now: now, resync: resync, base: base, max: max,
		due: map[string]time.Time{}, failures: map[string]int{}, nextResync: now(),
	}
}

// Notify is the fast path for a change event; it never shortens a backoff.
func (r *Reconciler) Notify(name string) {
	now := r.now()
	if at, ok := r.due[name]; !ok || at.Before(now) {
		r.due[name] = now
	}
}

// Tick reconciles every name that is due and returns how many it looked at.
func (r *Reconciler) Tick() int {
	now := r.now()
	if !now.Before(r.nextResync) {
		for _, name := range r.store.Names() {
			r.enqueue(name, now)
		}
		for name := range r.gw.Snapshot() {
			r.enqueue(name, now)
		}
		r.nextResync = now.Add(r.resync)
	}
	var ready []string
	for name, at := range r.due {
		if !at.After(now) {
			ready = append(ready, name)
		}
	}
	sort.Strings(ready) // map order is random; the order of writes must not be
	observed := r.gw.Snapshot()
	for _, name := range ready {
		delete(r.due, name)
		actual, present := observed[name]
		r.reconcile(name, actual, present, now)
	}
	return len(ready)
}

func (r *Reconciler) enqueue(name string, now time.Time) {
	if _, ok := r.due[name]; !ok {
		r.due[name] = now
	}
}

func (r *Reconciler) reconcile(name, actual string, present bool, now time.Time) {
	route := r.store.Get(name)
	var err error
	switch {
	case route == nil && present:
		err = r.gw.Delete(name) // an orphan
	case route != nil && (!present || actual != route.Backend):
		err = r.gw.Upsert(name, route.Backend)
	}
	if err != nil {
		r.failures[name]++
		delay := r.base << (r.failures[name] - 1)
		if delay > r.max || delay <= 0 {
			delay = r.max
		}
		r.due[name] = now.Add(delay)
		if route != nil {
			r.store.setStatus(name, route.ObservedGeneration,
				Condition{"Synced", false, "ApplyFailed", err.Error(), now})
		}
		return
	}
	delete(r.failures, name)
	if route != nil {
		r.store.setStatus(name, route.Generation,
			Condition{"Synced", true, "Applied", "backend " + route.Backend, now})
	}
}
