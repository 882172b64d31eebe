"""P087: the feature layout's dependency rule, on the sample projects and on edge cases."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p087_package_oriented_architecture as p087

DemoCheck = Callable[[ModuleType], None]


def messages(sources: dict[str, str]) -> list[str]:
    return [str(v) for v in p087.check(sources)]


@pytest.mark.parametrize(
    ("path", "want"),
    [("orders/__init__.py", "orders"), ("orders/repo.py", "orders.repo"), ("app.py", "app")],
)
def test_module_name(path: str, want: str) -> None:
    assert p087.module_name(path) == want


def test_imports_resolve_relative_forms() -> None:
    source = "import a.b\nfrom . import repo\nfrom .model import Order\nfrom x import *\n"
    assert list(p087.imports("orders/service.py", source)) == [
        (1, "a.b"),
        (2, "orders"),
        (2, "orders.repo"),
        (3, "orders.model"),
        (3, "orders.model.Order"),
        (4, "x"),
    ]
    # In an __init__, "." is the package itself; ".." climbs one level.
    assert list(p087.imports("shop/orders/__init__.py", "from .. import users\n")) == [
        (1, "shop"),
        (1, "shop.users"),
    ]


@pytest.mark.parametrize(
    ("path", "source"), [("app.py", "from . import x\n"), ("a/b.py", "from .. import c\n")]
)
def test_relative_import_above_the_top_is_an_error(path: str, source: str) -> None:
    with pytest.raises(ValueError, match="beyond the top-level package"):
        list(p087.imports(path, source))


def test_a_feature_lives_in_one_folder_only_in_the_feature_layout() -> None:
    assert p087.folders_for(p087.LAYERED, "order") == ["handlers", "models", "repos", "services"]
    assert p087.folders_for(p087.BY_FEATURE, "order") == ["orders"]
    assert p087.folders_for(p087.BY_FEATURE, "user") == ["users"]


def test_the_feature_layout_passes_and_depends_one_way() -> None:
    assert p087.features(p087.BY_FEATURE) == ["orders", "users"]
    assert p087.dependencies(p087.BY_FEATURE) == {"orders": ["users"], "users": []}
    assert p087.check(p087.BY_FEATURE) == []


def test_in_the_layered_layout_every_cross_package_import_reaches_inside() -> None:
    found = p087.check(p087.LAYERED)
    assert len(found) == 10
    assert str(found[0]) == "app.py:1: app imports handlers.order_handler; use the handlers package"
    assert p087.dependencies(p087.LAYERED) == {
        "handlers": ["services"],
        "models": [],
        "repos": ["models"],
        "services": ["models", "repos"],
    }


def test_names_from_a_feature_package_are_allowed_its_modules_are_not() -> None:
    ok = dict(p087.BY_FEATURE, **{"orders/service.py": "from users import User, find\n"})
    assert p087.check(ok) == []
    bad = dict(p087.BY_FEATURE, **{"orders/service.py": "from users import repo\n"})
    assert messages(bad) == [
        "orders/service.py:1: orders.service imports users.repo; use the users package"
    ]
    deep = dict(p087.BY_FEATURE, **{"app.py": "import orders\nimport users.handler\n"})
    assert messages(deep) == ["app.py:2: app imports users.handler; use the users package"]


def test_a_feature_may_import_its_own_modules_absolutely() -> None:
    sources = dict(
        p087.BY_FEATURE, **{"orders/handler.py": "import orders.service\nfrom orders import repo\n"}
    )
    assert p087.check(sources) == []


def test_the_demo_shortcut_is_a_violation_and_a_cycle() -> None:
    sources = dict(p087.BY_FEATURE)
    sources["users/service.py"] = "from orders import place\n"
    assert p087.dependencies(sources) == {"orders": ["users"], "users": ["orders"]}
    assert messages(sources) == ["(features):0: import cycle orders -> users -> orders"]


def test_find_cycle() -> None:
    assert p087.find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert (
        p087.find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None
    )  # a diamond is not a cycle
    assert p087.find_cycle({"a": ["b"], "b": ["c"], "c": ["b"]}) == ["b", "c", "b"]
    assert p087.find_cycle({"a": ["a"]}) == ["a", "a"]
    assert p087.find_cycle({}) is None


def test_outside_modules_and_the_standard_library_are_not_features() -> None:
    sources = {"billing/__init__.py": "import json\nimport app\n", "app.py": "import billing\n"}
    assert p087.features(sources) == ["billing"]
    assert p087.dependencies(sources) == {"billing": []}
    assert p087.check(sources) == []


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p087)
