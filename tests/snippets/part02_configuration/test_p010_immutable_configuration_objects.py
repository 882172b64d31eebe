"""P010: frozen fields, frozen collections, defensive copies, derived copies and reloads."""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from snippets.part02_configuration import p010_immutable_configuration_objects as p010
from snippets.part02_configuration import p010_immutable_configuration_objects_before as before
from snippets.part02_configuration.p010_immutable_configuration_objects import (
    Settings,
    SettingsHolder,
    handle_checkout,
)

DemoCheck = Callable[[ModuleType], None]


def test_the_before_version_lets_one_component_change_another() -> None:
    settings = before.Settings(db_timeout=2.0, allowed_origins=["https://shop.example"])
    checkout = before.CheckoutHandler(settings)
    before.NightlyExport(settings).start()
    before.PartnerIntegration(settings)
    assert checkout.query_timeout() == 300.0
    assert checkout.accepts("https://partner.example")


def test_fields_cannot_be_assigned() -> None:
    settings = Settings(db_timeout=2.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.db_timeout = 300.0  # type: ignore[misc]
    assert settings.db_timeout == 2.0


def test_collections_are_frozen_too() -> None:
    settings = Settings(allowed_origins=("https://a.example",), flags={"beta": False})
    assert isinstance(settings.allowed_origins, tuple)
    with pytest.raises(TypeError):
        settings.flags["beta"] = True  # type: ignore[index]
    assert not hasattr(settings.allowed_origins, "append")


def test_a_list_from_an_untyped_caller_is_stored_as_a_tuple() -> None:
    origins: Any = ["https://a.example"]
    settings = Settings(allowed_origins=origins)
    origins.append("https://evil.example")
    assert settings.allowed_origins == ("https://a.example",)


def test_the_callers_mapping_is_copied_not_wrapped() -> None:
    flags = {"beta": False}
    settings = Settings(flags=flags)
    flags["beta"] = True
    flags["gamma"] = True
    assert dict(settings.flags) == {"beta": False}
    assert not settings.enabled("beta")
    assert not settings.enabled("gamma")


def test_default_flags_are_not_shared_between_objects() -> None:
    first, second = Settings(), Settings()
    assert first.flags == {}
    assert first.flags is not second.flags


def test_replace_derives_a_new_object_and_leaves_the_shared_one_alone() -> None:
    shared = Settings(db_timeout=2.0, allowed_origins=("https://a.example",), flags={"x": True})
    export = dataclasses.replace(shared, db_timeout=300.0)
    assert (export.db_timeout, shared.db_timeout) == (300.0, 2.0)
    assert export.allowed_origins == shared.allowed_origins
    assert export.enabled("x")
    with pytest.raises(TypeError):
        export.flags["x"] = False  # type: ignore[index]


@pytest.mark.parametrize("timeout", [0.0, -1.0, math.nan, math.inf])
def test_invalid_values_never_produce_an_object(timeout: float) -> None:
    with pytest.raises(ValueError, match="db_timeout"):
        Settings(db_timeout=timeout)
    with pytest.raises(ValueError, match="db_timeout"):
        dataclasses.replace(Settings(), db_timeout=timeout)


def test_equal_settings_compare_equal() -> None:
    assert Settings(flags={"a": True}) == Settings(flags={"a": True})
    assert Settings(flags={"a": True}) != Settings(flags={"a": False})


def test_a_request_keeps_its_snapshot_across_a_reload() -> None:
    async def scenario() -> None:
        old = Settings(db_timeout=2.0)
        new = Settings(db_timeout=5.0, allowed_origins=("https://p.example",))
        holder = SettingsHolder(old)
        request = asyncio.create_task(handle_checkout(holder, "https://p.example"))
        await asyncio.sleep(0)
        holder.publish(new)
        assert await request == "rejected, timeout 2s"
        assert await handle_checkout(holder, "https://p.example") == "accepted, timeout 5s"
        assert holder.current is new
        assert holder.version == 2
        assert old.db_timeout == 2.0

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p010)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
