"""P069: typed cache with TTL from an injected clock and LRU eviction at max size."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part11_caching import p069_generic_typed_cache_store as p069
from snippets.part11_caching import p069_generic_typed_cache_store_before as before
from snippets.part11_caching.p069_generic_typed_cache_store import Cache, ManualClock

DemoCheck = Callable[[ModuleType], None]


def make(max_size: int = 3, ttl: float = 10.0) -> tuple[Cache[str, int], ManualClock]:
    clock = ManualClock()
    return Cache(max_size=max_size, ttl=ttl, clock=clock), clock


def test_get_returns_what_was_set_and_counts_hits_and_misses() -> None:
    cache, _ = make()
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache.get("b") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_entry_expires_exactly_at_ttl_and_is_removed() -> None:
    cache, clock = make(ttl=10.0)
    cache.set("a", 1)
    clock.advance(9.9)
    assert cache.get("a") == 1
    clock.advance(0.1)
    assert cache.get("a") is None
    assert len(cache) == 0


def test_set_restarts_the_ttl() -> None:
    cache, clock = make(ttl=10.0)
    cache.set("a", 1)
    clock.advance(8.0)
    cache.set("a", 2)
    clock.advance(8.0)
    assert cache.get("a") == 2


def test_reads_do_not_extend_the_ttl() -> None:
    cache, clock = make(ttl=10.0)
    cache.set("a", 1)
    clock.advance(6.0)
    assert cache.get("a") == 1
    clock.advance(4.0)
    assert cache.get("a") is None


def test_full_cache_evicts_the_least_recently_used() -> None:
    cache, _ = make(max_size=2)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get("a") == 1  # b is now the coldest
    cache.set("c", 3)
    assert cache.get("b") is None
    assert cache.get("a") == 1
    assert cache.get("c") == 3
    assert len(cache) == 2
    assert cache.evictions == 1


def test_overwriting_a_key_does_not_evict() -> None:
    cache, _ = make(max_size=2)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.set("a", 10)
    assert len(cache) == 2
    assert cache.evictions == 0
    cache.set("c", 3)  # a was refreshed by the overwrite, so b goes
    assert cache.get("b") is None
    assert cache.get("a") == 10


def test_falsy_values_are_hits() -> None:
    cache, _ = make()
    cache.set("zero", 0)
    assert cache.get("zero") == 0
    assert cache.hits == 1


def test_delete_forgets_and_tolerates_missing_keys() -> None:
    cache, _ = make()
    cache.set("a", 1)
    cache.delete("a")
    cache.delete("never")
    assert cache.get("a") is None


@pytest.mark.parametrize(
    ("max_size", "ttl", "message"),
    [(0, 1.0, "max_size"), (1, 0.0, "ttl")],
)
def test_rejects_nonsense_settings(max_size: int, ttl: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Cache[str, int](max_size=max_size, ttl=ttl, clock=ManualClock())


def test_before_cache_mixes_types_and_grows_without_bound() -> None:
    before.CACHE.clear()
    before.remember_price_from_feed("tea", "2.5")
    assert before.price_for_two("tea") == "2.52.5"
    before.CACHE.clear()


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p069)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    before.CACHE.clear()
    check_demo(before)
    before.CACHE.clear()
