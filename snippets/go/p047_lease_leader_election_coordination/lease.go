// Package lease shows P047: replicas elect a leader through a lease with an
// expiry and a fencing token, taken and renewed by one conditional write.
package lease

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrNotLeader is returned by FencingToken when the replica does not lead.
var ErrNotLeader = errors.New("not the lease holder")

// ErrStaleToken is returned by Fence.Check for a token older than the newest seen.
var ErrStaleToken = errors.New("stale fencing token")

type row struct {
	holder  string
	expires time.Time
	token   int64
}

// Store is the lease table. Go's standard library has no SQL driver, so the
// rows live in memory, and TryAcquire holds a mutex for the span in which a
// database holds the row lock of this statement:
//
//	UPDATE leases SET token = CASE WHEN holder = $me AND expires_at > now()
//	                               THEN token ELSE token + 1 END,
//	                  holder = $me, expires_at = now() + $ttl
//	 WHERE name = $name AND (expires_at <= now() OR holder = $me)
//
// now is the database's clock, shared by every candidate.
type Store struct {
	mu   sync.Mutex
	rows map[string]*row
	now  func() time.Time
}

// NewStore returns an empty lease table that reads time from now.
func NewStore(now func() time.Time) *Store {
	return &Store{rows: map[string]*row{}, now: now}
}

// TryAcquire takes the lease if it has expired, or renews it if holder has
// it, and returns its fencing token. ok is false while another holds it.
func (s *Store) TryAcquire(name, holder string, ttl time.Duration) (token int64, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	r := s.rows[name]
	if r == nil {
		r = &row{}
		s.rows[name] = r
	}
	valid := now.Before(r.expires)
	if valid && r.holder != holder {
		return 0, false
	}
	if !valid {
		r.token++ // a new term, even for the previous holder
	}
	r.holder = holder
	r.expires = now.Add(ttl)
	return r.token, true
}

// Release ends holder's term now; it does nothing if holder does not hold it.
func (s *Store) Release(name, holder string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if r := s.rows[name]; r != nil && r.holder == holder && now.Before(r.expires) {
		r.expires = now
	}
}

// Term is one period of leadership as the replica sees it.
type Term struct {
	Token     int64
	LeadUntil time.Time // on the replica's own clock
}

// Elector is one replica's side of the election.
type Elector struct {
	store  *Store
	name   string
	me     string
	ttl    time.Duration
	margin time.Duration
	now    func() time.Time

	mu   sync.Mutex
	term *Term
}

// NewElector returns an elector for the lease name. Call Tick about every
// ttl/3. margin is taken off the replica's deadline to cover clock drift.
func NewElector(store *Store, name, me string, ttl, margin time.Duration, now func() time.Time) (*Elector, error) {
	if margin < 0 || margin >= ttl {
		return nil, fmt.Errorf("margin %v must be at least 0 and shorter than ttl %v", margin, ttl)
	}
	return &Elector{store: store, name: name, me: me, ttl: ttl, margin: margin, now: now}, nil
}

// Tick acquires or renews the lease. The deadline counts from before the
// request, so the replica stops leading before the lease expires in the store.
func (e *Elector) Tick() (Term, bool) {
	started := e.now()
	token, ok := e.store.TryAcquire(e.name, e.me, e.ttl)
	e.mu.Lock()
	defer e.mu.Unlock()
	if !ok {
		e.term = nil
		return Term{}, false
	}
	e.term = &Term{Token: token, LeadUntil: started.Add(e.ttl - e.margin)}
	return *e.term, true
}

// FencingToken returns the token to send with leader-only writes, or
// ErrNotLeader. Call it before every unit of leader-only work.
func (e *Elector) FencingToken() (int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.term == nil || !e.now().Before(e.term.LeadUntil) {
		return 0, fmt.Errorf("%s: %w", e.me, ErrNotLeader)
	}
	return e.term.Token, nil
}

// Resign gives the lease up, at shutdown.
func (e *Elector) Resign() {
	e.mu.Lock()
	e.term = nil
	e.mu.Unlock()
	e.store.Release(e.name, e.me)
}

// Run ticks on every value from ticks and runs work while this replica
// leads. It resigns and returns when ctx is done. Pass a time.Ticker's
// channel in production; tests send the ticks themselves.
func (e *Elector) Run(ctx context.Context, ticks <-chan time.Time, work func(ctx context.Context, token int64) error) error {
	defer e.Resign()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticks:
			if _, ok := e.Tick(); !ok {
				continue
			}
			token, err := e.FencingToken()
			if err != nil {
				continue
			}
			if err := work(ctx, token); err != nil {
				return fmt.Errorf("leader work: %w", err)
			}
		}
	}
}

// Fence guards a resource the leader writes to: it refuses tokens older than
// the newest it has accepted. In SQL it is a condition on the write:
// UPDATE ... SET fence = $token WHERE ... AND fence <= $token.
type Fence struct {
	mu     sync.Mutex
	newest int64
}

// Check accepts token if no newer one has been seen, and remembers it.
func (f *Fence) Check(token int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if token < f.newest {
		return fmt.Errorf("token %d, newest %d: %w", token, f.newest, ErrStaleToken)
	}
	f.newest = token
	return nil
}
