// Package softdelete shows P054: deleting marks a row instead of removing it,
// normal reads skip marked rows, uniqueness holds among live rows only, and
// sync consumers learn of every deletion through a tombstone.
//
// Go's standard library ships no SQL driver, so this store keeps the same
// contract in memory. With database/sql, each method is one of the SQL
// statements of the Python module on the same page.
package softdelete

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"time"
)

var (
	// ErrNotFound: no live user has the ID (or, for Restore, no deleted one).
	ErrNotFound = errors.New("user not found")
	// ErrEmailTaken: a live user already has the email.
	ErrEmailTaken = errors.New("email already in use")
)

// User is a row. DeletedAt is the zero time while the user is live.
type User struct {
	ID        int64
	Email     string
	Name      string
	DeletedAt time.Time
}

// Change is one entry of the feed that sync consumers read. A tombstone
// tells them to drop the ID; its User holds only ID and DeletedAt.
type Change struct {
	Rev       int64
	Tombstone bool
	User      User
}

type row struct {
	user User
	rev  int64 // revision of the row's last change
}

// Store holds users. The zero value is not usable: call NewStore.
type Store struct {
	mu         sync.Mutex
	now        func() time.Time
	rows       []*row           // sorted by ID: IDs only grow and are never reused
	liveEmails map[string]int64 // the "partial unique index": live rows only
	tombstones []Change         // what is left of purged rows
	lastID     int64
	rev        int64
}

// NewStore returns an empty store; now is injected so tests control time.
func NewStore(now func() time.Time) *Store {
	return &Store{now: now, liveEmails: map[string]int64{}}
}

func (s *Store) find(id int64) *row {
	i, ok := slices.BinarySearchFunc(s.rows, id, func(r *row, id int64) int {
		return cmp.Compare(r.user.ID, id)
	})
	if !ok {
		return nil
	}
	return s.rows[i]
}

func (s *Store) nextRev() int64 {
	s.rev++
	return s.rev
}

// Create adds a live user, or returns ErrEmailTaken.
func (s *Store) Create(email, name string) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.liveEmails[email]; taken {
		return User{}, ErrEmailTaken
	}
	s.lastID++
	u := User{ID: s.lastID, Email: email, Name: name}
	s.rows = append(s.rows, &row{user: u, rev: s.nextRev()})
	s.liveEmails[email] = u.ID
	return u, nil
}

// Get returns a live user; a deleted one is ErrNotFound, like a missing one.
func (s *Store) Get(id int64) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.find(id); r != nil && r.user.DeletedAt.IsZero() {
		return r.user, nil
	}
	return User{}, ErrNotFound
}

// GetIncludingDeleted is for audit and undo screens; its name says what it does.
func (s *Store) GetIncludingDeleted(id int64) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.find(id); r != nil {
		return r.user, nil
	}
	return User{}, ErrNotFound
}

// List returns the live users by ID.
func (s *Store) List() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	var live []User
	for _, r := range s.rows {
		if r.user.DeletedAt.IsZero() {
			live = append(live, r.user)
		}
	}
	return live
}

// Delete marks a live user deleted and reports whether it did. Deleting again
// changes nothing, so the first deletion time is kept.
func (s *Store) Delete(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.find(id)
	if r == nil || !r.user.DeletedAt.IsZero() {
		return false
	}
	r.user.DeletedAt = s.now().UTC()
	r.rev = s.nextRev()
	delete(s.liveEmails, r.user.Email)
	return true
}

// Restore undoes a deletion. It returns ErrNotFound if the user is not
// deleted (or was purged) and ErrEmailTaken if a live user took the email.
func (s *Store) Restore(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.find(id)
	if r == nil || r.user.DeletedAt.IsZero() {
		return ErrNotFound
	}
	if _, taken := s.liveEmails[r.user.Email]; taken {
		return ErrEmailTaken
	}
	r.user.DeletedAt = time.Time{}
	r.rev = s.nextRev()
	s.liveEmails[r.user.Email] = id
	return nil
}

// Purge removes users deleted before the cutoff for good and keeps a
// tombstone for each, with the revision of its deletion.
func (s *Store) Purge(deletedBefore time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := len(s.rows)
	s.rows = slices.DeleteFunc(s.rows, func(r *row) bool {
		if r.user.DeletedAt.IsZero() || !r.user.DeletedAt.Before(deletedBefore) {
			return false
		}
		s.tombstones = append(s.tombstones, Change{
			Rev:       r.rev,
			Tombstone: true,
			User:      User{ID: r.user.ID, DeletedAt: r.user.DeletedAt},
		})
		return true
	})
	return before - len(s.rows)
}

// ChangesSince returns every change after revision rev, oldest first. A
// deleted row, purged or not, comes back as a tombstone.
func (s *Store) ChangesSince(rev int64) []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	var changes []Change
	for _, r := range s.rows {
		if r.rev <= rev {
			continue
		}
		if r.user.DeletedAt.IsZero() {
			changes = append(changes, Change{Rev: r.rev, User: r.user})
		} else {
			changes = append(changes, Change{Rev: r.rev, Tombstone: true,
				User: User{ID: r.user.ID, DeletedAt: r.user.DeletedAt}})
		}
	}
	for _, t := range s.tombstones {
		if t.Rev > rev {
			changes = append(changes, t)
		}
	}
	slices.SortFunc(changes, func(a, b Change) int { return cmp.Compare(a.Rev, b.Rev) })
	return changes
}
