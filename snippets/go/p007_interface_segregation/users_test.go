package users_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	users "example.com/patterns/p007_interface_segregation"
)

// getSaveOnly is a test double for Deactivate: the two methods it calls and
// nothing else. With one wide interface it would need every method of the store.
type getSaveOnly struct {
	user  users.User
	saved []users.User
	err   error
}

func (g *getSaveOnly) Get(id string) (users.User, error) {
	if id != g.user.ID {
		return users.User{}, users.ErrNotFound
	}
	return g.user, nil
}

func (g *getSaveOnly) Save(u users.User) error {
	if g.err != nil {
		return g.err
	}
	g.saved = append(g.saved, u)
	return nil
}

var people = []users.User{
	{ID: "u2", Name: "Grace", Active: true},
	{ID: "u1", Name: "Ada", Active: true},
	{ID: "u3", Name: "Linus", Active: true},
}

func Example() {
	primary := users.NewMemoryStore(people...)
	replica := users.NewReplica(people...)

	// Reports read from the replica; writes go to the primary.
	fmt.Println(users.ActiveReport(replica))
	u, err := users.Deactivate(primary, "u2")
	fmt.Println(u, err)
	fmt.Println(users.Forget(primary, "u3"), users.ActiveReport(primary))
	_, err = users.Deactivate(primary, "u9")
	fmt.Println(err)

	// users.Deactivate(replica, "u2") does not compile:
	// *Replica does not implement GetSaver (missing method Save).
	double := &getSaveOnly{user: users.User{ID: "u7", Name: "Barbara", Active: true}}
	u, _ = users.Deactivate(double, "u7")
	fmt.Println("double saved:", double.saved, "returned:", u)
	// Output:
	// 3 active: Ada, Grace, Linus
	// {u2 Grace false} <nil>
	// <nil> 1 active: Ada
	// deactivate: user not found: u9
	// double saved: [{u7 Barbara false}] returned: {u7 Barbara false}
}

// implements reports whether the method set of v's type includes every
// method of the interface I.
func implements[I any](v any) bool {
	return reflect.TypeOf(v).Implements(reflect.TypeOf((*I)(nil)).Elem())
}

func TestEachTypePlaysOnlyItsRoles(t *testing.T) {
	replica, primary := users.NewReplica(), users.NewMemoryStore()
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"replica is a Lister", implements[users.Lister](replica), true},
		{"replica is a Getter", implements[users.Getter](replica), true},
		{"replica is not a Saver", implements[users.Saver](replica), false},
		{"replica is not a Deleter", implements[users.Deleter](replica), false},
		{"replica is not a GetSaver", implements[users.GetSaver](replica), false},
		{"primary is a GetSaver", implements[users.GetSaver](primary), true},
		{"primary is a Deleter", implements[users.Deleter](primary), true},
		{"the double is a GetSaver", implements[users.GetSaver](&getSaveOnly{}), true},
		{"the double is not a Lister", implements[users.Lister](&getSaveOnly{}), false},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: got %v", tc.name, tc.got)
		}
	}
}

func TestReportSkipsInactiveUsersAndSortsByID(t *testing.T) {
	store := users.NewMemoryStore(append(people, users.User{ID: "u0", Name: "Ken"})...)
	if got := users.ActiveReport(store); got != "3 active: Ada, Grace, Linus" {
		t.Fatalf("report = %q", got)
	}
	if got := users.ActiveReport(users.NewReplica()); got != "0 active: " {
		t.Fatalf("empty report = %q", got)
	}
}

func TestReplicaIsACopy(t *testing.T) {
	list := append([]users.User(nil), people...)
	replica := users.NewReplica(list...)
	list[0].Name = "changed"
	if u, err := replica.Get("u2"); err != nil || u.Name != "Grace" {
		t.Fatalf("replica.Get = %v, %v; want the original Grace", u, err)
	}
}

func TestErrorsWrapErrNotFound(t *testing.T) {
	primary := users.NewMemoryStore(people...)
	if err := users.Forget(primary, "nobody"); !errors.Is(err, users.ErrNotFound) {
		t.Fatalf("Forget(nobody) = %v", err)
	}
	if err := users.Forget(primary, "u1"); err != nil {
		t.Fatalf("Forget(u1) = %v", err)
	}
	if _, err := primary.Get("u1"); !errors.Is(err, users.ErrNotFound) {
		t.Fatalf("u1 still there after Forget: %v", err)
	}
	if _, err := users.Deactivate(&getSaveOnly{}, "x"); !errors.Is(err, users.ErrNotFound) {
		t.Fatalf("Deactivate(x) = %v", err)
	}
}

func TestDeactivateReportsASaveFailure(t *testing.T) {
	errDisk := errors.New("disk full")
	double := &getSaveOnly{user: users.User{ID: "u1", Active: true}, err: errDisk}
	u, err := users.Deactivate(double, "u1")
	if !errors.Is(err, errDisk) || u != (users.User{}) {
		t.Fatalf("Deactivate = %v, %v; want zero user and disk full", u, err)
	}
}
