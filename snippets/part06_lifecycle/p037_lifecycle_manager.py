"""P037 Lifecycle Manager: start components in order, stop them in reverse, fail as one.

A `Manager` owns a list of components, each of which may use the ones before
it. `run` starts them one at a time, in that order, then runs them all under
one `asyncio.TaskGroup`. When a component fails, or `stop` is called, every
run is cancelled and every component that started is stopped, in reverse
order. `restart` stops and starts one component while the others keep running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol


class Component(Protocol):
    """A part of the service with a lifecycle: a database pool, a cache, a listener."""

    @property
    def name(self) -> str: ...

    async def start(self) -> None:
        """Acquire what the component needs; return once it is ready for use."""

    async def run(self) -> None:
        """Do the component's ongoing work until cancelled; returning early is a failure."""

    async def stop(self) -> None:
        """Release what `start` acquired."""


class ComponentError(Exception):
    """A component failed in one phase: start, run or stop."""

    def __init__(self, name: str, phase: str, reason: object) -> None:
        super().__init__(f"{name}: {phase}: {reason}")
        self.name = name
        self.phase = phase


class ManagerNotRunningError(RuntimeError):
    """`restart` was called when the manager was not running, or it stopped meanwhile."""


RestartRequest = tuple[str, asyncio.Future[None]]


class Manager:
    """Runs components as one unit: a failure in any of them stops all of them."""

    def __init__(self, components: Sequence[Component]) -> None:
        names = [component.name for component in components]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate component names: {', '.join(duplicates)}")
        self._components = {component.name: component for component in components}
        self._up: set[str] = set()
        self._runs: dict[str, asyncio.Task[None]] = {}
        # Restarts and the stop request (None) go through one queue, so only the
        # task inside `run` ever changes which components are up.
        self._requests: asyncio.Queue[RestartRequest | None] = asyncio.Queue()
        self._running = False

    def up(self) -> list[str]:
        """The components that are started now, in start order."""
        return [name for name in self._components if name in self._up]

    def stop(self) -> None:
        """Ask `run` to stop every component and return."""
        self._requests.put_nowait(None)

    async def restart(self, name: str) -> None:
        """Stop and start one component; the others keep running meanwhile."""
        if not self._running:
            raise ManagerNotRunningError("restart needs a running manager")
        if name not in self._components:
            raise LookupError(f"no component {name!r}; known: {', '.join(self._components)}")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._requests.put_nowait((name, done))
        await done

    async def run(self) -> None:
        """Start all, run until `stop()` or a failure, then stop all in reverse order.

        Raises:
            ExceptionGroup: of ComponentError, one for the failure that ended
                the run and one for each component that then failed to stop.
        """
        failures: list[Exception] = []
        self._running = True
        try:
            for component in self._components.values():
                await self._start(component)
            await self._supervise()
        except ComponentError as exc:
            failures.append(exc)
        except ExceptionGroup as group:
            failures.extend(group.exceptions)
        finally:
            # Runs after a stop, a failure and a cancellation of `run` alike.
            self._running = False
            self._refuse_waiting_restarts()
            for component in reversed(self._components.values()):
                if component.name in self._up:
                    try:
                        await self._stop(component)
                    except ComponentError as exc:
                        failures.append(exc)  # keep stopping the others
        if failures:
            raise ExceptionGroup("lifecycle failed", failures)

    async def _supervise(self) -> None:
        # A run that raises makes the task group cancel the other runs and this
        # task, and raise an ExceptionGroup holding the ComponentError.
        async with asyncio.TaskGroup() as group:
            for component in self._components.values():
                self._runs[component.name] = group.create_task(self._serve(component))
            while (request := await self._requests.get()) is not None:
                name, done = request
                try:
                    await self._restart(group, self._components[name])
                except ComponentError as exc:
                    done.set_exception(exc)
                    raise  # a component that cannot restart brings the whole unit down
                except BaseException:
                    done.set_exception(ManagerNotRunningError(f"stopped while restarting {name}"))
                    raise
                done.set_result(None)
            for run in self._runs.values():
                run.cancel()

    async def _restart(self, group: asyncio.TaskGroup, component: Component) -> None:
        run = self._runs.pop(component.name)
        run.cancel()
        await asyncio.wait([run])  # a cancelled run is not a failure to the task group
        await self._stop(component)
        await self._start(component)
        self._runs[component.name] = group.create_task(self._serve(component))

    async def _serve(self, component: Component) -> None:
        try:
            await component.run()
        except Exception as exc:
            raise ComponentError(component.name, "run", exc) from exc
        raise ComponentError(component.name, "run", "returned while the manager was running")

    async def _start(self, component: Component) -> None:
        try:
            await component.start()
        except Exception as exc:
            raise ComponentError(component.name, "start", exc) from exc
        self._up.add(component.name)

    async def _stop(self, component: Component) -> None:
        self._up.discard(component.name)
        try:
            await component.stop()
        except Exception as exc:
            raise ComponentError(component.name, "stop", exc) from exc

    def _refuse_waiting_restarts(self) -> None:
        while not self._requests.empty():
            request = self._requests.get_nowait()
            if request is not None:
                request[1].set_exception(ManagerNotRunningError("the manager has stopped"))


async def _until_cancelled() -> None:
    await asyncio.Event().wait()


class Database:
    """The demo's database: open between start and stop, and refuses writes otherwise."""

    name = "db"

    def __init__(self) -> None:
        self.is_open = False

    async def start(self) -> None:
        self.is_open = True
        print("db: open")

    async def run(self) -> None:
        await _until_cancelled()  # a pool has no loop of its own

    async def stop(self) -> None:
        self.is_open = False
        print("db: closed")

    def write(self, what: str) -> None:
        if not self.is_open:
            raise ConnectionError("database is closed")


class Cache:
    """Keeps entries in memory and writes them to the database when it stops."""

    name = "cache"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def start(self) -> None:
        print("cache: ready")

    async def run(self) -> None:
        await _until_cancelled()

    async def stop(self) -> None:
        self.db.write("cache snapshot")  # needs the database still open
        print("cache: flushed to db")


class Api:
    """Serves requests until its listener breaks, which the demo triggers with `crash`."""

    name = "api"

    def __init__(self) -> None:
        self._crashed = asyncio.Event()

    def crash(self) -> None:
        self._crashed.set()

    async def start(self) -> None:
        print("api: listening")

    async def run(self) -> None:
        await self._crashed.wait()
        raise ConnectionError("listener closed")

    async def stop(self) -> None:
        print("api: stopped")


async def main() -> None:
    db = Database()
    api = Api()
    manager = Manager([db, Cache(db), api])
    running = asyncio.create_task(manager.run())
    await asyncio.sleep(0)
    #> db: open
    #> cache: ready
    #> api: listening

    await manager.restart("cache")
    #> cache: flushed to db
    #> cache: ready
    print("up:", manager.up())
    #> up: ['db', 'cache', 'api']

    api.crash()  # one component fails: everything stops, newest first
    try:
        await running
    except* ComponentError as group:
        print("run failed:", [str(exc) for exc in group.exceptions])
    #> api: stopped
    #> cache: flushed to db
    #> db: closed
    #> run failed: ['api: run: listener closed']
    print("up:", manager.up())
    #> up: []


if __name__ == "__main__":
    asyncio.run(main())
