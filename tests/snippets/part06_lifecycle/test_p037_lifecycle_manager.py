"""P037: ordered start, reverse stop, one failure stops all, restarts in place, no task left."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part06_lifecycle import p037_lifecycle_manager as p037
from snippets.part06_lifecycle import p037_lifecycle_manager_before as before
from snippets.part06_lifecycle.p037_lifecycle_manager import (
    ComponentError,
    Manager,
    ManagerNotRunningError,
)

DemoCheck = Callable[[ModuleType], None]


class Fake:
    """A component that logs each phase; `end` makes its run raise or return."""

    def __init__(
        self,
        name: str,
        log: list[str],
        *,
        start_error: Exception | None = None,
        stop_error: Exception | None = None,
    ) -> None:
        self.name = name
        self.log = log
        self.start_error = start_error
        self.stop_error = stop_error
        self.stop_gate: asyncio.Event | None = None
        self.runs = 0
        self._ended = asyncio.Event()
        self._run_error: Exception | None = None

    def end(self, error: Exception | None) -> None:
        self._run_error = error
        self._ended.set()

    async def start(self) -> None:
        await asyncio.sleep(0)
        if self.start_error is not None:
            self.log.append(f"start {self.name} failed")
            raise self.start_error
        self.log.append(f"start {self.name}")

    async def run(self) -> None:
        self.runs += 1
        try:
            await self._ended.wait()
        except asyncio.CancelledError:
            self.log.append(f"cancel {self.name}")
            raise
        if self._run_error is not None:
            raise self._run_error

    async def stop(self) -> None:
        if self.stop_gate is not None:
            await self.stop_gate.wait()
        await asyncio.sleep(0)
        self.log.append(f"stop {self.name}")
        if self.stop_error is not None:
            raise self.stop_error


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


def three(log: list[str], **c_options: Exception) -> tuple[Fake, Fake, Fake]:
    return Fake("a", log), Fake("b", log), Fake("c", log, **c_options)


def errors_of(info: pytest.ExceptionInfo[ExceptionGroup]) -> list[tuple[str, str, str]]:
    return [
        (exc.name, exc.phase, str(exc.__cause__))
        for exc in info.value.exceptions
        if isinstance(exc, ComponentError)
    ]


def test_starts_in_order_and_stops_in_reverse_on_request() -> None:
    async def scenario() -> None:
        log: list[str] = []
        manager = Manager(three(log))
        running = asyncio.create_task(manager.run())
        await settle()
        assert log == ["start a", "start b", "start c"]
        assert manager.up() == ["a", "b", "c"]
        manager.stop()
        await running  # a requested stop is not an error
        assert log[3:6] == ["cancel a", "cancel b", "cancel c"]
        assert log[6:] == ["stop c", "stop b", "stop a"]
        assert manager.up() == []

    asyncio.run(scenario())


def test_one_failing_component_stops_all_of_them_newest_first() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = three(log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        b.end(ConnectionError("lost connection"))
        with pytest.raises(ExceptionGroup) as info:
            await running
        assert errors_of(info) == [("b", "run", "lost connection")]
        assert sorted(log[3:5]) == ["cancel a", "cancel c"]  # the other runs were cancelled
        assert log[5:] == ["stop c", "stop b", "stop a"]  # b stops too: it had started

    asyncio.run(scenario())


def test_a_run_that_returns_early_is_a_failure() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = three(log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        c.end(None)
        with pytest.raises(ExceptionGroup) as info:
            await running
        [error] = info.value.exceptions
        assert str(error) == "c: run: returned while the manager was running"
        assert log[-3:] == ["stop c", "stop b", "stop a"]

    asyncio.run(scenario())


def test_a_failed_start_stops_only_what_had_started_in_reverse() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c, d = (
            Fake("a", log),
            Fake("b", log),
            Fake("c", log, start_error=TimeoutError("no route")),
            Fake("d", log),
        )
        manager = Manager([a, b, c, d])
        with pytest.raises(ExceptionGroup) as info:
            await manager.run()
        assert errors_of(info) == [("c", "start", "no route")]
        assert log == ["start a", "start b", "start c failed", "stop b", "stop a"]
        assert a.runs == b.runs == d.runs == 0  # nothing runs before everything has started

    asyncio.run(scenario())


def test_a_failing_stop_does_not_keep_the_others_running() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = Fake("a", log), Fake("b", log, stop_error=OSError("flush failed")), Fake("c", log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        c.end(RuntimeError("boom"))
        with pytest.raises(ExceptionGroup) as info:
            await running
        assert errors_of(info) == [("c", "run", "boom"), ("b", "stop", "flush failed")]
        assert log[-3:] == ["stop c", "stop b", "stop a"]

    asyncio.run(scenario())


def test_restart_replaces_one_component_and_leaves_the_rest_running() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = three(log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        del log[:]
        await manager.restart("b")
        assert log == ["cancel b", "stop b", "start b"]
        await settle()
        assert (a.runs, b.runs, c.runs) == (1, 2, 1)
        assert manager.up() == ["a", "b", "c"]
        # b is still stopped between c and a: its place comes from the list, not from restarts.
        manager.stop()
        await running
        assert log[-3:] == ["stop c", "stop b", "stop a"]

    asyncio.run(scenario())


def test_a_cancelled_old_run_is_not_counted_as_a_failure() -> None:
    async def scenario() -> None:
        log: list[str] = []
        manager = Manager(three(log))
        running = asyncio.create_task(manager.run())
        await settle()
        for _ in range(3):
            await manager.restart("c")
        await settle()
        assert not running.done()
        manager.stop()
        await running

    asyncio.run(scenario())


def test_a_component_that_cannot_restart_brings_the_whole_unit_down() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = three(log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        b.start_error = PermissionError("certificate expired")
        with pytest.raises(ComponentError, match="b: start: certificate expired"):
            await manager.restart("b")
        with pytest.raises(ExceptionGroup) as info:
            await running
        assert errors_of(info) == [("b", "start", "certificate expired")]
        # b was already stopped by the restart, so only c and a are stopped at the end.
        assert log[-2:] == ["stop c", "stop a"]

    asyncio.run(scenario())


def test_a_failure_during_a_restart_ends_the_restart_with_an_error() -> None:
    async def scenario() -> None:
        log: list[str] = []
        a, b, c = three(log)
        manager = Manager([a, b, c])
        running = asyncio.create_task(manager.run())
        await settle()
        b.stop_gate = asyncio.Event()  # the restart hangs in b.stop ...
        restart = asyncio.create_task(manager.restart("b"))
        await settle()
        c.end(ConnectionError("peer gone"))  # ... while c fails
        with pytest.raises(ManagerNotRunningError, match="stopped while restarting b"):
            await restart
        with pytest.raises(ExceptionGroup) as info:
            await running
        assert errors_of(info) == [("c", "run", "peer gone")]
        assert log[-2:] == ["stop c", "stop a"]

    asyncio.run(scenario())


def test_restarts_still_queued_when_the_manager_stops_are_refused() -> None:
    async def scenario() -> None:
        manager = Manager(three([]))
        running = asyncio.create_task(manager.run())
        await settle()
        manager.stop()
        late = asyncio.create_task(manager.restart("a"))  # queued behind the stop
        await asyncio.sleep(0)
        manager.stop()  # a second stop request is harmless
        await running
        with pytest.raises(ManagerNotRunningError, match="has stopped"):
            await late

    asyncio.run(scenario())


def test_restart_needs_a_running_manager_and_a_known_name() -> None:
    async def scenario() -> None:
        manager = Manager(three([]))
        with pytest.raises(ManagerNotRunningError):
            await manager.restart("a")
        running = asyncio.create_task(manager.run())
        await settle()
        with pytest.raises(LookupError, match="no component 'z'; known: a, b, c"):
            await manager.restart("z")
        manager.stop()
        await running
        with pytest.raises(ManagerNotRunningError):
            await manager.restart("a")

    asyncio.run(scenario())


def test_cancelling_run_stops_every_component_and_leaves_no_task() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        log: list[str] = []
        manager = Manager(three(log))
        running = asyncio.create_task(manager.run())
        await settle()
        assert len(asyncio.all_tasks() - baseline) == 1 + 3  # run and one task per component
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        assert log[-3:] == ["stop c", "stop b", "stop a"]
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_duplicate_names_are_refused() -> None:
    log: list[str] = []
    with pytest.raises(ValueError, match="duplicate component names: a, b"):
        Manager([Fake("a", log), Fake("b", log), Fake("a", log), Fake("b", log)])


def test_the_demo_database_refuses_writes_once_closed() -> None:
    async def scenario() -> None:
        db = p037.Database()
        await db.start()
        db.write("row")
        await db.stop()
        with pytest.raises(ConnectionError, match="database is closed"):
            db.write("row")

    asyncio.run(scenario())


def test_before_a_crashed_loop_goes_unnoticed_and_the_stop_order_loses_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        db = before.Database()
        cache = before.Cache(db)
        await db.start()
        await cache.stop()  # in the right order the snapshot is written
        await db.stop()
        await cache.stop()  # after the database, it is lost

    asyncio.run(scenario())
    assert capsys.readouterr().out.splitlines()[1:] == [
        "cache: flushed to db",
        "db: closed",
        "cache: snapshot lost: database is closed",
    ]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p037)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
