"""P017 Error Wrapping with Contextual Errors: say what this layer was doing, keep the cause.

Each layer that lets an error pass raises its own exception, whose message says
what the layer was doing, `from` the exception it caught. The log line then
reads from the request down to the root ("build report for tenant 'globex':
load settings 'tenants/globex.json': FileNotFoundError: ..."), and callers still
match the root cause by its class, never by its message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol, TypeVar

E = TypeVar("E", bound=BaseException)


def error_chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield `exc`, then the exception it was raised from, and so on to the root.

    Follows `__cause__`, which `raise ... from` sets, as Go's errors.Unwrap
    follows `%w`. It ignores `__context__`: Python sets that on any exception
    raised inside an `except` block, even one the handler did not mean to link.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__


def find_cause(exc: BaseException, kind: type[E]) -> E | None:
    """The first exception of class `kind` in the chain, starting at `exc` (like errors.As)."""
    for link in error_chain(exc):
        if isinstance(link, kind):
            return link
    return None


def chain_message(exc: BaseException) -> str:
    """One log line for the whole chain: "outer: middle: RootClass: root message".

    The root keeps its class name, as a traceback shows it, because a library's
    message alone can be as bare as `'currency'`. Notes added with `add_note`
    follow their exception in parentheses.
    """
    links = list(error_chain(exc))
    return ": ".join(_describe(link, is_root=link is links[-1]) for link in links)


def _describe(exc: BaseException, *, is_root: bool) -> str:
    text = str(exc)
    if is_root or not text:
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    notes: list[str] = getattr(exc, "__notes__", [])
    return f"{text} ({'; '.join(notes)})" if notes else text


class SettingsError(Exception):
    """A tenant's settings file could not be read or parsed; `path` names the file."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class ReportError(Exception):
    """A report could not be built; `tenant` says for whom."""

    def __init__(self, message: str, *, tenant: str) -> None:
        super().__init__(message)
        self.tenant = tenant


class FileSystem(Protocol):
    """Reads a text file by path: a disk, an object store, or MemoryFS below."""

    def read_text(self, path: str) -> str: ...


class MemoryFS:
    """Files held in a dict. Like many storage clients, its errors carry no path."""

    def __init__(self, files: Mapping[str, str], *, locked: Iterable[str] = ()) -> None:
        self._files = dict(files)
        self._locked = frozenset(locked)

    def read_text(self, path: str) -> str:
        if path in self._locked:
            raise PermissionError("Permission denied")
        if path not in self._files:
            raise FileNotFoundError("No such file or directory")
        return self._files[path]


class Settings(Mapping[str, str]):
    """One tenant's settings.

    A Mapping must raise KeyError for a missing key, or `get()` and `in` stop
    working. So a miss keeps its type and gains a note saying which file lacked
    the key, instead of being wrapped in another class.
    """

    def __init__(self, path: str, values: Mapping[str, str]) -> None:
        self.path = path
        self._values = dict(values)

    def __getitem__(self, key: str) -> str:
        try:
            return self._values[key]
        except KeyError as exc:
            exc.add_note(f"setting missing from {self.path!r}")
            raise

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def load_settings(fs: FileSystem, tenant: str) -> Settings:
    """Read and parse `tenants/<tenant>.json`, raising SettingsError if either step fails."""
    path = f"tenants/{tenant}.json"
    try:
        values = json.loads(fs.read_text(path))
    except (OSError, ValueError) as exc:
        # What this layer was doing, and the one fact the error below lacks: the path.
        raise SettingsError(f"load settings {path!r}", path=path) from exc
    return Settings(path, values)


def build_report(fs: FileSystem, tenant: str) -> str:
    """Render the tenant's report; missing or broken settings are a ReportError."""
    try:
        settings = load_settings(fs, tenant)
        currency = settings["currency"]
    except (SettingsError, KeyError) as exc:
        raise ReportError(f"build report for tenant {tenant!r}", tenant=tenant) from exc
    return f"report for {tenant} in {currency}"


def handle(fs: FileSystem, request_id: str, tenant: str, log: Callable[[str], None]) -> int:
    """Serve one request and return its HTTP status.

    The only layer that logs: the ones below raise and let the error travel up.
    It chooses the status by the class of the root cause, never by its text.
    Anything but a ReportError is a bug, and is left to propagate.
    """
    try:
        build_report(fs, tenant)
    except ReportError as exc:
        status = 404 if find_cause(exc, FileNotFoundError) is not None else 500
        log(f"{request_id} {status} {chain_message(exc)}")
        return status
    return 200


def main() -> None:
    fs = MemoryFS(
        {
            "tenants/acme.json": '{"currency": "EUR"}',
            "tenants/umbrella.json": '{"locale": "en-GB"}',
            "tenants/hooli.json": '{"currency": "USD"}',
        },
        locked=["tenants/hooli.json"],
    )
    requests = [("req-1", "acme"), ("req-2", "globex"), ("req-3", "umbrella"), ("req-4", "hooli")]
    statuses = [handle(fs, request_id, tenant, log=print) for request_id, tenant in requests]
    #> req-2 404 build report for tenant 'globex': load settings 'tenants/globex.json': FileNotFoundError: No such file or directory
    #> req-3 500 build report for tenant 'umbrella': KeyError: 'currency' (setting missing from 'tenants/umbrella.json')
    #> req-4 500 build report for tenant 'hooli': load settings 'tenants/hooli.json': PermissionError: Permission denied
    print("statuses:", statuses)
    #> statuses: [200, 404, 500, 500]

    try:
        build_report(fs, "hooli")
    except ReportError as exc:
        settings_error = find_cause(exc, SettingsError)
        print("file to fix:", settings_error.path if settings_error else None)
        #> file to fix: tenants/hooli.json
        print("missing file?", find_cause(exc, FileNotFoundError) is not None)
        #> missing file? False
        print("permission denied?", find_cause(exc, PermissionError) is not None)
        #> permission denied? True

    # The note added context, and the KeyError is still a KeyError: get() works.
    print("currency or default:", load_settings(fs, "umbrella").get("currency", "GBP"))
    #> currency or default: GBP


if __name__ == "__main__":
    main()
