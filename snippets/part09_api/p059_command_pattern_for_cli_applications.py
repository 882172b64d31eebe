"""P059 Command Pattern for CLI Applications: each command is an object, run one way.

Every command of the `tasks` CLI is a frozen dataclass. Its class says which
arguments it takes (`configure`) and how to build itself from them
(`from_args`); the instance holds those arguments as typed fields and does the
work in `run(env)`. `cli(argv, env)` is the whole program: parse, build, run,
and turn the outcome into an exit status (0 done, 1 a failure the user can act
on, 2 a usage error). Output goes to the streams in `env`, never to globals, so
a test calls `cli` with a list of arguments and reads what it printed.
"""

from __future__ import annotations

import argparse
import io
import shlex
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Protocol, Self, TextIO

# --- The domain the commands operate on. ---


@dataclass
class Task:
    id: int
    title: str
    priority: int
    done: bool = False


class TaskNotFoundError(LookupError):
    pass


class TaskStore:
    """An in-memory task list; a real one would be a file or a database."""

    def __init__(self) -> None:
        self._tasks: dict[int, Task] = {}

    def add(self, title: str, priority: int) -> Task:
        task = Task(len(self._tasks) + 1, title, priority)
        self._tasks[task.id] = task
        return task

    def tasks(self, *, include_done: bool) -> list[Task]:
        """Most urgent first, then oldest first."""
        chosen = [t for t in self._tasks.values() if include_done or not t.done]
        return sorted(chosen, key=lambda t: (t.priority, t.id))

    def complete(self, task_id: int) -> Task:
        task = self._tasks.get(task_id)
        if task is None:
            raise TaskNotFoundError(f"no task #{task_id}")
        task.done = True
        return task


# --- The command pattern. ---


@dataclass(frozen=True)
class Env:
    """Everything a command may touch. Nothing is global, so tests pass their own."""

    store: TaskStore
    out: TextIO
    err: TextIO


class CommandError(Exception):
    """A failure the user can act on: printed as one line on stderr, exit status 1."""


class Command(Protocol):
    """One CLI command. The class declares and reads its arguments; the instance runs."""

    @classmethod
    def configure(cls, parser: argparse.ArgumentParser) -> None:
        """Declare this command's arguments; the class docstring is its help."""

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Self:
        """Build the command from parsed arguments."""

    def run(self, env: Env) -> None:
        """Do the work; raise CommandError for a failure the user can act on."""


@dataclass(frozen=True)
class AddTask:
    """Add a task to the list."""

    title: str
    priority: int = 2

    @classmethod
    def configure(cls, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("title", help="what there is to do")
        parser.add_argument("--priority", type=int, choices=(1, 2, 3), default=2)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Self:
        return cls(title=args.title, priority=args.priority)

    def run(self, env: Env) -> None:
        if not self.title.strip():
            raise CommandError("a task needs a title")
        task = env.store.add(self.title.strip(), self.priority)
        print(f"added #{task.id}: {task.title}", file=env.out)


@dataclass(frozen=True)
class ListTasks:
    """Show open tasks, most urgent first."""

    include_done: bool = False

    @classmethod
    def configure(cls, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--all", dest="include_done", action="store_true")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Self:
        return cls(include_done=args.include_done)

    def run(self, env: Env) -> None:
        tasks = env.store.tasks(include_done=self.include_done)
        for task in tasks:
            mark = "x" if task.done else " "
            print(f"[{mark}] #{task.id} p{task.priority} {task.title}", file=env.out)
        if not tasks:
            print("nothing to do", file=env.out)


@dataclass(frozen=True)
class CompleteTask:
    """Mark a task as done."""

    task_id: int

    @classmethod
    def configure(cls, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("task_id", metavar="ID", type=int)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Self:
        return cls(task_id=args.task_id)

    def run(self, env: Env) -> None:
        try:
            task = env.store.complete(self.task_id)
        except TaskNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        print(f"done #{task.id}: {task.title}", file=env.out)


# Adding a command is one class and one line here.
COMMANDS: dict[str, type[Command]] = {"add": AddTask, "list": ListTasks, "done": CompleteTask}


def fixed_width(prog: str) -> argparse.HelpFormatter:
    """Help wrapped at 80 columns, not at the width of whatever terminal runs the tests."""
    return argparse.HelpFormatter(prog, width=80)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tasks", description="Keep a short list of tasks.", formatter_class=fixed_width
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        summary = (command.__doc__ or "").strip()
        sub = subcommands.add_parser(
            name, help=summary, description=summary, formatter_class=fixed_width
        )
        command.configure(sub)
        sub.set_defaults(command_class=command)
    return parser


def parse(argv: Sequence[str]) -> Command:
    """Turn arguments into a command object. argparse raises SystemExit on --help or misuse."""
    args = build_parser().parse_args(argv)
    command: type[Command] = args.command_class
    return command.from_args(args)


def cli(argv: Sequence[str], env: Env) -> int:
    """The whole program: returns the exit status instead of calling sys.exit.

    A real entry point is `raise SystemExit(cli(sys.argv[1:], Env(store, sys.stdout, sys.stderr)))`.
    """
    try:
        # argparse prints help and usage errors to sys.stdout/sys.stderr, then
        # raises SystemExit (0 after --help, 2 on misuse). Only parsing does this.
        with redirect_stdout(env.out), redirect_stderr(env.err):
            command = parse(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        command.run(env)
    except CommandError as exc:
        print(f"tasks: error: {exc}", file=env.err)
        return 1
    return 0


def main() -> None:
    store = TaskStore()
    sessions = [
        ["add", "Write the release notes", "--priority", "1"],
        ["add", "Water the plants"],
        ["done", "2"],
        ["list", "--all"],
        ["done", "9"],
        ["done", "two"],
        ["--help"],
    ]
    for argv in sessions:
        out, err = io.StringIO(), io.StringIO()
        status = cli(argv, Env(store, out, err))
        print(f"$ tasks {shlex.join(argv)}")
        print(out.getvalue() + err.getvalue(), end="")
        print(f"[exit {status}]")
    #> $ tasks add 'Write the release notes' --priority 1
    #> added #1: Write the release notes
    #> [exit 0]
    #> $ tasks add 'Water the plants'
    #> added #2: Water the plants
    #> [exit 0]
    #> $ tasks done 2
    #> done #2: Water the plants
    #> [exit 0]
    #> $ tasks list --all
    #> [ ] #1 p1 Write the release notes
    #> [x] #2 p2 Water the plants
    #> [exit 0]
    #> $ tasks done 9
    #> tasks: error: no task #9
    #> [exit 1]
    #> $ tasks done two
    #> usage: tasks done [-h] ID
    #> tasks done: error: argument ID: invalid int value: 'two'
    #> [exit 2]
    #> $ tasks --help
    #> usage: tasks [-h] COMMAND ...
    #>
    #> Keep a short list of tasks.
    #>
    #> positional arguments:
    #>   COMMAND
    #>     add       Add a task to the list.
    #>     list      Show open tasks, most urgent first.
    #>     done      Mark a task as done.
    #>
    #> options:
    #>   -h, --help  show this help message and exit
    #> [exit 0]

    # Parsing and running are separate steps, so each is tested on its own.
    print(parse(["add", "Buy milk", "--priority", "3"]))
    #> AddTask(title='Buy milk', priority=3)


if __name__ == "__main__":
    main()
