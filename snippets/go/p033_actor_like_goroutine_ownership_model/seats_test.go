package actor_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	actor "example.com/patterns/p033_actor_like_goroutine_ownership_model"
)

func Example() {
	var charges atomic.Int64
	charge := func(guest string) error { charges.Add(1); runtime.Gosched(); return nil }
	seats := actor.Start([]string{"12A", "12B"}, charge)
	defer seats.Stop()
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, guest := range []string{"ann", "bob"} { // both want 12A at the same moment
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = seats.Book(ctx, "12A", guest) }()
	}
	wg.Wait()
	taken := 0
	for _, err := range errs {
		if errors.Is(err, actor.ErrSeatTaken) {
			taken++
		}
	}
	fmt.Println("refused as taken:", taken, "charges:", charges.Load())

	fmt.Println(seats.Release(ctx, "12A", "nobody"))
	_, err := seats.Holder(ctx, "99Z")
	fmt.Println(err)
	// Output:
	// refused as taken: 1 charges: 1
	// seat 12A, nobody: not the holder
	// seat 99Z: no such seat
}

func TestRacingGuestsGetOneBookingAndOneCharge(t *testing.T) {
	for _, guests := range []int{2, 10, 100} {
		t.Run(fmt.Sprint(guests), func(t *testing.T) {
			var charged []string // only the actor goroutine appends: no lock needed
			seats := actor.Start([]string{"1A"}, func(g string) error {
				charged = append(charged, g)
				runtime.Gosched()
				return nil
			})
			var wg sync.WaitGroup
			var booked, refused atomic.Int64
			for g := range guests {
				wg.Add(1)
				go func() {
					defer wg.Done()
					switch err := seats.Book(context.Background(), "1A", fmt.Sprint("g", g)); {
					case err == nil:
						booked.Add(1)
					case errors.Is(err, actor.ErrSeatTaken):
						refused.Add(1)
					default:
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			holder, _ := seats.Holder(context.Background(), "1A")
			seats.Stop()
			if booked.Load() != 1 || refused.Load() != int64(guests-1) || len(charged) != 1 || charged[0] != holder {
				t.Fatalf("booked %d, refused %d, charged %v, holder %q", booked.Load(), refused.Load(), charged, holder)
			}
		})
	}
}

func TestRequestsAreHandledOneAtATime(t *testing.T) {
	var inFlight, peak atomic.Int64
	seats := make([]string, 50)
	for i := range seats {
		seats[i] = fmt.Sprint(i)
	}
	s := actor.Start(seats, func(string) error {
		if n := inFlight.Add(1); n > peak.Load() {
			peak.Store(n)
		}
		time.Sleep(100 * time.Microsecond) // long enough for others to pile up
		inFlight.Add(-1)
		return nil
	})
	defer s.Stop()
	var wg sync.WaitGroup
	for _, seat := range seats {
		wg.Add(1)
		go func() { defer wg.Done(); _ = s.Book(context.Background(), seat, "g") }()
	}
	wg.Wait()
	if peak.Load() != 1 {
		t.Fatalf("peak concurrent charges = %d, want 1", peak.Load())
	}
}

func TestOneSendersRequestsAreHandledInOrder(t *testing.T) {
	s := actor.Start([]string{"1A"}, func(string) error { return nil })
	defer s.Stop()
	ctx := context.Background()
	for i := range 100 {
		guest := fmt.Sprint("g", i)
		if err := s.Book(ctx, "1A", guest); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.Holder(ctx, "1A"); h != guest {
			t.Fatalf("holder = %q after booking for %q", h, guest)
		}
		if err := s.Release(ctx, "1A", guest); err != nil {
			t.Fatal(err)
		}
	}
}

var errDeclined = errors.New("card declined")

func TestAFailedRequestFailsOnlyItsSender(t *testing.T) {
	s := actor.Start([]string{"1A", "1B"}, func(g string) error {
		if g == "eve" {
			return errDeclined
		}
		return nil
	})
	defer s.Stop()
	ctx := context.Background()
	if err := s.Book(ctx, "1A", "eve"); !errors.Is(err, errDeclined) {
		t.Fatalf("eve: %v, want errDeclined", err)
	}
	if err := s.Book(ctx, "1A", "ann"); err != nil {
		t.Fatalf("ann after eve's failure: %v", err)
	}
	if err := s.Release(ctx, "1A", "bob"); !errors.Is(err, actor.ErrNotHolder) {
		t.Fatalf("release by bob: %v", err)
	}
	if h, _ := s.Holder(ctx, "1A"); h != "ann" {
		t.Fatalf("holder = %q, want ann", h)
	}
}

func TestACallerThatGivesUpMidRequestDoesNotBlockTheActor(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s := actor.Start([]string{"1A", "1B"}, func(g string) error {
		if g == "slow" {
			close(entered)
			<-release
		}
		return nil
	})
	defer s.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() { gaveUp <- s.Book(ctx, "1A", "slow") }()
	<-entered // the actor is inside the slow charge
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller that gave up got %v", err)
	}
	close(release)
	// The actor finished the request (its reply went into a buffer nobody reads)
	// and answers the next caller.
	if h, err := s.Holder(context.Background(), "1A"); h != "slow" || err != nil {
		t.Fatalf("holder = %q, %v; want slow", h, err)
	}
	if err := s.Book(context.Background(), "1B", "bob"); err != nil {
		t.Fatal(err)
	}
}

func TestStopRefusesNewRequestsAndWaitsForTheActor(t *testing.T) {
	s := actor.Start([]string{"1A"}, func(string) error { return nil })
	s.Stop()
	if err := s.Book(context.Background(), "1A", "late"); !errors.Is(err, actor.ErrStopped) {
		t.Fatalf("after Stop: %v, want ErrStopped", err)
	}
}
