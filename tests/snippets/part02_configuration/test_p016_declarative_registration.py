"""P016: registration is explicit, duplicates are refused, lookups name what exists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from snippets.part02_configuration import p016_declarative_registration as p016
from snippets.part02_configuration import p016_declarative_registration_before as before
from snippets.part02_configuration.p016_declarative_registration import (
    Codec,
    CsvCodec,
    DuplicateNameError,
    JsonCodec,
    Registry,
    UnknownNameError,
    build_codecs,
    export,
    install_tsv,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture(autouse=True)
def restore_global_codecs() -> Iterator[None]:
    """The before module's registry is global: put it back after every test."""
    saved = dict(before.CODECS)
    yield
    before.CODECS.clear()
    before.CODECS.update(saved)


def test_registry_holds_exactly_what_the_composition_root_registered() -> None:
    assert build_codecs().names() == ["csv", "json"]
    assert build_codecs([install_tsv]).names() == ["csv", "json", "tsv"]


def test_entries_encode_records() -> None:
    codecs = build_codecs([install_tsv])
    assert export(codecs, "json", ["A1", "2"]) == '["A1", "2"]'
    assert export(codecs, "csv", ["A1", "2"]) == "A1,2"
    assert export(codecs, "tsv", ["A1", "2"]) == "A1\t2"


def test_a_duplicate_name_is_refused_and_the_first_entry_kept() -> None:
    codecs: Registry[Codec] = Registry("codec")
    first = JsonCodec()
    codecs.register("json", first)
    with pytest.raises(DuplicateNameError) as info:
        codecs.register("json", CsvCodec())
    assert (info.value.kind, info.value.name) == ("codec", "json")
    assert codecs.get("json") is first


def test_a_plugin_that_clashes_with_a_builtin_fails_the_build() -> None:
    def clash(registry: Registry[Codec]) -> None:
        registry.register("csv", CsvCodec())

    with pytest.raises(DuplicateNameError, match="codec 'csv' is already registered"):
        build_codecs([clash])


def test_unknown_name_lists_the_known_ones_sorted() -> None:
    codecs = build_codecs([install_tsv])
    with pytest.raises(UnknownNameError) as info:
        codecs.get("xml")
    assert info.value.known == ("csv", "json", "tsv")
    assert info.value.name == "xml"
    assert isinstance(info.value, LookupError)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_unknown_name_in_an_empty_registry() -> None:
    with pytest.raises(UnknownNameError, match="no driver named 'pg'; known: none"):
        Registry[object]("driver").get("pg")


def test_registries_are_independent() -> None:
    one, two = build_codecs(), build_codecs()
    one.register("fake", CsvCodec())
    assert "fake" in one.names()
    assert "fake" not in two.names()


def test_plugins_install_in_the_order_given() -> None:
    calls: list[str] = []

    def first(registry: Registry[Codec]) -> None:
        calls.append(f"first saw {registry.names()}")
        registry.register("a", CsvCodec())

    def second(registry: Registry[Codec]) -> None:
        calls.append(f"second saw {registry.names()}")

    build_codecs([first, second])
    assert calls == ["first saw ['csv', 'json']", "second saw ['a', 'csv', 'json']"]


def test_before_depends_on_what_was_imported_and_lets_the_last_one_win() -> None:
    assert sorted(before.CODECS) == ["csv", "json"]
    assert before.export("tsv", ["a"]) == "error: unknown codec 'tsv'"
    assert before.export("csv", ["a", "b"]) == "a,b"
    assert before.export("json", ["a", "b"]) == '["a", "b"]'
    before.import_fast_json_plugin()
    assert before.CODECS["json"].__name__ == "FastJsonCodec"  # replaced without a word
    with pytest.raises(NotImplementedError):
        before.Codec().encode(["a"])


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p016)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
