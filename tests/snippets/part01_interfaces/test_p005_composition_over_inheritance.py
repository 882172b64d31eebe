"""P005: wrappers count through public methods, so the wrapped store's internals cannot break them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

import pytest

from snippets.part01_interfaces import p005_composition_over_inheritance as p005
from snippets.part01_interfaces import p005_composition_over_inheritance_before as before
from snippets.part01_interfaces.p005_composition_over_inheritance import (
    AuditedMapping,
    BulkMemoryStore,
    CountingStore,
    MemoryStore,
    PrefixedStore,
    Store,
)

DemoCheck = Callable[[ModuleType], None]
ITEMS = [("a", "1"), ("b", "2"), ("c", "3")]


class FailingStore:
    """Refuses every write: a wrapper must not count what did not happen."""

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        raise OSError("disk full")

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        raise OSError("disk full")


@pytest.mark.parametrize("make_inner", [MemoryStore, BulkMemoryStore])
def test_counting_is_right_whatever_the_inner_set_many_does(
    make_inner: Callable[[], Store],
) -> None:
    inner = make_inner()
    counting = CountingStore(inner)
    counting.set("z", "0")
    counting.set_many(ITEMS)
    counting.set_many([])
    assert counting.writes == 4
    assert [inner.get(k) for k in ("z", "a", "b", "c")] == ["0", "1", "2", "3"]
    assert counting.get("c") == "3"
    assert counting.get("missing") is None


def test_a_generator_is_read_once_and_every_item_reaches_the_store() -> None:
    inner = MemoryStore()
    counting = CountingStore(inner)
    counting.set_many((f"k{n}", str(n)) for n in range(4))
    assert counting.writes == 4
    assert inner.data == {"k0": "0", "k1": "1", "k2": "2", "k3": "3"}


def test_failed_writes_are_not_counted() -> None:
    counting = CountingStore(FailingStore())
    with pytest.raises(OSError):
        counting.set("a", "1")
    with pytest.raises(OSError):
        counting.set_many(ITEMS)
    assert counting.writes == 0


def test_wrappers_stack_and_each_sees_only_the_protocol() -> None:
    shared = BulkMemoryStore()
    a = CountingStore(PrefixedStore(shared, "a:"))
    b = PrefixedStore(CountingStore(shared), "b:")  # the other order works too
    a.set_many(ITEMS)
    b.set("a", "x")
    b.set_many([("b", "y")])
    assert shared.data == {"a:a": "1", "a:b": "2", "a:c": "3", "b:a": "x", "b:b": "y"}
    assert (a.get("a"), b.get("a"), a.get("zzz")) == ("1", "x", None)
    assert a.writes == 3


def test_wrappers_satisfy_the_protocol_they_wrap() -> None:
    wrapped: Store = CountingStore(PrefixedStore(MemoryStore(), "p:"))  # checked by mypy
    wrapped.set("k", "v")
    assert wrapped.get("k") == "v"


def test_a_mapping_built_for_extension_audits_every_write_path() -> None:
    audited = AuditedMapping()
    audited["a"] = "1"
    audited.update({"b": "2"}, c="3")
    assert audited.setdefault("d", "4") == "4"
    assert audited.setdefault("d", "other") == "4"  # present: not written again
    del audited["a"]
    assert dict(audited) == {"b": "2", "c": "3", "d": "4"}
    assert len(audited) == 3
    assert audited.audit == ["a", "b", "c", "d"]
    with pytest.raises(KeyError):
        audited["a"]


def test_before_overriding_both_methods_double_counts_on_release_1() -> None:
    store = before.CountingBoth()
    store.set_many(ITEMS)
    assert store.writes == 6
    assert store.data == dict(ITEMS)


def test_before_overriding_set_only_counts_nothing_on_release_2() -> None:
    on_release_1, on_release_2 = before.CountingSetOnly(), before.CountingSetOnlyOnRelease2()
    for store in (on_release_1, on_release_2):
        store.set("z", "0")
        store.set_many(ITEMS)
        assert store.data == {"z": "0", **dict(ITEMS)}  # the data is right either way...
    assert (on_release_1.writes, on_release_2.writes) == (4, 1)  # ...the count is not


def test_before_dict_methods_bypass_an_overridden_setitem() -> None:
    audited = before.AuditedDict()
    audited["a"] = "1"
    audited.update({"b": "2"})
    audited.setdefault("c", "3")
    assert sorted(audited) == ["a", "b", "c"]
    assert audited.audit == ["a"]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p005)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
