// Package signup shows P004: each type receives its dependencies through its
// constructor, and one function, Build, wires the whole application from its
// configuration. There are no package-level instances and no registry.
package signup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// UserStore is what the service needs from storage.
type UserStore interface {
	Add(ctx context.Context, email string) (int, error)
	Exists(ctx context.Context, email string) (bool, error)
}

// Mailer is what the service needs from a mail system.
type Mailer interface {
	Send(ctx context.Context, to, subject string) error
}

// ErrRejected marks a signup refused because of its input, not a failure.
var ErrRejected = errors.New("signup rejected")

// Service registers users and welcomes them.
type Service struct {
	users UserStore
	mail  Mailer
}

// NewService returns a Service, or an error if a dependency is missing, so a
// wiring mistake stops the program at startup instead of at the first request.
func NewService(users UserStore, mail Mailer) (*Service, error) {
	if users == nil || mail == nil {
		return nil, errors.New("signup: NewService needs a UserStore and a Mailer")
	}
	return &Service{users: users, mail: mail}, nil
}

// Signup stores a new user and sends the welcome mail.
func (s *Service) Signup(ctx context.Context, email string) (int, error) {
	if !strings.Contains(email, "@") {
		return 0, fmt.Errorf("%w: %q is not an email address", ErrRejected, email)
	}
	exists, err := s.users.Exists(ctx, email)
	if err != nil {
		return 0, fmt.Errorf("signup %s: %w", email, err)
	}
	if exists {
		return 0, fmt.Errorf("%w: %s is already registered", ErrRejected, email)
	}
	id, err := s.users.Add(ctx, email)
	if err != nil {
		return 0, fmt.Errorf("signup %s: %w", email, err)
	}
	if err := s.mail.Send(ctx, email, "Welcome aboard"); err != nil {
		return 0, fmt.Errorf("signup %s: welcome mail: %w", email, err)
	}
	return id, nil
}

// Handler is the HTTP edge, reduced to a method that returns a status and a body.
type Handler struct{ svc *Service }

// NewHandler returns a Handler that calls svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Post handles one signup request.
func (h *Handler) Post(ctx context.Context, email string) (int, string) {
	id, err := h.svc.Signup(ctx, email)
	switch {
	case errors.Is(err, ErrRejected):
		return 409, err.Error()
	case err != nil:
		return 500, "internal error"
	}
	return 201, fmt.Sprintf("user %d created", id)
}

// Database stands in for a connection pool: opened once, closed once.
type Database struct {
	url   string
	log   io.Writer
	mu    sync.Mutex
	users map[string]int
}

// OpenDatabase opens the database at url; log receives its lifecycle messages.
func OpenDatabase(url string, log io.Writer) (*Database, error) {
	return &Database{url: url, log: log, users: make(map[string]int)}, nil
}

// Close releases the database.
func (d *Database) Close() error {
	fmt.Fprintf(d.log, "closed database %s\n", d.url)
	return nil
}

// Repository keeps users in the Database it is given.
type Repository struct{ db *Database }

// NewRepository returns a Repository over db.
func NewRepository(db *Database) *Repository { return &Repository{db: db} }

// Add stores email and returns its new ID.
func (r *Repository) Add(ctx context.Context, email string) (int, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	r.db.users[email] = len(r.db.users) + 1
	return r.db.users[email], nil
}

// Exists reports whether email is stored.
func (r *Repository) Exists(ctx context.Context, email string) (bool, error) {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	_, ok := r.db.users[email]
	return ok, nil
}

// SMTPMailer stands in for an SMTP connection; it records what it sends.
type SMTPMailer struct {
	host string
	log  io.Writer
	mu   sync.Mutex
	sent []string
}

// DialSMTP connects to host. A host under .invalid cannot be reached.
func DialSMTP(host string, log io.Writer) (*SMTPMailer, error) {
	if strings.HasSuffix(host, ".invalid") {
		return nil, fmt.Errorf("cannot reach SMTP host %s", host)
	}
	return &SMTPMailer{host: host, log: log}, nil
}

// Send records one message.
func (m *SMTPMailer) Send(ctx context.Context, to, subject string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to)
	return nil
}

// Close releases the connection.
func (m *SMTPMailer) Close() error {
	fmt.Fprintf(m.log, "closed mailer %s\n", m.host)
	return nil
}

// Config is everything Build needs to know about the environment.
type Config struct {
	DatabaseURL string
	SMTPHost    string
}

// App is what the server needs from the wiring, plus the means to close it.
type App struct {
	Signup  *Handler
	closers []func() error
}

// Build is the composition root: the one function that knows the concrete
// types. It builds each dependency before the things that use it, and if any
// step fails it closes, in reverse order, what it had already opened.
func Build(cfg Config, log io.Writer) (*App, error) {
	if cfg.DatabaseURL == "" || cfg.SMTPHost == "" {
		return nil, errors.New("build: DatabaseURL and SMTPHost are required")
	}
	app := &App{}
	fail := func(err error) (*App, error) {
		return nil, errors.Join(fmt.Errorf("build: %w", err), app.Close())
	}

	db, err := OpenDatabase(cfg.DatabaseURL, log)
	if err != nil {
		return fail(err)
	}
	app.closers = append(app.closers, db.Close)

	mailer, err := DialSMTP(cfg.SMTPHost, log)
	if err != nil {
		return fail(err)
	}
	app.closers = append(app.closers, mailer.Close)

	svc, err := NewService(NewRepository(db), mailer)
	if err != nil {
		return fail(err)
	}
	app.Signup = NewHandler(svc)
	return app, nil
}

// Close closes every resource in the reverse order of opening and reports
// all the errors, not only the first.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	return errors.Join(errs...)
}
