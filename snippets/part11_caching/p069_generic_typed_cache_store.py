"""P069 Generic Typed Cache: one cache class, a key and value type per instance.

`Cache[str, Decimal]` can only hold decimals under string keys, and mypy says
so at every call site. Each entry expires `ttl` seconds after it was written
(measured with an injected clock), and when the cache is full the least
recently used entry is evicted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Cache(Generic[K, V]):
    """A size-bounded LRU cache whose entries expire after `ttl` seconds.

    Args:
        max_size: entries kept at most; adding one more evicts the least recently used.
        ttl: seconds an entry stays valid after `set`.
        clock: returns the current time in seconds; inject a fake one in tests.

    Not safe to share between threads: `get` reorders entries, so it writes too.
    """

    def __init__(self, *, max_size: int, ttl: float, clock: Callable[[], float]) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._max_size = max_size
        self._ttl = ttl
        self._clock = clock
        # Insertion order doubles as recency order: the first entry is the coldest.
        self._entries: OrderedDict[K, tuple[V, float]] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def get(self, key: K) -> V | None:
        """Return the live value for `key`, or None if it is missing or expired."""
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        value, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return value

    def set(self, key: K, value: V) -> None:
        """Store `value`, restarting its TTL, and evict the coldest entry if full."""
        self._entries[key] = (value, self._clock() + self._ttl)
        self._entries.move_to_end(key)
        if len(self._entries) > self._max_size:
            self._entries.popitem(last=False)
            self.evictions += 1

    def delete(self, key: K) -> None:
        """Forget `key`; deleting a missing key is not an error."""
        self._entries.pop(key, None)

    def __len__(self) -> int:
        """Entries held, including expired ones not yet looked up."""
        return len(self._entries)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def main() -> None:
    clock = ManualClock()
    prices: Cache[str, Decimal] = Cache(max_size=2, ttl=60.0, clock=clock)
    prices.set("mug", Decimal("9.99"))
    # prices.set("mug", "9.99")  -> mypy: incompatible type "str"; expected "Decimal"
    mug = prices.get("mug")
    print("two mugs cost:", None if mug is None else mug * 2)
    #> two mugs cost: 19.98

    prices.set("cup", Decimal("4.50"))
    prices.get("mug")  # mug is now the most recently used
    prices.set("pot", Decimal("30.00"))  # full: the coldest entry, cup, goes
    print("cup:", prices.get("cup"), "| mug:", prices.get("mug"), "| size:", len(prices))
    #> cup: None | mug: 9.99 | size: 2

    clock.advance(60.0)
    print("mug after 60 s:", prices.get("mug"))
    #> mug after 60 s: None
    print(f"hits={prices.hits} misses={prices.misses} evictions={prices.evictions}")
    #> hits=3 misses=2 evictions=1


if __name__ == "__main__":
    main()
