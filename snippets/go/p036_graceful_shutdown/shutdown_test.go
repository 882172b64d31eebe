package shutdown_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	shutdown "example.com/patterns/p036_graceful_shutdown"
)

// start serves handler on a free local port until ctx is done. The returned
// channel yields Serve's result.
func start(ctx context.Context, handler http.HandlerFunc, grace time.Duration) (string, <-chan error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	done := make(chan error, 1)
	go func() { done <- shutdown.Serve(ctx, &http.Server{Handler: handler}, ln, grace) }()
	return "http://" + ln.Addr().String(), done
}

// get returns "status body", or the error text.
func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, body)
}

// refused waits until a new connection to addr is refused, for up to 5 seconds.
func refused(url string) bool {
	for range 500 {
		conn, err := net.Dial("tcp", url[len("http://"):])
		if err != nil {
			return true
		}
		conn.Close()
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

func Example() {
	// In main this is signal.NotifyContext; the example sends the "signal" itself.
	ctx, sigterm := context.WithCancel(context.Background())
	entered, release := make(chan struct{}), make(chan struct{})
	url, done := start(ctx, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release // the order is being written
		fmt.Fprint(w, "order saved")
	}, 10*time.Second)

	response := make(chan string)
	go func() { response <- get(url + "/orders") }()
	<-entered

	sigterm()
	fmt.Println("new connections refused:", refused(url))
	close(release)
	fmt.Println("in-flight request:", <-response)
	fmt.Println("serve returned:", <-done)
	// Output:
	// new connections refused: true
	// in-flight request: 200 order saved
	// serve returned: <nil>
}

func TestRequestsStillRunningAtTheDeadlineAreCancelled(t *testing.T) {
	ctx, sigterm := context.WithCancel(context.Background())
	entered := make(chan struct{})
	handlerSawCancel := make(chan bool, 1)
	url, done := start(ctx, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		select {
		case <-r.Context().Done(): // what a handler watches to stop early
			handlerSawCancel <- true
		case <-time.After(10 * time.Second):
			handlerSawCancel <- false
		}
	}, 50*time.Millisecond)

	go get(url)
	<-entered
	sigterm()
	err := <-done
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Serve = %v, want an error wrapping context.DeadlineExceeded", err)
	}
	if !<-handlerSawCancel {
		t.Fatal("the handler still running at the deadline never saw its context cancelled")
	}
}

func TestServeWaitsForEveryInFlightRequest(t *testing.T) {
	ctx, sigterm := context.WithCancel(context.Background())
	const requests = 5
	entered, release := make(chan struct{}, requests), make(chan struct{})
	url, done := start(ctx, func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		fmt.Fprint(w, "ok")
	}, 10*time.Second)

	responses := make(chan string, requests)
	for range requests {
		go func() { responses <- get(url) }()
	}
	for range requests {
		<-entered
	}
	sigterm()
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v while %d requests were still running", err, requests)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Serve = %v, want nil", err)
	}
	for range requests {
		if got := <-responses; got != "200 ok" {
			t.Fatalf("in-flight response = %q, want \"200 ok\"", got)
		}
	}
}

func TestAServerThatCannotServeFailsWithoutASignal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close() // Serve will fail at once on a closed listener
	err = shutdown.Serve(context.Background(), &http.Server{}, ln, time.Second)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve on a closed listener = %v, want the accept error", err)
	}
}
