"""P039 Plugin Registry: plugins keyed by name, checked as they register, built by name.

A plugin is a `PluginSpec`: a name, the plugin API version it was written
for, and a factory that builds it from its settings. The application registers
each spec explicitly, by a direct call or by loading the entry points that
installed packages declare. Registration refuses a name that is taken and a
plugin written for another API version, so both show up at startup; asking
for a name that does not exist lists the names that do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

API_VERSION = 2  # raise it whenever the Notifier protocol changes incompatibly

Settings = Mapping[str, str]


class Notifier(Protocol):
    """What every notification plugin provides (plugin API version 2)."""

    def send(self, message: str) -> str:
        """Deliver `message`; return a receipt for the log."""
        ...


@dataclass(frozen=True)
class PluginSpec:
    """Everything the registry needs to know about a plugin before building it."""

    name: str
    api_version: int
    factory: Callable[[Settings], Notifier]


class PluginError(Exception):
    """Base class: every plugin problem names the plugin it is about."""


class DuplicatePluginError(PluginError):
    def __init__(self, name: str) -> None:
        super().__init__(f"plugin {name!r} is already registered")
        self.name = name


class IncompatiblePluginError(PluginError):
    def __init__(self, name: str, wanted: int, provided: int) -> None:
        super().__init__(f"plugin {name!r} needs plugin API v{wanted}; this application has v{provided}")
        self.name = name


class UnknownPluginError(PluginError, LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no plugin named {name!r}; known: {', '.join(known) or 'none'}")
        self.name = name
        self.known = tuple(known)


class EntryPoint(Protocol):
    """The part of `importlib.metadata.EntryPoint` the registry uses."""

    @property
    def name(self) -> str: ...

    def load(self) -> object: ...


class PluginRegistry:
    """Plugins by name; one registry per application, filled at startup."""

    def __init__(self, api_version: int = API_VERSION) -> None:
        self.api_version = api_version
        self._specs: dict[str, PluginSpec] = {}

    def register(self, spec: PluginSpec) -> None:
        """Add a plugin, or raise if its API version is wrong or its name is taken."""
        if spec.api_version != self.api_version:
            raise IncompatiblePluginError(spec.name, spec.api_version, self.api_version)
        if spec.name in self._specs:
            raise DuplicatePluginError(spec.name)
        self._specs[spec.name] = spec

    def load_entry_points(self, entry_points: Iterable[EntryPoint]) -> None:
        """Load and register every entry point; report all failures together.

        Each entry point must load a PluginSpec with the entry point's name.
        Plugins that load are registered even if others fail; the failures
        are raised afterwards as one ExceptionGroup of PluginError, and the
        caller decides whether a missing plugin stops the application.
        """
        failures: list[PluginError] = []
        for entry in entry_points:
            try:
                spec = entry.load()
                if not isinstance(spec, PluginSpec):
                    raise PluginError(f"entry point {entry.name!r} did not load a PluginSpec")
                if spec.name != entry.name:
                    raise PluginError(f"entry point {entry.name!r} loaded plugin {spec.name!r}")
                self.register(spec)
            except PluginError as exc:
                failures.append(exc)
            except Exception as exc:  # the plugin's own import failed
                error = PluginError(f"plugin {entry.name!r} failed to load: {exc}")
                error.__cause__ = exc
                failures.append(error)
        if failures:
            raise ExceptionGroup("some plugins were not registered", failures)

    def create(self, name: str, settings: Settings) -> Notifier:
        """Build the plugin called `name` from its settings."""
        spec = self._specs.get(name)
        if spec is None:
            raise UnknownPluginError(name, self.names())
        try:
            return spec.factory(settings)
        except (KeyError, ValueError) as exc:
            raise PluginError(f"plugin {name!r} rejected its settings: {exc}") from exc

    def names(self) -> list[str]:
        """Registered names, sorted, so listings and errors are the same on every run."""
        return sorted(self._specs)


def build_notifiers(registry: PluginRegistry, config: Mapping[str, Settings]) -> dict[str, Notifier]:
    """Build every configured channel at startup, so a typo fails the deploy, not an alert."""
    return {name: registry.create(name, settings) for name, settings in config.items()}


class Slack:
    def __init__(self, settings: Settings) -> None:
        self.channel = settings["channel"]

    def send(self, message: str) -> str:
        return f"slack {self.channel}: {message}"


class Email:
    def __init__(self, settings: Settings) -> None:
        self.to = settings["to"]

    def send(self, message: str) -> str:
        return f"email {self.to}: {message}"


# What installed packages provide. In a real project each `load` imports the
# package's module and returns its spec, found with
# importlib.metadata.entry_points(group="alerts.notifiers").
class Pager:
    def __init__(self, settings: Settings) -> None:
        self.service = settings["service"]

    def send(self, message: str) -> str:
        return f"page {self.service}: {message}"


class OldSms:
    """Written for plugin API v1, whose method was called `notify`."""

    def __init__(self, settings: Settings) -> None:
        self.number = settings["number"]

    def notify(self, message: str) -> None: ...


@dataclass(frozen=True)
class DemoEntryPoint:
    """Stands in for importlib.metadata.EntryPoint: a name and something to load."""

    name: str
    target: Callable[[], object]

    def load(self) -> object:
        return self.target()


def missing_dependency() -> object:
    raise ImportError("No module named 'msal'")


def main() -> None:
    registry = PluginRegistry()
    registry.register(PluginSpec("slack", 2, Slack))
    registry.register(PluginSpec("email", 2, Email))
    installed = [
        DemoEntryPoint("pager", lambda: PluginSpec("pager", 2, Pager)),
        DemoEntryPoint("sms", lambda: PluginSpec("sms", 1, OldSms)),  # type: ignore[arg-type]
        DemoEntryPoint("email", lambda: PluginSpec("email", 2, Email)),
        DemoEntryPoint("teams", missing_dependency),
    ]
    try:
        registry.load_entry_points(installed)
    except* PluginError as group:
        for error in group.exceptions:
            print("not registered:", error)
    #> not registered: plugin 'sms' needs plugin API v1; this application has v2
    #> not registered: plugin 'email' is already registered
    #> not registered: plugin 'teams' failed to load: No module named 'msal'
    print("plugins:", registry.names())
    #> plugins: ['email', 'pager', 'slack']

    config = {"slack": {"channel": "#ops"}, "pager": {"service": "checkout"}}
    for notifier in build_notifiers(registry, config).values():
        print(notifier.send("disk 91% full"))
    #> slack #ops: disk 91% full
    #> page checkout: disk 91% full

    for bad in ({"slak": {"channel": "#ops"}}, {"email": {"address": "ops@example.com"}}):
        try:
            build_notifiers(registry, bad)
        except PluginError as exc:
            print("startup failed:", exc)
    #> startup failed: no plugin named 'slak'; known: email, pager, slack
    #> startup failed: plugin 'email' rejected its settings: 'to'


if __name__ == "__main__":
    main()
