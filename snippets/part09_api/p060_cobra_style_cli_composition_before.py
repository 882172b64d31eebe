"""P060 before: one parser function knows every command, and shared flags are copied.

Every team that adds a command edits `build_parser`. The global `--env` flag
is declared on the root and again, by copy and paste, on the subcommands that
"also need it", each with its own default. argparse fills a subcommand's
defaults after the root has parsed, so the copy on `migrate` overwrites the
value the user gave before the subcommand.
"""

from __future__ import annotations

import argparse


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="opsctl")
    root.add_argument("--env", choices=("dev", "staging", "prod"), default="dev")
    commands = root.add_subparsers(dest="command", required=True)

    db_migrate = commands.add_parser("db-migrate")
    db_migrate.add_argument("--env", choices=("dev", "staging", "prod"), default="dev")
    db_migrate.add_argument("--to", type=int)

    db_status = commands.add_parser("db-status")
    db_status.add_argument("--environment", default="dev")  # the next copy, renamed

    user_add = commands.add_parser("user-add")
    user_add.add_argument("email")
    # ... and every other command, from every team, in this one function.
    return root


def main() -> None:
    parser = build_parser()
    args = parser.parse_args(["--env", "prod", "db-migrate"])
    print("asked for prod, migrating:", args.env)
    #> asked for prod, migrating: dev
    args = parser.parse_args(["db-migrate", "--env", "prod"])
    print("flag after the command:", args.env)
    #> flag after the command: prod
    args = parser.parse_args(["--env", "prod", "db-status"])
    print("status of:", args.environment, "| root saw:", args.env)
    #> status of: dev | root saw: prod


if __name__ == "__main__":
    main()
