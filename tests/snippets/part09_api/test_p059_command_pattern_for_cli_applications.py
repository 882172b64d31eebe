"""P059: the CLI called with argument lists, its exit statuses, and commands run without argv."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Self

import pytest

from snippets.part09_api import p059_command_pattern_for_cli_applications as p059
from snippets.part09_api import p059_command_pattern_for_cli_applications_before as before
from snippets.part09_api.p059_command_pattern_for_cli_applications import (
    COMMANDS,
    AddTask,
    CommandError,
    CompleteTask,
    Env,
    ListTasks,
    TaskStore,
    cli,
    parse,
)

DemoCheck = Callable[[ModuleType], None]


@dataclass
class Run:
    status: int
    out: str
    err: str


def run(argv: list[str], store: TaskStore | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    status = cli(argv, Env(store or TaskStore(), out, err))
    return Run(status, out.getvalue(), err.getvalue())


def env_for(store: TaskStore) -> tuple[Env, io.StringIO]:
    out = io.StringIO()
    return Env(store, out, io.StringIO()), out


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["add", "Pay rent"], AddTask("Pay rent", 2)),
        (["add", "Pay rent", "--priority", "1"], AddTask("Pay rent", 1)),
        (["add", "--priority", "3", "Pay rent"], AddTask("Pay rent", 3)),
        (["add", "--", "--not-a-flag"], AddTask("--not-a-flag", 2)),
        (["list"], ListTasks(include_done=False)),
        (["list", "--all"], ListTasks(include_done=True)),
        (["done", "7"], CompleteTask(7)),
    ],
)
def test_arguments_become_a_command_object(argv: list[str], command: object) -> None:
    assert parse(argv) == command


def test_a_session_adds_completes_and_lists() -> None:
    store = TaskStore()
    assert run(["add", "Write notes", "--priority", "1"], store) == Run(
        0, "added #1: Write notes\n", ""
    )
    assert run(["add", "Water plants", "--priority", "3"], store).status == 0
    assert run(["add", "Call home"], store).status == 0
    assert run(["done", "3"], store) == Run(0, "done #3: Call home\n", "")
    assert run(["list"], store).out == "[ ] #1 p1 Write notes\n[ ] #2 p3 Water plants\n"
    assert run(["list", "--all"], store).out == (
        "[ ] #1 p1 Write notes\n[x] #3 p2 Call home\n[ ] #2 p3 Water plants\n"
    )


def test_an_empty_list_says_so() -> None:
    assert run(["list"]) == Run(0, "nothing to do\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["done", "9"], "tasks: error: no task #9\n"),
        (["add", "   "], "tasks: error: a task needs a title\n"),
    ],
)
def test_a_failure_the_user_can_fix_exits_1_with_one_line_on_stderr(
    argv: list[str], message: str
) -> None:
    assert run(argv) == Run(1, "", message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["done", "two"], "invalid int value: 'two'"),
        (["done"], "the following arguments are required: ID"),
        (["add"], "the following arguments are required: title"),
        (["add", "x", "--priority", "7"], "argument --priority: invalid choice"),
        (["list", "--everything"], "unrecognized arguments: --everything"),
        (["remove", "1"], "invalid choice"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_misuse_exits_2_with_usage_on_stderr_and_nothing_runs(
    argv: list[str], message: str
) -> None:
    store = TaskStore()
    result = run(argv, store)
    assert result.status == 2
    assert result.out == ""
    assert result.err.startswith("usage: tasks")
    assert message in result.err
    assert store.tasks(include_done=True) == []


def test_help_lists_every_registered_command_and_exits_0() -> None:
    result = run(["--help"])
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("usage: tasks [-h] COMMAND ...\n")
    for name, command in COMMANDS.items():
        assert f"    {name:<10}{(command.__doc__ or '').strip()}\n" in result.out


def test_each_command_has_its_own_help() -> None:
    result = run(["add", "--help"])
    assert result.status == 0
    assert result.out.startswith("usage: tasks add [-h] [--priority {1,2,3}] title\n")
    assert "Add a task to the list." in result.out


def test_a_command_runs_without_any_argument_parsing() -> None:
    store = TaskStore()
    env, out = env_for(store)
    AddTask("  Pay rent  ", 1).run(env)
    assert out.getvalue() == "added #1: Pay rent\n"
    with pytest.raises(CommandError, match="no task #2"):
        CompleteTask(2).run(env)
    CompleteTask(1).run(env)
    assert store.tasks(include_done=False) == []


def test_the_not_found_error_keeps_its_cause() -> None:
    env, _ = env_for(TaskStore())
    with pytest.raises(CommandError) as info:
        CompleteTask(5).run(env)
    assert isinstance(info.value.__cause__, LookupError)


@dataclass(frozen=True)
class CountTasks:
    """Count open tasks."""

    @classmethod
    def configure(cls, parser: argparse.ArgumentParser) -> None:
        pass

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Self:
        return cls()

    def run(self, env: Env) -> None:
        print(len(env.store.tasks(include_done=False)), file=env.out)


def test_adding_a_command_is_one_class_and_one_registry_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(COMMANDS, "count", CountTasks)
    store = TaskStore()
    store.add("a", 1)
    store.add("b", 2)
    assert run(["count"], store) == Run(0, "2\n", "")
    assert "count     Count open tasks." in run(["--help"]).out


def test_before_misreads_flags_crashes_and_exits_from_the_logic() -> None:
    before.TASKS.clear()
    before.tasks_main(["add", "--priority", "1", "Pay rent"])
    assert before.TASKS == [{"id": 1, "title": "--priority", "priority": 1}]
    with pytest.raises(IndexError):
        before.tasks_main(["add"])
    with pytest.raises(ValueError, match="two"):
        before.tasks_main(["done", "two"])
    with pytest.raises(SystemExit):
        before.tasks_main(["done", "9"])
    with pytest.raises(SystemExit):
        before.tasks_main(["remove", "1"])
    before.tasks_main(["done", "1"])
    before.TASKS.clear()


def test_before_help_does_not_mention_done() -> None:
    assert "done" not in before.USAGE
    assert "remove" in before.USAGE


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p059)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
