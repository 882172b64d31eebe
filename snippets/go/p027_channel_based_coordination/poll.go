// Package coordination shows P027: goroutines coordinate through channels,
// each with one owner. Data flows on a channel that its owner closes once,
// after the last send; a stop request is a channel that is closed, never sent
// on, so every goroutine that receives from it sees it at once.
package coordination

import "sync"

// Reading is one value from one sensor.
type Reading struct {
	Sensor string
	Seq    int
}

// Sensor is a data source. Next blocks until the next reading, or until stop
// is closed; ok is false when the sensor has no more readings or was stopped.
// A source that can block must watch stop itself: nothing else can interrupt it.
type Sensor interface {
	Next(stop <-chan struct{}) (r Reading, ok bool)
}

// Poll starts one goroutine per sensor and returns the channel they send on.
//
// Poll creates the channel, so Poll's goroutines are the only senders and
// only Poll closes it: once, after every poller has returned. A receiver
// ranges over it and the range ends at that close. Closing stop makes every
// poller return, whether it is waiting in Next or in a send that no one
// receives, so a receiver may stop reading at any time, close stop, and
// drain the channel: its close proves that no poller is left.
func Poll(stop <-chan struct{}, sensors ...Sensor) <-chan Reading {
	out := make(chan Reading)
	var pollers sync.WaitGroup
	for _, sensor := range sensors {
		pollers.Add(1)
		go func() {
			defer pollers.Done()
			for {
				r, ok := sensor.Next(stop)
				if !ok {
					return
				}
				select {
				case out <- r:
				case <-stop: // nobody may be receiving any more
					return
				}
			}
		}()
	}
	go func() {
		pollers.Wait()
		close(out) // the one close, after the last possible send
	}()
	return out
}
