"""P100: few keys move on add and remove, determinism, wrap-around, balance and errors."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p100_consistent_hashing as p100
from snippets.part16_systems import p100_consistent_hashing_before as before
from snippets.part16_systems.p100_consistent_hashing import HashRing, moved, ring_point

DemoCheck = Callable[[ModuleType], None]

KEYS = [f"key-{n}" for n in range(10_000)]
FOUR = ["n1", "n2", "n3", "n4"]


def test_adding_a_fifth_node_moves_about_a_fifth_of_the_keys_all_to_it() -> None:
    ring = HashRing(FOUR)
    old = ring.assign(KEYS)
    ring.add("n5")
    new = ring.assign(KEYS)
    changed = moved(old, new)
    assert abs(len(changed) / len(KEYS) - 1 / 5) < 0.04
    assert {new[key] for key in changed} == {"n5"}
    assert [key for key in KEYS if new[key] == "n5"] == changed


@pytest.mark.parametrize("victim", FOUR)
def test_removing_a_node_moves_exactly_its_own_keys(victim: str) -> None:
    ring = HashRing(FOUR)
    old = ring.assign(KEYS)
    ring.remove(victim)
    new = ring.assign(KEYS)
    assert moved(old, new) == [key for key in KEYS if old[key] == victim]
    assert victim not in new.values()
    assert ring.nodes == [node for node in FOUR if node != victim]


def test_add_then_remove_restores_the_original_assignment() -> None:
    ring = HashRing(FOUR)
    old = ring.assign(KEYS)
    ring.add("n5")
    ring.remove("n5")
    assert ring.assign(KEYS) == old


def test_assignment_does_not_depend_on_the_order_nodes_were_added() -> None:
    forward = HashRing(FOUR, vnodes=50)
    backward = HashRing(reversed(FOUR), vnodes=50)
    assert forward.assign(KEYS) == backward.assign(KEYS)


def test_points_come_from_sha256_not_from_the_salted_builtin_hash() -> None:
    expected = int.from_bytes(hashlib.sha256(b"key-1").digest()[:8], "big")
    assert ring_point("key-1") == expected
    assert 0 <= ring_point("") < 2**64


def test_a_key_past_the_highest_point_wraps_to_the_lowest() -> None:
    ring = HashRing(["low", "high"], vnodes=1)
    points = sorted((ring_point(f"{node}#0"), node) for node in ["low", "high"])
    top = points[-1][0]
    past_top = next(key for key in KEYS if ring_point(key) > top)
    assert ring.node_for(past_top) == points[0][1]
    between = next(key for key in KEYS if points[0][0] < ring_point(key) <= top)
    assert ring.node_for(between) == points[-1][1]


def test_a_key_on_a_node_point_belongs_to_that_node() -> None:
    ring = HashRing(FOUR, vnodes=3)
    assert ring.node_for("n3#2") == "n3"


def test_virtual_nodes_even_out_the_shares() -> None:
    def spread(vnodes: int) -> float:
        counts = Counter(HashRing(FOUR, vnodes=vnodes).assign(KEYS).values())
        return max(counts.values()) / min(counts.values())

    assert spread(1) > 2.0
    assert spread(200) < 1.25


def test_invalid_use_is_rejected() -> None:
    with pytest.raises(ValueError, match="vnodes"):
        HashRing(vnodes=0)
    ring = HashRing(["n1"])
    with pytest.raises(ValueError, match="already"):
        ring.add("n1")
    with pytest.raises(KeyError, match="not on the ring"):
        ring.remove("n2")
    ring.remove("n1")
    with pytest.raises(LookupError, match="no nodes"):
        ring.node_for("key-1")


def test_before_modulo_moves_most_keys_even_between_old_nodes() -> None:
    four = [before.node_for(key, FOUR) for key in KEYS]
    five = [before.node_for(key, [*FOUR, "n5"]) for key in KEYS]
    changes = [(a, b) for a, b in zip(four, five, strict=True) if a != b]
    assert len(changes) / len(KEYS) > 0.7
    assert sum(1 for _, b in changes if b != "n5") > len(KEYS) / 2


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p100)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
