"""P100, before: hash(key) % N picks a node, so changing N moves almost every key.

The hash is stable (SHA-256), so this is not the `hash()` salting problem; the
modulo is the problem. A key stays on its node only when its hash gives the
same remainder for both node counts, which happens for about 1 key in N+1.
"""

from __future__ import annotations

import hashlib


def node_for(key: str, nodes: list[str]) -> str:
    """Pick a node by the remainder of the key's hash: even, simple, and fragile."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    return nodes[digest % len(nodes)]


def main() -> None:
    keys = [f"user-{n}" for n in range(10_000)]
    four = ["cache-a", "cache-b", "cache-c", "cache-d"]
    five = [*four, "cache-e"]
    moved = [key for key in keys if node_for(key, four) != node_for(key, five)]
    print(f"add cache-e: {len(moved)} keys moved ({len(moved) / len(keys):.1%})")
    #> add cache-e: 7962 keys moved (79.6%)

    # Every moved key is a cache miss; for a cache in front of a database,
    # 4 in 5 reads go to the database at the moment capacity was added.
    moved_between_old_nodes = [key for key in moved if node_for(key, five) != "cache-e"]
    print(f"moved between the old nodes: {len(moved_between_old_nodes)}")
    #> moved between the old nodes: 5926


if __name__ == "__main__":
    main()
