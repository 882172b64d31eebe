"""P008: the factory returns a ready, immutable sender or raises, naming the bad input."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from snippets.part01_interfaces import p008_factory_constructor as p008
from snippets.part01_interfaces import p008_factory_constructor_before as before
from snippets.part01_interfaces.p008_factory_constructor import (
    SIGNATURE_HEADER,
    WebhookConfigError,
    WebhookSender,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture(scope="module")
def mypy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder and one mypy cache for the module's type-checker runs."""
    return tmp_path_factory.mktemp("mypy")


SECRET = "whsec-0123456789abcdef"
URL = "https://hooks.example.com/orders"


def mypy_output(source: str, workdir: Path) -> str:
    """`mypy --strict` on one module's source; returns its report, empty when clean."""
    path = workdir / f"check_{len(list(workdir.glob('check_*.py')))}.py"
    path.write_text(source, encoding="utf-8")
    stdout, stderr, status = mypy_api.run(
        ["--strict", "--cache-dir", str(workdir / ".mypy_cache"), str(path)]
    )
    assert stderr == "", stderr
    return "" if status == 0 else stdout


def test_create_returns_a_sender_that_signs_with_its_secret() -> None:
    sender = WebhookSender.create(URL + ":8443/x?v=2", SECRET)
    signed = sender.request(b'{"order":42}')
    expected = hmac.new(SECRET.encode(), b'{"order":42}', hashlib.sha256).hexdigest()
    assert signed.url == URL + ":8443/x?v=2"
    assert signed.body == b'{"order":42}'
    assert signed.headers == {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: f"sha256={expected}",
    }
    forged = hmac.new(b"", b'{"order":42}', hashlib.sha256).hexdigest()
    assert signed.headers[SIGNATURE_HEADER] != f"sha256={forged}"


@pytest.mark.parametrize(
    ("endpoint", "secret", "message"),
    [
        ("http://hooks.example.com/x", SECRET, "endpoint must use https, got 'http'"),
        ("hooks.example.com/x", SECRET, "endpoint must use https, got ''"),
        ("https:///x", SECRET, "endpoint 'https:///x' has no host"),
        ("https://:8443/x", SECRET, "endpoint 'https://:8443/x' has no host"),
        ("https://[::1/x", SECRET, "endpoint: "),
        (URL, "", "secret must be at least 16 bytes, got 0"),
        (URL, "fifteen-bytes!!", "secret must be at least 16 bytes, got 15"),
    ],
)
def test_invalid_input_raises_and_names_it(endpoint: str, secret: str, message: str) -> None:
    with pytest.raises(WebhookConfigError) as caught:
        WebhookSender.create(endpoint, secret)
    assert str(caught.value).startswith(message)
    assert not secret or secret not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_secret_limit_counts_bytes_not_characters() -> None:
    assert WebhookSender.create(URL, "é" * 8).key == ("é" * 8).encode()  # 16 bytes
    with pytest.raises(WebhookConfigError, match="got 14"):
        WebhookSender.create(URL, "é" * 7)


def test_from_config_requires_both_keys() -> None:
    sender = WebhookSender.from_config({"webhook_url": URL, "webhook_secret": SECRET})
    assert sender == WebhookSender.create(URL, SECRET)
    with pytest.raises(
        WebhookConfigError, match=r"^config is missing webhook_secret, webhook_url$"
    ):
        WebhookSender.from_config({})
    with pytest.raises(WebhookConfigError, match="https"):
        WebhookSender.from_config({"webhook_url": "http://x", "webhook_secret": SECRET})


def test_the_sender_is_frozen_and_keeps_the_key_out_of_its_repr() -> None:
    sender = WebhookSender.create(URL, SECRET)
    assert SECRET not in repr(sender)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sender.key = p008.SigningKey(b"")  # type: ignore[misc]


def test_mypy_rejects_building_from_unchecked_parts(mypy_dir: Path) -> None:
    source = inspect.getsource(p008)
    assert mypy_output(source, mypy_dir) == ""
    report = mypy_output(source + '\nWebhookSender("http://x", b"")\n', mypy_dir)
    assert (
        'Argument 1 to "WebhookSender" has incompatible type "str"; expected "HttpsEndpoint"'
        in report
    )
    assert (
        'Argument 2 to "WebhookSender" has incompatible type "bytes"; expected "SigningKey"'
        in report
    )
    checked = source + '\nWebhookSender(parse_endpoint("https://x"), parse_secret("s" * 16))\n'
    assert mypy_output(checked, mypy_dir) == ""


def test_before_a_missing_secret_gives_forgeable_signatures() -> None:
    sender = before.sender_from_config({"webhook_url": "http://x"})
    assert sender.secret == ""
    assert sender.signature(b"{}") == hmac.new(b"", b"{}", hashlib.sha256).hexdigest()


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p008)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
