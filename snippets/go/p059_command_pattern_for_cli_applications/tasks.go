// Package tasks shows P059: every command of a CLI is a value with the same
// small interface, and one function parses, runs and turns the outcome into an
// exit status. Nothing writes to os.Stdout or calls os.Exit, so tests call Run
// with argument lists.
package tasks

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Task is one item of the list.
type Task struct {
	ID       int
	Title    string
	Priority int
	Done     bool
}

// ErrNotFound is returned for an ID that is not in the store.
var ErrNotFound = errors.New("no such task")

// Store keeps tasks in memory; a real one would be a file or a database.
type Store struct{ tasks []*Task }

// Add appends a task and returns it.
func (s *Store) Add(title string, priority int) *Task {
	t := &Task{ID: len(s.tasks) + 1, Title: title, Priority: priority}
	s.tasks = append(s.tasks, t)
	return t
}

// List returns tasks most urgent first, then oldest first.
func (s *Store) List(includeDone bool) []*Task {
	var out []*Task
	for _, t := range s.tasks {
		if includeDone || !t.Done {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *Task) int { return a.Priority - b.Priority })
	return out
}

// Complete marks a task done.
func (s *Store) Complete(id int) (*Task, error) {
	if id < 1 || id > len(s.tasks) {
		return nil, fmt.Errorf("task #%d: %w", id, ErrNotFound)
	}
	s.tasks[id-1].Done = true
	return s.tasks[id-1], nil
}

// Env is everything a command may touch.
type Env struct {
	Store    *Store
	Out, Err io.Writer
}

// Command is one CLI command. SetFlags binds flags to the command's own
// fields; Run gets the positional arguments that remain after the flags.
type Command interface {
	Name() string
	Synopsis() string
	ArgsUsage() string
	SetFlags(fs *flag.FlagSet)
	Run(ctx context.Context, env Env, args []string) error
}

// UsageError means the command was called wrongly: exit status 2, with usage.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

type addCmd struct{ priority int }

func (*addCmd) Name() string      { return "add" }
func (*addCmd) Synopsis() string  { return "Add a task to the list." }
func (*addCmd) ArgsUsage() string { return "[-priority N] TITLE" }
func (c *addCmd) SetFlags(fs *flag.FlagSet) {
	fs.IntVar(&c.priority, "priority", 2, "1 is most urgent, 3 least")
}
func (c *addCmd) Run(_ context.Context, env Env, args []string) error {
	if len(args) != 1 {
		return UsageError{"add takes exactly one TITLE"}
	}
	if c.priority < 1 || c.priority > 3 {
		return UsageError{fmt.Sprintf("-priority must be 1, 2 or 3, got %d", c.priority)}
	}
	title := strings.TrimSpace(args[0])
	if title == "" {
		return errors.New("a task needs a title")
	}
	t := env.Store.Add(title, c.priority)
	fmt.Fprintf(env.Out, "added #%d: %s\n", t.ID, t.Title)
	return nil
}

type listCmd struct{ all bool }

func (*listCmd) Name() string                { return "list" }
func (*listCmd) Synopsis() string            { return "Show open tasks, most urgent first." }
func (*listCmd) ArgsUsage() string           { return "[-all]" }
func (c *listCmd) SetFlags(fs *flag.FlagSet) { fs.BoolVar(&c.all, "all", false, "include done tasks") }
func (c *listCmd) Run(_ context.Context, env Env, args []string) error {
	if len(args) != 0 {
		return UsageError{"list takes no arguments"}
	}
	tasks := env.Store.List(c.all)
	for _, t := range tasks {
		mark := " "
		if t.Done {
			mark = "x"
		}
		fmt.Fprintf(env.Out, "[%s] #%d p%d %s\n", mark, t.ID, t.Priority, t.Title)
	}
	if len(tasks) == 0 {
		fmt.Fprintln(env.Out, "nothing to do")
	}
	return nil
}

type doneCmd struct{}

func (doneCmd) Name() string           { return "done" }
func (doneCmd) Synopsis() string       { return "Mark a task as done." }
func (doneCmd) ArgsUsage() string      { return "ID" }
func (doneCmd) SetFlags(*flag.FlagSet) {}
func (doneCmd) Run(_ context.Context, env Env, args []string) error {
	if len(args) != 1 {
		return UsageError{"done takes exactly one ID"}
	}
	id, err := strconv.Atoi(args[0])
	if err != nil {
		return UsageError{fmt.Sprintf("ID must be a number, got %q", args[0])}
	}
	t, err := env.Store.Complete(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "done #%d: %s\n", t.ID, t.Title)
	return nil
}

// Commands returns fresh values, so flags set in one run never leak into the next.
// Adding a command is one type and one entry here.
func Commands() []Command { return []Command{&addCmd{}, &listCmd{}, doneCmd{}} }

func printUsage(w io.Writer, commands []Command) {
	fmt.Fprintln(w, "usage: tasks COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s%s\n", c.Name(), c.Synopsis())
	}
}

// Run is the whole program: it finds the command, parses its flags, runs it,
// and returns the exit status: 0 done, 1 failed, 2 misused.
func Run(ctx context.Context, commands []Command, args []string, env Env) int {
	if len(args) == 0 {
		printUsage(env.Err, commands)
		return 2
	}
	if name := args[0]; name == "help" || name == "-h" || name == "-help" || name == "--help" {
		printUsage(env.Out, commands)
		return 0
	}
	i := slices.IndexFunc(commands, func(c Command) bool { return c.Name() == args[0] })
	if i < 0 {
		fmt.Fprintf(env.Err, "tasks: unknown command %q\n", args[0])
		printUsage(env.Err, commands)
		return 2
	}
	cmd := commands[i]
	fs := flag.NewFlagSet("tasks "+cmd.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Run prints usage itself, to the right stream
	cmd.SetFlags(fs)
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: tasks %s %s\n%s\n", cmd.Name(), cmd.ArgsUsage(), cmd.Synopsis())
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(env.Out)
			return 0
		}
		fmt.Fprintf(env.Err, "tasks %s: %v\n", cmd.Name(), err)
		usage(env.Err)
		return 2
	}
	err := cmd.Run(ctx, env, fs.Args())
	var usageErr UsageError
	switch {
	case errors.As(err, &usageErr):
		fmt.Fprintf(env.Err, "tasks %s: %v\n", cmd.Name(), err)
		usage(env.Err)
		return 2
	case err != nil:
		fmt.Fprintf(env.Err, "tasks: error: %v\n", err)
		return 1
	}
	return 0
}
