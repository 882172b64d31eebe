package tasks_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"

	tasks "example.com/patterns/p059_command_pattern_for_cli_applications"
)

// result is what one invocation of the CLI produced.
type result struct {
	status   int
	out, err string
}

func run(store *tasks.Store, commands []tasks.Command, args ...string) result {
	var out, errOut bytes.Buffer
	status := tasks.Run(context.Background(), commands, args, tasks.Env{Store: store, Out: &out, Err: &errOut})
	return result{status, out.String(), errOut.String()}
}

func Example() {
	store := &tasks.Store{}
	for _, args := range [][]string{
		{"add", "-priority", "1", "Write the release notes"},
		{"add", "Water the plants"},
		{"done", "2"},
		{"list", "-all"},
		{"done", "9"},
		{"done", "two"},
		{"help"},
	} {
		r := run(store, tasks.Commands(), args...)
		fmt.Printf("$ tasks %s\n%s%s[exit %d]\n", strings.Join(args, " "), r.out, r.err, r.status)
	}
	// Output:
	// $ tasks add -priority 1 Write the release notes
	// added #1: Write the release notes
	// [exit 0]
	// $ tasks add Water the plants
	// added #2: Water the plants
	// [exit 0]
	// $ tasks done 2
	// done #2: Water the plants
	// [exit 0]
	// $ tasks list -all
	// [ ] #1 p1 Write the release notes
	// [x] #2 p2 Water the plants
	// [exit 0]
	// $ tasks done 9
	// tasks: error: task #9: no such task
	// [exit 1]
	// $ tasks done two
	// tasks done: ID must be a number, got "two"
	// usage: tasks done ID
	// Mark a task as done.
	// [exit 2]
	// $ tasks help
	// usage: tasks COMMAND [flags] [args]
	//
	// commands:
	//   add     Add a task to the list.
	//   list    Show open tasks, most urgent first.
	//   done    Mark a task as done.
	// [exit 0]
}

func TestMisuseExitsTwoWithUsageOnStderr(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage: tasks COMMAND"},
		{"unknown command", []string{"remove", "1"}, `unknown command "remove"`},
		{"unknown flag", []string{"list", "-everything"}, "flag provided but not defined: -everything"},
		{"bad flag value", []string{"add", "-priority", "high", "x"}, `invalid value "high" for flag -priority`},
		{"priority out of range", []string{"add", "-priority", "7", "x"}, "-priority must be 1, 2 or 3, got 7"},
		{"missing title", []string{"add"}, "add takes exactly one TITLE"},
		{"flag after the title", []string{"add", "x", "-priority", "1"}, "add takes exactly one TITLE"},
		{"extra argument", []string{"list", "now"}, "list takes no arguments"},
		{"missing id", []string{"done"}, "done takes exactly one ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := &tasks.Store{}
			r := run(store, tasks.Commands(), tc.args...)
			if r.status != 2 || r.out != "" {
				t.Fatalf("status %d, stdout %q; want 2 and nothing on stdout", r.status, r.out)
			}
			if !strings.Contains(r.err, tc.want) || !strings.Contains(r.err, "usage: tasks") {
				t.Fatalf("stderr %q lacks %q or the usage", r.err, tc.want)
			}
			if len(store.List(true)) != 0 {
				t.Fatal("a misused command changed the store")
			}
		})
	}
}

func TestFailuresExitOneWithOneLine(t *testing.T) {
	for _, args := range [][]string{{"done", "3"}, {"add", "   "}} {
		r := run(&tasks.Store{}, tasks.Commands(), args...)
		if r.status != 1 || r.out != "" || strings.Count(r.err, "\n") != 1 || !strings.HasPrefix(r.err, "tasks: error: ") {
			t.Errorf("%v: got %+v", args, r)
		}
	}
}

func TestHelpGoesToStdoutAndExitsZero(t *testing.T) {
	r := run(&tasks.Store{}, tasks.Commands(), "add", "-h")
	want := "usage: tasks add [-priority N] TITLE\nAdd a task to the list.\n" +
		"  -priority int\n    \t1 is most urgent, 3 least (default 2)\n"
	if r.status != 0 || r.out != want || r.err != "" {
		t.Fatalf("got %+v, want stdout %q", r, want)
	}
}

func TestListOrdersByPriorityThenAge(t *testing.T) {
	store := &tasks.Store{}
	for _, args := range [][]string{{"add", "-priority", "3", "c"}, {"add", "a"}, {"add", "-priority", "1", "b"}, {"add", "d"}} {
		run(store, tasks.Commands(), args...)
	}
	run(store, tasks.Commands(), "done", "4")
	if r := run(store, tasks.Commands(), "list"); r.out != "[ ] #3 p1 b\n[ ] #2 p2 a\n[ ] #1 p3 c\n" {
		t.Fatalf("list = %q", r.out)
	}
	if r := run(&tasks.Store{}, tasks.Commands(), "list"); r.out != "nothing to do\n" {
		t.Fatalf("empty list = %q", r.out)
	}
}

func TestFlagsDoNotLeakBetweenRuns(t *testing.T) {
	store := &tasks.Store{}
	run(store, tasks.Commands(), "add", "-priority", "1", "urgent")
	run(store, tasks.Commands(), "add", "normal")
	if got := store.List(false)[1].Priority; got != 2 {
		t.Fatalf("second task priority = %d, want the default 2", got)
	}
}

// countCmd is a command added by a test, with no change to Run.
type countCmd struct{}

func (countCmd) Name() string           { return "count" }
func (countCmd) Synopsis() string       { return "Count open tasks." }
func (countCmd) ArgsUsage() string      { return "" }
func (countCmd) SetFlags(*flag.FlagSet) {}
func (countCmd) Run(_ context.Context, env tasks.Env, _ []string) error {
	_, err := fmt.Fprintln(env.Out, len(env.Store.List(false)))
	return err
}

func TestAddingACommandIsOneValue(t *testing.T) {
	commands := append(tasks.Commands(), countCmd{})
	store := &tasks.Store{}
	run(store, commands, "add", "x")
	if r := run(store, commands, "count"); r.status != 0 || r.out != "1\n" {
		t.Fatalf("count: %+v", r)
	}
	if r := run(store, commands, "help"); !strings.Contains(r.out, "count   Count open tasks.") {
		t.Fatalf("help lacks count: %q", r.out)
	}
}
