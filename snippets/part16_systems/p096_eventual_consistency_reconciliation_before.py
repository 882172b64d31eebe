"""P096 before: the gateway is kept in sync only by reacting to change events.

Each event is applied once. A write that fails is logged and forgotten, an
event that never arrives is never applied, and an edit made by hand on the
gateway is never seen. Each of these leaves the two systems disagreeing for
good, and the routes' records give no hint of it.
"""

from __future__ import annotations


class Gateway:
    """A fake remote gateway whose next few writes can be made to fail."""

    def __init__(self) -> None:
        self.table: dict[str, str] = {}
        self.failures_left = 0

    def upsert(self, name: str, backend: str) -> None:
        if self.failures_left > 0:
            self.failures_left -= 1
            raise ConnectionError(f"gateway timeout writing {name}")
        self.table[name] = backend


def on_route_changed(gateway: Gateway, name: str, backend: str) -> None:
    """The event handler: apply this one change, once."""
    try:
        gateway.upsert(name, backend)
    except ConnectionError as exc:
        print(f"error: {exc}")  # logged, and the change is lost with the event


def main() -> None:
    desired = {"api": "api-v1", "docs": "docs-v1", "web": "web-v1"}
    gateway = Gateway()
    gateway.failures_left = 1
    for name, backend in desired.items():
        on_route_changed(gateway, name, backend)
    #> error: gateway timeout writing api

    desired["docs"] = "docs-v2"  # this change's event is lost: no handler runs
    gateway.table["web"] = "web-hotfix"  # an edit by hand on the gateway

    for name in sorted(desired):
        actual = gateway.table.get(name)
        print(f"{name}: want {desired[name]}, gateway has {actual}")
    #> api: want api-v1, gateway has None
    #> docs: want docs-v2, gateway has docs-v1
    #> web: want web-v1, gateway has web-hotfix


if __name__ == "__main__":
    main()
