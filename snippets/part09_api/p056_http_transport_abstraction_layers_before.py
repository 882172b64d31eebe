"""P056 before: pricing code that builds the URL, sets the token and calls urllib.

The business rule is one multiplication, but it sits on top of a concrete HTTP
client. It cannot run without the network, so its test must patch
`urllib.request.urlopen` and imitate how urllib behaves: a context manager
whose `read()` returns bytes. Swap urllib for another library and every such
test breaks, although the pricing rule did not change.
"""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal
from unittest import mock

API_KEY = "k-123"


def price_in(amount_eur: Decimal, currency: str) -> Decimal:
    request = urllib.request.Request(
        f"https://rates.example/v1/rates?base=EUR&quote={currency}",
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        rate = Decimal(json.loads(response.read())["rate"])
    return (amount_eur * rate).quantize(Decimal("0.01"))


def main() -> None:
    # The test for the pricing rule, as it must be written against this code.
    fake_response = mock.MagicMock()
    fake_response.__enter__.return_value.read.return_value = b'{"rate": "1.0842"}'
    with mock.patch("urllib.request.urlopen", return_value=fake_response) as urlopen:
        print(price_in(Decimal("19.99"), "USD"))
    #> 21.67
    print("patched:", urlopen.call_args.args[0].full_url)
    #> patched: https://rates.example/v1/rates?base=EUR&quote=USD
    print("urllib calls the fake imitates:", [call[0] for call in fake_response.mock_calls])
    #> urllib calls the fake imitates: ['__enter__', '__enter__().read', '__exit__']


if __name__ == "__main__":
    main()
