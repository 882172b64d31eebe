"""P014: every problem is reported at once, before anything is opened, and ready means reachable."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part02_configuration import p014_validation_before_startup as p014
from snippets.part02_configuration import p014_validation_before_startup_before as before
from snippets.part02_configuration.p014_validation_before_startup import (
    Config,
    ConfigError,
    FakeDatabase,
    FieldError,
    load_config,
    start,
)

DemoCheck = Callable[[ModuleType], None]

VALID = {"SHOP_DATABASE_URL": "postgres://shop:s3cret@db:5432/shop"}


def problems(env: dict[str, str]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as info:
        load_config(env)
    found = info.value.exceptions
    assert all(isinstance(problem, FieldError) for problem in found)
    return [(p.key, p.reason) for p in found if isinstance(p, FieldError)]


def test_every_problem_is_reported_in_one_error() -> None:
    env = {
        "SHOP_PORT": "0",
        "SHOP_DATABASE_URL": "",
        "SHOP_LOG_LEVEL": "verbose",
        "SHOP_WORKERS": "x",
        "SHOP_DB_POOL_SIZE": "5000",
        "SHOP_TIMEOUT": "3",
    }
    assert problems(env) == [
        ("SHOP_PORT", "must be between 1 and 65535, got 0"),
        ("SHOP_DATABASE_URL", "required"),
        ("SHOP_LOG_LEVEL", "must be one of debug, info, warning, error; got 'verbose'"),
        ("SHOP_WORKERS", "expected a whole number, got 'x'"),
        ("SHOP_DB_POOL_SIZE", "must be between 1 and 1000, got 5000"),
        ("SHOP_TIMEOUT", "unknown setting"),
    ]


def test_the_error_is_an_exception_group_of_field_errors() -> None:
    with pytest.raises(ConfigError) as info:
        load_config({"SHOP_PORT": "http"})
    group = info.value
    assert isinstance(group, ExceptionGroup)
    assert group.message == "2 configuration problem(s)"
    assert all(isinstance(problem, FieldError) for problem in group.exceptions)
    assert [str(problem) for problem in group.exceptions] == [
        "SHOP_PORT: expected a whole number, got 'http'",
        "SHOP_DATABASE_URL: required",
    ]


def test_except_star_can_pick_the_problems_out() -> None:
    caught: list[str] = []
    try:
        load_config({})
    except* FieldError as group:
        caught = [problem.key for problem in group.exceptions if isinstance(problem, FieldError)]
    assert caught == ["SHOP_DATABASE_URL"]


def test_a_broken_setting_does_not_cascade_into_the_rule_that_uses_it() -> None:
    env = {**VALID, "SHOP_WORKERS": "sixteen", "SHOP_DB_POOL_SIZE": "4"}
    assert problems(env) == [("SHOP_WORKERS", "expected a whole number, got 'sixteen'")]


def test_cross_setting_rule() -> None:
    env = {**VALID, "SHOP_WORKERS": "16", "SHOP_DB_POOL_SIZE": "15"}
    assert problems(env) == [("SHOP_DB_POOL_SIZE", "must be at least SHOP_WORKERS (16), got 15")]
    config = load_config({**env, "SHOP_DB_POOL_SIZE": "16"})
    assert (config.workers, config.db_pool_size) == (16, 16)


def test_a_secret_value_appears_in_no_message_and_no_repr() -> None:
    env = {"SHOP_DATABASE_URL": "mysql://shop:s3cret@db/shop"}
    assert problems(env) == [("SHOP_DATABASE_URL", "must be a postgres:// URL (value not shown)")]
    config = load_config(VALID)
    assert "s3cret" not in repr(config)
    assert config.database_url == VALID["SHOP_DATABASE_URL"]


def test_defaults_apply_and_foreign_keys_are_ignored() -> None:
    config = load_config({**VALID, "PATH": "/usr/bin", "shop_port": "1"})
    assert config == Config(
        port=8080,
        database_url=VALID["SHOP_DATABASE_URL"],
        log_level="info",
        workers=8,
        db_pool_size=10,
    )


def test_unknown_keys_are_listed_in_sorted_order() -> None:
    env = {**VALID, "SHOP_ZONE": "eu", "SHOP_LOGLEVEL": "debug", "SHOP_PROT": "80"}
    assert [key for key, _ in problems(env)] == ["SHOP_LOGLEVEL", "SHOP_PROT", "SHOP_ZONE"]


def test_invalid_config_opens_nothing() -> None:
    events: list[str] = []
    lines: list[str] = []
    with pytest.raises(ConfigError):
        start({"SHOP_PORT": "80a80"}, FakeDatabase(events).open, lines.append)
    assert events == []
    assert lines == []


def test_ready_only_after_the_database_answers() -> None:
    events: list[str] = []
    lines: list[str] = []
    service = start({**VALID, "SHOP_PORT": "9000"}, FakeDatabase(events).open, lines.append)
    assert events == ["open pool of 10", "ping ok"]
    assert lines == ["ready on :9000 with 8 workers"]
    assert service.config.port == 9000


def test_a_failed_ping_closes_the_pool_and_never_reports_ready() -> None:
    events: list[str] = []
    lines: list[str] = []
    with pytest.raises(ConnectionRefusedError):
        start(VALID, FakeDatabase(events, reachable=False).open, lines.append)
    assert events == ["open pool of 10", "close pool"]
    assert lines == []


def test_before_opens_a_pool_and_then_crashes_on_the_first_bad_value() -> None:
    opened: list[str] = []
    with pytest.raises(ValueError):
        before.start({**VALID, "SHOP_PORT": "80a80", "SHOP_WORKERS": "x"}, opened)
    assert opened == ["pool for db:5432/shop"]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p014)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
