"""P086: the import-boundary checker, on the sample project and on the edge cases it must get right."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p086_internal_package_boundaries as p086

DemoCheck = Callable[[ModuleType], None]


@pytest.mark.parametrize(
    ("path", "want"),
    [
        ("billing/__init__.py", "billing"),
        ("billing/invoice.py", "billing.invoice"),
        ("billing/_internal/__init__.py", "billing._internal"),
        ("main.py", "main"),
    ],
)
def test_module_name(path: str, want: str) -> None:
    assert p086.module_name(path) == want


@pytest.mark.parametrize(
    ("imported", "want"),
    [
        ("billing.invoice", None),
        ("billing._internal", "billing"),
        ("billing._internal.money", "billing"),
        ("a._internal.b._internal.c", "a._internal.b"),  # the last _internal decides
        ("_internal.x", ""),  # top level: anyone in the project may import it
        ("billing.internal", None),  # Python's convention needs the underscore
        ("billing._internals", None),
    ],
)
def test_internal_root(imported: str, want: str | None) -> None:
    assert p086.internal_root(imported) == want


@pytest.mark.parametrize(
    ("module", "root", "want"),
    [
        ("billing", "billing", True),
        ("billing.invoice", "billing", True),
        ("billing_v2.invoice", "billing", False),  # a shared prefix is not containment
        ("shipping.label", "billing", False),
        ("anything", "", True),
    ],
)
def test_is_inside(module: str, root: str, want: bool) -> None:
    assert p086.is_inside(module, root) is want


def test_relative_imports_resolve_against_the_package() -> None:
    source = "from . import a\nfrom .. import b\nfrom ..c import d\nfrom .e import *\n"
    got = list(p086.imported_names("pkg/sub/mod.py", source))
    assert got == [
        (1, "pkg.sub"),
        (1, "pkg.sub.a"),
        (2, "pkg"),
        (2, "pkg.b"),
        (3, "pkg.c"),
        (3, "pkg.c.d"),
        (4, "pkg.sub.e"),
    ]
    # In an __init__.py, "." is the package itself.
    assert list(p086.imported_names("pkg/__init__.py", "from .x import y\n")) == [
        (1, "pkg.x"),
        (1, "pkg.x.y"),
    ]


def test_relative_import_beyond_the_top_is_an_error() -> None:
    with pytest.raises(
        ValueError, match=r"mod\.py:1: relative import beyond the top-level package"
    ):
        list(p086.imported_names("mod.py", "from . import x\n"))


def test_imports_inside_functions_are_found() -> None:
    source = "def f():\n    import billing._internal.money\n"
    violations = p086.find_violations({"app/x.py": source})
    assert [(v.line, v.imported) for v in violations] == [(2, "billing._internal.money")]


def test_the_sample_project_has_exactly_its_planted_violations() -> None:
    got = [(v.path, v.line, v.imported, v.root) for v in p086.find_violations(p086.SAMPLE)]
    assert got == [
        ("reports/monthly.py", 2, "billing._internal", "billing"),
        ("reports/monthly.py", 3, "billing._internal.tax", "billing"),
        ("reports/monthly.py", 3, "shipping._internal.rates", "shipping"),
        ("shipping/_internal/rates.py", 1, "billing._internal", "billing"),
        ("shipping/label.py", 1, "billing._internal.money", "billing"),
    ]


def test_the_owning_package_may_use_its_internal_modules() -> None:
    owners = {path: src for path, src in p086.SAMPLE.items() if path.startswith("billing/")}
    assert "_internal" in owners["billing/invoice.py"]
    assert p086.find_violations(owners) == []


def test_public_imports_are_allowed() -> None:
    assert (
        p086.find_violations(
            {"shipping/quote.py": "from billing import Invoice\nimport billing.invoice\n"}
        )
        == []
    )


def test_fixing_the_violations_leaves_none() -> None:
    fixed = dict(p086.SAMPLE)
    fixed["shipping/label.py"] = "from billing import Invoice\n"
    fixed["reports/monthly.py"] = "import billing\n"
    fixed["shipping/_internal/rates.py"] = "import billing\n"
    assert p086.find_violations(fixed) == []


def test_violation_text_names_file_line_and_owner() -> None:
    v = p086.Violation("a/b.py", 7, "a.b", "c._internal.d", "c")
    assert str(v) == "a/b.py:7: a.b imports c._internal.d; only c may"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p086)
