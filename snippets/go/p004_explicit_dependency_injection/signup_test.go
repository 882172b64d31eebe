package signup_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	signup "example.com/patterns/p004_explicit_dependency_injection"
)

func Example() {
	ctx := context.Background()
	app, err := signup.Build(signup.Config{DatabaseURL: "memory://users", SMTPHost: "smtp.example.com"}, os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(app.Signup.Post(ctx, "ada@example.com"))
	fmt.Println(app.Signup.Post(ctx, "ada@example.com"))
	fmt.Println("close:", app.Close())

	// Wiring fails at startup and closes what it had opened.
	_, err = signup.Build(signup.Config{DatabaseURL: "memory://users", SMTPHost: "smtp.invalid"}, os.Stdout)
	fmt.Println(err)
	// Output:
	// 201 user 1 created
	// 409 signup rejected: ada@example.com is already registered
	// closed mailer smtp.example.com
	// closed database memory://users
	// close: <nil>
	// closed database memory://users
	// build: cannot reach SMTP host smtp.invalid
}

// The fakes a test writes. The test builds only what it checks; no Build.
type memoryUsers map[string]int

func (m memoryUsers) Add(ctx context.Context, email string) (int, error) {
	m[email] = len(m) + 1
	return m[email], nil
}

func (m memoryUsers) Exists(ctx context.Context, email string) (bool, error) {
	_, ok := m[email]
	return ok, nil
}

type recordingMailer struct {
	sent []string
	err  error
}

func (r *recordingMailer) Send(ctx context.Context, to, subject string) error {
	if r.err != nil {
		return r.err
	}
	r.sent = append(r.sent, to+": "+subject)
	return nil
}

func TestServiceBuiltFromFakes(t *testing.T) {
	users, mail := memoryUsers{"old@example.com": 1}, &recordingMailer{}
	svc, err := signup.NewService(users, mail)
	if err != nil {
		t.Fatal(err)
	}
	id, err := svc.Signup(context.Background(), "new@example.com")
	if id != 2 || err != nil {
		t.Fatalf("Signup = %d, %v", id, err)
	}
	if len(mail.sent) != 1 || mail.sent[0] != "new@example.com: Welcome aboard" {
		t.Fatalf("sent %v", mail.sent)
	}
}

func TestRejectedSignupsStoreAndSendNothing(t *testing.T) {
	users, mail := memoryUsers{"ada@example.com": 1}, &recordingMailer{}
	svc, _ := signup.NewService(users, mail)
	h := signup.NewHandler(svc)
	for _, email := range []string{"ada@example.com", "not-an-address"} {
		if status, body := h.Post(context.Background(), email); status != 409 {
			t.Errorf("Post(%q) = %d %s, want 409", email, status, body)
		}
	}
	if len(users) != 1 || len(mail.sent) != 0 {
		t.Fatalf("a rejected signup had effects: users=%v sent=%v", users, mail.sent)
	}
}

func TestAFailingDependencyIsA500(t *testing.T) {
	svc, _ := signup.NewService(memoryUsers{}, &recordingMailer{err: errors.New("smtp down")})
	if status, body := signup.NewHandler(svc).Post(context.Background(), "a@example.com"); status != 500 {
		t.Fatalf("Post = %d %s, want 500", status, body)
	}
}

func TestMissingDependenciesAreRejectedAtConstruction(t *testing.T) {
	if _, err := signup.NewService(nil, &recordingMailer{}); err == nil {
		t.Error("NewService accepted a nil UserStore")
	}
	if _, err := signup.NewService(memoryUsers{}, nil); err == nil {
		t.Error("NewService accepted a nil Mailer")
	}
}

func TestBuildValidatesConfigBeforeOpeningAnything(t *testing.T) {
	var log bytes.Buffer
	for _, cfg := range []signup.Config{{SMTPHost: "smtp.example.com"}, {DatabaseURL: "memory://x"}} {
		if app, err := signup.Build(cfg, &log); app != nil || err == nil {
			t.Errorf("Build(%+v) = %v, %v", cfg, app, err)
		}
	}
	if log.Len() != 0 {
		t.Fatalf("something was opened and closed: %q", log.String())
	}
}

func TestEachBuildIsIndependent(t *testing.T) {
	var log bytes.Buffer
	cfg := signup.Config{DatabaseURL: "memory://x", SMTPHost: "smtp.example.com"}
	a, _ := signup.Build(cfg, &log)
	b, _ := signup.Build(cfg, &log)
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	for _, app := range []*signup.App{a, b} {
		if status, body := app.Signup.Post(ctx, "ada@example.com"); status != 201 {
			t.Fatalf("second app saw the first one's user: %d %s", status, body)
		}
	}
}

func TestCloseClosesEachResourceOnce(t *testing.T) {
	var log bytes.Buffer
	app, _ := signup.Build(signup.Config{DatabaseURL: "memory://x", SMTPHost: "smtp.example.com"}, &log)
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	if err := app.Close(); err != nil || log.String() != "closed mailer smtp.example.com\nclosed database memory://x\n" {
		t.Fatalf("a second Close must not close again: %v, %q", err, log.String())
	}
}
