package softdelete_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	softdelete "example.com/patterns/p054_soft_delete_and_tombstone"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// replica is a sync consumer: a copy of the users that follows the feed.
type replica struct {
	users  map[int64]softdelete.User
	cursor int64
}

func (r *replica) pull(s *softdelete.Store) []softdelete.Change {
	if r.users == nil {
		r.users = map[int64]softdelete.User{}
	}
	changes := s.ChangesSince(r.cursor)
	for _, c := range changes {
		if c.Tombstone {
			delete(r.users, c.User.ID)
		} else {
			r.users[c.User.ID] = c.User
		}
		r.cursor = c.Rev
	}
	return changes
}

// emails lists the copy in ID order (never in map order).
func (r *replica) emails() []string {
	ids := make([]int64, 0, len(r.users))
	for id := range r.users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, r.users[id].Email)
	}
	return out
}

var start = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)

func Example() {
	clock := &fakeClock{t: start}
	store := softdelete.NewStore(clock.Now)
	var consumer replica

	ada, _ := store.Create("ada@example.com", "Ada")
	_, _ = store.Create("bob@example.com", "Bob")
	consumer.pull(store)

	clock.Advance(time.Hour)
	fmt.Println("delete:", store.Delete(ada.ID), "again:", store.Delete(ada.ID))
	_, err := store.Get(ada.ID)
	fmt.Println("get:", err, "live:", len(store.List()))
	for _, c := range consumer.pull(store) {
		fmt.Println("sync:", c.Rev, c.Tombstone, c.User.ID, c.User.DeletedAt.Format(time.DateTime))
	}
	fmt.Println("replica:", consumer.emails())

	ada2, err := store.Create("ada@example.com", "Ada Lovelace")
	fmt.Println("email reused:", ada2.ID, err)
	fmt.Println("restore:", store.Restore(ada.ID))

	clock.Advance(31 * 24 * time.Hour)
	store.Delete(ada2.ID)
	fmt.Println("purged:", store.Purge(clock.Now().Add(-30*24*time.Hour)))
	// Output:
	// delete: true again: false
	// get: user not found live: 1
	// sync: 3 true 1 2024-05-01 10:00:00
	// replica: [bob@example.com]
	// email reused: 3 <nil>
	// restore: email already in use
	// purged: 1
}

func TestDeletedRowsAreInvisibleToNormalReads(t *testing.T) {
	store := softdelete.NewStore((&fakeClock{t: start}).Now)
	ada, _ := store.Create("ada@example.com", "Ada")
	bob, _ := store.Create("bob@example.com", "Bob")
	store.Delete(ada.ID)
	if _, err := store.Get(ada.ID); !errors.Is(err, softdelete.ErrNotFound) {
		t.Fatalf("Get(deleted) err = %v, want ErrNotFound", err)
	}
	if got := store.List(); !slices.Equal(got, []softdelete.User{bob}) {
		t.Fatalf("List = %v, want only Bob", got)
	}
	audit, err := store.GetIncludingDeleted(ada.ID)
	if err != nil || !audit.DeletedAt.Equal(start) {
		t.Fatalf("GetIncludingDeleted = %v, %v", audit, err)
	}
	if _, err := store.GetIncludingDeleted(99); !errors.Is(err, softdelete.ErrNotFound) {
		t.Fatalf("unknown ID err = %v", err)
	}
}

func TestDeletingTwiceKeepsTheFirstTime(t *testing.T) {
	clock := &fakeClock{t: start}
	store := softdelete.NewStore(clock.Now)
	ada, _ := store.Create("ada@example.com", "Ada")
	store.Delete(ada.ID)
	clock.Advance(time.Hour)
	if store.Delete(ada.ID) || store.Delete(99) {
		t.Fatal("a second delete, or a delete of an unknown ID, reported a change")
	}
	if got, _ := store.GetIncludingDeleted(ada.ID); !got.DeletedAt.Equal(start) {
		t.Fatalf("DeletedAt = %v, want %v", got.DeletedAt, start)
	}
}

func TestUniqueKeyIsFreedByDeletionAndCheckedOnRestore(t *testing.T) {
	store := softdelete.NewStore((&fakeClock{t: start}).Now)
	ada, _ := store.Create("ada@example.com", "Ada")
	if _, err := store.Create("ada@example.com", "Copy"); !errors.Is(err, softdelete.ErrEmailTaken) {
		t.Fatalf("duplicate live email err = %v", err)
	}
	store.Delete(ada.ID)
	again, err := store.Create("ada@example.com", "Again")
	if err != nil {
		t.Fatalf("reusing a deleted row's email: %v", err)
	}
	if err := store.Restore(ada.ID); !errors.Is(err, softdelete.ErrEmailTaken) {
		t.Fatalf("restore while the email is taken: %v", err)
	}
	store.Delete(again.ID)
	if err := store.Restore(ada.ID); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got, err := store.Get(ada.ID); err != nil || got != ada {
		t.Fatalf("restored user = %v, %v; want %v", got, err, ada)
	}
	if err := store.Restore(ada.ID); !errors.Is(err, softdelete.ErrNotFound) {
		t.Fatalf("restoring a live user: %v", err)
	}
}

func TestTombstonesReachConsumersEvenAfterPurge(t *testing.T) {
	clock := &fakeClock{t: start}
	store := softdelete.NewStore(clock.Now)
	var lagging, fresh replica
	old, _ := store.Create("old@example.com", "Old")
	keep, _ := store.Create("keep@example.com", "Keep")
	lagging.pull(store)
	store.Delete(old.ID)
	clock.Advance(40 * 24 * time.Hour)
	recent, _ := store.Create("recent@example.com", "Recent")
	store.Delete(recent.ID)

	if n := store.Purge(clock.Now().Add(-30 * 24 * time.Hour)); n != 1 {
		t.Fatalf("purged %d rows, want 1", n)
	}
	if err := store.Restore(old.ID); !errors.Is(err, softdelete.ErrNotFound) {
		t.Fatalf("restore after purge: %v", err)
	}
	changes := lagging.pull(store)
	var revs []int64
	for _, c := range changes {
		if !c.Tombstone || c.User.Email != "" {
			t.Fatalf("change %+v: want a tombstone without data", c)
		}
		revs = append(revs, c.Rev)
	}
	if !slices.Equal(revs, []int64{3, 5}) || !slices.Equal(lagging.emails(), []string{keep.Email}) {
		t.Fatalf("lagging consumer got revs %v, holds %v", revs, lagging.emails())
	}
	fresh.pull(store)
	if !slices.Equal(fresh.emails(), []string{keep.Email}) {
		t.Fatalf("fresh consumer holds %v", fresh.emails())
	}
	if again, _ := store.Create("new@example.com", "New"); again.ID == old.ID {
		t.Fatal("a purged ID was reused")
	}
}
