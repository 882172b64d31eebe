// Package boot shows P015: the composition root starts each component after
// the ones it needs, stops them in reverse order, and when a start fails it
// stops exactly what had already started.
package boot

import (
	"context"
	"errors"
	"fmt"
)

// Trace records lifecycle steps in order. A step named in Fail returns that
// error; After, if set, runs after each step that succeeded.
type Trace struct {
	Events []string
	Fail   map[string]error
	After  func(step string)
}

// Step records one step. A cancelled context stops startup at the next step.
func (t *Trace) Step(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err, ok := t.Fail[name]; ok {
		t.Events = append(t.Events, name+": failed")
		return err
	}
	t.Events = append(t.Events, name)
	if t.After != nil {
		t.After(name)
	}
	return nil
}

// Stack holds the stop functions of the components that have started.
type Stack struct {
	stops []func(context.Context) error
}

// Push adds the stop function of a component that has just started.
func (s *Stack) Push(stop func(context.Context) error) { s.stops = append(s.stops, stop) }

// Close calls every stop function, newest first. It carries on after a
// failure and returns all the failures joined.
func (s *Stack) Close(ctx context.Context) error {
	var errs []error
	for i := len(s.stops) - 1; i >= 0; i-- {
		errs = append(errs, s.stops[i](ctx))
	}
	s.stops = nil
	return errors.Join(errs...)
}

// Database stands for a connection pool.
type Database struct {
	trace     *Trace
	connected bool
}

// OpenDatabase connects; it needs nothing else.
func OpenDatabase(ctx context.Context, trace *Trace) (*Database, error) {
	if err := trace.Step(ctx, "start database"); err != nil {
		return nil, err
	}
	return &Database{trace: trace, connected: true}, nil
}

// Query fails if the database is not connected, so a wrong order shows at once.
func (d *Database) Query(q string) (string, error) {
	if !d.connected {
		return "", fmt.Errorf("database not connected: %s", q)
	}
	return "rows for " + q, nil
}

// Close disconnects.
func (d *Database) Close(ctx context.Context) error {
	d.connected = false
	return d.trace.Step(ctx, "stop database")
}

// Cache warms itself from the database and writes back to it when it stops.
type Cache struct {
	db      *Database
	trace   *Trace
	entries []string
}

// StartCache needs a connected database.
func StartCache(ctx context.Context, db *Database, trace *Trace) (*Cache, error) {
	rows, err := db.Query("popular products")
	if err != nil {
		return nil, err
	}
	if err := trace.Step(ctx, "start cache"); err != nil {
		return nil, err
	}
	return &Cache{db: db, trace: trace, entries: []string{rows}}, nil
}

// Close saves counters, which needs the database still connected.
func (c *Cache) Close(ctx context.Context) error {
	if _, err := c.db.Query("save hit counters"); err != nil {
		return err
	}
	return c.trace.Step(ctx, "stop cache")
}

// Server serves requests from the cache and the database.
type Server struct {
	db    *Database
	cache *Cache
	trace *Trace
}

// Listen needs a connected database and a warm cache.
func Listen(ctx context.Context, db *Database, cache *Cache, trace *Trace) (*Server, error) {
	if err := trace.Step(ctx, "start server"); err != nil {
		return nil, err
	}
	return &Server{db: db, cache: cache, trace: trace}, nil
}

// Handle answers one request.
func (s *Server) Handle(path string) (string, error) {
	stock, err := s.db.Query("stock")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %s, %s", path, s.cache.entries[0], stock), nil
}

// Shutdown stops taking requests; it runs first, while everything it uses is up.
func (s *Server) Shutdown(ctx context.Context) error { return s.trace.Step(ctx, "stop server") }

// App is the running service.
type App struct {
	Server *Server
	stack  Stack
}

// Start is the composition root: database, then cache, then server. Each is
// handed the components it needs, already running, so the order is written
// once, here. If a step fails, the components started so far are stopped,
// newest first, and their stop errors are joined to the start error.
func Start(ctx context.Context, trace *Trace) (app *App, err error) {
	var stack Stack
	defer func() {
		if err != nil {
			// ctx may be the reason we are failing (cancelled, deadline passed):
			// stopping still needs a context that is not done.
			err = errors.Join(err, stack.Close(context.WithoutCancel(ctx)))
		}
	}()

	db, err := OpenDatabase(ctx, trace)
	if err != nil {
		return nil, fmt.Errorf("start database: %w", err)
	}
	stack.Push(db.Close)

	cache, err := StartCache(ctx, db, trace)
	if err != nil {
		return nil, fmt.Errorf("start cache: %w", err)
	}
	stack.Push(cache.Close)

	server, err := Listen(ctx, db, cache, trace)
	if err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	stack.Push(server.Shutdown)

	return &App{Server: server, stack: stack}, nil
}

// Stop stops the server, then the cache, then the database.
func (a *App) Stop(ctx context.Context) error { return a.stack.Close(ctx) }
