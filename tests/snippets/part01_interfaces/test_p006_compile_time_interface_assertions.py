"""P006: what the annotated-assignment assertions catch, and what isinstance does not."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from snippets.part01_interfaces import p006_compile_time_interface_assertions as p006
from snippets.part01_interfaces import p006_compile_time_interface_assertions_before as before
from snippets.part01_interfaces.p006_compile_time_interface_assertions import (
    BufferedStore,
    DriftedStore,
    Flusher,
    MemoryStore,
    Store,
    shutdown,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture(scope="module")
def mypy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder and one mypy cache for the module's type-checker runs."""
    return tmp_path_factory.mktemp("mypy")


MISMATCH = re.compile(r"^\S+:(\d+): error: Incompatible types in assignment .*\[assignment\]$")


def mypy_errors(source: str, workdir: Path) -> dict[int, str]:
    """Run `mypy --strict` on one module's source; map each error's line number to its text."""
    path = workdir / f"check_{len(list(workdir.glob('check_*.py')))}.py"
    path.write_text(source, encoding="utf-8")
    stdout, stderr, status = mypy_api.run(
        ["--strict", "--cache-dir", str(workdir / ".mypy_cache"), str(path)]
    )
    assert stderr == "", stderr
    errors = {int(line.split(":")[1]): line for line in stdout.splitlines() if ": error:" in line}
    assert (status == 0) == (not errors), stdout
    return errors


def line_of(source: str, text: str) -> int:
    return source.splitlines().index(text) + 1


def test_shutdown_flushes_a_buffered_store_into_its_backend() -> None:
    backend = MemoryStore()
    store = BufferedStore(backend)
    store.put("b", b"1")
    store.put("a", b"2")
    store.put("b", b"3")
    assert store.get("b") == b"3"
    assert backend.get("b") is None  # nothing is written before the flush
    assert shutdown(store) == 2
    assert backend.data == {"b": b"3", "a": b"2"}
    assert store.pending == {}
    assert store.get("a") == b"2"  # now read from the backend
    assert shutdown(store) == 0


def test_shutdown_leaves_a_store_without_flush_alone() -> None:
    store = MemoryStore()
    store.put("k", b"v")
    assert shutdown(store) == 0
    assert store.data == {"k": b"v"}


def test_the_classes_satisfy_the_protocols_they_are_asserted_against() -> None:
    assert isinstance(MemoryStore(), Store)
    assert not isinstance(MemoryStore(), Flusher)
    assert isinstance(BufferedStore(MemoryStore()), Store)
    assert isinstance(BufferedStore(MemoryStore()), Flusher)


def test_isinstance_accepts_a_flush_with_the_wrong_signature() -> None:
    drifted = DriftedStore()
    assert isinstance(drifted, Flusher)
    assert list(inspect.signature(drifted.flush).parameters) == ["timeout"]
    with pytest.raises(TypeError):
        shutdown(drifted)
    assert drifted.flush(timeout=1.0) == 0


def test_mypy_rejects_the_drifted_assertion_once_the_ignore_is_removed(mypy_dir: Path) -> None:
    source = inspect.getsource(p006)
    assert mypy_errors(source, mypy_dir) == {}
    assertion = "_DRIFTED: type[Flusher] = DriftedStore  # type: ignore[assignment]"
    errors = mypy_errors(source.replace("  # type: ignore[assignment]", ""), mypy_dir)
    assert list(errors) == [line_of(source, assertion)]
    assert MISMATCH.match(errors[line_of(source, assertion)])
    assert '"type[DriftedStore]"' in errors[line_of(source, assertion)]


def test_mypy_stops_a_renamed_flush_at_the_assertion(mypy_dir: Path) -> None:
    source = inspect.getsource(p006)
    renamed = source.replace(
        "    def flush(self) -> int:\n        for", "    def sync(self) -> int:\n        for"
    )
    assert renamed != source
    errors = mypy_errors(renamed, mypy_dir)
    assertion = "_BUFFERED_STORE_IS_FLUSHER: type[Flusher] = BufferedStore"
    assert list(errors) == [line_of(source, assertion)]
    assert MISMATCH.match(errors[line_of(source, assertion)])


def test_before_mypy_is_silent_until_an_assertion_is_written(mypy_dir: Path) -> None:
    source = inspect.getsource(before)
    assert mypy_errors(source, mypy_dir) == {}
    checked = source.replace(
        "\n\ndef shutdown(",
        "\n\n_TIMED: type[Flusher] = TimedStore\n_SYNCED: type[Flusher] = SyncedStore\n\n\ndef shutdown(",
    )
    errors = mypy_errors(checked, mypy_dir)
    timed_line = line_of(checked, "_TIMED: type[Flusher] = TimedStore")
    assert sorted(errors) == [timed_line, timed_line + 1]
    assert all(MISMATCH.match(text) for text in errors.values())


def test_before_drifted_stores_lose_their_writes_at_shutdown() -> None:
    timed = before.TimedStore(before.MemoryStore())
    timed.put("k", b"v")
    assert isinstance(timed, before.Flusher)
    with pytest.raises(TypeError):
        before.shutdown(timed)
    assert timed.pending == {"k": b"v"}

    backend = before.MemoryStore()
    synced = before.SyncedStore(backend)
    synced.put("k", b"v")
    assert synced.get("k") == b"v"
    assert not isinstance(synced, before.Flusher)
    assert before.shutdown(synced) == 0
    assert backend.data == {}
    assert synced.sync() == 1  # the data was only ever one renamed call away
    assert backend.data == {"k": b"v"}
    assert timed.flush(timeout=1.0) == 1


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p006)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
