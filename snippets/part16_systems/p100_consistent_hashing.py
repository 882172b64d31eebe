"""P100 Consistent Hashing: a node owns arcs of a ring, so a change of nodes moves few keys.

Every node is placed on a ring of 64-bit points many times (its virtual nodes),
and a key belongs to the first node point at or after the key's own point,
wrapping past the top. Adding a node takes over only the arcs in front of its
new points; removing one hands only its own arcs to the next points. The
points come from SHA-256, never from `hash()`, which Python salts per process
for strings: two processes must agree on where every key lives.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Iterable


def ring_point(label: str) -> int:
    """Map a string to a point on the ring: the first 8 bytes of its SHA-256, as an int.

    The same label gives the same point in every process, on every machine and
    in every Python version, unlike `hash(label)`.
    """
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big")


class HashRing:
    """Assigns string keys to nodes; adding or removing a node moves about 1/N of the keys.

    Args:
        nodes: the initial node names.
        vnodes: points per node on the ring; more points give a more even share.
    """

    def __init__(self, nodes: Iterable[str] = (), *, vnodes: int = 100) -> None:
        if vnodes < 1:
            raise ValueError(f"vnodes must be at least 1, got {vnodes}")
        self.vnodes = vnodes
        # Sorted (point, node) pairs. Two nodes landing on the same point is
        # resolved by the node name, so the result never depends on insertion order.
        self._entries: list[tuple[int, str]] = []
        self._points: list[int] = []
        self._nodes: set[str] = set()
        for node in nodes:
            self.add(node)

    @property
    def nodes(self) -> list[str]:
        """The node names, sorted."""
        return sorted(self._nodes)

    def add(self, node: str) -> None:
        """Place `node` on the ring at `vnodes` points derived from its name."""
        if node in self._nodes:
            raise ValueError(f"node {node!r} is already on the ring")
        self._nodes.add(node)
        for i in range(self.vnodes):
            bisect.insort(self._entries, (ring_point(f"{node}#{i}"), node))
        self._points = [point for point, _ in self._entries]

    def remove(self, node: str) -> None:
        """Take `node` off the ring; only the keys it owned change owner."""
        if node not in self._nodes:
            raise KeyError(f"node {node!r} is not on the ring")
        self._nodes.remove(node)
        self._entries = [entry for entry in self._entries if entry[1] != node]
        self._points = [point for point, _ in self._entries]

    def node_for(self, key: str) -> str:
        """The node that owns `key`: the first node point at or after the key's point."""
        if not self._entries:
            raise LookupError("the ring has no nodes")
        index = bisect.bisect_left(self._points, ring_point(key))
        if index == len(self._entries):
            index = 0  # past the highest point: wrap around to the lowest
        return self._entries[index][1]

    def assign(self, keys: Iterable[str]) -> dict[str, str]:
        """Map each key to its node."""
        return {key: self.node_for(key) for key in keys}


def moved(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The keys whose node differs between two assignments of the same keys."""
    return [key for key, node in before.items() if after[key] != node]


def shares(assignment: dict[str, str]) -> str:
    """Keys per node, in node order, as 'node=count' words."""
    counts = Counter(assignment.values())
    return " ".join(f"{node}={counts[node]}" for node in sorted(counts))


def main() -> None:
    keys = [f"user-{n}" for n in range(10_000)]
    ring = HashRing(["cache-a", "cache-b", "cache-c", "cache-d"], vnodes=100)
    four = ring.assign(keys)
    print(shares(four))
    #> cache-a=2313 cache-b=2497 cache-c=2484 cache-d=2706

    # A fifth node takes about 1/5 of the keys, and takes them all for itself.
    ring.add("cache-e")
    five = ring.assign(keys)
    changed = moved(four, five)
    print(f"add cache-e: {len(changed)} keys moved ({len(changed) / len(keys):.1%})")
    #> add cache-e: 1908 keys moved (19.1%)
    print("all moved to cache-e:", {five[key] for key in changed} == {"cache-e"})
    #> all moved to cache-e: True

    # Removing a node moves exactly the keys it owned, and nothing else.
    ring.remove("cache-b")
    without_b = ring.assign(keys)
    changed = moved(five, without_b)
    owned_by_b = [key for key in keys if five[key] == "cache-b"]
    print(f"remove cache-b: {len(changed)} keys moved, all from cache-b: {changed == owned_by_b}")
    #> remove cache-b: 1997 keys moved, all from cache-b: True
    print(shares(without_b))
    #> cache-a=2268 cache-c=2566 cache-d=2739 cache-e=2427

    try:
        HashRing().node_for("user-1")
    except LookupError as exc:
        print("empty ring:", exc)
    #> empty ring: the ring has no nodes


if __name__ == "__main__":
    main()
