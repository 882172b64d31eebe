"""P008 before: an object that is created empty and configured afterwards.

`WebhookSender()` always succeeds, and the fields are set one by one from the
configuration. A misspelled key leaves the secret empty, and nothing notices:
HMAC accepts an empty key, so every delivery carries a signature that anybody
can compute. The endpoint is plain http, so the body also travels in clear text.
"""

from __future__ import annotations

import hashlib
import hmac


class WebhookSender:
    def __init__(self) -> None:
        self.endpoint = ""
        self.secret = ""

    def signature(self, body: bytes) -> str:
        return hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()


def sender_from_config(config: dict[str, str]) -> WebhookSender:
    sender = WebhookSender()
    sender.endpoint = config.get("webhook_url", "")
    sender.secret = config.get("webhook_secret", "")
    return sender


def main() -> None:
    # The deployment wrote "webhook_secrt": the secret silently defaults to "".
    config = {
        "webhook_url": "http://hooks.example.com/orders",
        "webhook_secrt": "whsec-0123456789abcdef",
    }
    sender = sender_from_config(config)
    body = b'{"order":42}'
    print("delivering to", sender.endpoint)
    #> delivering to http://hooks.example.com/orders

    forged = hmac.new(b"", body, hashlib.sha256).hexdigest()
    print("an attacker's signature matches:", sender.signature(body) == forged)
    #> an attacker's signature matches: True


if __name__ == "__main__":
    main()
