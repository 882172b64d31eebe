"""P060 Cobra-Style CLI Composition: a tree of commands, each branch registering itself.

`opsctl` has groups (`db`, `user`) and leaves (`db migrate`, `user add`,
`version`). Each branch lives in its own section, which in a real project is
its own module, and exposes one `register` function that adds its parsers,
flags and handlers under the node it is given. The root only holds the list of
register functions. The persistent flags `--env` and `--verbose` are declared
once and accepted at every level, before or after the subcommand, as in Cobra.
"""

from __future__ import annotations

import argparse
import io
import shlex
from collections.abc import Callable, Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import TextIO, TypeAlias

# --- What the commands operate on: one in-memory database per environment. ---

MIGRATIONS = ("create users table", "add email index", "add admin column")
ENVIRONMENTS = ("dev", "staging", "prod")


@dataclass
class Database:
    version: int = 0
    users: dict[str, bool] = field(default_factory=dict)  # email -> is an admin


# --- The small framework: the part Cobra provides in Go. ---


@dataclass(frozen=True)
class Context:
    """What every handler receives, built once from the persistent flags."""

    env: str
    db: Database
    verbose: bool
    out: TextIO


class CommandError(Exception):
    """A failure the user can act on: one line on stderr, exit status 1."""


Handler: TypeAlias = Callable[[argparse.Namespace, Context], None]
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def persistent_flags(*, inherited: bool) -> argparse.ArgumentParser:
    """The flags every command accepts, as a parent parser.

    The root gets real defaults. Every subcommand gets the same flags with the
    default SUPPRESS, so a value given before the subcommand is not replaced by
    the subcommand's default, and a value given after it wins.
    """
    parser = argparse.ArgumentParser(add_help=False)
    flags = parser.add_argument_group("global options")
    flags.add_argument(
        "--env",
        choices=ENVIRONMENTS,
        default=argparse.SUPPRESS if inherited else "dev",
        help="environment to act on (default: dev)",
    )
    flags.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS if inherited else False,
        help="say what is being done",
    )
    return parser


INHERITED = persistent_flags(inherited=True)


def fixed_width(prog: str) -> argparse.HelpFormatter:
    """Help wrapped at 80 columns, not at the width of the terminal that runs it."""
    return argparse.HelpFormatter(prog, width=80)


def add_group(parent: Subcommands, name: str, summary: str) -> Subcommands:
    """A node with children and no work of its own; calling it alone is a usage error."""
    parser = parent.add_parser(
        name, help=summary, description=summary, parents=[INHERITED], formatter_class=fixed_width
    )
    return parser.add_subparsers(title="commands", metavar="COMMAND", required=True)


def add_command(
    parent: Subcommands, name: str, summary: str, run: Handler
) -> argparse.ArgumentParser:
    """A leaf that runs `run`; the caller adds the leaf's own arguments to the parser returned."""
    parser = parent.add_parser(
        name, help=summary, description=summary, parents=[INHERITED], formatter_class=fixed_width
    )
    parser.set_defaults(run=run)
    return parser


# --- commands/db.py: everything about `opsctl db`. ---


def register_db(commands: Subcommands) -> None:
    db = add_group(commands, "db", "Inspect and migrate the database schema.")
    add_command(db, "status", "Show the schema version.", db_status)
    migrate = add_command(db, "migrate", "Apply pending migrations in order.", db_migrate)
    migrate.add_argument("--to", type=int, metavar="VERSION", help="stop at this version")
    migrate.add_argument("--dry-run", action="store_true", help="print the plan only")
    migrate.add_argument("--yes", action="store_true", help="confirm a change to prod")


def db_status(args: argparse.Namespace, ctx: Context) -> None:
    print(f"{ctx.env}: schema at version {ctx.db.version} of {len(MIGRATIONS)}", file=ctx.out)


def db_migrate(args: argparse.Namespace, ctx: Context) -> None:
    target = len(MIGRATIONS) if args.to is None else args.to
    if not ctx.db.version <= target <= len(MIGRATIONS):
        raise CommandError(f"cannot migrate from version {ctx.db.version} to {target}")
    pending = range(ctx.db.version + 1, target + 1)
    if args.dry_run:
        plan = ", ".join(str(version) for version in pending) or "nothing"
        print(f"{ctx.env}: would apply {plan}", file=ctx.out)
        return
    if ctx.env == "prod" and pending and not args.yes:
        raise CommandError("refusing to change prod without --yes")
    for version in pending:
        if ctx.verbose:
            print(f"applying {version}: {MIGRATIONS[version - 1]}", file=ctx.out)
        ctx.db.version = version
    db_status(args, ctx)


# --- commands/user.py: everything about `opsctl user`. ---


def email(text: str) -> str:
    """An argparse type: a bad address is a usage error that names the argument."""
    local, at, domain = text.partition("@")
    if not (local and at and "." in domain.strip(".")):
        raise argparse.ArgumentTypeError(f"not an email address: {text!r}")
    return text.lower()


def register_user(commands: Subcommands) -> None:
    user = add_group(commands, "user", "Manage user accounts.")
    add = add_command(user, "add", "Create a user.", user_add)
    add.add_argument("email", type=email, metavar="EMAIL")
    add.add_argument("--admin", action="store_true", help="give the user admin rights")
    add_command(user, "list", "List users, admins first.", user_list)


def user_add(args: argparse.Namespace, ctx: Context) -> None:
    if args.email in ctx.db.users:
        raise CommandError(f"user {args.email} already exists in {ctx.env}")
    ctx.db.users[args.email] = args.admin
    print(f"{ctx.env}: added {'admin' if args.admin else 'user'} {args.email}", file=ctx.out)


def user_list(args: argparse.Namespace, ctx: Context) -> None:
    for address, admin in sorted(ctx.db.users.items(), key=lambda item: (not item[1], item[0])):
        print(f"{'admin' if admin else 'user':<6}{address}", file=ctx.out)
    if not ctx.db.users:
        print(f"{ctx.env}: no users", file=ctx.out)


# --- commands/version.py: a leaf directly under the root. ---


def register_version(commands: Subcommands) -> None:
    add_command(commands, "version", "Print the version.", print_version)


def print_version(args: argparse.Namespace, ctx: Context) -> None:
    print("opsctl 1.4.0", file=ctx.out)


# --- main.py: the root knows the register functions and nothing else. ---

REGISTRARS: tuple[Callable[[Subcommands], None], ...] = (
    register_db,
    register_user,
    register_version,
)


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="opsctl",
        description="Operate the shop's backend.",
        parents=[persistent_flags(inherited=False)],
        formatter_class=fixed_width,
    )
    commands = root.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for register in REGISTRARS:
        register(commands)
    return root


def cli(argv: Sequence[str], databases: Mapping[str, Database], out: TextIO, err: TextIO) -> int:
    """The whole program: returns the exit status (0 done, 1 failed, 2 misused)."""
    try:
        # argparse prints help or a usage error, then raises SystemExit(0 or 2).
        with redirect_stdout(out), redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    # Cobra's PersistentPreRun: one place turns the global flags into the context.
    ctx = Context(env=args.env, db=databases[args.env], verbose=args.verbose, out=out)
    run: Handler = args.run
    try:
        run(args, ctx)
    except CommandError as exc:
        print(f"opsctl: error: {exc}", file=err)
        return 1
    return 0


def main() -> None:
    databases = {env: Database() for env in ENVIRONMENTS}
    sessions = [
        "db status",
        "--verbose db migrate --to 2",
        "db migrate --env prod --dry-run",
        "db migrate --env prod",
        "user add Ada@Example.com --admin -v",
        "user add bob",
        "db",
        "db --help",
    ]
    for line in sessions:
        out, err = io.StringIO(), io.StringIO()
        status = cli(shlex.split(line), databases, out, err)
        print(f"$ opsctl {line}")
        print(out.getvalue() + err.getvalue(), end="")
        print(f"[exit {status}]")
    #> $ opsctl db status
    #> dev: schema at version 0 of 3
    #> [exit 0]
    #> $ opsctl --verbose db migrate --to 2
    #> applying 1: create users table
    #> applying 2: add email index
    #> dev: schema at version 2 of 3
    #> [exit 0]
    #> $ opsctl db migrate --env prod --dry-run
    #> prod: would apply 1, 2, 3
    #> [exit 0]
    #> $ opsctl db migrate --env prod
    #> opsctl: error: refusing to change prod without --yes
    #> [exit 1]
    #> $ opsctl user add Ada@Example.com --admin -v
    #> dev: added admin ada@example.com
    #> [exit 0]
    #> $ opsctl user add bob
    #> usage: opsctl user add [-h] [--env {dev,staging,prod}] [-v] [--admin] EMAIL
    #> opsctl user add: error: argument EMAIL: not an email address: 'bob'
    #> [exit 2]
    #> $ opsctl db
    #> usage: opsctl db [-h] [--env {dev,staging,prod}] [-v] COMMAND ...
    #> opsctl db: error: the following arguments are required: COMMAND
    #> [exit 2]
    #> $ opsctl db --help
    #> usage: opsctl db [-h] [--env {dev,staging,prod}] [-v] COMMAND ...
    #>
    #> Inspect and migrate the database schema.
    #>
    #> options:
    #>   -h, --help            show this help message and exit
    #>
    #> global options:
    #>   --env {dev,staging,prod}
    #>                         environment to act on (default: dev)
    #>   -v, --verbose         say what is being done
    #>
    #> commands:
    #>   COMMAND
    #>     status              Show the schema version.
    #>     migrate             Apply pending migrations in order.
    #> [exit 0]


if __name__ == "__main__":
    main()
