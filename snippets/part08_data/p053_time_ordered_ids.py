"""P053 Time-Ordered IDs: identifiers whose sort order is their creation order.

The layout is the ULID one: 128 bits, of which the top 48 are a Unix time in
milliseconds and the low 80 are random. Written big-endian as 26 characters of
Crockford base32, the strings sort exactly as the numbers do, so sorting IDs
sorts records by the moment they were made. The generator is monotonic: a
second ID in the same millisecond adds one to the previous random part instead
of drawing a new one, so IDs from one generator never sort out of order.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O or U
LENGTH = 26  # 26 digits of 5 bits = 130 bits; the first digit only uses 3
TIME_BITS = 48
RANDOM_BITS = 80
MAX_TIME = (1 << TIME_BITS) - 1
MAX_RANDOM = (1 << RANDOM_BITS) - 1

# Decoding accepts lower case too; the check below is per character, so a
# character whose upper case is two letters (such as "ß") cannot slip through.
_DIGITS = {char: value for value, char in enumerate(ALPHABET)}
_DIGITS |= {char.lower(): value for char, value in _DIGITS.items()}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidIDError(ValueError):
    """The text is not a well-formed 26-character ID."""


def encode(value: int) -> str:
    """The 26-character form of a 128-bit value; a larger value sorts later."""
    if not 0 <= value < 1 << 128:
        raise ValueError("an ID is a 128-bit unsigned integer")
    digits = []
    for _ in range(LENGTH):
        value, digit = divmod(value, 32)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def decode(text: str) -> int:
    """The 128-bit value of an ID written by `encode`, in upper or lower case."""
    if len(text) != LENGTH:
        raise InvalidIDError(f"an ID has {LENGTH} characters, got {len(text)}")
    value = 0
    for char in text:
        digit = _DIGITS.get(char)
        if digit is None:
            raise InvalidIDError(f"{char!r} is not a Crockford base32 digit")
        value = value * 32 + digit
    if value >> 128:
        raise InvalidIDError(f"{text!r} does not fit in 128 bits: it must start with 0-7")
    return value


def timestamp_ms(id_: str) -> int:
    """The Unix time in milliseconds written into the ID."""
    return decode(id_) >> RANDOM_BITS


def created_at(id_: str) -> datetime:
    """The ID's creation time as an aware UTC datetime (exact, no float rounding)."""
    return _EPOCH + timedelta(milliseconds=timestamp_ms(id_))


def first_id_at(ms: int) -> str:
    """The smallest ID of a millisecond: `lo <= id < hi` selects a time range."""
    _check_time(ms)
    return encode(ms << RANDOM_BITS)


def _check_time(ms: int) -> None:
    if not 0 <= ms <= MAX_TIME:
        raise ValueError(f"time {ms} ms is outside the 48-bit range of an ID")


def _wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class IDGenerator:
    """Makes time-ordered IDs; each one sorts after every ID made before it.

    Args:
        clock: returns the current Unix time in milliseconds; tests inject one.
        rng: source of the 80 random bits. The default draws from the operating
            system; tests pass `random.Random(seed)` to get repeatable IDs.

    If the clock reads the same millisecond as the last ID, or an earlier one
    (an NTP step back), the generator keeps the last timestamp and adds one to
    the random part. Order is kept; the price is that such an ID carries the
    last timestamp rather than the clock's reading.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], int] = _wall_clock_ms,
        rng: random.Random | None = None,
    ) -> None:
        self._clock = clock
        self._rng = rng if rng is not None else random.SystemRandom()
        self._last_time = -1
        self._last_random = 0

    def new(self) -> str:
        """A new ID, strictly greater than the previous one from this generator."""
        now = self._clock()
        _check_time(now)
        if now > self._last_time:
            self._last_time = now
            self._last_random = self._rng.getrandbits(RANDOM_BITS)
        elif self._last_random == MAX_RANDOM:
            # Wrapping to zero would sort before the previous ID: refuse instead.
            raise OverflowError("random part exhausted within one millisecond")
        else:
            self._last_random += 1
        return encode(self._last_time << RANDOM_BITS | self._last_random)


class ManualClock:
    """A millisecond clock that moves only when told to."""

    def __init__(self, now_ms: int) -> None:
        self.now_ms = now_ms

    def __call__(self) -> int:
        return self.now_ms

    def advance(self, ms: int) -> None:
        self.now_ms += ms


def main() -> None:
    clock = ManualClock(1_700_000_000_000)  # 2023-11-14 22:13:20 UTC
    ids = IDGenerator(clock=clock, rng=random.Random(53))

    first = ids.new()
    second = ids.new()  # same millisecond: the random part goes up by one
    clock.advance(1)
    third = ids.new()
    for id_ in (first, second, third):
        print(id_, timestamp_ms(id_))
    #> 01HF7YAT00WFGDMTXNCEEZSYYM 1700000000000
    #> 01HF7YAT00WFGDMTXNCEEZSYYN 1700000000000
    #> 01HF7YAT01G23Q9Q2RP0VMYHMZ 1700000000001
    print("sorted == created:", sorted([third, first, second]) == [first, second, third])
    #> sorted == created: True
    print("second - first =", decode(second) - decode(first))
    #> second - first = 1
    print("third created at", created_at(third).isoformat())
    #> third created at 2023-11-14T22:13:20.001000+00:00

    # A time range is a key range: no separate created_at index is needed.
    lo, hi = first_id_at(1_700_000_000_001), first_id_at(1_700_000_000_002)
    print("made in the second millisecond:", [i for i in (first, second, third) if lo <= i < hi])
    #> made in the second millisecond: ['01HF7YAT01G23Q9Q2RP0VMYHMZ']

    clock.advance(-5_000)  # the wall clock steps back five seconds
    fourth = ids.new()
    print("after a clock step back:", fourth > third, timestamp_ms(fourth))
    #> after a clock step back: True 1700000000001

    too_short, bad_letter, too_big = first[:-1], first[:-1] + "U", "8" + first[1:]
    for bad in (too_short, bad_letter, too_big):
        try:
            decode(bad)
        except InvalidIDError as exc:
            print("rejected:", exc)
    #> rejected: an ID has 26 characters, got 25
    #> rejected: 'U' is not a Crockford base32 digit
    #> rejected: '81HF7YAT00WFGDMTXNCEEZSYYM' does not fit in 128 bits: it must start with 0-7


if __name__ == "__main__":
    main()
