"""P017 before: errors that reach the log with no context, or with the cause thrown away.

Habit 1 lets the storage error travel up untouched: the handler can still tell
a missing file from other failures, but the log cannot say which file, which
tenant or which step failed. Habit 2 replaces the error with a friendlier one:
now the message names the step, but the original class is gone, so a missing
tenant is answered with 500 instead of 404.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any


class MemoryFS:
    """Files held in a dict. Like many storage clients, its errors carry no path."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self._files = dict(files)

    def read_text(self, path: str) -> str:
        if path not in self._files:
            raise FileNotFoundError("No such file or directory")
        return self._files[path]


Loader = Callable[[MemoryFS, str], dict[str, Any]]


class SettingsError(Exception):
    pass


def load_settings(fs: MemoryFS, tenant: str) -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(fs.read_text(f"tenants/{tenant}.json"))
    return settings


def load_settings_replacing(fs: MemoryFS, tenant: str) -> dict[str, Any]:
    try:
        return load_settings(fs, tenant)
    except (OSError, ValueError):
        # Ruff's B904 flags this line: the new error is not raised `from` the old one.
        raise SettingsError("could not load settings")  # noqa: B904


def build_report(load: Loader, fs: MemoryFS, tenant: str) -> str:
    return f"report for {tenant} in {load(fs, tenant)['currency']}"


def handle(load: Loader, fs: MemoryFS, request_id: str, tenant: str) -> str:
    """Serve one request; return the log line that is all an operator will see."""
    try:
        build_report(load, fs, tenant)
    except Exception as exc:
        status = 404 if isinstance(exc, FileNotFoundError) else 500
        return f"{request_id} {status} {exc}"
    return f"{request_id} 200"


def main() -> None:
    fs = MemoryFS({"tenants/acme.json": '{"currency": "EUR"}', "tenants/umbrella.json": "{}"})
    requests = [("req-1", "acme"), ("req-2", "globex"), ("req-3", "initech"), ("req-4", "umbrella")]

    print("habit 1: let it through, log it at the top")
    #> habit 1: let it through, log it at the top
    for request_id, tenant in requests:
        print(handle(load_settings, fs, request_id, tenant))
    #> req-1 200
    #> req-2 404 No such file or directory
    #> req-3 404 No such file or directory
    #> req-4 500 'currency'

    print("habit 2: replace it with a friendlier error")
    #> habit 2: replace it with a friendlier error
    for request_id, tenant in requests[1:3]:
        print(handle(load_settings_replacing, fs, request_id, tenant))
    #> req-2 500 could not load settings
    #> req-3 500 could not load settings
    try:
        load_settings_replacing(fs, "globex")
    except SettingsError as exc:
        print("cause kept for callers:", exc.__cause__)
        #> cause kept for callers: None


if __name__ == "__main__":
    main()
