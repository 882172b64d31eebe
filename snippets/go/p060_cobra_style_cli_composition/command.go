// Package opsctl shows P060: a CLI as a tree of commands, each built by its
// own constructor in its own file, with persistent flags accepted at every
// level. Cobra offers this shape; here it is about 120 lines of the standard
// flag package, one FlagSet per level.
package opsctl

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Context is what every Run receives, built once from the persistent flags.
type Context struct {
	Env     string
	DB      *Database
	Verbose bool
	Out     io.Writer
}

// Command is one node of the tree. A node with Run is a leaf; a node without
// Run is a group and needs a child command.
type Command struct {
	Name  string
	Short string
	Args  string                                  // positional arguments, for the usage line
	Flags func(fs *flag.FlagSet)                  // the node's own flags, bound to its variables
	Run   func(ctx *Context, args []string) error // nil for a group

	children []*Command
}

// Add attaches children and returns c, so a tree reads as one expression.
func (c *Command) Add(children ...*Command) *Command {
	c.children = append(c.children, children...)
	return c
}

// UsageError means the command was called wrongly: exit status 2, with usage.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// envValue is the --env flag: only known environments parse.
type envValue struct{ env *string }

func (v envValue) String() string {
	if v.env == nil {
		return ""
	}
	return *v.env
}

func (v envValue) Set(s string) error {
	if !slices.Contains(Environments, s) {
		return fmt.Errorf("must be one of %s", strings.Join(Environments, ", "))
	}
	*v.env = s
	return nil
}

// globals holds the persistent flags. bind adds them to the FlagSet of every
// level, all pointing at the same variables, so they may appear anywhere.
type globals struct {
	env     string
	verbose bool
}

func (g *globals) bind(fs *flag.FlagSet) {
	fs.Var(envValue{&g.env}, "env", "`ENV` to act on: "+strings.Join(Environments, ", "))
	fs.BoolVar(&g.verbose, "v", g.verbose, "say what is being done")
}

func (c *Command) usage(w io.Writer, path string, fs *flag.FlagSet) {
	line := "usage: " + path + " [flags]"
	if c.Run == nil {
		line += " COMMAND"
	} else if c.Args != "" {
		line += " " + c.Args
	}
	fmt.Fprintf(w, "%s\n\n%s\n", line, c.Short)
	if len(c.children) > 0 {
		fmt.Fprintln(w, "\ncommands:")
		for _, child := range c.children {
			fmt.Fprintf(w, "  %-10s%s\n", child.Name, child.Short)
		}
	}
	fmt.Fprintln(w, "\nflags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// Execute walks the tree along args, parsing each level's flags, then runs
// the leaf it reaches. It returns the exit status: 0 done, 1 failed, 2 misused.
func Execute(root *Command, args []string, dbs map[string]*Database, out, errOut io.Writer) int {
	g := &globals{env: "dev"}
	cmd, path := root, root.Name
	var fs *flag.FlagSet
	for {
		fs = flag.NewFlagSet(path, flag.ContinueOnError)
		fs.SetOutput(io.Discard) // usage is printed below, to the right stream
		g.bind(fs)
		if cmd.Flags != nil {
			cmd.Flags(fs)
		}
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				cmd.usage(out, path, fs)
				return 0
			}
			return misuse(errOut, cmd, path, fs, err)
		}
		args = fs.Args()
		if cmd.Run != nil {
			break // a leaf: what is left are its positional arguments
		}
		if len(args) == 0 {
			return misuse(errOut, cmd, path, fs, errors.New("missing command"))
		}
		i := slices.IndexFunc(cmd.children, func(c *Command) bool { return c.Name == args[0] })
		if i < 0 {
			return misuse(errOut, cmd, path, fs, fmt.Errorf("unknown command %q", args[0]))
		}
		cmd, path, args = cmd.children[i], path+" "+cmd.children[i].Name, args[1:]
	}
	// Cobra's PersistentPreRun: one place turns the global flags into the context.
	ctx := &Context{Env: g.env, DB: dbs[g.env], Verbose: g.verbose, Out: out}
	err := cmd.Run(ctx, args)
	var usageErr UsageError
	switch {
	case errors.As(err, &usageErr):
		return misuse(errOut, cmd, path, fs, err)
	case err != nil:
		fmt.Fprintf(errOut, "%s: error: %v\n", root.Name, err)
		return 1
	}
	return 0
}

func misuse(w io.Writer, cmd *Command, path string, fs *flag.FlagSet, err error) int {
	fmt.Fprintf(w, "%s: %v\n", path, err)
	cmd.usage(w, path, fs)
	return 2
}
