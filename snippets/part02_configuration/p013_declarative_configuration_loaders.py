"""P013 Declarative Configuration Loaders: declare the settings once, load them generically.

The schema is a dataclass: each field's name gives its environment key
(`prefix` + the name in capitals, or `metadata={"env": ...}` for a key that
follows another convention), its annotation gives the type to convert to, and
its default makes it optional. A field without a default is required.

`load` reads those declarations, not hand-written `os.environ` lookups. It
takes the environment as a mapping, so a test passes a dict and the program's
entry point passes `os.environ`. It converts every value, and collects every
problem, each naming its key, before it raises: a deployment with three
mistakes is fixed in one round. A key that carries the prefix but matches no
field is reported too, because it is almost always a typo of a real one.
An empty value counts as not set.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

C = TypeVar("C", bound="DataclassInstance")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(Exception):
    """The environment does not describe a valid configuration; `problems` lists every issue."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid configuration:\n" + "\n".join(f"  {p}" for p in problems))


def _to_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError(f"expected one of 1/0, true/false, yes/no, on/off, got {raw!r}")


def _to_int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"expected a whole number, got {raw!r}") from None


def _to_float(raw: str) -> float:
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"expected a number, got {raw!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {raw!r}")
    return number


def _to_words(raw: str) -> tuple[str, ...]:
    return tuple(word for part in raw.split(",") if (word := part.strip()))


_SCALARS: dict[object, Callable[[str], object]] = {
    str: lambda raw: raw,
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    tuple[str, ...]: _to_words,
}


def converter(annotation: object) -> Callable[[str], object]:
    """The function that turns a raw string into a value of `annotation`.

    Raises:
        TypeError: the schema uses a type the loader cannot read; a bug in the
            schema, reported at once rather than as a configuration problem.
    """
    if typing.get_origin(annotation) is Literal:
        choices = typing.get_args(annotation)

        def choose(raw: str) -> object:
            if raw in choices:
                return raw
            raise ValueError(f"expected one of {', '.join(map(str, choices))}, got {raw!r}")

        return choose
    convert = _SCALARS.get(annotation)
    if convert is None:
        raise TypeError(f"no converter for {annotation!r}")
    return convert


def env_key(prefix: str, spec: dataclasses.Field[Any]) -> str:
    """The environment key of a field: `metadata["env"]` if given, else prefix + NAME."""
    return str(spec.metadata.get("env", prefix + spec.name.upper()))


def load(schema: type[C], env: Mapping[str, str], *, prefix: str) -> C:
    """Build `schema` from `env`, converting each value to its field's type.

    Raises:
        ConfigError: with one line per problem, each starting with the key.
    """
    hints = typing.get_type_hints(schema)
    values: dict[str, object] = {}
    problems: list[str] = []
    known: set[str] = set()
    for spec in dataclasses.fields(schema):
        key = env_key(prefix, spec)
        known.add(key)
        convert = converter(hints[spec.name])
        raw = env.get(key, "")
        if raw == "":
            required = spec.default is dataclasses.MISSING
            if required and spec.default_factory is dataclasses.MISSING:
                problems.append(f"{key}: required, but not set")
            continue
        try:
            values[spec.name] = convert(raw)
        except ValueError as exc:
            problems.append(f"{key}: {exc}")
    for key in sorted(env):
        if key.startswith(prefix) and key not in known:
            problems.append(f"{key}: not a known setting (check the spelling)")
    if problems:
        raise ConfigError(problems)
    return schema(**values)


def describe(config: DataclassInstance) -> list[str]:
    """One `name = value` line per field, in declaration order."""
    return [f"{f.name} = {getattr(config, f.name)!r}" for f in dataclasses.fields(config)]


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the service reads from its environment, declared once."""

    database_url: str
    port: int = 8080
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    request_timeout: float = 5.0
    debug: bool = False
    allowed_hosts: tuple[str, ...] = ()
    # Set by the hosting platform, which does not use our prefix.
    workers: int = field(default=2, metadata={"env": "WEB_CONCURRENCY"})


def main() -> None:
    # In production: load(Settings, os.environ, prefix="APP_"). Here, a plain dict.
    env = {
        "APP_DATABASE_URL": "postgres://db.internal/shop",
        "APP_PORT": "9000",
        "APP_DEBUG": "yes",
        "APP_ALLOWED_HOSTS": "shop.example, api.shop.example",
        "WEB_CONCURRENCY": "4",
        "HOME": "/home/app",  # no prefix: none of our business
    }
    for line in describe(load(Settings, env, prefix="APP_")):
        print(line)
    #> database_url = 'postgres://db.internal/shop'
    #> port = 9000
    #> log_level = 'info'
    #> request_timeout = 5.0
    #> debug = True
    #> allowed_hosts = ('shop.example', 'api.shop.example')
    #> workers = 4

    broken = {
        "APP_DATABASE_URL": "",
        "APP_PORT": "80a",
        "APP_LOG_LEVEL": "verbose",
        "APP_REQUEST_TIMEOUT": "nan",
        "APP_DEBUG": "maybe",
        "APP_PROT": "9000",
    }
    try:
        load(Settings, broken, prefix="APP_")
    except ConfigError as exc:
        print(exc)
    #> invalid configuration:
    #>   APP_DATABASE_URL: required, but not set
    #>   APP_PORT: expected a whole number, got '80a'
    #>   APP_LOG_LEVEL: expected one of debug, info, warning, error, got 'verbose'
    #>   APP_REQUEST_TIMEOUT: expected a finite number, got 'nan'
    #>   APP_DEBUG: expected one of 1/0, true/false, yes/no, on/off, got 'maybe'
    #>   APP_PROT: not a known setting (check the spelling)


if __name__ == "__main__":
    main()
