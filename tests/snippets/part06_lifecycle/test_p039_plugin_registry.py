"""P039: explicit registration, duplicate and version checks, entry-point loading, lookup errors."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from importlib.metadata import EntryPoint
from types import ModuleType

import pytest

from snippets.part06_lifecycle import p039_plugin_registry as p039
from snippets.part06_lifecycle import p039_plugin_registry_before as before
from snippets.part06_lifecycle.p039_plugin_registry import (
    DemoEntryPoint,
    DuplicatePluginError,
    Email,
    IncompatiblePluginError,
    Pager,
    PluginError,
    PluginRegistry,
    PluginSpec,
    Slack,
    UnknownPluginError,
    build_notifiers,
)

DemoCheck = Callable[[ModuleType], None]

SLACK = PluginSpec("slack", 2, Slack)
EMAIL = PluginSpec("email", 2, Email)
PAGER = PluginSpec("pager", 2, Pager)


def registry_with(*specs: PluginSpec) -> PluginRegistry:
    registry = PluginRegistry()
    for spec in specs:
        registry.register(spec)
    return registry


def entry(name: str, spec: object) -> DemoEntryPoint:
    return DemoEntryPoint(name, lambda: spec)


def test_registered_plugins_are_built_by_name_with_their_settings() -> None:
    registry = registry_with(SLACK, EMAIL)
    notifier = registry.create("email", {"to": "ops@example.com"})
    assert isinstance(notifier, Email)
    assert notifier.send("hi") == "email ops@example.com: hi"
    assert registry.names() == ["email", "slack"]


def test_a_taken_name_is_refused_and_the_first_plugin_stays() -> None:
    registry = registry_with(SLACK)
    with pytest.raises(DuplicatePluginError, match="'slack' is already registered") as info:
        registry.register(PluginSpec("slack", 2, Email))
    assert info.value.name == "slack"
    assert isinstance(registry.create("slack", {"channel": "#a"}), Slack)


@pytest.mark.parametrize("version", [1, 3])
def test_a_plugin_for_another_api_version_is_refused_at_registration(version: int) -> None:
    registry = PluginRegistry()
    with pytest.raises(IncompatiblePluginError, match=f"needs plugin API v{version}; .* has v2"):
        registry.register(PluginSpec("sms", version, Slack))
    assert registry.names() == []


def test_the_demo_v1_plugin_really_lacks_the_v2_method() -> None:
    # Without the version check, this object would be registered and fail at its first alert.
    old = p039.OldSms({"number": "+15550100"})
    assert old.number == "+15550100"
    assert not hasattr(old, "send")


def test_the_application_chooses_the_api_version_it_provides() -> None:
    registry = PluginRegistry(api_version=3)
    registry.register(PluginSpec("new", 3, Slack))
    with pytest.raises(IncompatiblePluginError):
        registry.register(PluginSpec("old", 2, Slack))
    assert registry.names() == ["new"]


def test_an_unknown_name_lists_the_known_ones_sorted() -> None:
    registry = registry_with(SLACK, PAGER, EMAIL)
    with pytest.raises(UnknownPluginError) as info:
        registry.create("slak", {})
    assert str(info.value) == "no plugin named 'slak'; known: email, pager, slack"
    assert info.value.known == ("email", "pager", "slack")
    assert isinstance(info.value, LookupError)


def test_an_empty_registry_says_so() -> None:
    with pytest.raises(UnknownPluginError, match="known: none"):
        PluginRegistry().create("slack", {})


def test_bad_settings_are_reported_with_the_plugin_name() -> None:
    with pytest.raises(
        PluginError, match="plugin 'slack' rejected its settings: 'channel'"
    ) as info:
        registry_with(SLACK).create("slack", {})
    assert isinstance(info.value.__cause__, KeyError)


def test_a_factory_that_rejects_a_value_is_reported_too() -> None:
    def strict(settings: p039.Settings) -> Slack:
        if not settings["channel"].startswith("#"):
            raise ValueError(f"channel must start with '#', got {settings['channel']!r}")
        return Slack(settings)

    registry = registry_with(PluginSpec("slack", 2, strict))
    with pytest.raises(PluginError, match="rejected its settings: channel must start with"):
        registry.create("slack", {"channel": "ops"})


def test_entry_points_that_load_are_registered_and_all_failures_come_back_together() -> None:
    def broken() -> object:
        raise ImportError("plugin needs msal")

    registry = registry_with(EMAIL)
    with pytest.raises(ExceptionGroup) as info:
        registry.load_entry_points(
            [
                entry("pager", PAGER),
                entry("old", PluginSpec("old", 1, Slack)),
                entry("email", EMAIL),
                DemoEntryPoint("teams", broken),
                entry("wrong", PAGER),
                entry("junk", {"name": "junk"}),
                entry("slack", SLACK),
            ]
        )
    errors = info.value.exceptions
    assert all(isinstance(error, PluginError) for error in errors)
    assert [str(error) for error in errors] == [
        "plugin 'old' needs plugin API v1; this application has v2",
        "plugin 'email' is already registered",
        "plugin 'teams' failed to load: plugin needs msal",
        "entry point 'wrong' loaded plugin 'pager'",
        "entry point 'junk' did not load a PluginSpec",
    ]
    assert isinstance(errors[2].__cause__, ImportError)
    # The failures did not stop the plugins after them from registering.
    assert registry.names() == ["email", "pager", "slack"]


def test_loading_only_good_entry_points_raises_nothing() -> None:
    registry = PluginRegistry()
    registry.load_entry_points([entry("pager", PAGER), entry("slack", SLACK)])
    assert registry.names() == ["pager", "slack"]


def test_real_importlib_entry_points_load_through_the_same_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = types.ModuleType("acme_pager_plugin")
    package.SPEC = PAGER  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "acme_pager_plugin", package)
    group = "alerts.notifiers"
    registry = PluginRegistry()
    with pytest.raises(ExceptionGroup) as info:
        registry.load_entry_points(
            [
                EntryPoint(name="pager", value="acme_pager_plugin:SPEC", group=group),
                EntryPoint(name="absent", value="acme_absent_plugin_xyz:SPEC", group=group),
            ]
        )
    [error] = info.value.exceptions
    assert str(error).startswith("plugin 'absent' failed to load")
    assert isinstance(error.__cause__, ModuleNotFoundError)
    assert registry.names() == ["pager"]
    assert registry.create("pager", {"service": "web"}).send("x") == "page web: x"


def test_build_notifiers_builds_every_configured_channel_or_fails() -> None:
    registry = registry_with(SLACK, PAGER)
    built = build_notifiers(registry, {"slack": {"channel": "#a"}, "pager": {"service": "b"}})
    assert [n.send("m") for n in built.values()] == ["slack #a: m", "page b: m"]
    with pytest.raises(UnknownPluginError):
        build_notifiers(registry, {"slack": {"channel": "#a"}, "sms": {}})


def test_before_problems_appear_only_when_an_alert_is_sent() -> None:
    good = before.alert({"slack": {"channel": "#ops"}}, "m")
    assert good == ["slack #ops: m"]
    late = before.alert({"slak": {"channel": "#ops"}, "sms": {"number": "1"}}, "m")
    assert late[0] == "slak: KeyError 'slak'"
    assert late[1].startswith("sms: AttributeError")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p039)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
