"""P003: defaults, named overrides, option order, validation, presets and immutability."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from snippets.part01_interfaces import p003_functional_options as p003
from snippets.part01_interfaces import p003_functional_options_before as before
from snippets.part01_interfaces.p003_functional_options import (
    BULK_DOWNLOADS,
    DEFAULT_CONFIG,
    Option,
    Server,
    ServerConfig,
    combine,
    configure,
    scaled_timeouts,
    with_max_connections,
    with_timeouts,
)

DemoCheck = Callable[[ModuleType], None]


def test_defaults_apply_when_nothing_is_passed() -> None:
    server = Server("api:8080")
    assert server.config is DEFAULT_CONFIG
    assert (server.config.read_timeout, server.config.write_timeout) == (5.0, 10.0)
    assert server.config.max_connections == 100
    assert configure() == DEFAULT_CONFIG


def test_a_named_override_changes_only_that_setting() -> None:
    config = ServerConfig(write_timeout=30.0)
    assert config == dataclasses.replace(DEFAULT_CONFIG, write_timeout=30.0)
    assert config.read_timeout == DEFAULT_CONFIG.read_timeout


def test_settings_cannot_be_passed_by_position() -> None:
    with pytest.raises(TypeError, match="positional"):
        ServerConfig(30.0, 5.0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Server("api:8080", ServerConfig())  # type: ignore[call-arg]


def test_options_apply_in_order_and_the_later_one_wins() -> None:
    assert configure(with_max_connections(10), with_max_connections(20)).max_connections == 20
    assert configure(with_max_connections(20), with_max_connections(10)).max_connections == 10


def test_an_option_sees_what_earlier_options_set() -> None:
    set_then_scale = configure(with_timeouts(read=2.0, write=4.0), scaled_timeouts(3))
    scale_then_set = configure(scaled_timeouts(3), with_timeouts(read=2.0, write=4.0))
    assert (set_then_scale.read_timeout, set_then_scale.write_timeout) == (6.0, 12.0)
    assert (scale_then_set.read_timeout, scale_then_set.write_timeout) == (2.0, 4.0)


def test_configure_starts_from_the_given_base() -> None:
    base = ServerConfig(read_timeout=1.0, max_connections=7)
    config = configure(scaled_timeouts(2), base=base)
    assert config == ServerConfig(read_timeout=2.0, write_timeout=20.0, max_connections=7)


def test_a_preset_is_an_option_built_from_options() -> None:
    assert configure(BULK_DOWNLOADS) == ServerConfig(
        read_timeout=5.0, write_timeout=120.0, max_connections=20
    )
    overridden = configure(BULK_DOWNLOADS, with_max_connections(50))
    assert (overridden.write_timeout, overridden.max_connections) == (120.0, 50)
    nested: Option = combine(BULK_DOWNLOADS, scaled_timeouts(0.5))
    assert configure(nested).write_timeout == 60.0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"read_timeout": -1.0}, "read_timeout"),
        ({"read_timeout": 0.0}, "read_timeout"),
        ({"read_timeout": math.nan}, "read_timeout"),
        ({"write_timeout": math.inf}, "write_timeout"),
        ({"write_timeout": -0.5}, "write_timeout"),
        ({"max_connections": 0}, "max_connections"),
    ],
)
def test_an_invalid_value_fails_at_construction_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=f"^{field} must be"):
        ServerConfig(**changes)
    with pytest.raises(ValueError, match=f"^{field} must be"):
        dataclasses.replace(DEFAULT_CONFIG, **changes)


@pytest.mark.parametrize(
    "option",
    [with_timeouts(read=5.0, write=-1.0), with_max_connections(-3), scaled_timeouts(-1.0)],
)
def test_an_invalid_option_fails_before_any_server_exists(option: Option) -> None:
    with pytest.raises(ValueError, match="must be"):
        Server("api:8080", config=configure(BULK_DOWNLOADS, option))


def test_the_address_is_required() -> None:
    with pytest.raises(ValueError, match="addr"):
        Server("")


def test_a_config_is_frozen_and_options_never_change_their_input() -> None:
    config = configure(BULK_DOWNLOADS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_connections = 10_000  # type: ignore[misc]
    before_options = dataclasses.astuple(DEFAULT_CONFIG)
    derived = configure(with_timeouts(read=1.0, write=2.0), scaled_timeouts(4))
    assert derived is not DEFAULT_CONFIG
    assert dataclasses.astuple(DEFAULT_CONFIG) == before_options == (5.0, 10.0, 100)
    assert configure(BULK_DOWNLOADS) == config  # a shared preset gives the same result twice


def test_before_positional_constructor_swaps_and_shifts_silently() -> None:
    swapped = before.Server("x", 30.0, 5.0, 200)
    assert (swapped.read_timeout, swapped.write_timeout) == (30.0, 5.0)
    shifted = before.ServerRelease2WithDefault("x", 5.0, 30.0, 200)
    assert (shifted.idle_timeout, shifted.max_connections) == (200, 100)


def test_before_release_2_breaks_callers_written_for_release_1() -> None:
    updated = before.ServerRelease2("x", 5.0, 30.0, 60.0, 200)
    assert (updated.timeouts, updated.max_connections) == ((5.0, 30.0, 60.0), 200)
    with pytest.raises(TypeError, match="max_connections"):
        before.ServerRelease2("x", 5.0, 30.0, 200)  # type: ignore[call-arg]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p003)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
