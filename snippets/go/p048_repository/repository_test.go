package repository_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"example.com/patterns/p048_repository"
)

var (
	ctx = context.Background()
	ada = repository.Customer{ID: "c-1", Email: "ada@example.com", Name: "Ada", Tier: repository.Standard}
	lin = repository.Customer{ID: "c-2", Email: "lin@example.com", Name: "Lin", Tier: repository.Gold}
)

func Example() {
	customers := repository.NewMemory()
	_ = customers.Add(ctx, ada)
	loyalty := repository.NewLoyalty(customers)

	c, _ := loyalty.RecordSpending(ctx, "Ada@Example.com", 150_000)
	stored, _ := customers.Get(ctx, "c-1")
	fmt.Println(c.ID, "is", c.Tier, "- stored:", stored.Tier)

	err := customers.Add(ctx, repository.Customer{ID: "c-2", Email: "ADA@example.com", Name: "Ada again"})
	fmt.Println(err, "| taken:", errors.Is(err, repository.ErrEmailTaken))
	_, err = customers.Get(ctx, "c-404")
	fmt.Println(err, "| not found:", errors.Is(err, repository.ErrNotFound))
	// Output:
	// c-1 is gold - stored: gold
	// add "c-2": "ADA@example.com" used by "c-1": email belongs to another customer | taken: true
	// get "c-404": customer not found | not found: true
}

// testContract is what every implementation of Customers must pass. A SQL
// implementation's test calls it too, with a constructor that opens a fresh
// database; in a real module it lives in a small repositorytest package.
func testContract(t *testing.T, newRepo func() repository.Customers) {
	mustAdd := func(t *testing.T, r repository.Customers, cs ...repository.Customer) {
		t.Helper()
		for _, c := range cs {
			if err := r.Add(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Run("get returns what add stored", func(t *testing.T) {
		r := newRepo()
		mustAdd(t, r, ada, lin)
		if got, err := r.Get(ctx, "c-2"); err != nil || got != lin {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, lin)
		}
	})
	t.Run("get of an unknown id is ErrNotFound", func(t *testing.T) {
		if _, err := newRepo().Get(ctx, "c-404"); !errors.Is(err, repository.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("email lookup ignores ASCII case only", func(t *testing.T) {
		r := newRepo()
		elodie := repository.Customer{ID: "c-3", Email: "élodie@example.com", Name: "Élodie"}
		mustAdd(t, r, ada, elodie)
		if got, ok, _ := r.FindByEmail(ctx, "ADA@Example.COM"); !ok || got != ada {
			t.Fatalf("ASCII case: got %+v, %v", got, ok)
		}
		if _, ok, _ := r.FindByEmail(ctx, "ÉLODIE@example.com"); ok {
			t.Fatal("É matched é: only ASCII letters may fold")
		}
		if _, ok, _ := r.FindByEmail(ctx, "bob@example.com"); ok {
			t.Fatal("found a customer who was never added")
		}
	})
	t.Run("add refuses an existing id or email", func(t *testing.T) {
		r := newRepo()
		mustAdd(t, r, ada)
		if err := r.Add(ctx, repository.Customer{ID: "c-1", Email: "x@example.com"}); !errors.Is(err, repository.ErrExists) {
			t.Fatalf("same id: err = %v", err)
		}
		if err := r.Add(ctx, repository.Customer{ID: "c-9", Email: "Ada@Example.com"}); !errors.Is(err, repository.ErrEmailTaken) {
			t.Fatalf("same email: err = %v", err)
		}
		if _, err := r.Get(ctx, "c-9"); !errors.Is(err, repository.ErrNotFound) {
			t.Fatal("a refused customer was stored")
		}
	})
	t.Run("update replaces, refuses unknown ids and others' emails", func(t *testing.T) {
		r := newRepo()
		mustAdd(t, r, ada, lin)
		if err := r.Update(ctx, repository.Customer{ID: "c-404"}); !errors.Is(err, repository.ErrNotFound) {
			t.Fatalf("unknown id: err = %v", err)
		}
		stolen := lin
		stolen.Email = "ADA@example.com"
		if err := r.Update(ctx, stolen); !errors.Is(err, repository.ErrEmailTaken) {
			t.Fatalf("another's email: err = %v", err)
		}
		recased := ada
		recased.Email, recased.Tier = "Ada@Example.com", repository.Gold
		if err := r.Update(ctx, recased); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.Get(ctx, "c-1"); got != recased {
			t.Fatalf("Get after Update = %+v", got)
		}
	})
}

func TestMemoryKeepsTheContract(t *testing.T) {
	testContract(t, func() repository.Customers { return repository.NewMemory() })
}

func TestLoyaltyUpgradesAtTheThreshold(t *testing.T) {
	for _, tc := range []struct {
		cents int
		want  repository.Tier
	}{
		{repository.GoldThresholdCents - 1, repository.Standard},
		{repository.GoldThresholdCents, repository.Gold},
	} {
		customers := repository.NewMemory()
		_ = customers.Add(ctx, ada)
		got, err := repository.NewLoyalty(customers).RecordSpending(ctx, "ada@example.com", tc.cents)
		if err != nil || got.Tier != tc.want {
			t.Fatalf("%d cents: tier %s, err %v; want %s", tc.cents, got.Tier, err, tc.want)
		}
		if stored, _ := customers.Get(ctx, "c-1"); stored != got {
			t.Fatalf("stored %+v, returned %+v", stored, got)
		}
	}
	_, err := repository.NewLoyalty(repository.NewMemory()).RecordSpending(ctx, "nobody@example.com", 1)
	if !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("unknown email: err = %v", err)
	}
}
