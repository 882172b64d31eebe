"""P095: one list+watch per kind, reads served from the cache, copies out, indexes kept right."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p095_shared_informer_cache as p095
from snippets.part16_systems import p095_shared_informer_cache_before as before
from snippets.part16_systems.p095_shared_informer_cache import (
    Event,
    FakeApi,
    Indexer,
    InformerFactory,
    Obj,
    by_node,
    pod,
)

DemoCheck = Callable[[ModuleType], None]


def names(objs: list[Obj]) -> list[str]:
    return [obj.name for obj in objs]


def seeded() -> FakeApi:
    api = FakeApi()
    api.apply(pod("a", "n1", "web"))
    api.apply(pod("b", "n2", "web"))
    api.apply(pod("c", "n1", "db"))
    return api


def test_reads_go_to_the_cache_not_the_api() -> None:
    async def scenario() -> None:
        api = seeded()
        factory = InformerFactory(api)
        readers = [factory.informer("pods") for _ in range(5)]
        readers[0].add_indexes({"node": by_node})
        async with factory.running():
            for _ in range(100):
                for reader in readers:
                    assert names(reader.cache.by_index("node", "n1")) == ["a", "c"]
                    assert names(reader.cache.list_all()) == ["a", "b", "c"]
                    assert reader.cache.get("shop/b") is not None
        assert dict(api.calls) == {"list pods": 1, "watch pods": 1}

    asyncio.run(scenario())


def test_one_informer_per_kind() -> None:
    async def scenario() -> None:
        api = seeded()
        api.apply(Obj("nodes", "", "n1"))
        factory = InformerFactory(api)
        pods, nodes = factory.informer("pods"), factory.informer("nodes")
        assert factory.informer("pods") is pods
        assert pods is not nodes
        async with factory.running():
            assert names(nodes.cache.list_all()) == ["n1"]
            await nodes.wait_for_version(api.apply(Obj("nodes", "", "n2")))
            assert names(nodes.cache.list_all()) == ["n1", "n2"]
            assert len(pods.cache.list_all()) == 3
        assert dict(api.calls) == {
            "list pods": 1,
            "watch pods": 1,
            "list nodes": 1,
            "watch nodes": 1,
        }

    asyncio.run(scenario())


def test_editing_what_a_reader_got_does_not_change_the_cache() -> None:
    async def scenario() -> None:
        api = seeded()
        factory = InformerFactory(api)
        informer = factory.informer("pods")
        informer.add_indexes({"node": by_node})
        received: list[Obj] = []
        informer.add_handler(lambda event: received.append(event.obj))
        async with factory.running():
            got = informer.cache.get("shop/a")
            assert got is not None
            for obj in [
                got,
                *informer.cache.list_all(),
                *informer.cache.by_index("node", "n1"),
                *received,
            ]:
                obj.labels["app"] = "changed"
                obj.spec["node"] = "n9"
            assert [o.labels["app"] for o in informer.cache.list_all()] == ["web", "web", "db"]
            assert informer.cache.by_index("node", "n9") == []
            assert names(informer.cache.by_index("node", "n1")) == ["a", "c"]

    asyncio.run(scenario())


def test_watch_events_update_the_cache_and_its_indexes() -> None:
    async def scenario() -> None:
        api = seeded()
        factory = InformerFactory(api)
        informer = factory.informer("pods")
        informer.add_indexes({"node": by_node})
        events: list[str] = []
        async with factory.running():
            informer.add_handler(lambda event: events.append(f"{event.type} {event.obj.name}"))
            await informer.wait_for_version(api.apply(pod("a", "n2", "web")))
            assert names(informer.cache.by_index("node", "n1")) == ["c"]
            assert names(informer.cache.by_index("node", "n2")) == ["a", "b"]
            await informer.wait_for_version(api.delete("pods", "shop/c"))
            assert informer.cache.get("shop/c") is None
            assert informer.cache.by_index("node", "n1") == []
            await informer.wait_for_version(api.apply(pod("d", "", "web")))  # no node: in no entry
            assert names(informer.cache.list_all()) == ["a", "b", "d"]
            await informer.wait_for_version(0)  # an old version is reached at once
        assert events == ["ADDED a", "ADDED b", "ADDED c", "MODIFIED a", "DELETED c", "ADDED d"]
        api.apply(pod("e", "n1", "web"))  # after the informer stopped
        await asyncio.sleep(0)
        assert informer.cache.get("shop/e") is None

    asyncio.run(scenario())


def test_the_watch_replays_changes_made_after_the_list_version() -> None:
    async def scenario() -> None:
        api = FakeApi()
        listed = api.apply(pod("a", "n1", "web"))
        api.apply(pod("b", "n1", "web"))
        api.apply(Obj("nodes", "", "n1"))
        api.delete("pods", "shop/a")
        stream = api.watch("pods", since=listed)
        first = await anext(stream)
        second = await anext(stream)
        await stream.aclose()
        assert [(first.type, first.obj.name), (second.type, second.obj.name)] == [
            ("ADDED", "b"),
            ("DELETED", "a"),
        ]

    asyncio.run(scenario())


def test_indexes_with_several_values_and_late_indexes() -> None:
    cache = Indexer()
    cache.upsert(Obj("pods", "ns", "a", labels={"app": "web", "tier": "front"}))
    cache.upsert(Obj("pods", "ns", "b", labels={"app": "web"}))
    cache.add_indexes({"label": lambda o: [f"{k}={v}" for k, v in o.labels.items()]})
    assert names(cache.by_index("label", "app=web")) == ["a", "b"]
    assert names(cache.by_index("label", "tier=front")) == ["a"]
    cache.upsert(Obj("pods", "ns", "a", labels={"app": "api"}))
    assert names(cache.by_index("label", "app=web")) == ["b"]
    assert cache.by_index("label", "tier=front") == []
    cache.delete("ns/missing")  # a delete for an unknown key is ignored
    with pytest.raises(KeyError, match="no index named 'node'"):
        cache.by_index("node", "n1")
    with pytest.raises(ValueError, match="already exists"):
        cache.add_indexes({"label": by_node})


def test_a_handler_added_late_hears_about_every_cached_object() -> None:
    async def scenario() -> None:
        factory = InformerFactory(seeded())
        informer = factory.informer("pods")
        async with factory.running():
            heard: list[Event] = []
            informer.add_handler(heard.append)
            assert [(e.type, e.obj.name) for e in heard] == [
                ("ADDED", "a"),
                ("ADDED", "b"),
                ("ADDED", "c"),
            ]

    asyncio.run(scenario())


def test_the_before_versions_cost_and_corrupt() -> None:
    async def scenario() -> None:
        api = before.Api([before.Pod("p", "n1")])
        for _ in range(3):
            await before.reconcile(api, "n1")
        assert api.list_calls == 3
        cache = before.NaiveCache(await api.list_pods())
        cache.get("p").labels["x"] = "y"
        assert cache.get("p").labels == {"x": "y"}

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p095)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
