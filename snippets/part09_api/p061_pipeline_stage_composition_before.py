"""P061 before: each step takes the whole list and returns a whole new list.

The steps are separate functions, which is good, but every one of them
finishes the entire input before the next one starts. The import holds every
line of the file in memory at once, inserts nothing until the last line has
been read and parsed, and cannot read from a source that does not end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int
    sku: str
    quantity: int
    unit_cents: int


def parse(texts: list[str]) -> list[Line]:
    lines = []
    for number, text in enumerate(texts, start=1):
        if not text.strip() or text.startswith("#"):
            continue
        sku, quantity, unit_cents = text.split(",")
        lines.append(Line(number, sku, int(quantity), int(unit_cents)))
    return lines


def drop_empty(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.quantity > 0]


def batches(lines: list[Line], size: int) -> list[list[Line]]:
    return [lines[start : start + size] for start in range(0, len(lines), size)]


class Meter:
    def __init__(self) -> None:
        self.read = 0
        self.read_before_first_insert = 0
        self.most_held = 0


def order_file(count: int, meter: Meter) -> Iterable[str]:
    meter.read += 1
    yield "# sku,quantity,unit_cents"
    for n in range(2, count + 2):
        meter.read += 1
        yield f"sku-{n % 50},{n % 4},{100 + n % 9}"


def main() -> None:
    meter = Meter()
    texts = list(order_file(10_000, meter))
    meter.most_held = len(texts)
    stored = 0
    for batch in batches(drop_empty(parse(texts)), 100):
        meter.read_before_first_insert = meter.read_before_first_insert or meter.read
        stored += len(batch)
    print(f"lines read: {meter.read}, rows stored: {stored}")
    #> lines read: 10001, rows stored: 7500
    print("lines read before the first insert:", meter.read_before_first_insert)
    #> lines read before the first insert: 10001
    print("lines held in memory at once:", meter.most_held)
    #> lines held in memory at once: 10001


if __name__ == "__main__":
    main()
