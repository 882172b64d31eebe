package reminder_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	reminder "example.com/patterns/p001_small_consumer_owned_interfaces"
	"example.com/patterns/p001_small_consumer_owned_interfaces/customers"
)

// The consumer states, in its own tests, that the provider's concrete type
// satisfies the consumer's interface. The provider never mentions it.
var _ reminder.EmailLookup = (*customers.Directory)(nil)

// outbox records what it would have sent: a Sender in four lines.
type outbox struct{ sent []string }

func (o *outbox) Send(ctx context.Context, to, subject string) error {
	o.sent = append(o.sent, to+": "+subject)
	return nil
}

func Example() {
	ctx := context.Background()
	dir := customers.NewDirectory()
	_ = dir.Add(ctx, "c-1", "Ada", "ada@example.com")
	_ = dir.Add(ctx, "c-2", "Grace", "grace@example.com")
	_ = dir.Deactivate(ctx, "c-2")

	mail := &outbox{}
	job := reminder.New(dir, mail, 14)
	report, err := job.Run(ctx, []reminder.Invoice{
		{Number: "INV-7", CustomerID: "c-1", DaysOverdue: 30},
		{Number: "INV-8", CustomerID: "c-2", DaysOverdue: 20},
		{Number: "INV-9", CustomerID: "c-1", DaysOverdue: 3},
	})
	fmt.Println("sent:", report.Sent, "error:", err)
	fmt.Println("skipped:", report.Skipped)
	fmt.Println(mail.sent)
	// Output:
	// sent: [INV-7] error: <nil>
	// skipped: [INV-8: no active customer "c-2"]
	// [ada@example.com: Invoice INV-7 is 30 days overdue]
}

// staticEmails is the fake a test writes: a map type with one method.
type staticEmails map[string]string

func (s staticEmails) EmailOf(ctx context.Context, id string) (string, error) {
	if addr, ok := s[id]; ok {
		return addr, nil
	}
	return "", missing(id)
}

// missing is the fake's own not-found error; the job recognises it by its
// NotFound method, exactly as it recognises the directory's.
type missing string

func (m missing) Error() string  { return fmt.Sprintf("unknown customer %q", string(m)) }
func (m missing) NotFound() bool { return true }

func TestAOneMethodFakeIsEnough(t *testing.T) {
	mail := &outbox{}
	report, err := reminder.New(staticEmails{"c-1": "ada@example.com"}, mail, 10).Run(
		context.Background(),
		[]reminder.Invoice{
			{Number: "INV-1", CustomerID: "c-1", DaysOverdue: 9},
			{Number: "INV-2", CustomerID: "c-1", DaysOverdue: 10},
			{Number: "INV-3", CustomerID: "c-2", DaysOverdue: 40},
			{Number: "INV-4", CustomerID: "c-1", DaysOverdue: 40},
		})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"INV-2", "INV-4"}; !reflect.DeepEqual(report.Sent, want) {
		t.Errorf("sent %v, want %v", report.Sent, want)
	}
	if want := []string{`INV-3: unknown customer "c-2"`}; !reflect.DeepEqual(report.Skipped, want) {
		t.Errorf("skipped %v, want %v", report.Skipped, want)
	}
	if len(mail.sent) != 2 {
		t.Errorf("sent %d messages, want 2", len(mail.sent))
	}
}

type failingLookup struct{ err error }

func (f failingLookup) EmailOf(ctx context.Context, id string) (string, error) { return "", f.err }

func TestOtherLookupErrorsStopTheRun(t *testing.T) {
	down := errors.New("directory unavailable")
	mail := &outbox{}
	report, err := reminder.New(failingLookup{down}, mail, 1).Run(context.Background(),
		[]reminder.Invoice{{Number: "INV-1", CustomerID: "c-1", DaysOverdue: 5}})
	if !errors.Is(err, down) {
		t.Fatalf("err = %v, want it to wrap %v", err, down)
	}
	if len(report.Skipped) != 0 || len(mail.sent) != 0 {
		t.Fatalf("a failing store must not look like a missing customer: %+v", report)
	}
}

type failingSender struct{}

func (failingSender) Send(ctx context.Context, to, subject string) error {
	return errors.New("smtp: connection refused")
}

func TestASendFailureStopsTheRun(t *testing.T) {
	_, err := reminder.New(staticEmails{"c-1": "a@example.com"}, failingSender{}, 1).Run(
		context.Background(), []reminder.Invoice{{Number: "INV-1", CustomerID: "c-1", DaysOverdue: 5}})
	if err == nil || err.Error() != "remind INV-1: smtp: connection refused" {
		t.Fatalf("err = %v", err)
	}
}

func TestTheDirectoryServesOtherConsumersToo(t *testing.T) {
	ctx := context.Background()
	dir := customers.NewDirectory()
	if err := dir.Add(ctx, "c-1", "Ada", "old@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := dir.Add(ctx, "c-1", "Ada", "old@example.com"); err == nil {
		t.Fatal("adding a customer twice succeeded")
	}
	_ = dir.Add(ctx, "c-2", "Grace", "grace@example.com")
	_ = dir.Rename(ctx, "c-1", "Ada L.")
	_ = dir.ChangeEmail(ctx, "c-1", "ada@example.com")
	_ = dir.Deactivate(ctx, "c-2")
	if got := dir.ActiveIDs(ctx); !reflect.DeepEqual(got, []string{"c-1"}) {
		t.Errorf("active = %v", got)
	}
	if addr, err := dir.EmailOf(ctx, "c-1"); addr != "ada@example.com" || err != nil {
		t.Errorf("EmailOf(c-1) = %q, %v", addr, err)
	}
	var nf *customers.NotFoundError
	if err := dir.Rename(ctx, "c-9", "x"); !errors.As(err, &nf) || nf.ID != "c-9" {
		t.Errorf("Rename of a missing customer: %v", err)
	}
}
