"""P039 before: plugins in a plain dict, looked up when an alert fires.

Nothing is checked when the plugins are collected or when the configuration
is read. The service starts cleanly with a misspelt channel and with a plugin
written for an older interface, and both problems surface only when the first
alert has to go out, as a bare KeyError and an AttributeError.
"""

from __future__ import annotations

from typing import Any


class Slack:
    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, message: str) -> str:
        return f"slack {self.channel}: {message}"


class OldSms:
    """A plugin package still written for the old interface, whose method was `notify`."""

    def __init__(self, number: str) -> None:
        self.number = number

    def notify(self, message: str) -> None: ...


PLUGINS: dict[str, Any] = {"slack": Slack, "sms": OldSms}


def alert(config: dict[str, dict[str, str]], message: str) -> list[str]:
    """Runs at 3 a.m., when the disk fills: the first time the plugins are used."""
    receipts = []
    for name, settings in config.items():
        try:
            receipts.append(PLUGINS[name](**settings).send(message))
        except (KeyError, AttributeError) as exc:
            receipts.append(f"{name}: {type(exc).__name__} {exc.args[0]!r}")
    return receipts


def main() -> None:
    config = {"slak": {"channel": "#ops"}, "sms": {"number": "+15550100"}}
    print("startup: ok, channels:", list(config))
    #> startup: ok, channels: ['slak', 'sms']
    for receipt in alert(config, "disk 91% full"):
        print(receipt)
    #> slak: KeyError 'slak'
    #> sms: AttributeError "'OldSms' object has no attribute 'send'"


if __name__ == "__main__":
    main()
