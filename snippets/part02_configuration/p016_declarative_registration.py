"""P016 Declarative Registration: one registry object, filled by explicit calls in one place.

A `Registry` is an ordinary object, not a module-level dict. The composition
root creates it and fills it: built-in entries by direct calls, plugins by
calling the `install` hook each plugin exports. Nothing registers itself when
it is imported. A second entry under a name already taken is refused with
`DuplicateNameError`, and a lookup of an unknown name says which names exist.
Each test builds its own registry, so no test sees another's entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class DuplicateNameError(ValueError):
    """A name was registered twice; `name` and `kind` say which."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"{kind} {name!r} is already registered")
        self.kind = kind
        self.name = name


class UnknownNameError(LookupError):
    """No entry has this name; `known` lists the names that do exist, sorted."""

    def __init__(self, kind: str, name: str, known: Sequence[str]) -> None:
        super().__init__(f"no {kind} named {name!r}; known: {', '.join(known) or 'none'}")
        self.kind = kind
        self.name = name
        self.known = tuple(known)


class Registry(Generic[T]):
    """Named entries of one kind (codecs, drivers, commands), added by explicit calls."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> None:
        """Add `entry` under `name`; raise DuplicateNameError if the name is taken."""
        if name in self._entries:
            raise DuplicateNameError(self.kind, name)
        self._entries[name] = entry

    def get(self, name: str) -> T:
        """The entry called `name`, or UnknownNameError listing the known names."""
        try:
            return self._entries[name]
        except KeyError:
            raise UnknownNameError(self.kind, name, self.names()) from None

    def names(self) -> list[str]:
        """Registered names, sorted, so listings and errors read the same every run."""
        return sorted(self._entries)


class Codec(Protocol):
    def encode(self, record: Sequence[str]) -> str: ...


class JsonCodec:
    def encode(self, record: Sequence[str]) -> str:
        return json.dumps(list(record))


class CsvCodec:
    def encode(self, record: Sequence[str]) -> str:
        return ",".join(record)


# A plugin module exports a hook instead of registering itself at import. Here
# it sits in this file; in a real project it is `shop_tsv.install`, found
# through an entry point or listed in the composition root.
class TsvCodec:
    def encode(self, record: Sequence[str]) -> str:
        return "\t".join(record)


def install_tsv(codecs: Registry[Codec]) -> None:
    """The TSV plugin's hook: the application decides when, and into what, it registers."""
    codecs.register("tsv", TsvCodec())


Plugin = Callable[[Registry[Codec]], None]


def build_codecs(plugins: Iterable[Plugin] = ()) -> Registry[Codec]:
    """The composition root's part for codecs: every registration, in one place."""
    codecs: Registry[Codec] = Registry("codec")
    codecs.register("json", JsonCodec())
    codecs.register("csv", CsvCodec())
    for install in plugins:
        install(codecs)
    return codecs


def export(codecs: Registry[Codec], fmt: str, record: Sequence[str]) -> str:
    return codecs.get(fmt).encode(record)


def main() -> None:
    record = ["A1", "2"]
    codecs = build_codecs(plugins=[install_tsv])
    print("codecs:", codecs.names())
    #> codecs: ['csv', 'json', 'tsv']
    print(export(codecs, "json", record))
    #> ["A1", "2"]
    print(repr(export(codecs, "tsv", record)))
    #> 'A1\t2'

    try:
        export(codecs, "xml", record)
    except UnknownNameError as exc:
        print(exc)
    #> no codec named 'xml'; known: csv, json, tsv

    # A second plugin that also wants "json" is refused, at startup, by name.
    def install_fast_json(registry: Registry[Codec]) -> None:
        registry.register("json", JsonCodec())

    try:
        build_codecs(plugins=[install_tsv, install_fast_json])
    except DuplicateNameError as exc:
        print(exc)
    #> codec 'json' is already registered

    # Two registries share nothing: a test's fake codec stays in the test.
    bare = build_codecs()
    bare.register("fake", CsvCodec())
    print("fresh:", build_codecs().names(), "test:", bare.names())
    #> fresh: ['csv', 'json'] test: ['csv', 'fake', 'json']


if __name__ == "__main__":
    main()
