package opsctl

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Database is one environment's state, kept in memory for the example.
type Database struct {
	Version int
	Users   map[string]bool // email -> is an admin
}

// Migrations are applied in order; version n means the first n are applied.
var Migrations = []string{"create users table", "add email index", "add admin column"}

// dbCmd is everything about "opsctl db": the root only calls this function.
func dbCmd() *Command {
	group := &Command{Name: "db", Short: "Inspect and migrate the database schema."}
	return group.Add(dbStatusCmd(), dbMigrateCmd())
}

func dbStatusCmd() *Command {
	return &Command{
		Name:  "status",
		Short: "Show the schema version.",
		Run: func(ctx *Context, args []string) error {
			if len(args) > 0 {
				return UsageError{"status takes no arguments"}
			}
			printStatus(ctx)
			return nil
		},
	}
}

func printStatus(ctx *Context) {
	fmt.Fprintf(ctx.Out, "%s: schema at version %d of %d\n", ctx.Env, ctx.DB.Version, len(Migrations))
}

func dbMigrateCmd() *Command {
	var to int
	var dryRun, yes bool
	return &Command{
		Name:  "migrate",
		Short: "Apply pending migrations in order.",
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&to, "to", len(Migrations), "stop at this `VERSION`")
			fs.BoolVar(&dryRun, "dry-run", false, "print the plan only")
			fs.BoolVar(&yes, "yes", false, "confirm a change to prod")
		},
		Run: func(ctx *Context, args []string) error {
			if len(args) > 0 {
				return UsageError{"migrate takes no arguments"}
			}
			if to < ctx.DB.Version || to > len(Migrations) {
				return fmt.Errorf("cannot migrate from version %d to %d", ctx.DB.Version, to)
			}
			var pending []string
			for v := ctx.DB.Version + 1; v <= to; v++ {
				pending = append(pending, strconv.Itoa(v))
			}
			if dryRun {
				plan := strings.Join(pending, ", ")
				if plan == "" {
					plan = "nothing"
				}
				fmt.Fprintf(ctx.Out, "%s: would apply %s\n", ctx.Env, plan)
				return nil
			}
			if ctx.Env == "prod" && len(pending) > 0 && !yes {
				return errors.New("refusing to change prod without -yes")
			}
			for ctx.DB.Version < to {
				ctx.DB.Version++
				if ctx.Verbose {
					fmt.Fprintf(ctx.Out, "applying %d: %s\n", ctx.DB.Version, Migrations[ctx.DB.Version-1])
				}
			}
			printStatus(ctx)
			return nil
		},
	}
}
