package coordination_test

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	coordination "example.com/patterns/p027_channel_based_coordination"
)

// counter gives limit readings (no end if limit is 0), checking stop first.
type counter struct {
	name  string
	limit int
	taken atomic.Int64
}

func (c *counter) Next(stop <-chan struct{}) (coordination.Reading, bool) {
	select {
	case <-stop:
		return coordination.Reading{}, false
	default:
	}
	n := int(c.taken.Load())
	if c.limit > 0 && n == c.limit {
		return coordination.Reading{}, false
	}
	c.taken.Add(1)
	return coordination.Reading{Sensor: c.name, Seq: n + 1}, true
}

// stuck never has a reading; only closing stop ends its wait.
type stuck struct{ waiting atomic.Bool }

func (s *stuck) Next(stop <-chan struct{}) (coordination.Reading, bool) {
	s.waiting.Store(true)
	<-stop
	return coordination.Reading{}, false
}

func Example() {
	// End of data: ranging ends when Poll closes the channel, after both
	// sensors have run out. Sort, because goroutines interleave freely.
	var got []string
	stop := make(chan struct{})
	for r := range coordination.Poll(stop, &counter{name: "a", limit: 2}, &counter{name: "b", limit: 3}) {
		got = append(got, fmt.Sprintf("%s%d", r.Sensor, r.Seq))
	}
	slices.Sort(got)
	fmt.Println("received:", got)

	// Broadcast: three endless sensors and one stuck. After 5 readings one
	// close(stop) reaches all four pollers; draining ends when Poll closes.
	stop = make(chan struct{})
	readings := coordination.Poll(stop, &counter{name: "x"}, &counter{name: "y"}, &counter{name: "z"}, &stuck{})
	for range 5 {
		<-readings
	}
	close(stop)
	for range readings {
	}
	fmt.Println("stopped: the channel is closed, so every poller has returned")
	// Output:
	// received: [a1 a2 b1 b2 b3]
	// stopped: the channel is closed, so every poller has returned
}

// drain receives from ch until it is closed and returns how many values it
// got, or -1 if ch is still open after a generous time limit.
func drain(ch <-chan coordination.Reading) int {
	timeout := time.After(5 * time.Second)
	for n := 0; ; n++ {
		select {
		case _, ok := <-ch:
			if !ok {
				return n
			}
		case <-timeout:
			return -1
		}
	}
}

func TestStopReachesAPollerBlockedInASendNobodyReceives(t *testing.T) {
	stop := make(chan struct{})
	sensor := &counter{name: "x"}
	readings := coordination.Poll(stop, sensor)
	<-readings
	for sensor.taken.Load() < 2 {
		time.Sleep(time.Millisecond) // until the poller holds its next reading
	}
	close(stop) // the receiver stops reading; the poller is parked in its send
	// At most the reading it already held can still arrive; then the close.
	if n := drain(readings); n < 0 || n > 1 {
		t.Fatalf("drain got %d readings after the stop (-1: never closed), want 0 or 1", n)
	}
}

func TestStopReachesAPollerBlockedInsideTheSource(t *testing.T) {
	stop := make(chan struct{})
	s := &stuck{}
	readings := coordination.Poll(stop, s)
	for !s.waiting.Load() {
		time.Sleep(time.Millisecond)
	}
	close(stop)
	if n := drain(readings); n != 0 {
		t.Fatalf("drain = %d, want 0: the stuck poller must see the stop and the channel close", n)
	}
}

func TestTheChannelClosesOnlyAfterTheSlowestSensor(t *testing.T) {
	counts := map[string]int{}
	stop := make(chan struct{})
	defer close(stop)
	for r := range coordination.Poll(stop, &counter{name: "a", limit: 1}, &counter{name: "b", limit: 50}) {
		counts[r.Sensor]++
	}
	if counts["a"] != 1 || counts["b"] != 50 {
		t.Fatalf("counts = %v, want a:1 b:50", counts)
	}
}

func TestNoSensorsGivesAClosedChannel(t *testing.T) {
	if drain(coordination.Poll(make(chan struct{}))) != 0 {
		t.Fatal("Poll with no sensors must still close its channel")
	}
}
