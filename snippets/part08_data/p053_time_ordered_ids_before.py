"""P053 before: random UUIDs as primary keys, so the key says nothing about time.

A version-4 UUID is 122 random bits. Two problems follow. Sorting by the key
gives a random order, so every "newest first" page needs a separate created_at
column and an index on it. And each new key lands at a random place in the
primary-key B-tree, so inserts touch pages all over the index instead of only
its right-hand edge.
"""

from __future__ import annotations

import bisect
import random
import uuid


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng`, so the demo repeats exactly."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def main() -> None:
    rng = random.Random(53)
    created = [random_uuid(rng) for _ in range(6)]  # in creation order
    for key in created[:3]:
        print(key)
    #> 374f469f-e3e0-4eda-9a6b-b5639dfcfbd4
    #> 7b91f419-b61e-4f56-8087-3fe674dc58b0
    #> 5c5735ea-8543-48b8-b7c8-a1baefde01b6

    by_key = sorted(created)
    print("creation rank of each key, in key order:", [created.index(k) for k in by_key])
    #> creation rank of each key, in key order: [3, 0, 5, 2, 1, 4]

    # Where would each new key go in an index that already holds the earlier ones?
    index: list[str] = []
    positions = []
    for key in created:
        position = bisect.bisect(index, key)
        positions.append(f"{position}/{len(index)}")
        index.insert(position, key)
    print("insert position / index size:", positions)
    #> insert position / index size: ['0/0', '1/1', '1/2', '0/3', '4/4', '2/5']


if __name__ == "__main__":
    main()
