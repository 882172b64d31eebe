"""P062: list-then-watch misses nothing, resumes by version, re-lists when history is gone."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from types import ModuleType

import pytest

from snippets.part10_events import p062_watch_and_subscribe as p062
from snippets.part10_events import p062_watch_and_subscribe_before as before
from snippets.part10_events.p062_watch_and_subscribe import (
    Event,
    EventType,
    Informer,
    Store,
    VersionExpiredError,
    steps,
)

DemoCheck = Callable[[ModuleType], None]


class Replica:
    """A handler that rebuilds the store from the calls alone, and checks each call fits."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}
        self.calls: list[tuple[str, ...]] = []

    def on_add(self, key: str, value: int) -> None:
        assert key not in self.items, f"add of {key}, which is already there"
        self.items[key] = value
        self.calls.append(("add", key, str(value)))

    def on_update(self, key: str, old: int, new: int) -> None:
        assert self.items[key] == old, f"update of {key} from {old}, but it was {self.items[key]}"
        self.items[key] = new
        self.calls.append(("update", key, f"{old}->{new}"))

    def on_delete(self, key: str, old: int) -> None:
        assert self.items.pop(key) == old
        self.calls.append(("delete", key, str(old)))


@contextlib.asynccontextmanager
async def running(informer: Informer[int]) -> AsyncIterator[None]:
    task = asyncio.create_task(informer.run())
    await informer.synced.wait()
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def test_a_change_between_list_and_watch_is_replayed() -> None:
    async def scenario() -> None:
        store: Store[int] = Store()
        store.put("a", 1)
        items, version = store.list()
        store.put("a", 2)  # after the list, before the watch
        watch = store.watch(version)
        store.put("b", 1)
        store.drop_watches()  # ends the iteration after the events it holds
        assert items == {"a": 1}
        assert [event async for event in watch] == [
            Event(EventType.MODIFIED, "a", 2, 2),
            Event(EventType.ADDED, "b", 1, 3),
        ]

    asyncio.run(scenario())


def test_a_late_informer_gets_every_existing_item_as_an_add_in_key_order() -> None:
    async def scenario() -> None:
        store: Store[int] = Store()
        for key in ["c", "a", "b"]:
            store.put(key, 1)
        replica = Replica()
        informer = Informer(store, replica)
        async with running(informer):
            assert replica.calls == [("add", "a", "1"), ("add", "b", "1"), ("add", "c", "1")]
            assert informer.version == 3

    asyncio.run(scenario())


def test_live_changes_reach_the_handler_with_old_and_new_values() -> None:
    async def scenario() -> None:
        store: Store[int] = Store()
        replica = Replica()
        informer = Informer(store, replica)
        async with running(informer):
            store.put("a", 1)
            store.put("a", 2)
            store.put("b", 5)
            store.delete("a")
            await steps(2)
            assert replica.calls == [
                ("add", "a", "1"),
                ("update", "a", "1->2"),
                ("add", "b", "5"),
                ("delete", "a", "2"),
            ]
            assert informer.snapshot() == {"b": 5}

    asyncio.run(scenario())


def test_a_dropped_watch_resumes_from_its_version_without_listing_again() -> None:
    async def scenario() -> None:
        store: Store[int] = Store(history=10)
        store.put("a", 1)
        replica = Replica()
        informer = Informer(store, replica)
        async with running(informer):
            store.drop_watches()
            store.put("a", 2)
            store.put("b", 1)
            store.delete("a")
            await steps(3)
            assert (informer.lists, informer.watches) == (1, 2)
            assert replica.calls[1:] == [
                ("update", "a", "1->2"),
                ("add", "b", "1"),
                ("delete", "a", "2"),
            ]

    asyncio.run(scenario())


def test_an_expired_version_makes_the_informer_list_again_and_report_the_difference() -> None:
    async def scenario() -> None:
        store: Store[int] = Store(history=2)
        for key, value in [("same", 1), ("changed", 1), ("gone", 1), ("flipped", 1)]:
            store.put(key, value)
        replica = Replica()
        informer = Informer(store, replica)
        async with running(informer):
            replica.calls.clear()
            store.drop_watches()
            store.put("changed", 2)
            store.delete("gone")
            store.put("flipped", 2)
            store.put("flipped", 1)  # changed and changed back: nothing to report
            store.put("new", 1)
            await steps(3)
            assert informer.lists == 2
            assert replica.calls == [
                ("update", "changed", "1->2"),
                ("add", "new", "1"),
                ("delete", "gone", "1"),
            ]
            assert (informer.snapshot(), informer.version) == store.list()

    asyncio.run(scenario())


def test_a_watch_that_falls_behind_is_dropped_after_what_it_already_holds() -> None:
    async def scenario() -> None:
        store: Store[int] = Store(watch_buffer=2)
        watch = store.watch(0)
        for value in range(5):
            store.put("a", value)
        assert store.watch_count == 0
        assert [event.value async for event in watch] == [0, 1]

    asyncio.run(scenario())


def test_an_informer_that_falls_behind_catches_up_from_the_history() -> None:
    async def scenario() -> None:
        store: Store[int] = Store(history=50, watch_buffer=3)
        replica = Replica()
        informer = Informer(store, replica)
        async with running(informer):
            for value in range(1, 21):
                store.put("a", value)  # no await: the informer cannot keep up
            await steps(3)
            assert informer.lists == 1
            assert [call[2] for call in replica.calls[1:]] == [
                f"{n}->{n + 1}" for n in range(1, 20)
            ]

    asyncio.run(scenario())


def test_cancelling_the_informer_unsubscribes_its_watch() -> None:
    async def scenario() -> None:
        store: Store[int] = Store()
        informer = Informer(store, Replica())
        async with running(informer):
            assert store.watch_count == 1
        assert store.watch_count == 0
        store.put("a", 1)  # nobody is holding events for a reader that left

    asyncio.run(scenario())


def test_closing_a_watch_ends_its_iteration_and_drops_what_it_held() -> None:
    async def scenario() -> None:
        store: Store[int] = Store()
        store.put("a", 1)
        watch = store.watch(0)
        reader = asyncio.create_task(anext(watch))
        await steps(1)
        assert reader.result().value == 1
        waiting = asyncio.create_task(anext(watch))
        await steps(1)
        store.put("a", 2)
        watch.close()
        watch.close()  # a second close does nothing
        assert store.watch_count == 0
        with pytest.raises(StopAsyncIteration):
            await waiting

    asyncio.run(scenario())


def test_with_no_history_only_a_watch_from_the_current_version_is_allowed() -> None:
    store: Store[int] = Store(history=0)
    store.put("a", 1)
    store.put("a", 2)
    with pytest.raises(VersionExpiredError):
        store.watch(1)
    assert store.watch(2) is not None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"history": -1}, "history"), ({"watch_buffer": 0}, "watch_buffer")],
)
def test_store_rejects_nonsense_settings(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Store(**kwargs)


@pytest.mark.parametrize("since", [-1, 2])
def test_watch_rejects_a_version_the_store_never_had(since: int) -> None:
    store: Store[int] = Store()
    store.put("a", 1)
    with pytest.raises(ValueError, match="since must be between 0 and 1"):
        store.watch(since)


def test_deleting_a_missing_key_is_an_error_and_changes_nothing() -> None:
    store: Store[int] = Store()
    with pytest.raises(KeyError):
        store.delete("a")
    assert store.version == 0


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("history", "buffer"), [(0, 1), (3, 2), (100, 100)])
def test_cache_and_handler_calls_converge_to_the_store(
    seed: int, history: int, buffer: int
) -> None:
    async def scenario() -> None:
        rng = random.Random(seed)
        store: Store[int] = Store(history=history, watch_buffer=buffer)
        replica = Replica()
        informer = Informer(store, replica)
        for _ in range(5):
            store.put(f"k{rng.randint(0, 5)}", rng.randint(0, 3))
        async with running(informer):
            for _ in range(200):
                roll = rng.random()
                key = f"k{rng.randint(0, 5)}"
                if roll < 0.05:
                    store.drop_watches()
                elif roll < 0.25 and key in store.list()[0]:
                    store.delete(key)
                else:
                    store.put(key, rng.randint(0, 3))
                await steps(rng.randint(0, 1))
            await steps(3)
            assert (informer.snapshot(), informer.version) == store.list()
            assert replica.items == store.list()[0]

    asyncio.run(scenario())


def test_before_the_cache_misses_changes_and_stays_wrong() -> None:
    async def scenario() -> None:
        store = before.Store()
        store.put("a", 1)
        cache = before.Cache(store)
        starting = asyncio.create_task(cache.start())
        await asyncio.sleep(0)
        store.put("a", 2)
        await starting
        store.put("b", 1)
        store.put("c", 1)
        store.delete("c")  # live changes after the subscription do arrive
        assert store.items == {"a": 2, "b": 1}
        assert cache.items == {"a": 1, "b": 1}

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p062)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
