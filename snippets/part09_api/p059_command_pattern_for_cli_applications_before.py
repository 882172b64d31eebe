"""P059 before: one function reads argv by position, does the work and exits.

Parsing, business logic, output and exit codes are mixed in one if/elif chain.
Positions stand in for arguments, so a flag becomes a title; a bad number is
a crash, not a usage error; failures call sys.exit from inside the logic; the
task list is a module global; and the help text is a string that nobody
updated when `remove` became `done`.
"""

from __future__ import annotations

import shlex
import sys

USAGE = "usage: tasks add TITLE [PRIORITY] | tasks list | tasks remove ID"
TASKS: list[dict[str, object]] = []


def tasks_main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
    elif argv[0] == "add":
        priority = int(argv[2]) if len(argv) > 2 else 2
        TASKS.append({"id": len(TASKS) + 1, "title": argv[1], "priority": priority})
        print(f"added #{len(TASKS)}: {argv[1]}")
    elif argv[0] == "list":
        for task in TASKS:
            print(f"#{task['id']} {task['title']}")
    elif argv[0] == "done":
        task_id = int(argv[1])
        if not any(task["id"] == task_id for task in TASKS):
            print(f"no task #{task_id}")
            sys.exit(1)
        print(f"done #{task_id}")
    else:
        print(f"unknown command {argv[0]}")
        sys.exit(1)


def attempt(argv: list[str]) -> None:
    """What a test of this CLI has to do: catch exits and crashes around every call."""
    print("$ tasks", shlex.join(argv))
    try:
        tasks_main(argv)
    except SystemExit as exc:
        print(f"[SystemExit {exc.code} raised from inside the logic]")
    except (ValueError, IndexError) as exc:
        print(f"[crash: {type(exc).__name__}, exit status 1 with a traceback]")


def main() -> None:
    TASKS.clear()  # global state: every test must remember to reset it
    attempt(["--help"])
    #> $ tasks --help
    #> usage: tasks add TITLE [PRIORITY] | tasks list | tasks remove ID
    attempt(["add", "--priority", "1", "Pay rent"])
    #> $ tasks add --priority 1 'Pay rent'
    #> added #1: --priority
    attempt(["add"])
    #> $ tasks add
    #> [crash: IndexError, exit status 1 with a traceback]
    attempt(["done", "two"])
    #> $ tasks done two
    #> [crash: ValueError, exit status 1 with a traceback]
    attempt(["done", "9"])
    #> $ tasks done 9
    #> no task #9
    #> [SystemExit 1 raised from inside the logic]
    attempt(["list"])
    #> $ tasks list
    #> #1 --priority


if __name__ == "__main__":
    main()
