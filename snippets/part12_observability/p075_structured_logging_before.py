"""P075 before: facts baked into sentences, so every consumer parses prose.

Each log line is an f-string. To find slow orders, the on-call engineer writes a
regular expression against the wording. When someone rephrases one message,
the regex silently stops matching it: no error, just missing data.
"""

from __future__ import annotations

import io
import logging
import re

SLOW_ORDER = re.compile(r"order (\S+) processed for customer (\S+) in (\d+) ms")


def main() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = logging.Logger("shop.orders")
    log.addHandler(handler)

    log.info(f"order o-17 processed for customer c-4 in {1250} ms")
    log.info(f"processed order o-18 (customer c-9) in {1900} ms")  # reworded later
    print(stream.getvalue(), end="")
    #> INFO order o-17 processed for customer c-4 in 1250 ms
    #> INFO processed order o-18 (customer c-9) in 1900 ms

    slow = [m.group(1) for m in SLOW_ORDER.finditer(stream.getvalue()) if int(m.group(3)) > 1000]
    print("slow orders found by the regex:", slow)
    #> slow orders found by the regex: ['o-17']


if __name__ == "__main__":
    main()
