"""P017: the cause chain survives each layer, matching is by class, messages read outer to root."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p017_error_wrapping as p017
from snippets.part03_errors import p017_error_wrapping_before as before
from snippets.part03_errors.p017_error_wrapping import (
    MemoryFS,
    ReportError,
    Settings,
    SettingsError,
    build_report,
    chain_message,
    error_chain,
    find_cause,
    handle,
    load_settings,
)

DemoCheck = Callable[[ModuleType], None]


class RaisingFS:
    """Raises one prepared exception, so a test can follow that very object up the chain."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def read_text(self, path: str) -> str:
        raise self.error


def report_error(fs: p017.FileSystem, tenant: str) -> ReportError:
    with pytest.raises(ReportError) as info:
        build_report(fs, tenant)
    return info.value


def test_each_layer_wraps_and_keeps_the_original_exception() -> None:
    root = FileNotFoundError(2, "No such file or directory")
    exc = report_error(RaisingFS(root), "globex")
    chain = list(error_chain(exc))
    assert [type(link) for link in chain] == [ReportError, SettingsError, FileNotFoundError]
    assert chain[-1] is root
    assert exc.tenant == "globex"
    assert isinstance(chain[1], SettingsError)
    assert chain[1].path == "tenants/globex.json"


def test_chain_message_reads_from_the_outer_layer_to_the_root() -> None:
    exc = report_error(MemoryFS({}), "globex")
    assert chain_message(exc) == (
        "build report for tenant 'globex': load settings 'tenants/globex.json': "
        "FileNotFoundError: No such file or directory"
    )


def test_find_cause_returns_the_first_match_from_the_outside() -> None:
    root = PermissionError(13, "Permission denied")
    exc = report_error(RaisingFS(root), "hooli")
    assert find_cause(exc, Exception) is exc
    assert find_cause(exc, OSError) is root
    assert find_cause(exc, PermissionError) is root
    settings_error = find_cause(exc, SettingsError)
    assert settings_error is not None
    assert settings_error.path == "tenants/hooli.json"
    assert find_cause(exc, FileNotFoundError) is None
    assert find_cause(exc, KeyError) is None


def test_parse_errors_are_wrapped_with_the_file_they_came_from() -> None:
    exc = report_error(MemoryFS({"tenants/initech.json": '{"currency": '}), "initech")
    decode_error = find_cause(exc, json.JSONDecodeError)
    assert decode_error is not None
    assert chain_message(exc).startswith(
        "build report for tenant 'initech': load settings 'tenants/initech.json': JSONDecodeError: "
    )


def test_a_missing_setting_stays_a_key_error_and_carries_a_note() -> None:
    settings = Settings("tenants/umbrella.json", {"locale": "en-GB"})
    with pytest.raises(KeyError) as info:
        settings["currency"]
    assert info.value.__notes__ == ["setting missing from 'tenants/umbrella.json'"]
    # The Mapping contract still holds because the class did not change.
    assert settings.get("currency", "GBP") == "GBP"
    assert "currency" not in settings
    assert dict(settings) == {"locale": "en-GB"}
    assert len(settings) == 1


def test_a_missing_setting_is_wrapped_one_level_up() -> None:
    exc = report_error(MemoryFS({"tenants/umbrella.json": "{}"}), "umbrella")
    assert isinstance(exc.__cause__, KeyError)
    assert chain_message(exc) == (
        "build report for tenant 'umbrella': KeyError: 'currency' "
        "(setting missing from 'tenants/umbrella.json')"
    )


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (FileNotFoundError(2, "No such file or directory"), 404),
        (PermissionError(13, "Permission denied"), 500),
        # Same words as a missing file, different class: matching is not by text.
        (OSError("No such file or directory"), 500),
    ],
)
def test_handle_chooses_the_status_by_the_class_of_the_root(error: OSError, status: int) -> None:
    lines: list[str] = []
    assert handle(RaisingFS(error), "req-9", "globex", log=lines.append) == status
    assert len(lines) == 1
    assert lines[0].startswith(f"req-9 {status} build report for tenant 'globex': ")


def test_handle_logs_nothing_on_success() -> None:
    lines: list[str] = []
    fs = MemoryFS({"tenants/acme.json": '{"currency": "EUR"}'})
    assert handle(fs, "req-1", "acme", log=lines.append) == 200
    assert lines == []
    assert build_report(fs, "acme") == "report for acme in EUR"
    assert load_settings(fs, "acme").path == "tenants/acme.json"


def test_handle_lets_an_unexpected_error_propagate_unwrapped() -> None:
    bug = RuntimeError("bug in the storage client")
    with pytest.raises(RuntimeError) as info:
        handle(RaisingFS(bug), "req-1", "acme", log=print)
    assert info.value is bug


def test_error_chain_ignores_the_implicit_context() -> None:
    def replace() -> None:
        try:
            raise FileNotFoundError(2, "No such file or directory")
        except OSError:
            raise SettingsError("load settings", path="x")  # noqa: B904

    with pytest.raises(SettingsError) as info:
        replace()
    assert isinstance(info.value.__context__, FileNotFoundError)
    assert list(error_chain(info.value)) == [info.value]
    assert find_cause(info.value, FileNotFoundError) is None


def test_error_chain_stops_on_a_cycle() -> None:
    first, second = ValueError("first"), ValueError("second")
    first.__cause__, second.__cause__ = second, first
    assert list(error_chain(first)) == [first, second]


def test_chain_message_names_a_lone_or_empty_exception_by_its_class() -> None:
    assert chain_message(KeyError("currency")) == "KeyError: 'currency'"
    assert chain_message(TimeoutError()) == "TimeoutError"
    wrapper = ReportError("", tenant="acme")
    wrapper.__cause__ = TimeoutError("read timed out")
    assert chain_message(wrapper) == "ReportError: TimeoutError: read timed out"


def test_before_loses_either_the_context_or_the_class() -> None:
    fs = before.MemoryFS({})
    lines = [before.handle(before.load_settings, fs, f"req-{t}", t) for t in ("a", "b")]
    # Two different tenants, two different files: the text after the request ID is identical.
    assert [line.split(" ", 1)[1] for line in lines] == ["404 No such file or directory"] * 2
    with pytest.raises(before.SettingsError) as info:
        before.load_settings_replacing(fs, "a")
    assert info.value.__cause__ is None
    assert before.handle(before.load_settings_replacing, fs, "req-a", "a").startswith("req-a 500")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p017)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
