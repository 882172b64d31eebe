package opsctl

import "fmt"

// Environments are the values --env accepts.
var Environments = []string{"dev", "staging", "prod"}

// NewRoot assembles the tree. Each branch comes from its own file's
// constructor; adding a branch is one more argument to Add.
func NewRoot() *Command {
	root := &Command{Name: "opsctl", Short: "Operate the shop's backend."}
	return root.Add(dbCmd(), userCmd(), versionCmd())
}

func versionCmd() *Command {
	return &Command{
		Name:  "version",
		Short: "Print the version.",
		Run: func(ctx *Context, _ []string) error {
			_, err := fmt.Fprintln(ctx.Out, "opsctl 1.4.0")
			return err
		},
	}
}

// NewDatabases returns one empty database per environment.
func NewDatabases() map[string]*Database {
	dbs := map[string]*Database{}
	for _, env := range Environments {
		dbs[env] = &Database{Users: map[string]bool{}}
	}
	return dbs
}
