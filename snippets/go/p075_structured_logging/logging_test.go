package logfields_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	logfields "example.com/patterns/p075_structured_logging"
)

func Example() {
	log := logfields.NewLogger(os.Stdout, logfields.Options{Level: slog.LevelInfo, OmitTime: true})
	requestLog := log.With("request_id", "req-81") // bound once, on every line below

	order := logfields.Order{ID: "o-17", Customer: "ada@example.com", Items: 2}
	logfields.ProcessOrder(context.Background(), requestLog, order, 1250*time.Millisecond)
	requestLog.Debug("cache lookup", "key", "o-17") // below the level: not written
	requestLog.Error("charge failed", "order_id", "o-18", "error", errors.New("payments did not answer in 2s"))
	// Output:
	// {"level":"INFO","msg":"order processed","request_id":"req-81","order_id":"o-17","customer":"a***@example.com","items":2,"duration_ms":1250}
	// {"level":"ERROR","msg":"charge failed","request_id":"req-81","order_id":"o-18","error":"payments did not answer in 2s"}
}

func TestEveryLineIsAJSONObjectWithTypedValues(t *testing.T) {
	var buf bytes.Buffer
	log := logfields.NewLogger(&buf, logfields.Options{Level: slog.LevelInfo})
	logfields.ProcessOrder(context.Background(), log, logfields.Order{ID: "o-1", Items: 3}, 2*time.Second)
	log.Info("second line\nwith a newline")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %q", len(lines), buf.String())
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
		t.Fatal(err)
	}
	if entry["items"] != 3.0 || entry["duration_ms"] != 2000.0 {
		t.Fatalf("numbers should stay numbers: %v", entry)
	}
	if _, ok := entry["time"]; !ok {
		t.Fatal("time must be present unless OmitTime is set")
	}
}

func TestOmitTimeDropsOnlyTheTopLevelTime(t *testing.T) {
	var buf bytes.Buffer
	log := logfields.NewLogger(&buf, logfields.Options{OmitTime: true})
	log.Info("scheduled", slog.Group("job", slog.String("time", "02:00")))
	want := `{"level":"INFO","msg":"scheduled","job":{"time":"02:00"}}` + "\n"
	if buf.String() != want {
		t.Fatalf("got %s want %s", buf.String(), want)
	}
}

func TestEmailIsRedacted(t *testing.T) {
	cases := map[logfields.Email]string{
		"ada@example.com": "a***@example.com",
		"not-an-email":    "***",
		"@example.com":    "***",
	}
	for email, want := range cases {
		if got := email.LogValue().String(); got != want {
			t.Errorf("%q logged as %q, want %q", email, got, want)
		}
	}
}
