package lease_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lease "example.com/patterns/p047_lease_leader_election_coordination"
)

// clock is a fake clock safe to read from many goroutines.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Unix(0, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(seconds int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = time.Unix(int64(seconds), 0)
}

const ttl, margin = 10 * time.Second, 2 * time.Second

func describe(term lease.Term, ok bool) string {
	if !ok {
		return "refused"
	}
	return fmt.Sprintf("token %d, lead until t=%d", term.Token, term.LeadUntil.Unix())
}

func Example() {
	clk := newClock()
	store := lease.NewStore(clk.Now)
	a, _ := lease.NewElector(store, "billing-job", "a", ttl, margin, clk.Now)
	b, _ := lease.NewElector(store, "billing-job", "b", ttl, margin, clk.Now)
	var billing lease.Fence

	fmt.Println("t=0  a:", describe(a.Tick()), "| b:", describe(b.Tick()))
	clk.Set(4)
	fmt.Println("t=4  a renews:", describe(a.Tick()))
	tokenA, _ := a.FencingToken() // a starts a slow batch with this token

	clk.Set(12) // a is paused and misses its renewals
	_, err := a.FencingToken()
	fmt.Println("t=12 a:", err)
	clk.Set(13)
	fmt.Println("t=13 b:", describe(b.Tick()))
	clk.Set(14)
	fmt.Println("t=14 b:", describe(b.Tick()))
	tokenB, _ := b.FencingToken()
	_ = billing.Check(tokenB)

	clk.Set(15)
	fmt.Println("t=15 a's late write:", billing.Check(tokenA))
	fmt.Println("t=15 a renews:", describe(a.Tick()))
	b.Resign()
	fmt.Println("t=15 a, after b resigned:", describe(a.Tick()))
	// Output:
	// t=0  a: token 1, lead until t=8 | b: refused
	// t=4  a renews: token 1, lead until t=12
	// t=12 a: a: not the lease holder
	// t=13 b: refused
	// t=14 b: token 2, lead until t=22
	// t=15 a's late write: token 1, newest 2: stale fencing token
	// t=15 a renews: refused
	// t=15 a, after b resigned: token 3, lead until t=23
}

func TestManyCandidatesAtTheSameInstantElectOne(t *testing.T) {
	clk := newClock()
	store := lease.NewStore(clk.Now)
	var winners atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, ok := store.TryAcquire("job", fmt.Sprint("replica-", i), ttl); ok {
				winners.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if got := winners.Load(); got != 1 {
		t.Fatalf("%d candidates won the lease, want 1", got)
	}
}

// TestNoInterleavingGivesTwoLeaders tries every sequence of four ticks by
// two replicas, each after a clock jump of 0, 3, 7 or 11 seconds.
func TestNoInterleavingGivesTwoLeaders(t *testing.T) {
	type step struct {
		who  int
		jump int
	}
	var steps []step
	for who := range 2 {
		for _, jump := range []int{0, 3, 7, 11} {
			steps = append(steps, step{who, jump})
		}
	}
	var run func(script []step)
	run = func(script []step) {
		if len(script) < 4 {
			for _, s := range steps {
				run(append(script[:len(script):len(script)], s))
			}
			return
		}
		clk := newClock()
		store := lease.NewStore(clk.Now)
		var electors [2]*lease.Elector
		for i := range electors {
			electors[i], _ = lease.NewElector(store, "job", fmt.Sprint(i), ttl, margin, clk.Now)
		}
		now, lastWho, lastToken := 0, -1, int64(0)
		for _, s := range script {
			now += s.jump
			clk.Set(now)
			if term, ok := electors[s.who].Tick(); ok {
				if term.Token < lastToken || (lastWho != s.who && lastWho >= 0 && term.Token == lastToken) {
					t.Fatalf("%v: token %d after %d", script, term.Token, lastToken)
				}
				lastWho, lastToken = s.who, term.Token
			}
			leaders := 0
			for _, e := range electors {
				if _, err := e.FencingToken(); err == nil {
					leaders++
				}
			}
			if leaders > 1 {
				t.Fatalf("%v: two leaders", script)
			}
		}
	}
	run(nil)
}

func TestRunWorksOnlyWhileLeadingAndResignsOnExit(t *testing.T) {
	clk := newClock()
	store := lease.NewStore(clk.Now)
	holder, _ := lease.NewElector(store, "job", "holder", ttl, margin, clk.Now)
	holder.Tick()
	runner, _ := lease.NewElector(store, "job", "runner", ttl, margin, clk.Now)

	ticks := make(chan time.Time)
	worked := make(chan int64, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- runner.Run(ctx, ticks, func(_ context.Context, token int64) error {
			worked <- token
			return nil
		})
	}()
	ticks <- clk.Now() // the holder's lease is valid: no work
	clk.Set(10)
	ticks <- clk.Now() // expired: the runner takes over and works
	ticks <- clk.Now() // renews, works again
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	close(worked)
	var tokens []int64
	for token := range worked {
		tokens = append(tokens, token)
	}
	if fmt.Sprint(tokens) != "[2 2]" {
		t.Fatalf("work ran with tokens %v, want [2 2]", tokens)
	}
	if _, ok := holder.Tick(); !ok {
		t.Fatal("the runner did not release the lease when Run returned")
	}
}

func TestRejectsAMarginOutsideTheTTL(t *testing.T) {
	for _, m := range []time.Duration{-time.Second, ttl} {
		if _, err := lease.NewElector(lease.NewStore(time.Now), "job", "a", ttl, m, time.Now); err == nil {
			t.Fatalf("margin %v accepted", m)
		}
	}
}
