"""P009 before: two ways an absent dependency goes wrong in Python.

Python has no typed nil: `None` is one object, and `x is None` is always right.
The trouble comes from how code tests for it. `logger or StdoutLogger()` treats
every *falsy* logger as missing, and a logger that is empty has a length of
zero. And an optional attribute used without a check fails only on the path
that uses it; mypy reports that line, so this file needs an ignore comment to
pass, which is exactly the comment a reviewer should refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Order:
    id: str
    email: str


class Logger(Protocol):
    def log(self, message: str) -> None: ...


class StdoutLogger:
    def log(self, message: str) -> None:
        print(f"[stdout] {message}")


@dataclass
class MemoryLogger:
    """Keeps messages; like any container, it is falsy while empty."""

    lines: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.lines.append(message)

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class AuditLog:
    entries: list[str] = field(default_factory=list)

    def record(self, order_id: str, problem: str) -> None:
        self.entries.append(f"{order_id}: {problem}")


class Orders:
    def __init__(self, logger: Logger | None = None, audit: AuditLog | None = None) -> None:
        self.logger = logger or StdoutLogger()  # an empty MemoryLogger is falsy
        self.audit = audit

    def place(self, order: Order) -> bool:
        if not order.email:
            self.audit.record(order.id, "no email")  # type: ignore[union-attr]
            return False
        self.logger.log(f"placed {order.id}")
        return True


def main() -> None:
    mine = MemoryLogger()
    orders = Orders(logger=mine)
    orders.place(Order("o1", "ada@example.com"))
    #> [stdout] placed o1
    print("lines in the logger the caller passed:", len(mine))
    #> lines in the logger the caller passed: 0

    try:
        orders.place(Order("o2", ""))
    except AttributeError:
        print("rejecting an order raised AttributeError: audit is None")
    #> rejecting an order raised AttributeError: audit is None


if __name__ == "__main__":
    main()
