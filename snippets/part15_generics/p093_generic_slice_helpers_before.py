"""P093, before: Go-style helpers ported to Python, and two standard-library traps.

A `map`/`filter` chain with lambdas says less than the comprehension it
replaces. `itertools.groupby` groups only *adjacent* items, so on unsorted input
one key appears twice. A dict comprehension used as an index keeps the last of
two items with the same key and drops the other without a word.
"""

from __future__ import annotations

import itertools
from functools import reduce

ORDERS = [
    ("o1", "ada", 1200),
    ("o2", "bob", 800),
    ("o3", "ada", 450),
]


def main() -> None:
    # Three calls and two lambdas for "ids of orders of at least 500 cents".
    ids = list(map(lambda o: o[0], filter(lambda o: o[2] >= 500, ORDERS)))
    total = reduce(lambda acc, o: acc + o[2], ORDERS, 0)
    print(ids, total)
    #> ['o1', 'o2'] 2450

    groups = [(key, [o[0] for o in group]) for key, group in itertools.groupby(ORDERS, lambda o: o[1])]
    print(groups)
    #> [('ada', ['o1']), ('bob', ['o2']), ('ada', ['o3'])]

    by_customer = {o[1]: o for o in ORDERS}
    print(len(ORDERS), "orders,", len(by_customer), "in the index:", by_customer["ada"][0])
    #> 3 orders, 2 in the index: o3


if __name__ == "__main__":
    main()
