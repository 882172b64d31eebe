package opsctl_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	opsctl "example.com/patterns/p060_cobra_style_cli_composition"
)

type result struct {
	status   int
	out, err string
}

// ops runs the CLI against one set of databases, with a fresh tree each time.
type ops struct{ dbs map[string]*opsctl.Database }

func newOps() *ops { return &ops{dbs: opsctl.NewDatabases()} }

func (o *ops) run(args ...string) result {
	var out, errOut bytes.Buffer
	status := opsctl.Execute(opsctl.NewRoot(), args, o.dbs, &out, &errOut)
	return result{status, out.String(), errOut.String()}
}

func Example() {
	o := newOps()
	for _, line := range []string{
		"db status",
		"-v db migrate -to 2",
		"db -env prod migrate -dry-run",
		"db migrate -env prod",
		"user add -admin -v Ada@Example.com",
		"user add bob",
		"db -h",
	} {
		r := o.run(strings.Fields(line)...)
		fmt.Printf("$ opsctl %s\n%s%s[exit %d]\n", line, r.out, r.err, r.status)
	}
	// Output:
	// $ opsctl db status
	// dev: schema at version 0 of 3
	// [exit 0]
	// $ opsctl -v db migrate -to 2
	// applying 1: create users table
	// applying 2: add email index
	// dev: schema at version 2 of 3
	// [exit 0]
	// $ opsctl db -env prod migrate -dry-run
	// prod: would apply 1, 2, 3
	// [exit 0]
	// $ opsctl db migrate -env prod
	// opsctl: error: refusing to change prod without -yes
	// [exit 1]
	// $ opsctl user add -admin -v Ada@Example.com
	// dev: added admin ada@example.com
	// [exit 0]
	// $ opsctl user add bob
	// opsctl user add: want one EMAIL, got ["bob"]
	// usage: opsctl user add [flags] EMAIL
	//
	// Create a user.
	//
	// flags:
	//   -admin
	//     	give the user admin rights
	//   -env ENV
	//     	ENV to act on: dev, staging, prod (default dev)
	//   -v	say what is being done
	// [exit 2]
	// $ opsctl db -h
	// usage: opsctl db [flags] COMMAND
	//
	// Inspect and migrate the database schema.
	//
	// commands:
	//   status    Show the schema version.
	//   migrate   Apply pending migrations in order.
	//
	// flags:
	//   -env ENV
	//     	ENV to act on: dev, staging, prod (default dev)
	//   -v	say what is being done
	// [exit 0]
}

func TestGlobalFlagsWorkAtEveryLevel(t *testing.T) {
	for _, args := range [][]string{
		{"-env", "staging", "-v", "db", "migrate", "-to", "1"},
		{"db", "-env", "staging", "-v", "migrate", "-to", "1"},
		{"db", "migrate", "-env", "staging", "-v", "-to", "1"},
		{"-env", "prod", "db", "migrate", "-env", "staging", "-v", "-to", "1"},
	} {
		o := newOps()
		r := o.run(args...)
		want := "applying 1: create users table\nstaging: schema at version 1 of 3\n"
		if r.status != 0 || r.out != want {
			t.Errorf("%v: got %+v", args, r)
		}
		if o.dbs["staging"].Version != 1 || o.dbs["dev"].Version != 0 {
			t.Errorf("%v: migrated the wrong environment", args)
		}
	}
}

func TestMisuseAtAnyLevelExitsTwoWithThatLevelsUsage(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		usage string
		want  string
	}{
		{"no command", nil, "usage: opsctl [flags] COMMAND", "opsctl: missing command"},
		{"group alone", []string{"db"}, "usage: opsctl db [flags] COMMAND", "opsctl db: missing command"},
		{"unknown child", []string{"db", "drop"}, "usage: opsctl db [flags]", `unknown command "drop"`},
		{"unknown root command", []string{"deploy"}, "usage: opsctl [flags]", `unknown command "deploy"`},
		{"bad env before", []string{"-env", "qa", "version"}, "usage: opsctl [flags]", `invalid value "qa" for flag -env: must be one of dev, staging, prod`},
		{"bad env on a leaf", []string{"version", "-env", "qa"}, "usage: opsctl version [flags]", `invalid value "qa"`},
		{"flag of another level", []string{"db", "-to", "2", "migrate"}, "usage: opsctl db [flags]", "flag provided but not defined: -to"},
		{"bad flag value", []string{"db", "migrate", "-to", "x"}, "usage: opsctl db migrate", `invalid value "x" for flag -to`},
		{"bad email", []string{"user", "add", "bob"}, "usage: opsctl user add [flags] EMAIL", `want one EMAIL, got ["bob"]`},
		{"stray argument", []string{"db", "status", "now"}, "usage: opsctl db status", "status takes no arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := newOps()
			r := o.run(tc.args...)
			if r.status != 2 || r.out != "" {
				t.Fatalf("status %d, stdout %q; want 2 and nothing on stdout", r.status, r.out)
			}
			if !strings.Contains(r.err, tc.want) || !strings.Contains(r.err, tc.usage) {
				t.Fatalf("stderr %q lacks %q or %q", r.err, tc.want, tc.usage)
			}
		})
	}
}

func TestFailuresExitOne(t *testing.T) {
	o := newOps()
	o.run("user", "add", "ada@example.com")
	cases := map[string][]string{
		"opsctl: error: user ada@example.com already exists in dev\n": {"user", "add", "-admin", "ADA@example.com"},
		"opsctl: error: cannot migrate from version 0 to 4\n":         {"db", "migrate", "-to", "4"},
		"opsctl: error: cannot migrate from version 0 to -1\n":        {"db", "migrate", "-to", "-1"},
	}
	for want, args := range cases {
		if r := o.run(args...); r.status != 1 || r.err != want {
			t.Errorf("%v: got %+v, want stderr %q", args, r, want)
		}
	}
	if o.dbs["dev"].Users["ada@example.com"] || o.dbs["dev"].Version != 0 {
		t.Fatal("a failed command changed the database")
	}
}

func TestProdNeedsYesOnlyForChanges(t *testing.T) {
	o := newOps()
	if r := o.run("-env", "prod", "db", "migrate", "-yes"); r.status != 0 || o.dbs["prod"].Version != 3 {
		t.Fatalf("migrate with -yes: %+v", r)
	}
	if r := o.run("-env", "prod", "db", "migrate"); r.status != 0 {
		t.Fatalf("nothing pending still refused: %+v", r)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	o := newOps()
	o.run("db", "migrate", "-to", "3")
	if r := o.run("db", "migrate", "-dry-run"); r.out != "dev: would apply nothing\n" || o.dbs["dev"].Version != 3 {
		t.Fatalf("got %+v", r)
	}
}

func TestUsersListAdminsFirstPerEnvironment(t *testing.T) {
	o := newOps()
	o.run("user", "add", "bob@example.com")
	o.run("user", "add", "-admin", "zoe@example.com")
	o.run("user", "add", "amy@example.com")
	want := "admin zoe@example.com\nuser  amy@example.com\nuser  bob@example.com\n"
	if r := o.run("user", "list"); r.out != want {
		t.Fatalf("list = %q, want %q", r.out, want)
	}
	if r := o.run("user", "list", "-env", "staging"); r.out != "staging: no users\n" {
		t.Fatalf("staging list = %q", r.out)
	}
}

func TestRootHelpListsOnlyTopLevelCommands(t *testing.T) {
	r := newOps().run("-h")
	if r.status != 0 || r.err != "" {
		t.Fatalf("got %+v", r)
	}
	for _, want := range []string{"  db        Inspect", "  user      Manage", "  version   Print"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("help lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "Apply pending") {
		t.Errorf("root help lists a grandchild:\n%s", r.out)
	}
}

func TestABranchIsAddedWithoutTouchingTheFramework(t *testing.T) {
	stats := &opsctl.Command{Name: "stats", Short: "Show numbers."}
	stats.Add(&opsctl.Command{
		Name:  "summary",
		Short: "One line about the database.",
		Run: func(ctx *opsctl.Context, _ []string) error {
			_, err := fmt.Fprintf(ctx.Out, "%s: %d users at schema %d\n", ctx.Env, len(ctx.DB.Users), ctx.DB.Version)
			return err
		},
	})
	root := opsctl.NewRoot().Add(stats)
	var out bytes.Buffer
	status := opsctl.Execute(root, []string{"stats", "-env", "staging", "summary"}, opsctl.NewDatabases(), &out, &out)
	if status != 0 || out.String() != "staging: 0 users at schema 0\n" {
		t.Fatalf("status %d, output %q", status, out.String())
	}
}
