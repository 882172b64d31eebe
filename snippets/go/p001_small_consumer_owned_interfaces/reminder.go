// Package reminder is the consumer side of P001. It declares, here, the small
// interfaces it needs and does not import the customers package: any type with
// the right methods satisfies EmailLookup, and the compiler checks that where
// the job is wired.
package reminder

import (
	"context"
	"errors"
	"fmt"
)

// EmailLookup is what the job needs from a customer store: one method.
type EmailLookup interface {
	EmailOf(ctx context.Context, customerID string) (string, error)
}

// Sender is what the job needs from a mail system: one method.
type Sender interface {
	Send(ctx context.Context, to, subject string) error
}

// notFound is the behaviour the job looks for in a lookup error. It is
// declared here too, so the job recognises "no such customer" from any store
// without importing the package that defines the error type.
type notFound interface{ NotFound() bool }

func isNotFound(err error) bool {
	var nf notFound
	return errors.As(err, &nf) && nf.NotFound()
}

// Invoice is the part of an invoice the job reads.
type Invoice struct {
	Number      string
	CustomerID  string
	DaysOverdue int
}

// Report lists the invoices reminded and the ones skipped, with the reason.
type Report struct {
	Sent    []string
	Skipped []string
}

// Job sends one reminder for each invoice overdue by afterDays or more.
type Job struct {
	emails    EmailLookup
	mail      Sender
	afterDays int
}

// New returns a Job that reads addresses from emails and sends through mail.
func New(emails EmailLookup, mail Sender, afterDays int) *Job {
	return &Job{emails: emails, mail: mail, afterDays: afterDays}
}

// Run reminds the customer of every invoice that is due. A customer the
// lookup reports as not found is skipped and listed; any other error stops
// the run, because it says the store or the mail system is failing.
func (j *Job) Run(ctx context.Context, invoices []Invoice) (Report, error) {
	var report Report
	for _, inv := range invoices {
		if inv.DaysOverdue < j.afterDays {
			continue
		}
		addr, err := j.emails.EmailOf(ctx, inv.CustomerID)
		if isNotFound(err) {
			report.Skipped = append(report.Skipped, fmt.Sprintf("%s: %v", inv.Number, err))
			continue
		}
		if err != nil {
			return report, fmt.Errorf("remind %s: %w", inv.Number, err)
		}
		subject := fmt.Sprintf("Invoice %s is %d days overdue", inv.Number, inv.DaysOverdue)
		if err := j.mail.Send(ctx, addr, subject); err != nil {
			return report, fmt.Errorf("remind %s: %w", inv.Number, err)
		}
		report.Sent = append(report.Sent, inv.Number)
	}
	return report, nil
}
