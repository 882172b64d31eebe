"""P009 Nil-safety in Python: test for absence with `is None`, and let a null object stand in.

Go's trap, a nil pointer inside a non-nil interface, has no Python twin: there
is one `None`, and `x is None` always tells the truth. What Python needs is
discipline about *how* absence is tested and *where*. An optional dependency
whose absence means "do nothing" gets a null object once, in `__init__`, so no
method ever checks it. An optional dependency whose absence changes a decision
stays `X | None`, and mypy --strict refuses any use without an `is not None`
check. A required dependency is not Optional at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Order:
    id: str
    email: str


class Mailer(Protocol):
    def send(self, to: str, body: str) -> None: ...


class Logger(Protocol):
    def log(self, message: str) -> None: ...


class NullLogger:
    """The null object for Logger: it accepts every message and does nothing."""

    def log(self, message: str) -> None:
        pass


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


@dataclass
class Outbox:
    """A Mailer that keeps what it would send."""

    sent: list[str] = field(default_factory=list)

    def send(self, to: str, body: str) -> None:
        self.sent.append(f"{to}: {body}")


def validate(order: Order) -> str | None:
    """The problem with the order, or None when there is none."""
    if not order.id:
        return "no id"
    if not order.email:
        return "no email"
    return None


class Orders:
    """Places orders.

    Args:
        mailer: required; None is rejected even from callers without a type checker.
        logger: optional; None means "log nothing", so a NullLogger stands in.
        audit: optional; None means "not audited", a decision, so it stays Optional.
    """

    def __init__(
        self, mailer: Mailer, *, logger: Logger | None = None, audit: AuditLog | None = None
    ) -> None:
        if mailer is None:
            raise TypeError("Orders needs a mailer, got None")
        self._mailer = mailer
        # `is None`, never `logger or NullLogger()`: an empty MemoryLogger is falsy.
        self._logger: Logger = NullLogger() if logger is None else logger
        self._audit = audit

    def place(self, order: Order) -> bool:
        problem = validate(order)
        if problem is not None:
            self._logger.log(f"rejected {order.id}: {problem}")
            if self._audit is not None:  # mypy rejects self._audit.record without this check
                self._audit.record(order.id, problem)
            return False
        self._mailer.send(order.email, f"order {order.id} placed")
        self._logger.log(f"placed {order.id}")
        return True


def main() -> None:
    mine = MemoryLogger()
    outbox = Outbox()
    orders = Orders(outbox, logger=mine)
    print(orders.place(Order("o1", "ada@example.com")), mine.lines)
    #> True ['placed o1']

    # No logger and no audit: the NullLogger absorbs the messages, no check needed.
    quiet = Orders(outbox)
    print(quiet.place(Order("o2", "")), len(outbox.sent))
    #> False 1

    audit = AuditLog()
    print(Orders(outbox, audit=audit).place(Order("o3", "")), audit.entries)
    #> False ['o3: no email']

    try:
        Orders(None)  # type: ignore[arg-type]
    except TypeError as exc:
        print(exc)
    #> Orders needs a mailer, got None


if __name__ == "__main__":
    main()
