"""P010 before: one mutable settings object, handed to every component, changed by one.

The settings are loaded once and passed by reference to the checkout handler
and to the nightly export. The export needs a longer database timeout, so it
raises it on the object it was given, and checkout, which shares that object,
now waits minutes where it used to give up after two seconds. A partner
integration is more careful: it takes a copy with `dataclasses.replace` before
adding an origin. The copy is shallow, so the origin list is still the one
checkout reads, and checkout now accepts requests from the partner's site.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass
class Settings:
    """Mutable: any holder of a reference can change what every other holder sees."""

    db_timeout: float
    allowed_origins: list[str]


class CheckoutHandler:
    """Answers shoppers; must fail fast when the database stalls."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def query_timeout(self) -> float:
        return self.settings.db_timeout

    def accepts(self, origin: str) -> bool:
        return origin in self.settings.allowed_origins


class NightlyExport:
    """Runs one long report query a night."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def start(self) -> None:
        self.settings.db_timeout = 300.0  # meant for the export's own query only


class PartnerIntegration:
    """Serves a partner's site; tries to keep its changes to itself."""

    def __init__(self, settings: Settings) -> None:
        self.settings = replace(settings)  # a new Settings, but the same list inside
        self.settings.allowed_origins.append("https://partner.example")


def main() -> None:
    settings = Settings(db_timeout=2.0, allowed_origins=["https://shop.example"])
    checkout = CheckoutHandler(settings)
    print(f"checkout query timeout: {checkout.query_timeout():.0f}s")
    #> checkout query timeout: 2s

    NightlyExport(settings).start()
    print(f"after the export started: {checkout.query_timeout():.0f}s")
    #> after the export started: 300s

    print("checkout accepts the partner's site:", checkout.accepts("https://partner.example"))
    #> checkout accepts the partner's site: False
    PartnerIntegration(settings)
    print("after the partner copied the settings:", checkout.accepts("https://partner.example"))
    #> after the partner copied the settings: True


if __name__ == "__main__":
    main()
