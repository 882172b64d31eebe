"""P071: snapshots never change under a reader; writers publish whole, valid versions."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part11_caching import p071_copy_on_write_configuration_state as p071
from snippets.part11_caching import p071_copy_on_write_configuration_state_before as before
from snippets.part11_caching.p071_copy_on_write_configuration_state import Config, ConfigStore

DemoCheck = Callable[[ModuleType], None]


def make_store() -> ConfigStore:
    return ConfigStore(Config("db-a", 5432, {"new_checkout": False}))


def test_reader_snapshot_never_changes_mid_read() -> None:
    async def scenario() -> None:
        store = make_store()
        seen: list[tuple[int, str, bool]] = []
        step = asyncio.Event()

        async def reader() -> None:
            config = store.current
            for _ in range(2):
                seen.append((config.version, config.db_address, config.flags["new_checkout"]))
                await step.wait()
                step.clear()
            seen.append((config.version, config.db_address, config.flags["new_checkout"]))

        task = asyncio.create_task(reader())
        await asyncio.sleep(0)
        for port in (6001, 6002):
            store.move_database("db-b", port)
            store.set_flag("new_checkout", port % 2 == 0)
            step.set()
            await asyncio.sleep(0)
        await task
        assert seen == [(1, "db-a:5432", False)] * 3
        assert store.current.version == 5
        assert store.current.db_address == "db-b:6002"

    asyncio.run(scenario())


def test_update_publishes_a_new_object_and_leaves_the_old_one_alone() -> None:
    store = make_store()
    old = store.current
    new = store.set_flag("dark_mode", True)
    assert new is store.current
    assert new is not old
    assert dict(old.flags) == {"new_checkout": False}
    assert dict(new.flags) == {"new_checkout": False, "dark_mode": True}
    assert (old.version, new.version) == (1, 2)


def test_rejected_update_publishes_nothing() -> None:
    store = make_store()
    before_update = store.current
    with pytest.raises(ValueError, match="db_port 70000"):
        store.move_database("db-b", 70000)
    with pytest.raises(ValueError, match="db_host"):
        store.move_database("", 5432)
    assert store.current is before_update


def test_published_version_cannot_be_mutated() -> None:
    source_flags = {"new_checkout": False}
    config = Config("db-a", 5432, source_flags)
    source_flags["new_checkout"] = True  # the caller's dict was copied
    assert config.flags["new_checkout"] is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.db_port = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.flags["new_checkout"] = True  # type: ignore[index]


def test_concurrent_writers_lose_no_update() -> None:
    async def scenario() -> None:
        store = make_store()

        async def writer(i: int) -> None:
            await asyncio.sleep(0)
            store.set_flag(f"flag{i}", True)
            await asyncio.sleep(0)
            store.set_flag(f"flag{i}", i % 2 == 0)

        await asyncio.gather(*(writer(i) for i in range(20)))
        config = store.current
        assert config.version == 41
        assert {name: config.flags[name] for name in config.flags if name != "new_checkout"} == {
            f"flag{i}": i % 2 == 0 for i in range(20)
        }

    asyncio.run(scenario())


def test_before_version_tears_a_read() -> None:
    before.CONFIG.update(db_host="db-a", db_port=5432)

    async def scenario() -> str:
        done = asyncio.Event()
        task = asyncio.create_task(before.handle_request(done))
        await asyncio.sleep(0)
        before.reload()
        done.set()
        return await task

    assert asyncio.run(scenario()) == "db-a:6432"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p071)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    before.CONFIG.update(db_host="db-a", db_port=5432)
    check_demo(before)
