"""P013: keys from the schema, type conversion, defaults, and errors that name the key."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

import pytest

from snippets.part02_configuration import p013_declarative_configuration_loaders as p013
from snippets.part02_configuration import p013_declarative_configuration_loaders_before as before
from snippets.part02_configuration.p013_declarative_configuration_loaders import (
    ConfigError,
    Settings,
    converter,
    load,
)

DemoCheck = Callable[[ModuleType], None]
MINIMAL = {"APP_DATABASE_URL": "postgres://db/x"}


def problems(env: dict[str, str]) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as info:
        load(Settings, env, prefix="APP_")
    return info.value.problems


def test_the_before_version_accepts_mistakes_silently() -> None:
    loaded = before.load_settings({"APP_PROT": "1", "APP_DEBUG": "yes", "APP_LOG_LEVEL": "x"})
    assert loaded == {"database_url": "", "port": 8080, "log_level": "x", "debug": False}
    with pytest.raises(ValueError) as info:
        before.load_settings({"APP_PORT": "80a"})
    assert "APP_PORT" not in str(info.value)


def test_defaults_fill_everything_that_is_not_set() -> None:
    settings = load(Settings, MINIMAL, prefix="APP_")
    assert settings == Settings(database_url="postgres://db/x")
    assert (settings.port, settings.log_level, settings.workers) == (8080, "info", 2)


def test_values_are_converted_to_the_declared_types() -> None:
    env = {
        **MINIMAL,
        "APP_PORT": "9000",
        "APP_LOG_LEVEL": "debug",
        "APP_REQUEST_TIMEOUT": "0.25",
        "APP_DEBUG": "TRUE",
        "APP_ALLOWED_HOSTS": " a.example ,, b.example, ",
        "WEB_CONCURRENCY": "8",
    }
    settings = load(Settings, env, prefix="APP_")
    assert settings.port == 9000
    assert settings.log_level == "debug"
    assert settings.request_timeout == 0.25
    assert settings.debug is True
    assert settings.allowed_hosts == ("a.example", "b.example")
    assert settings.workers == 8


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("yes", True), (" On ", True), ("0", False), ("false", False), ("OFF", False)],
)
def test_booleans_accept_the_usual_spellings(raw: str, expected: bool) -> None:
    assert load(Settings, {**MINIMAL, "APP_DEBUG": raw}, prefix="APP_").debug is expected


def test_the_result_is_frozen() -> None:
    settings = load(Settings, MINIMAL, prefix="APP_")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


def test_a_missing_or_empty_required_key_is_named() -> None:
    assert problems({}) == ("APP_DATABASE_URL: required, but not set",)
    assert problems({"APP_DATABASE_URL": ""}) == ("APP_DATABASE_URL: required, but not set",)


def test_an_empty_optional_value_means_the_default() -> None:
    assert load(Settings, {**MINIMAL, "APP_PORT": ""}, prefix="APP_").port == 8080


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("APP_PORT", "80a", "APP_PORT: expected a whole number, got '80a'"),
        ("APP_PORT", "8.5", "APP_PORT: expected a whole number, got '8.5'"),
        ("APP_REQUEST_TIMEOUT", "soon", "APP_REQUEST_TIMEOUT: expected a number, got 'soon'"),
        ("APP_REQUEST_TIMEOUT", "inf", "APP_REQUEST_TIMEOUT: expected a finite number, got 'inf'"),
        ("APP_DEBUG", "2", "APP_DEBUG: expected one of 1/0, true/false, yes/no, on/off, got '2'"),
        (
            "APP_LOG_LEVEL",
            "INFO",
            "APP_LOG_LEVEL: expected one of debug, info, warning, error, got 'INFO'",
        ),
        ("WEB_CONCURRENCY", "many", "WEB_CONCURRENCY: expected a whole number, got 'many'"),
    ],
)
def test_a_bad_value_is_reported_with_its_key(key: str, raw: str, message: str) -> None:
    assert problems({**MINIMAL, key: raw}) == (message,)


def test_every_problem_is_reported_in_field_order_then_unknown_keys_sorted() -> None:
    found = problems({"APP_ZZZ": "1", "APP_DEBUG": "?", "APP_PORT": "x", "APP_PROT": "1"})
    assert [line.split(":")[0] for line in found] == [
        "APP_DATABASE_URL",
        "APP_PORT",
        "APP_DEBUG",
        "APP_PROT",
        "APP_ZZZ",
    ]


def test_unknown_keys_are_reported_only_under_the_prefix() -> None:
    assert problems({**MINIMAL, "APP_PROT": "9000"}) == (
        "APP_PROT: not a known setting (check the spelling)",
    )
    settings = load(Settings, {**MINIMAL, "PATH": "/bin", "APPLE": "1"}, prefix="APP_")
    assert settings.port == 8080


def test_the_error_message_lists_every_problem() -> None:
    with pytest.raises(ConfigError) as info:
        load(Settings, {"APP_PORT": "x"}, prefix="APP_")
    assert str(info.value) == (
        "invalid configuration:\n"
        "  APP_DATABASE_URL: required, but not set\n"
        "  APP_PORT: expected a whole number, got 'x'"
    )


def test_a_field_with_a_default_factory_is_optional() -> None:
    @dataclass(frozen=True)
    class WithFactory:
        hosts: tuple[str, ...] = field(default_factory=tuple)

    assert load(WithFactory, {}, prefix="X_") == WithFactory()
    assert load(WithFactory, {"X_HOSTS": "a,b"}, prefix="X_").hosts == ("a", "b")


def test_an_unsupported_type_in_the_schema_is_a_type_error_even_when_unset() -> None:
    @dataclass(frozen=True)
    class Unsupported:
        ratio: complex = 1j

    with pytest.raises(TypeError, match="no converter"):
        load(Unsupported, {}, prefix="X_")


def test_literal_choices_come_from_the_annotation() -> None:
    choose = converter(Literal["a", "b"])
    assert choose("b") == "b"
    with pytest.raises(ValueError, match="expected one of a, b, got 'c'"):
        choose("c")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p013)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
