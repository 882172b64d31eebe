package opsctl

import (
	"flag"
	"fmt"
	"slices"
	"strings"
)

// userCmd is everything about "opsctl user".
func userCmd() *Command {
	group := &Command{Name: "user", Short: "Manage user accounts."}
	return group.Add(userAddCmd(), userListCmd())
}

func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(strings.Trim(domain, "."), ".")
}

func userAddCmd() *Command {
	var admin bool
	return &Command{
		Name:  "add",
		Short: "Create a user.",
		Args:  "EMAIL",
		Flags: func(fs *flag.FlagSet) { fs.BoolVar(&admin, "admin", false, "give the user admin rights") },
		Run: func(ctx *Context, args []string) error {
			if len(args) != 1 || !validEmail(args[0]) {
				return UsageError{fmt.Sprintf("want one EMAIL, got %q", args)}
			}
			email := strings.ToLower(args[0])
			if _, exists := ctx.DB.Users[email]; exists {
				return fmt.Errorf("user %s already exists in %s", email, ctx.Env)
			}
			ctx.DB.Users[email] = admin
			role := "user"
			if admin {
				role = "admin"
			}
			fmt.Fprintf(ctx.Out, "%s: added %s %s\n", ctx.Env, role, email)
			return nil
		},
	}
}

func userListCmd() *Command {
	return &Command{
		Name:  "list",
		Short: "List users, admins first.",
		Run: func(ctx *Context, args []string) error {
			emails := make([]string, 0, len(ctx.DB.Users))
			for e := range ctx.DB.Users {
				emails = append(emails, e)
			}
			// Sorted: map order is random, and the output must not be.
			slices.SortFunc(emails, func(a, b string) int {
				if ctx.DB.Users[a] != ctx.DB.Users[b] {
					if ctx.DB.Users[a] {
						return -1
					}
					return 1
				}
				return strings.Compare(a, b)
			})
			for _, e := range emails {
				role := "user"
				if ctx.DB.Users[e] {
					role = "admin"
				}
				fmt.Fprintf(ctx.Out, "%-6s%s\n", role, e)
			}
			if len(emails) == 0 {
				fmt.Fprintf(ctx.Out, "%s: no users\n", ctx.Env)
			}
			return nil
		},
	}
}
