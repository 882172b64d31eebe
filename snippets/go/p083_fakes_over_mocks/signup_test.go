package signup_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"example.com/patterns/p083_fakes_over_mocks"
)

var errConflict = errors.New("unique index: email exists")

// fakeStore is a working signup.Store in memory. It keeps what is saved and
// enforces the database's unique email, so tests can check outcomes instead
// of calls. SaveErr, when set, makes the next Save fail, like an outage.
type fakeStore struct {
	mu      sync.Mutex
	users   map[string]signup.User
	SaveErr error
}

var _ signup.Store = (*fakeStore)(nil) // the compiler checks the fake keeps up with the interface

func newFakeStore(users ...signup.User) *fakeStore {
	f := &fakeStore{users: map[string]signup.User{}}
	for _, u := range users {
		f.users[u.Email] = u
	}
	return f
}

func (f *fakeStore) FindByEmail(_ context.Context, email string) (signup.User, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[email]
	return u, ok, nil
}

func (f *fakeStore) Save(_ context.Context, u signup.User) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.SaveErr; err != nil {
		f.SaveErr = nil
		return err
	}
	if _, ok := f.users[u.Email]; ok {
		return fmt.Errorf("%w: %q", errConflict, u.Email)
	}
	f.users[u.Email] = u
	return nil
}

func (f *fakeStore) emails() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for e := range f.users {
		out = append(out, e)
	}
	slices.Sort(out) // map order is random; tests compare sorted lists
	return out
}

func TestRegister(t *testing.T) {
	ctx := context.Background()
	ann := signup.User{Email: "ann@example.com", Name: "Ann"}

	t.Run("stores the user under the normalized email", func(t *testing.T) {
		store := newFakeStore()
		got, err := signup.Register(ctx, store, " Ann@Example.com ", "Ann")
		if err != nil || got != ann {
			t.Fatalf("Register = %v, %v; want %v, nil", got, err, ann)
		}
		if u, ok, _ := store.FindByEmail(ctx, "ann@example.com"); !ok || u != ann {
			t.Errorf("store holds %v, %v; want %v", u, ok, ann)
		}
	})

	t.Run("email differing in case is refused", func(t *testing.T) {
		store := newFakeStore(ann)
		_, err := signup.Register(ctx, store, "ANN@example.com", "Another Ann")
		if !errors.Is(err, signup.ErrDuplicate) {
			t.Errorf("Register = %v, want ErrDuplicate", err)
		}
		if got := store.emails(); !slices.Equal(got, []string{"ann@example.com"}) {
			t.Errorf("store holds %v", got)
		}
	})

	t.Run("store failure reaches the caller", func(t *testing.T) {
		store := newFakeStore()
		outage := errors.New("database unavailable")
		store.SaveErr = outage
		if _, err := signup.Register(ctx, store, "bo@example.com", "Bo"); !errors.Is(err, outage) {
			t.Errorf("Register = %v, want the store's error", err)
		}
		if got := store.emails(); len(got) != 0 {
			t.Errorf("store holds %v after a failed save", got)
		}
	})

	t.Run("fake enforces unique emails", func(t *testing.T) {
		store := newFakeStore(ann)
		if err := store.Save(ctx, ann); !errors.Is(err, errConflict) {
			t.Errorf("second Save = %v, want the unique-index error", err)
		}
	})
}

func ExampleRegister() {
	ctx := context.Background()
	store := newFakeStore()
	u, err := signup.Register(ctx, store, " Ann@Example.com ", "Ann")
	fmt.Println(u, err)
	_, err = signup.Register(ctx, store, "ANN@example.com", "Another Ann")
	fmt.Println(err)
	fmt.Println(store.emails())
	// Output:
	// {ann@example.com Ann} <nil>
	// register "ann@example.com": signup: email already registered
	// [ann@example.com]
}
