// Package users shows P007: each consumer takes an interface with only the
// methods it calls, and one store can play several of those roles.
package users

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotFound is returned for an ID that no user has.
var ErrNotFound = errors.New("user not found")

// User is one account.
type User struct {
	ID     string
	Name   string
	Active bool
}

// Getter finds one user by ID, or returns an error wrapping ErrNotFound.
type Getter interface {
	Get(id string) (User, error)
}

// Lister returns every user, ordered by ID.
type Lister interface {
	List() []User
}

// Saver creates or replaces a user.
type Saver interface {
	Save(u User) error
}

// Deleter removes a user.
type Deleter interface {
	Delete(id string) error
}

// GetSaver is composed by embedding, for the one consumer that reads a user
// and writes it back. It is not a general "repository" interface.
type GetSaver interface {
	Getter
	Saver
}

// ActiveReport summarises the active users. It can only read a list.
func ActiveReport(users Lister) string {
	var names []string
	for _, u := range users.List() {
		if u.Active {
			names = append(names, u.Name)
		}
	}
	return fmt.Sprintf("%d active: %s", len(names), strings.Join(names, ", "))
}

// Deactivate marks one user inactive and returns the saved user.
func Deactivate(users GetSaver, id string) (User, error) {
	u, err := users.Get(id)
	if err != nil {
		return User{}, fmt.Errorf("deactivate: %w", err)
	}
	u.Active = false
	if err := users.Save(u); err != nil {
		return User{}, fmt.Errorf("deactivate %s: %w", id, err)
	}
	return u, nil
}

// Forget erases a user on request; it is the only consumer that deletes.
func Forget(users Deleter, id string) error {
	if err := users.Delete(id); err != nil {
		return fmt.Errorf("forget: %w", err)
	}
	return nil
}

// MemoryStore is the primary store: it plays every role.
type MemoryStore struct {
	users map[string]User
}

// Replica is a read-only copy: it has no write methods, so the compiler
// refuses it wherever a Saver or a Deleter is needed.
type Replica struct {
	primary *MemoryStore
}

// One assertion per role each type plays (P006).
var (
	_ Lister   = (*MemoryStore)(nil)
	_ GetSaver = (*MemoryStore)(nil)
	_ Deleter  = (*MemoryStore)(nil)
	_ Getter   = (*Replica)(nil)
	_ Lister   = (*Replica)(nil)
)

// NewMemoryStore returns a store holding users.
func NewMemoryStore(users ...User) *MemoryStore {
	m := &MemoryStore{users: make(map[string]User, len(users))}
	for _, u := range users {
		m.users[u.ID] = u
	}
	return m
}

// Get returns the user with the given ID.
func (m *MemoryStore) Get(id string) (User, error) {
	u, ok := m.users[id]
	if !ok {
		return User{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return u, nil
}

// List returns every user, ordered by ID.
func (m *MemoryStore) List() []User {
	list := make([]User, 0, len(m.users))
	for _, u := range m.users {
		list = append(list, u)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list
}

// Save creates or replaces u.
func (m *MemoryStore) Save(u User) error {
	m.users[u.ID] = u
	return nil
}

// Delete removes the user with the given ID.
func (m *MemoryStore) Delete(id string) error {
	if _, ok := m.users[id]; !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	delete(m.users, id)
	return nil
}

// NewReplica returns a read-only copy of users.
func NewReplica(users ...User) *Replica {
	return &Replica{primary: NewMemoryStore(users...)}
}

// Get returns the user with the given ID.
func (r *Replica) Get(id string) (User, error) { return r.primary.Get(id) }

// List returns every user, ordered by ID.
func (r *Replica) List() []User { return r.primary.List() }
