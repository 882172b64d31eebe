"""P060: the command tree called with argument lists: nesting, global flags, help, exits."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pytest

from snippets.part09_api import p060_cobra_style_cli_composition as p060
from snippets.part09_api import p060_cobra_style_cli_composition_before as before
from snippets.part09_api.p060_cobra_style_cli_composition import (
    ENVIRONMENTS,
    MIGRATIONS,
    Context,
    Database,
    Subcommands,
    add_command,
    add_group,
    build_parser,
    cli,
    email,
)

DemoCheck = Callable[[ModuleType], None]


@dataclass
class Run:
    status: int
    out: str
    err: str


class Ops:
    """One set of databases and a helper that runs the CLI against them."""

    def __init__(self) -> None:
        self.databases = {env: Database() for env in ENVIRONMENTS}

    def __call__(self, *argv: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        status = cli(list(argv), self.databases, out, err)
        return Run(status, out.getvalue(), err.getvalue())


@pytest.mark.parametrize(
    "argv",
    [
        ["--env", "staging", "-v", "db", "status"],
        ["db", "--env", "staging", "--verbose", "status"],
        ["db", "status", "--env", "staging", "-v"],
        ["--env", "prod", "db", "status", "--env", "staging", "-v"],
    ],
)
def test_global_flags_are_accepted_at_every_level(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.env, args.verbose) == ("staging", True)


def test_global_flags_default_when_given_nowhere() -> None:
    args = build_parser().parse_args(["user", "list"])
    assert (args.env, args.verbose) == ("dev", False)


def test_a_value_given_before_the_subcommand_is_not_reset_by_its_defaults() -> None:
    args = build_parser().parse_args(["--env", "prod", "-v", "db", "migrate"])
    assert (args.env, args.verbose, args.to, args.dry_run) == ("prod", True, None, False)


def test_migrate_applies_pending_versions_in_order() -> None:
    ops = Ops()
    assert ops("db", "migrate", "--to", "1") == Run(0, "dev: schema at version 1 of 3\n", "")
    assert ops("db", "migrate", "-v") == Run(
        0,
        "applying 2: add email index\napplying 3: add admin column\n"
        "dev: schema at version 3 of 3\n",
        "",
    )
    assert ops.databases["dev"].version == len(MIGRATIONS)
    assert ops.databases["staging"].version == 0


def test_a_dry_run_changes_nothing() -> None:
    ops = Ops()
    ops("db", "migrate", "--to", "2")
    assert ops("db", "migrate", "--dry-run") == Run(0, "dev: would apply 3\n", "")
    assert ops("db", "migrate", "--dry-run", "--to", "2").out == "dev: would apply nothing\n"
    assert ops.databases["dev"].version == 2


@pytest.mark.parametrize(("to", "start"), [("4", 0), ("-1", 0), ("1", 2)])
def test_an_impossible_target_fails_with_status_1(to: str, start: int) -> None:
    ops = Ops()
    ops.databases["dev"].version = start
    result = ops("db", "migrate", "--to", to)
    assert result == Run(1, "", f"opsctl: error: cannot migrate from version {start} to {to}\n")
    assert ops.databases["dev"].version == start


def test_prod_changes_need_yes_but_reads_and_no_ops_do_not() -> None:
    ops = Ops()
    refused = ops("--env", "prod", "db", "migrate")
    assert refused == Run(1, "", "opsctl: error: refusing to change prod without --yes\n")
    assert ops.databases["prod"].version == 0
    assert ops("db", "migrate", "--yes", "--env", "prod").status == 0
    assert ops.databases["prod"].version == 3
    assert ops("--env", "prod", "db", "migrate").status == 0  # nothing pending


def test_users_are_added_per_environment_and_listed_admins_first() -> None:
    ops = Ops()
    assert ops("user", "add", "Zoe@Example.com", "--admin") == Run(
        0, "dev: added admin zoe@example.com\n", ""
    )
    ops("user", "add", "bob@example.com")
    ops("user", "add", "amy@example.com")
    assert ops("user", "list").out == (
        "admin zoe@example.com\nuser  amy@example.com\nuser  bob@example.com\n"
    )
    assert ops("user", "list", "--env", "staging").out == "staging: no users\n"


def test_a_duplicate_user_fails_with_status_1() -> None:
    ops = Ops()
    ops("user", "add", "ada@example.com")
    result = ops("user", "add", "ADA@example.com", "--admin")
    assert result == Run(1, "", "opsctl: error: user ada@example.com already exists in dev\n")
    assert ops.databases["dev"].users == {"ada@example.com": False}


@pytest.mark.parametrize(
    ("argv", "usage", "message"),
    [
        ([], "usage: opsctl [-h]", "the following arguments are required: COMMAND"),
        (["db"], "usage: opsctl db [-h]", "the following arguments are required: COMMAND"),
        (["db", "drop"], "usage: opsctl db [-h]", "invalid choice: 'drop'"),
        (["deploy"], "usage: opsctl [-h]", "invalid choice: 'deploy'"),
        (["user", "add", "bob"], "usage: opsctl user add", "not an email address: 'bob'"),
        (["user", "add"], "usage: opsctl user add", "required: EMAIL"),
        (["db", "migrate", "--to", "x"], "usage: opsctl db migrate", "invalid int value: 'x'"),
        (["--env", "qa", "version"], "usage: opsctl [-h]", "argument --env: invalid choice"),
        (["version", "--env", "qa"], "usage: opsctl version", "argument --env: invalid choice"),
        (["user", "list", "--admin"], "usage: opsctl", "unrecognized arguments: --admin"),
    ],
)
def test_misuse_at_any_level_exits_2_with_that_levels_usage(
    argv: list[str], usage: str, message: str
) -> None:
    ops = Ops()
    result = ops(*argv)
    assert (result.status, result.out) == (2, "")
    assert result.err.startswith(usage)
    assert message in result.err
    assert all(db == Database() for db in ops.databases.values())


def test_root_help_lists_the_top_level_commands() -> None:
    result = Ops()("--help")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("usage: opsctl [-h] [--env {dev,staging,prod}] [-v] COMMAND ...")
    for line in (
        "    db                  Inspect and migrate the database schema.\n",
        "    user                Manage user accounts.\n",
        "    version             Print the version.\n",
        "global options:\n",
    ):
        assert line in result.out
    assert "Apply pending migrations" not in result.out  # listed by "db --help" only


def test_leaf_help_shows_its_own_and_the_global_flags() -> None:
    result = Ops()("db", "migrate", "--help")
    assert result.status == 0
    assert result.out.startswith(
        "usage: opsctl db migrate [-h] [--env {dev,staging,prod}] [-v] [--to VERSION]"
    )
    for text in ("--dry-run", "confirm a change to prod", "global options:", "--verbose"):
        assert text in result.out


def test_version_is_a_leaf_under_the_root() -> None:
    assert Ops()("version") == Run(0, "opsctl 1.4.0\n", "")


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("ada@example.com", True),
        ("Ada@Example.COM", True),
        ("bob", False),
        ("@example.com", False),
        ("ada@", False),
        ("ada@localhost", False),
        ("ada@.", False),
    ],
)
def test_email_type(text: str, valid: bool) -> None:
    if valid:
        assert email(text) == text.lower()
    else:
        with pytest.raises(argparse.ArgumentTypeError, match="not an email address"):
            email(text)


def test_a_branch_registers_itself_under_any_node(monkeypatch: pytest.MonkeyPatch) -> None:
    def report(args: argparse.Namespace, ctx: Context) -> None:
        print(f"{ctx.env}: {len(ctx.db.users)} users at schema {ctx.db.version}", file=ctx.out)

    def register_stats(commands: Subcommands) -> None:
        stats = add_group(commands, "stats", "Show numbers.")
        add_command(stats, "summary", "One line about the database.", report)

    monkeypatch.setattr(p060, "REGISTRARS", (*p060.REGISTRARS, register_stats))
    ops = Ops()
    ops("user", "add", "ada@example.com", "--env", "staging")
    assert ops("stats", "summary", "--env", "staging") == Run(
        0, "staging: 1 users at schema 0\n", ""
    )
    assert "stats" in ops("--help").out


def test_the_root_holds_only_what_was_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(p060, "REGISTRARS", (p060.register_user,))
    ops = Ops()
    assert ops("user", "list").status == 0
    assert ops("db", "status").status == 2


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p060)


def test_before_a_copied_default_overwrites_the_roots_value() -> None:
    parser = before.build_parser()
    assert parser.parse_args(["--env", "prod", "db-migrate"]).env == "dev"
    assert parser.parse_args(["db-migrate", "--env", "prod"]).env == "prod"
    status = parser.parse_args(["--env", "prod", "db-status"])
    assert (status.env, status.environment) == ("prod", "dev")
    assert parser.parse_args(["user-add", "ada@example.com"]).email == "ada@example.com"


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
