"""P053: time order, same-millisecond monotonicity, encoding round trips and bad input."""

from __future__ import annotations

import bisect
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType

import pytest

from snippets.part08_data import p053_time_ordered_ids as p053
from snippets.part08_data import p053_time_ordered_ids_before as before
from snippets.part08_data.p053_time_ordered_ids import (
    MAX_RANDOM,
    MAX_TIME,
    IDGenerator,
    InvalidIDError,
    ManualClock,
    created_at,
    decode,
    encode,
    first_id_at,
    timestamp_ms,
)

DemoCheck = Callable[[ModuleType], None]
START = 1_700_000_000_000


class FixedBits(random.Random):
    """A random source that always returns the same bits, to reach the edges."""

    def __init__(self, bits: int) -> None:
        super().__init__(0)
        self.bits = bits

    def getrandbits(self, k: int) -> int:
        return self.bits


def test_ids_sort_by_creation_time_across_milliseconds() -> None:
    clock = ManualClock(START)
    ids = IDGenerator(clock=clock, rng=random.Random(1))
    made = []
    for step in [0, 1, 0, 0, 7, 1, 0, 250, 1]:
        clock.advance(step)
        made.append(ids.new())
    shuffled = made[:]
    random.Random(2).shuffle(shuffled)
    assert sorted(shuffled) == made
    assert [timestamp_ms(i) for i in made] == sorted(timestamp_ms(i) for i in made)


def test_a_new_millisecond_draws_fresh_randomness_even_if_smaller() -> None:
    # Order across milliseconds comes from the timestamp, not from the random part.
    clock = ManualClock(START)
    rng = FixedBits(MAX_RANDOM - 1)
    ids = IDGenerator(clock=clock, rng=rng)
    early = ids.new()
    clock.advance(1)
    rng.bits = 0
    later = ids.new()
    assert later > early
    assert decode(later) & MAX_RANDOM == 0


def test_same_millisecond_ids_increment_and_stay_ordered() -> None:
    ids = IDGenerator(clock=ManualClock(START), rng=random.Random(3))
    made = [ids.new() for _ in range(1000)]
    assert made == sorted(made)
    assert len(set(made)) == 1000
    values = [decode(i) for i in made]
    assert values == list(range(values[0], values[0] + 1000))
    assert {timestamp_ms(i) for i in made} == {START}


def test_a_clock_step_back_keeps_order_and_the_last_timestamp() -> None:
    clock = ManualClock(START)
    ids = IDGenerator(clock=clock, rng=random.Random(4))
    before_step = ids.new()
    clock.advance(-60_000)
    after_step = ids.new()
    assert after_step > before_step
    assert timestamp_ms(after_step) == START
    clock.advance(60_001)
    assert timestamp_ms(ids.new()) == START + 1


def test_exhausting_the_random_part_raises_instead_of_wrapping() -> None:
    ids = IDGenerator(clock=ManualClock(START), rng=FixedBits(MAX_RANDOM - 1))
    ids.new()
    last = ids.new()
    assert decode(last) & MAX_RANDOM == MAX_RANDOM
    with pytest.raises(OverflowError):
        ids.new()


def test_same_seed_gives_the_same_ids() -> None:
    def run() -> list[str]:
        clock = ManualClock(START)
        ids = IDGenerator(clock=clock, rng=random.Random(53))
        return [ids.new(), ids.new()]

    assert run() == run()


def test_encoding_round_trips_and_preserves_order() -> None:
    rng = random.Random(5)
    values = [0, 1, 31, 32, (1 << 128) - 1] + [rng.getrandbits(128) for _ in range(200)]
    for value in values:
        text = encode(value)
        assert len(text) == 26
        assert decode(text) == value
        assert decode(text.lower()) == value
    assert sorted(values) == [decode(t) for t in sorted(encode(v) for v in values)]
    assert encode(0) == "0" * 26
    assert encode((1 << 128) - 1) == "7" + "Z" * 25


@pytest.mark.parametrize("value", [-1, 1 << 128])
def test_encode_rejects_values_outside_128_bits(value: int) -> None:
    with pytest.raises(ValueError, match="128-bit"):
        encode(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0" * 25, "26 characters, got 25"),
        ("0" * 27, "26 characters, got 27"),
        ("0" * 25 + "U", "'U' is not"),
        ("0" * 25 + "I", "'I' is not"),
        ("0" * 25 + "ß", "'ß' is not"),
        ("0" * 25 + "-", "'-' is not"),
        ("8" + "0" * 25, "must start with 0-7"),
    ],
)
def test_decode_rejects_malformed_ids(text: str, message: str) -> None:
    with pytest.raises(InvalidIDError, match=message):
        decode(text)


def test_the_timestamp_and_datetime_come_back_exactly() -> None:
    ids = IDGenerator(clock=ManualClock(START + 123), rng=random.Random(6))
    made = ids.new()
    assert timestamp_ms(made) == START + 123
    assert created_at(made) == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)


def test_first_id_at_bounds_a_time_range() -> None:
    clock = ManualClock(START)
    ids = IDGenerator(clock=clock, rng=FixedBits(MAX_RANDOM))
    at_start = ids.new()
    clock.advance(1)
    ids = IDGenerator(clock=clock, rng=FixedBits(0))
    next_ms = ids.new()
    assert first_id_at(START) <= at_start < first_id_at(START + 1) == next_ms


@pytest.mark.parametrize("ms", [-1, MAX_TIME + 1])
def test_times_outside_48_bits_are_rejected(ms: int) -> None:
    with pytest.raises(ValueError, match="48-bit"):
        first_id_at(ms)
    with pytest.raises(ValueError, match="48-bit"):
        IDGenerator(clock=ManualClock(ms)).new()


def test_defaults_use_the_wall_clock_and_system_randomness() -> None:
    low = time.time_ns() // 1_000_000
    made = IDGenerator().new()
    high = time.time_ns() // 1_000_000
    assert low <= timestamp_ms(made) <= high


def test_time_ordered_keys_always_append_unlike_random_uuids() -> None:
    clock = ManualClock(START)
    ids = IDGenerator(clock=clock, rng=random.Random(7))
    index: list[str] = []
    for _ in range(50):
        clock.advance(1)
        key = ids.new()
        assert bisect.bisect(index, key) == len(index)
        index.append(key)
    rng = random.Random(7)
    uuids = [before.random_uuid(rng) for _ in range(50)]
    assert sorted(uuids) != uuids


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p053)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
