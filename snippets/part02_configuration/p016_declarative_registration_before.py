"""P016 before: codecs register themselves into a global dict when their module is imported.

The `@codec` decorator writes into `CODECS` as a side effect of the class
statement, which runs when the module is imported. So which codecs exist
depends on which modules some other code happened to import, a later import
silently replaces an earlier codec of the same name, and whatever a test adds
stays for every test after it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

CODECS: dict[str, type[Codec]] = {}


def codec(name: str) -> Callable[[type[Codec]], type[Codec]]:
    def register(cls: type[Codec]) -> type[Codec]:
        CODECS[name] = cls  # no check: the last one imported wins
        return cls

    return register


class Codec:
    def encode(self, record: Sequence[str]) -> str:
        raise NotImplementedError


@codec("json")
class JsonCodec(Codec):
    def encode(self, record: Sequence[str]) -> str:
        return json.dumps(list(record))


@codec("csv")
class CsvCodec(Codec):
    def encode(self, record: Sequence[str]) -> str:
        return ",".join(record)


# Each function below stands for the body of a plugin module: Python runs that
# body, and so its @codec lines, once, at the first `import` anywhere.
def import_tsv_plugin() -> None:
    @codec("tsv")
    class TsvCodec(Codec):
        def encode(self, record: Sequence[str]) -> str:
            return "\t".join(record)


def import_fast_json_plugin() -> None:
    @codec("json")
    class FastJsonCodec(Codec):
        def encode(self, record: Sequence[str]) -> str:
            return json.dumps(list(record), separators=(",", ":"))


def export(fmt: str, record: Sequence[str]) -> str:
    if fmt not in CODECS:
        return f"error: unknown codec {fmt!r}"
    return CODECS[fmt]().encode(record)


def main() -> None:
    record = ["A1", "2"]
    print("codecs:", sorted(CODECS), "|", export("tsv", record))
    #> codecs: ['csv', 'json'] | error: unknown codec 'tsv'

    # Another module of the program imports both plugins for its own reasons.
    import_tsv_plugin()
    import_fast_json_plugin()
    print("codecs:", sorted(CODECS), "|", repr(export("tsv", record)))
    #> codecs: ['csv', 'json', 'tsv'] | 'A1\t2'
    print("json now:", export("json", record), "from", CODECS["json"].__name__)
    #> json now: ["A1","2"] from FastJsonCodec


if __name__ == "__main__":
    main()
