package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	outbox "example.com/patterns/p046_transactional_outbox"
)

// broker keeps every event it accepts, in order, like a one-partition topic.
type broker struct {
	mu   sync.Mutex
	log  []outbox.Event
	down bool
}

func (b *broker) Publish(_ context.Context, e outbox.Event) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.down {
		return errors.New("broker unavailable")
	}
	b.log = append(b.log, e)
	return nil
}

func (b *broker) ids() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ids []string
	for _, e := range b.log {
		ids = append(ids, e.ID)
	}
	return ids
}

// errCrash stands for the process dying after the broker took an event.
var errCrash = errors.New("process killed")

func sequentialIDs() func() string {
	n := 0
	return func() string { n++; return fmt.Sprint("evt-", n) }
}

func Example() {
	ctx := context.Background()
	store := outbox.NewStore()
	orders := outbox.NewService(store, sequentialIDs())
	_ = orders.PlaceOrder(ctx, outbox.Order{ID: "ord-1", Customer: "ada@example.com", TotalCents: 4200})
	_ = orders.PlaceOrder(ctx, outbox.Order{ID: "ord-2", Customer: "lin@example.com", TotalCents: 1500})
	err := orders.PlaceOrder(ctx, outbox.Order{ID: "ord-1", Customer: "max@example.com", TotalCents: 900})
	fmt.Println("ord-1 again:", err)
	fmt.Println("orders:", store.Orders(), "events waiting:", len(store.Pending(100)))

	b := &broker{}
	crashing := outbox.NewRelay(store, func(ctx context.Context, e outbox.Event) error {
		_ = b.Publish(ctx, e)
		return errCrash // killed after the broker took it, before MarkSent
	}, 100)
	_, err = crashing.PublishPending(ctx)
	fmt.Println("first relay:", err, "- still waiting:", len(store.Pending(100)))

	restarted := outbox.NewRelay(store, b.Publish, 100)
	n, err := restarted.PublishPending(ctx)
	fmt.Println("after restart published:", n, err)
	fmt.Println("broker log:", b.ids())

	consumer := outbox.NewConsumer()
	for _, e := range b.log {
		if applied, _ := consumer.Handle(e); !applied {
			fmt.Println("duplicate dropped:", e.ID)
		}
	}
	for _, effect := range consumer.Effects {
		fmt.Println(effect)
	}
	// Output:
	// ord-1 again: order ord-1: duplicate key
	// orders: 2 events waiting: 2
	// first relay: publish evt-1: process killed - still waiting: 2
	// after restart published: 2 <nil>
	// broker log: [evt-1 evt-1 evt-2]
	// duplicate dropped: evt-1
	// to ada@example.com: order ord-1 confirmed
	// to lin@example.com: order ord-2 confirmed
}

func placeN(t *testing.T, store *outbox.Store, n int) {
	t.Helper()
	orders := outbox.NewService(store, sequentialIDs())
	for i := 1; i <= n; i++ {
		o := outbox.Order{ID: fmt.Sprint("ord-", i), Customer: "c@example.com", TotalCents: 100}
		if err := orders.PlaceOrder(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
}

func TestACrashAfterAnyPublishRepeatsOnlyThatEvent(t *testing.T) {
	const total = 4
	for crashAt := range total {
		t.Run(fmt.Sprint("crash after event ", crashAt+1), func(t *testing.T) {
			store := outbox.NewStore()
			placeN(t, store, total)
			b := &broker{}
			published := 0
			crashing := outbox.NewRelay(store, func(ctx context.Context, e outbox.Event) error {
				_ = b.Publish(ctx, e)
				if published == crashAt {
					return errCrash
				}
				published++
				return nil
			}, 100)
			if _, err := crashing.PublishPending(context.Background()); !errors.Is(err, errCrash) {
				t.Fatalf("crashing relay returned %v", err)
			}
			if _, err := outbox.NewRelay(store, b.Publish, 100).PublishPending(context.Background()); err != nil {
				t.Fatal(err)
			}
			want := []string{"evt-1", "evt-2", "evt-3", "evt-4"}
			want = slices.Insert(want, crashAt, want[crashAt])
			if got := b.ids(); !slices.Equal(got, want) {
				t.Fatalf("broker log = %v, want %v", got, want)
			}
			consumer := outbox.NewConsumer()
			for _, e := range b.log {
				if _, err := consumer.Handle(e); err != nil {
					t.Fatal(err)
				}
			}
			if len(consumer.Effects) != total {
				t.Fatalf("effects = %d, want %d", len(consumer.Effects), total)
			}
		})
	}
}

func TestARejectedOrderWritesNoEvent(t *testing.T) {
	store := outbox.NewStore()
	placeN(t, store, 1)
	orders := outbox.NewService(store, func() string { return "evt-other" })
	if err := orders.PlaceOrder(context.Background(), outbox.Order{ID: "ord-2", TotalCents: 0}); err == nil {
		t.Fatal("an order with no total was accepted")
	}
	err := orders.PlaceOrder(context.Background(), outbox.Order{ID: "ord-1", TotalCents: 5})
	if !errors.Is(err, outbox.ErrDuplicate) {
		t.Fatalf("duplicate order: err = %v", err)
	}
	if store.Orders() != 1 || len(store.Pending(100)) != 1 {
		t.Fatalf("orders = %d, pending = %d, want 1 and 1", store.Orders(), len(store.Pending(100)))
	}
}

func TestAFailedEventWriteRollsBackTheOrder(t *testing.T) {
	store := outbox.NewStore()
	orders := outbox.NewService(store, func() string { return "same-id" })
	ctx := context.Background()
	_ = orders.PlaceOrder(ctx, outbox.Order{ID: "ord-1", TotalCents: 5})
	if err := orders.PlaceOrder(ctx, outbox.Order{ID: "ord-2", TotalCents: 5}); !errors.Is(err, outbox.ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
	if store.Orders() != 1 {
		t.Fatalf("orders = %d, want 1: the order row was kept without its event", store.Orders())
	}
}

func TestABrokerOutageKeepsTheRestPendingInOrder(t *testing.T) {
	store := outbox.NewStore()
	placeN(t, store, 3)
	b := &broker{}
	relay := outbox.NewRelay(store, func(ctx context.Context, e outbox.Event) error {
		if e.ID == "evt-2" {
			return errors.New("broker unavailable")
		}
		return b.Publish(ctx, e)
	}, 100)
	if n, err := relay.PublishPending(context.Background()); n != 1 || err == nil {
		t.Fatalf("n, err = %d, %v; want 1 and an error", n, err)
	}
	if n, err := outbox.NewRelay(store, b.Publish, 2).PublishPending(context.Background()); n != 2 || err != nil {
		t.Fatalf("n, err = %d, %v; want 2 and nil", n, err)
	}
	if got := b.ids(); !slices.Equal(got, []string{"evt-1", "evt-2", "evt-3"}) {
		t.Fatalf("broker log = %v", got)
	}
}

func TestConcurrentWritersAndOneRelayPublishEveryEventInCommitOrder(t *testing.T) {
	store := outbox.NewStore()
	var mu sync.Mutex
	n := 0
	orders := outbox.NewService(store, func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprint("evt-", n)
	})
	b := &broker{}
	relay := outbox.NewRelay(store, b.Publish, 7)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				o := outbox.Order{ID: fmt.Sprintf("ord-%d-%d", w, i), TotalCents: 1}
				if err := orders.PlaceOrder(context.Background(), o); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		if _, err := relay.PublishPending(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for len(store.Pending(1)) > 0 {
		_, _ = relay.PublishPending(context.Background())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.log) != 200 {
		t.Fatalf("published %d events, want 200", len(b.log))
	}
	for i := 1; i < len(b.log); i++ {
		if b.log[i].Seq <= b.log[i-1].Seq {
			t.Fatalf("event %d published out of order", i)
		}
	}
}
