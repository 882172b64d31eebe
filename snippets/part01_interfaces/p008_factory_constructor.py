"""P008 Factory constructor: one call checks the inputs and returns a ready object, or raises.

Go writes this as `NewSender(endpoint, secret) (*Sender, error)`. Python's
`__init__` can raise, but it can only build from the arguments it is given, so
the parsing and checking go into a classmethod, `WebhookSender.create`, and
`__init__` stays trivial: it stores parts that are already checked. The parts
have `NewType` types that only the parse functions produce, so mypy rejects a
direct `WebhookSender("http://...", b"")`; at run time, nothing stops it, which
is why the class is documented as built by `create` alone.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import NamedTuple, NewType, Self
from urllib.parse import urlsplit

MIN_SECRET_BYTES = 16
SIGNATURE_HEADER = "X-Signature-256"

HttpsEndpoint = NewType("HttpsEndpoint", str)
"""An absolute https URL with a host; made only by `parse_endpoint`."""

SigningKey = NewType("SigningKey", bytes)
"""A secret of at least MIN_SECRET_BYTES bytes; made only by `parse_secret`."""


class WebhookConfigError(ValueError):
    """An input to `WebhookSender.create` is invalid; the message names it, never the secret."""


def parse_endpoint(raw: str) -> HttpsEndpoint:
    """Check that `raw` is an https URL with a host."""
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError as exc:
        raise WebhookConfigError(f"endpoint: {exc}") from exc
    if parts.scheme != "https":
        raise WebhookConfigError(f"endpoint must use https, got {parts.scheme!r}")
    if not host:
        raise WebhookConfigError(f"endpoint {raw!r} has no host")
    return HttpsEndpoint(raw)


def parse_secret(raw: str) -> SigningKey:
    """Check that the secret is long enough to be a signing key."""
    key = raw.encode()
    if len(key) < MIN_SECRET_BYTES:
        raise WebhookConfigError(
            f"secret must be at least {MIN_SECRET_BYTES} bytes, got {len(key)}"
        )
    return SigningKey(key)


class SignedRequest(NamedTuple):
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class WebhookSender:
    """Signs deliveries for one endpoint. Build it with `WebhookSender.create`.

    The generated `__init__` only stores the two parts; frozen, so they never change.
    """

    endpoint: HttpsEndpoint
    key: SigningKey = field(repr=False)

    @classmethod
    def create(cls, endpoint: str, secret: str) -> Self:
        """Check both inputs and return a sender ready to sign.

        Raises:
            WebhookConfigError: an input is invalid; no sender is created.
        """
        return cls(parse_endpoint(endpoint), parse_secret(secret))

    @classmethod
    def from_config(cls, config: dict[str, str]) -> Self:
        """Build from a configuration mapping; a missing key is an error, not a default."""
        missing = sorted({"webhook_url", "webhook_secret"} - config.keys())
        if missing:
            raise WebhookConfigError(f"config is missing {', '.join(missing)}")
        return cls.create(config["webhook_url"], config["webhook_secret"])

    def request(self, body: bytes) -> SignedRequest:
        """A POST of `body` to the endpoint, signed with the key."""
        signature = hmac.new(self.key, body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: f"sha256={signature}"}
        return SignedRequest(self.endpoint, headers, body)


def main() -> None:
    sender = WebhookSender.create("https://hooks.example.com/orders", "whsec-0123456789abcdef")
    print(sender)
    #> WebhookSender(endpoint='https://hooks.example.com/orders')
    signed = sender.request(b'{"order":42}')
    print(signed.headers[SIGNATURE_HEADER])
    #> sha256=bcf68d0fa6d31c95c416b8ad111029da37dc1e7ddb5cc3e3c6a7586773d65dc3

    # Invalid input: an exception that names the input, and no sender.
    for endpoint, secret in [
        ("http://hooks.example.com/orders", "whsec-0123456789abcdef"),
        ("https:///orders", "whsec-0123456789abcdef"),
        ("https://hooks.example.com/orders", "changeme"),
    ]:
        try:
            WebhookSender.create(endpoint, secret)
        except WebhookConfigError as exc:
            print("rejected:", exc)
    #> rejected: endpoint must use https, got 'http'
    #> rejected: endpoint 'https:///orders' has no host
    #> rejected: secret must be at least 16 bytes, got 8

    # The misspelled key of the before module now stops start-up.
    try:
        WebhookSender.from_config(
            {
                "webhook_url": "https://hooks.example.com/orders",
                "webhook_secrt": "whsec-0123456789abcdef",
            }
        )
    except WebhookConfigError as exc:
        print("rejected:", exc)
    #> rejected: config is missing webhook_secret


if __name__ == "__main__":
    main()
