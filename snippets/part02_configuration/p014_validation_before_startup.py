"""P014 Validation-Before-Startup: check every setting, report every problem, then open things.

`load_config` reads the whole configuration in one pass. It does not stop at
the first bad setting: each problem becomes a `FieldError`, and if there is at
least one, a single `ConfigError` (an ExceptionGroup) carries all of them.
`start` calls it before it opens anything, so a broken deploy fails once, with
the complete list, and leaves no connection behind. The service reports itself
up only after its database has answered a ping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

PREFIX = "SHOP_"
SETTINGS = (
    "SHOP_PORT",
    "SHOP_DATABASE_URL",
    "SHOP_LOG_LEVEL",
    "SHOP_WORKERS",
    "SHOP_DB_POOL_SIZE",
)
LOG_LEVELS = ("debug", "info", "warning", "error")


class FieldError(ValueError):
    """One setting that is missing or breaks a rule.

    `key` names the setting and `reason` the rule, so an operator knows what to
    change. The message never quotes the value of a secret setting.
    """

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


class ConfigError(ExceptionGroup[FieldError]):
    """Every problem of one configuration, raised together.

    As an ExceptionGroup, an uncaught one prints each problem in the traceback,
    and `except* FieldError` works; `exceptions` keeps the order of the checks.
    """


@dataclass(frozen=True)
class Config:
    """A configuration that passed every check. It only exists in that state."""

    port: int
    database_url: str = field(repr=False)  # holds a password: keep it out of logs
    log_level: str
    workers: int
    db_pool_size: int


class _Reader:
    """Reads settings and records a FieldError for each problem instead of raising.

    A method that finds a problem returns a placeholder of the right type, so
    the checks go on; no Config is built from placeholders, because
    `load_config` raises as soon as it sees that any problem was recorded.
    """

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env
        self.problems: list[FieldError] = []

    def fail(self, key: str, reason: str) -> None:
        self.problems.append(FieldError(key, reason))

    def ok(self, *keys: str) -> bool:
        """True if none of `keys` has a problem so far."""
        return not any(problem.key in keys for problem in self.problems)

    def integer(self, key: str, *, default: int, low: int, high: int) -> int:
        raw = self._env.get(key)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.fail(key, f"expected a whole number, got {raw!r}")
            return default
        if not low <= value <= high:
            self.fail(key, f"must be between {low} and {high}, got {value}")
        return value

    def choice(self, key: str, *, default: str, choices: tuple[str, ...]) -> str:
        value = self._env.get(key, default)
        if value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}; got {value!r}")
        return value

    def secret_url(self, key: str, *, scheme: str) -> str:
        value = self._env.get(key, "")
        if not value:
            self.fail(key, "required")
        elif not value.startswith(f"{scheme}://"):
            # Name the rule, not the value: the URL carries a password.
            self.fail(key, f"must be a {scheme}:// URL (value not shown)")
        return value


def load_config(env: Mapping[str, str]) -> Config:
    """Parse and check every SHOP_* setting in `env`, or raise ConfigError listing every problem.

    Keys without the SHOP_ prefix (PATH, HOME, ...) are ignored; a SHOP_ key
    that is not a known setting is a problem, because a misspelt name would
    otherwise leave the default in force without a word.
    """
    read = _Reader(env)
    port = read.integer("SHOP_PORT", default=8080, low=1, high=65535)
    database_url = read.secret_url("SHOP_DATABASE_URL", scheme="postgres")
    log_level = read.choice("SHOP_LOG_LEVEL", default="info", choices=LOG_LEVELS)
    workers = read.integer("SHOP_WORKERS", default=8, low=1, high=256)
    db_pool_size = read.integer("SHOP_DB_POOL_SIZE", default=10, low=1, high=1000)

    # A rule about two settings runs only if both parsed: a typo in one of them
    # is reported once, not again as a broken comparison.
    if read.ok("SHOP_WORKERS", "SHOP_DB_POOL_SIZE") and db_pool_size < workers:
        read.fail(
            "SHOP_DB_POOL_SIZE",
            f"must be at least SHOP_WORKERS ({workers}), got {db_pool_size}",
        )
    for key in sorted(env):
        if key.startswith(PREFIX) and key not in SETTINGS:
            read.fail(key, "unknown setting")

    if read.problems:
        raise ConfigError(f"{len(read.problems)} configuration problem(s)", read.problems)
    return Config(port, database_url, log_level, workers, db_pool_size)


class Connection(Protocol):
    def ping(self) -> None: ...

    def close(self) -> None: ...


@dataclass
class Service:
    config: Config
    database: Connection


def start(
    env: Mapping[str, str],
    connect: Callable[[Config], Connection],
    log: Callable[[str], None],
) -> Service:
    """Validate, then connect, then check the connection, and only then report ready.

    Raises:
        ConfigError: before `connect` is called, with every configuration problem.
        Exception: whatever the ping raised, after the connection was closed.
    """
    config = load_config(env)  # nothing is open yet: a bad config leaves nothing behind
    database = connect(config)
    try:
        database.ping()  # a service that says it is up must be able to serve
    except BaseException:
        database.close()
        raise
    log(f"ready on :{config.port} with {config.workers} workers")
    return Service(config, database)


class FakeDatabase:
    """Stands in for a connection pool; records what happened to it in `events`."""

    def __init__(self, events: list[str], *, reachable: bool = True) -> None:
        self.events = events
        self.reachable = reachable

    def open(self, config: Config) -> FakeDatabase:
        self.events.append(f"open pool of {config.db_pool_size}")
        return self

    def ping(self) -> None:
        if not self.reachable:
            raise ConnectionRefusedError("database did not answer the ping")
        self.events.append("ping ok")

    def close(self) -> None:
        self.events.append("close pool")


def main() -> None:
    broken = {
        "SHOP_PORT": "80a80",
        "SHOP_LOGLEVEL": "debug",  # misspelt: SHOP_LOG_LEVEL
        "SHOP_WORKERS": "16",
        "SHOP_DB_POOL_SIZE": "10",
        "PATH": "/usr/bin",  # not ours: ignored
    }
    events: list[str] = []
    database = FakeDatabase(events)
    try:
        start(broken, database.open, print)
    except ConfigError as exc:
        print(f"refused to start: {exc.message}")
        for problem in exc.exceptions:
            print(" ", problem)
    #> refused to start: 4 configuration problem(s)
    #>   SHOP_PORT: expected a whole number, got '80a80'
    #>   SHOP_DATABASE_URL: required
    #>   SHOP_DB_POOL_SIZE: must be at least SHOP_WORKERS (16), got 10
    #>   SHOP_LOGLEVEL: unknown setting
    print("opened before the check failed:", events)
    #> opened before the check failed: []

    fixed = {
        "SHOP_PORT": "8080",
        "SHOP_LOG_LEVEL": "debug",
        "SHOP_WORKERS": "16",
        "SHOP_DB_POOL_SIZE": "20",
        "SHOP_DATABASE_URL": "postgres://shop:s3cret@db:5432/shop",
    }
    service = start(fixed, database.open, print)
    #> ready on :8080 with 16 workers
    print(events)
    #> ['open pool of 20', 'ping ok']
    print(service.config)
    #> Config(port=8080, log_level='debug', workers=16, db_pool_size=20)

    # Valid settings, unreachable database: the pool is closed and nothing says "ready".
    events.clear()
    try:
        start(fixed, FakeDatabase(events, reachable=False).open, print)
    except ConnectionRefusedError as exc:
        print(f"refused to start: {exc}; {events}")
    #> refused to start: database did not answer the ping; ['open pool of 20', 'close pool']


if __name__ == "__main__":
    main()
