"""P075 Structured Logging: a short constant message plus key/value fields.

`JsonFormatter` turns every `logging` record into one JSON object per line:
fixed keys first (time, level, logger, msg), then the fields passed with
`extra=`, then fields bound to the current request through a context variable.
Machines filter on the fields; the message stays a constant a human can grep.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
FIXED_KEYS = ("time", "level", "logger", "msg")

_NO_FIELDS: Mapping[str, Any] = MappingProxyType({})
_bound: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "log_fields", default=_NO_FIELDS
)


@contextlib.contextmanager
def bound_fields(**fields: Any) -> Iterator[None]:
    """Add `fields` to every record logged inside the block, in this task only."""
    token = _bound.set({**_bound.get(), **fields})
    try:
        yield
    finally:
        _bound.reset(token)


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON with fixed keys and free key/value fields.

    A field whose name clashes with a fixed key is written as `field.<name>`, so
    a careless `extra={"level": ...}` can neither forge nor lose data.
    """

    def __init__(self, *, include_traceback: bool = True) -> None:
        super().__init__()
        self.include_traceback = include_traceback

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        extras = {k: v for k, v in vars(record).items() if k not in _RECORD_ATTRS}
        for key, value in {**_bound.get(), **extras}.items():
            entry[f"field.{key}" if key in FIXED_KEYS else key] = value
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = f"{type(error).__name__}: {error}"
            if self.include_traceback:
                entry["traceback"] = self.formatException(record.exc_info)
        # default=str: a Decimal or a UUID becomes text instead of crashing the log call.
        return json.dumps(entry, default=str, ensure_ascii=False)


class FixedClock(logging.Filter):
    """Stamps records with a clock you control, so demos and tests print exact times."""

    def __init__(self, start: float, step: float) -> None:
        super().__init__()
        self.now = start
        self.step = step

    def filter(self, record: logging.LogRecord) -> bool:
        record.created = self.now
        self.now += self.step
        return True


def make_logger(name: str, *, clock: FixedClock | None = None) -> logging.Logger:
    """A logger writing JSON lines to stdout (the usual target in containers)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(include_traceback=False))
    if clock is not None:
        handler.addFilter(clock)
    log = logging.getLogger(name)
    log.handlers = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def process_order(log: logging.Logger, order_id: str, items: int, elapsed_ms: int) -> None:
    log.info("order processed", extra={"order_id": order_id, "items": items, "duration_ms": elapsed_ms})


def main() -> None:
    log = make_logger("shop.orders", clock=FixedClock(start=1767605400.0, step=0.25))

    with bound_fields(request_id="req-81"):
        process_order(log, "o-17", items=2, elapsed_ms=1250)
    #> {"time": "2026-01-05T09:30:00.000+00:00", "level": "INFO", "logger": "shop.orders", "msg": "order processed", "request_id": "req-81", "order_id": "o-17", "items": 2, "duration_ms": 1250}

    log.debug("cache lookup", extra={"key": "o-17"})  # below INFO: not formatted at all
    log.warning("stock low", extra={"sku": "pen", "left": 3, "level": "aisle-4"})
    #> {"time": "2026-01-05T09:30:00.250+00:00", "level": "WARNING", "logger": "shop.orders", "msg": "stock low", "sku": "pen", "left": 3, "field.level": "aisle-4"}

    try:
        raise TimeoutError("payments did not answer in 2s")
    except TimeoutError:
        log.exception("charge failed", extra={"order_id": "o-18"})
    #> {"time": "2026-01-05T09:30:00.500+00:00", "level": "ERROR", "logger": "shop.orders", "msg": "charge failed", "order_id": "o-18", "error": "TimeoutError: payments did not answer in 2s"}


if __name__ == "__main__":
    main()
