"""P009: absence is tested with `is None`, a null object stands in, and mypy enforces the rest."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from snippets.part01_interfaces import p009_interface_nil_safety as p009
from snippets.part01_interfaces import p009_interface_nil_safety_before as before
from snippets.part01_interfaces.p009_interface_nil_safety import (
    AuditLog,
    MemoryLogger,
    NullLogger,
    Order,
    Orders,
    Outbox,
    validate,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture(scope="module")
def mypy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder and one mypy cache for the module's type-checker runs."""
    return tmp_path_factory.mktemp("mypy")


GOOD = Order("o1", "ada@example.com")


def mypy_output(source: str, workdir: Path) -> str:
    """`mypy --strict` on one module's source; returns its report, empty when clean."""
    path = workdir / f"check_{len(list(workdir.glob('check_*.py')))}.py"
    path.write_text(source, encoding="utf-8")
    stdout, stderr, status = mypy_api.run(
        ["--strict", "--cache-dir", str(workdir / ".mypy_cache"), str(path)]
    )
    assert stderr == "", stderr
    return "" if status == 0 else stdout


@pytest.mark.parametrize(
    ("order", "problem"),
    [(GOOD, None), (Order("", "a@example.com"), "no id"), (Order("o1", ""), "no email")],
)
def test_validate_returns_the_problem_or_none(order: Order, problem: str | None) -> None:
    assert validate(order) == problem


def test_an_empty_logger_is_kept_although_it_is_falsy() -> None:
    mine = MemoryLogger()
    assert not mine
    orders = Orders(Outbox(), logger=mine)
    assert orders.place(GOOD)
    assert orders.place(Order("o2", "")) is False
    assert mine.lines == ["placed o1", "rejected o2: no email"]


def test_without_a_logger_a_null_object_absorbs_every_message() -> None:
    outbox = Outbox()
    orders = Orders(outbox)
    assert isinstance(orders._logger, NullLogger)
    assert orders.place(GOOD)
    assert orders.place(Order("", "x@example.com")) is False
    assert outbox.sent == ["ada@example.com: order o1 placed"]


def test_audit_is_recorded_only_when_present_and_only_for_rejections() -> None:
    audit = AuditLog()
    orders = Orders(Outbox(), audit=audit)
    assert orders.place(GOOD)
    assert orders.place(Order("o2", "")) is False
    assert audit.entries == ["o2: no email"]
    assert Orders(Outbox()).place(Order("o3", "")) is False  # no audit: no error either


def test_a_missing_mailer_is_rejected_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^Orders needs a mailer, got None$"):
        Orders(None)  # type: ignore[arg-type]


def test_mypy_requires_the_none_check_before_using_an_optional(mypy_dir: Path) -> None:
    source = inspect.getsource(p009)
    assert mypy_output(source, mypy_dir) == ""
    guarded = (
        "            if self._audit is not None:"
        "  # mypy rejects self._audit.record without this check\n"
        "                self._audit.record(order.id, problem)\n"
    )
    assert guarded in source
    unguarded = source.replace(guarded, "            self._audit.record(order.id, problem)\n")
    report = mypy_output(unguarded, mypy_dir)
    assert 'Item "None" of "AuditLog | None" has no attribute "record"  [union-attr]' in report
    report = mypy_output(source + "\nOrders(None)\n", mypy_dir)
    assert 'Argument 1 to "Orders" has incompatible type "None"; expected "Mailer"' in report


def test_before_an_empty_logger_is_replaced_and_its_messages_go_elsewhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    mine = before.MemoryLogger()
    orders = before.Orders(logger=mine)
    assert isinstance(orders.logger, before.StdoutLogger)
    assert orders.place(before.Order("o1", "a@example.com"))
    assert capsys.readouterr().out == "[stdout] placed o1\n"
    assert mine.lines == []
    mine.log("warm")
    assert before.Orders(logger=mine).logger is mine  # the same logger, once non-empty, is kept


def test_before_the_unchecked_optional_fails_only_on_the_rejection_path(mypy_dir: Path) -> None:
    with pytest.raises(AttributeError):
        before.Orders().place(before.Order("o2", ""))
    audit = before.AuditLog()
    assert before.Orders(audit=audit).place(before.Order("o2", "")) is False
    assert audit.entries == ["o2: no email"]
    source = inspect.getsource(before)
    report = mypy_output(source.replace("  # type: ignore[union-attr]", ""), mypy_dir)
    assert 'Item "None" of "AuditLog | None" has no attribute "record"  [union-attr]' in report


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p009)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
