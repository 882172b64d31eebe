"""P075: JSON lines with fixed keys, typed extra fields and per-task bound fields."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

from snippets.part12_observability import p075_structured_logging as p075
from snippets.part12_observability import p075_structured_logging_before as before
from snippets.part12_observability.p075_structured_logging import (
    FixedClock,
    JsonFormatter,
    bound_fields,
    make_logger,
)

DemoCheck = Callable[[ModuleType], None]


def capture(*, include_traceback: bool = True) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(include_traceback=include_traceback))
    handler.addFilter(FixedClock(start=0.0, step=1.5))
    log = logging.Logger("test.p075", logging.INFO)
    log.addHandler(handler)
    return log, stream


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_object_per_line_with_fixed_keys_first() -> None:
    log, stream = capture()
    log.info("order processed", extra={"order_id": "o-1", "items": 2, "paid": True})
    log.info("multi\nline message")
    first, second = records(stream)
    assert list(first) == ["time", "level", "logger", "msg", "order_id", "items", "paid"]
    assert first["time"] == "1970-01-01T00:00:00.000+00:00"
    assert (first["level"], first["logger"], first["items"], first["paid"]) == (
        "INFO",
        "test.p075",
        2,
        True,
    )
    assert second["msg"] == "multi\nline message"
    assert second["time"] == "1970-01-01T00:00:01.500+00:00"
    assert len(stream.getvalue().splitlines()) == 2


def test_records_below_the_level_are_not_written() -> None:
    log, stream = capture()
    log.debug("noise", extra={"k": 1})
    assert stream.getvalue() == ""


def test_field_named_like_a_fixed_key_is_kept_under_a_prefix() -> None:
    log, stream = capture()
    log.warning("stock low", extra={"level": "aisle-4"})
    (entry,) = records(stream)
    assert entry["level"] == "WARNING"
    assert entry["field.level"] == "aisle-4"


def test_values_json_cannot_encode_are_written_as_text() -> None:
    log, stream = capture()
    log.info("charged", extra={"amount": Decimal("19.90")})
    assert records(stream)[0]["amount"] == "19.90"


def test_exception_is_a_field_and_traceback_is_optional() -> None:
    for include, has_traceback in [(True, True), (False, False)]:
        log, stream = capture(include_traceback=include)
        try:
            raise TimeoutError("no answer")
        except TimeoutError:
            log.exception("charge failed")
        (entry,) = records(stream)
        assert entry["error"] == "TimeoutError: no answer"
        assert ("traceback" in entry) is has_traceback
        if has_traceback:
            assert "TimeoutError: no answer" in entry["traceback"]


def test_exc_info_without_an_active_exception_adds_no_error() -> None:
    log, stream = capture()
    log.error("nothing raised", exc_info=True)
    assert "error" not in records(stream)[0]


def test_bound_fields_nest_and_are_removed_after_the_block() -> None:
    log, stream = capture()
    with bound_fields(request_id="r-1"):
        with bound_fields(user="u-7"):
            log.info("inner", extra={"user": "override"})
        log.info("outer")
    log.info("after")
    inner, outer, after = records(stream)
    assert (inner["request_id"], inner["user"]) == ("r-1", "override")
    assert "user" not in outer and outer["request_id"] == "r-1"
    assert "request_id" not in after


def test_bound_fields_do_not_leak_between_concurrent_tasks() -> None:
    log, stream = capture()

    async def handle(request_id: str) -> None:
        with bound_fields(request_id=request_id):
            await asyncio.sleep(0)
            log.info("handled", extra={"expected": request_id})

    async def run() -> None:
        await asyncio.gather(handle("r-1"), handle("r-2"), handle("r-3"))

    asyncio.run(run())
    entries = records(stream)
    assert len(entries) == 3
    assert all(entry["request_id"] == entry["expected"] for entry in entries)


def test_make_logger_replaces_handlers_instead_of_stacking_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_logger("test.p075.make")
    log = make_logger("test.p075.make", clock=FixedClock(start=0.0, step=1.0))
    log.info("once")
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert log.propagate is False


def test_before_regex_misses_a_reworded_message() -> None:
    text = "INFO processed order o-18 (customer c-9) in 1900 ms\n"
    assert before.SLOW_ORDER.search(text) is None


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p075)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
