"""P082: golden files catch any change in the output, and update mode rewrites them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from snippets.part13_testing import p082_golden_file_testing as p082
from snippets.part13_testing import p082_golden_file_testing_before as before

DemoCheck = Callable[[ModuleType], None]

NAMES = ["test_empty_invoice", "test_invoice", "test_long_item_names"]
LONG = [p082.Line("Ergonomic office chair", 1, 23900), p082.Line("Desk lamp", 2, 3450)]


def test_render_invoice_aligns_columns_to_the_longest_name() -> None:
    assert p082.render_invoice("7", [p082.Line("Pen", 10, 120), p082.Line("Notebook", 3, 450)]) == (
        "Invoice 7\nItem      Qty     Amount\nPen        10      12.00\n"
        "Notebook    3      13.50\nTotal              25.50\n"
    )
    assert (
        p082.render_invoice("8", []) == "Invoice 8\nItem   Qty     Amount\nTotal            0.00\n"
    )


def test_the_capped_renderer_differs_only_for_long_names() -> None:
    short = [p082.Line("Pen", 1, 5)]
    assert p082.render_invoice_capped("1", short) == p082.render_invoice("1", short)
    assert "Ergonomic of " in p082.render_invoice_capped("1", LONG)
    assert "Ergonomic office chair" in p082.render_invoice("1", LONG)


def test_missing_golden_file_fails_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "testdata" / "x.golden"
    with pytest.raises(AssertionError, match=r"golden file x\.golden is missing: run with UPDATE"):
        p082.check_golden(path, "text\n", update=False)
    assert not path.parent.exists()


def test_update_writes_creates_the_folder_and_then_reports_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "testdata" / "x.golden"
    assert p082.check_golden(path, "one\n", update=True) == "written"
    assert path.read_bytes() == b"one\n"
    assert p082.check_golden(path, "one\n", update=True) == "unchanged"
    assert p082.check_golden(path, "two\n", update=True) == "written"
    assert path.read_bytes() == b"two\n"
    assert p082.check_golden(path, "two\n", update=False) == "match"


def test_line_endings_are_written_as_newline_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.golden"
    p082.check_golden(path, "a\nb\n", update=True)
    assert path.read_bytes() == b"a\nb\n"  # not b"a\r\nb\r\n", whatever the platform


@pytest.mark.parametrize(
    ("got", "diff_lines"),
    [
        ("one\nTWO\n", ["-two", "+TWO"]),
        ("one\n", ["-two"]),
        ("one\ntwo\nthree\n", ["+three"]),
    ],
    ids=["changed line", "missing line", "extra line"],
)
def test_any_difference_fails_with_a_diff(tmp_path: Path, got: str, diff_lines: list[str]) -> None:
    path = tmp_path / "x.golden"
    path.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(AssertionError) as info:
        p082.check_golden(path, got, update=False)
    message = str(info.value).splitlines()
    assert message[0] == f"x.golden differs, {p082.UPDATE_HINT}"
    assert message[1:3] == ["--- x.golden (golden)", "+++ got"]
    assert [line for line in message[4:] if line[0] in "+-"] == diff_lines
    assert path.read_text(encoding="utf-8") == "one\ntwo\n"  # a failed check never writes


def test_a_trailing_newline_difference_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "x.golden"
    path.write_text("one\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="differs"):
        p082.check_golden(path, "one", update=False)


def test_the_suite_fails_then_is_updated_then_passes(tmp_path: Path) -> None:
    golden = tmp_path / "testdata"
    first = p082.run_suite(p082.render_invoice, golden, update=False)
    assert all(first[name].startswith(f"golden file {name}.golden is missing") for name in NAMES)
    assert p082.run_suite(p082.render_invoice, golden, update=True) == dict.fromkeys(NAMES, "ok")
    assert sorted(path.name for path in golden.iterdir()) == [f"{n}.golden" for n in NAMES]
    assert (golden / "test_long_item_names.golden").read_text(encoding="utf-8") == (
        p082.render_invoice("2024-0044", LONG)
    )
    assert p082.run_suite(p082.render_invoice, golden, update=False) == dict.fromkeys(NAMES, "ok")


def test_the_suite_names_only_the_golden_file_that_changed(tmp_path: Path) -> None:
    golden = tmp_path / "testdata"
    p082.run_suite(p082.render_invoice, golden, update=True)
    outcomes = p082.run_suite(p082.render_invoice_capped, golden, update=False)
    assert outcomes["test_empty_invoice"] == outcomes["test_invoice"] == "ok"
    assert "+Ergonomic of    1     239.00" in outcomes["test_long_item_names"].splitlines()
    # Accepting the change with update mode makes the capped output the new truth.
    p082.run_suite(p082.render_invoice_capped, golden, update=True)
    accepted = p082.run_suite(p082.render_invoice_capped, golden, update=False)
    assert accepted == dict.fromkeys(NAMES, "ok")


def test_an_exception_in_the_renderer_is_reported(tmp_path: Path) -> None:
    def broken(number: str, lines: object) -> str:
        raise AssertionError(f"cannot render {number}")

    outcomes = p082.run_suite(broken, tmp_path, update=False)
    assert outcomes["test_invoice"] == "cannot render 2024-0042"


def test_update_flag_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    assert p082.InvoiceGoldenTest().update is True
    monkeypatch.setenv("UPDATE_GOLDEN", "0")
    assert p082.InvoiceGoldenTest().update is False
    monkeypatch.delenv("UPDATE_GOLDEN")
    assert p082.InvoiceGoldenTest().update is False
    assert p082.InvoiceGoldenTest(update=True).golden_dir == Path("testdata")


def test_the_fragment_test_passes_both_renderers() -> None:
    assert before.passes(before.render_invoice)
    assert before.passes(before.render_invoice_capped)
    assert before.render_invoice("2024-0044", before.LINES) == p082.render_invoice(
        "2024-0044", LONG
    )
    assert before.render_invoice_capped("2024-0044", before.LINES) == (
        p082.render_invoice_capped("2024-0044", LONG)
    )


def test_the_fragment_test_does_catch_a_wrong_total() -> None:
    def wrong_total(number: str, lines: object) -> str:
        return before.render_invoice(number, before.LINES[:1])

    assert not before.passes(wrong_total)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p082)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
