"""P085: measuring a package's jobs from its callers, on the sample projects and on edge cases."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p085_single_responsibility_packages as p085

DemoCheck = Callable[[ModuleType], None]


@pytest.mark.parametrize(
    ("path", "want"),
    [("utils/__init__.py", "utils"), ("utils/retry.py", "utils.retry"), ("app.py", "app")],
)
def test_module_name(path: str, want: str) -> None:
    assert p085.module_name(path) == want


def test_absolute_imports_cover_both_forms_and_skip_relative_ones() -> None:
    source = "import a.b, c\nfrom d import e, f\nfrom . import g\nfrom .h import i\n"
    assert list(p085.absolute_imports(source)) == ["a.b", "c", "d", "d.e", "d.f"]


def test_utils_has_three_jobs_and_retry_belongs_with_http() -> None:
    assert p085.responsibilities(p085.BEFORE, "utils") == [
        ["utils.http", "utils.retry"],
        ["utils.money"],
        ["utils.slug"],
    ]


def test_review_of_the_junk_drawer() -> None:
    assert [str(f) for f in p085.review(p085.BEFORE)] == [
        "utils: name says nothing about what it provides",
        "utils: 3 unrelated jobs: http, retry | money | slug",
    ]


def test_the_split_project_has_no_findings() -> None:
    assert p085.review(p085.AFTER) == []
    assert p085.packages(p085.AFTER) == [
        "billing",
        "catalog",
        "httpclient",
        "money",
        "retry",
        "slug",
    ]


def test_modules_used_by_one_caller_are_one_job() -> None:
    # catalog.fetch and catalog.page are imported together by app.py.
    assert p085.responsibilities(p085.BEFORE, "catalog") == [["catalog.fetch", "catalog.page"]]


def test_a_caller_using_two_corners_merges_them() -> None:
    sources = dict(
        p085.BEFORE,
        **{"billing/export.py": "from utils.money import x\nfrom utils.slug import y\n"},
    )
    assert p085.responsibilities(sources, "utils") == [
        ["utils.http", "utils.retry"],
        ["utils.money", "utils.slug"],
    ]


def test_an_init_that_re_exports_everything_links_nothing() -> None:
    sources = dict(
        p085.BEFORE,
        **{"utils/__init__.py": "from utils.money import *\nfrom utils.slug import *\n"},
    )
    assert len(p085.responsibilities(sources, "utils")) == 3


def test_an_unused_module_is_a_group_of_its_own() -> None:
    sources = {"tools/a.py": "", "tools/b.py": "", "main.py": "from tools import a\n"}
    assert p085.responsibilities(sources, "tools") == [["tools.a"], ["tools.b"]]
    assert [str(f) for f in p085.review(sources)] == ["tools: 2 unrelated jobs: a | b"]


def test_generic_name_is_reported_even_with_one_job() -> None:
    sources = {"common/ids.py": "", "main.py": "import common.ids\n"}
    assert [str(f) for f in p085.review(sources)] == [
        "common: name says nothing about what it provides"
    ]


def test_a_prefix_is_not_the_package() -> None:
    sources = {
        "utils/a.py": "",
        "utils/b.py": "",
        "utils_extra/c.py": "import utils.a\nimport utils.b\n",
    }
    assert p085.responsibilities(sources, "utils") == [["utils.a", "utils.b"]]
    sources["utils_extra/c.py"] = ""
    sources["utils/__init__.py"] = ""
    sources["utilsx.py"] = "import utils.a\n"
    assert len(p085.responsibilities(sources, "utils")) == 2


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p085)
