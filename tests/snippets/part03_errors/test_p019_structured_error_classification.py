"""P019: one classification, one status table, the same answer on every endpoint."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p019_structured_error_classification as p019
from snippets.part03_errors import p019_structured_error_classification_before as before
from snippets.part03_errors.p019_structured_error_classification import (
    HTTP_STATUS,
    AppError,
    ConflictError,
    InvalidError,
    Inventory,
    Kind,
    NotFoundError,
    Shop,
    UnavailableError,
    classified,
    classify,
    error_response,
    handle,
)

DemoCheck = Callable[[ModuleType], None]


class ReportError(Exception):
    """A wrapper with no kind of its own, as P017's layers add."""


def wrapped(cause: Exception, wrapper: Exception) -> Exception:
    wrapper.__cause__ = cause
    return wrapper


def test_every_kind_has_exactly_one_status() -> None:
    assert set(HTTP_STATUS) == set(Kind)
    with pytest.raises(TypeError):
        HTTP_STATUS[Kind.INVALID] = 418  # type: ignore[index]


@pytest.mark.parametrize(
    ("exc", "kind", "status"),
    [
        (InvalidError("bad"), Kind.INVALID, 400),
        (NotFoundError("gone"), Kind.NOT_FOUND, 404),
        (ConflictError("stale"), Kind.CONFLICT, 409),
        (UnavailableError("down"), Kind.UNAVAILABLE, 503),
        (AppError("noticed, not fixable by the client"), Kind.INTERNAL, 500),
        (KeyError("NO"), Kind.INTERNAL, 500),
        # An unwrapped driver error has no kind: only an adapter may say it is UNAVAILABLE.
        (ConnectionRefusedError("refused"), Kind.INTERNAL, 500),
    ],
)
def test_classification_table(exc: Exception, kind: Kind, status: int) -> None:
    assert classify(exc) is kind
    assert error_response(exc, "req", log=lambda line: None).status == status


def test_a_subclass_of_a_kind_keeps_the_kind() -> None:
    class OrderMissingError(NotFoundError):
        pass

    assert classify(OrderMissingError("order 1")) is Kind.NOT_FOUND


def test_a_kind_is_found_through_wrappers_that_have_none() -> None:
    root = NotFoundError("tenant 'globex' does not exist")
    exc = wrapped(root, ReportError("build report"))
    assert classify(exc) is Kind.NOT_FOUND
    assert classified(exc) is root


def test_the_outermost_kind_wins() -> None:
    exc = wrapped(NotFoundError("product 'cake' does not exist"), InvalidError("unknown product"))
    assert classify(exc) is Kind.INVALID


def test_implicit_context_is_not_a_cause() -> None:
    try:
        try:
            raise NotFoundError("order 1 does not exist")
        except NotFoundError:
            raise RuntimeError("bug while handling it")  # noqa: B904
    except RuntimeError as exc:
        assert classify(exc) is Kind.INTERNAL


def test_client_gets_the_code_and_the_message_written_for_it() -> None:
    lines: list[str] = []
    response = error_response(ConflictError("order 7 is at version 2"), "req-1", lines.append)
    assert response.status == 409
    assert json.loads(response.body) == {"code": "conflict", "message": "order 7 is at version 2"}
    assert lines == []  # a 4xx is the client's business, not the operator's


@pytest.mark.parametrize(
    "exc", [KeyError("db.internal:5432"), AppError("lock file /var/run/x is stale")]
)
def test_internal_errors_hide_their_text_and_are_logged_once(exc: Exception) -> None:
    lines: list[str] = []
    response = error_response(exc, "req-9", lines.append)
    assert json.loads(response.body) == {"code": "internal", "message": "internal error"}
    assert len(lines) == 1
    assert lines[0].startswith("req-9 500 ")
    assert str(exc) not in response.body


def test_unavailable_is_logged_with_its_whole_chain() -> None:
    lines: list[str] = []
    shop = Shop(Inventory())
    shop.inventory.down = True
    response = handle("req-3", lambda: shop.place_order("tea", 1), lines.append)
    assert response.status == 503
    assert lines == [
        "req-3 503 inventory is unavailable, try again later: "
        "ConnectionRefusedError: connect to inventory:7000 refused"
    ]
    assert "7000" not in response.body


def test_every_endpoint_answers_the_same_error_the_same_way() -> None:
    shop = Shop(Inventory())
    responses = [
        handle("a", lambda: shop.get_order(99), lambda line: None),
        handle("b", lambda: shop.update_order(99, "tea", 1), lambda line: None),
    ]
    assert responses[0] == responses[1]
    assert responses[0].status == 404
    assert json.loads(responses[0].body)["code"] == "not_found"


def test_shop_success_paths() -> None:
    shop = Shop(Inventory())
    assert handle("a", lambda: shop.place_order("mug", 2), print).body == "placed: 2 x mug = 18"
    assert shop.tax_report("DE") == "tax in DE: 19%"


def test_before_handlers_disagree_and_leak() -> None:
    shop = before.Shop()
    assert before.get_order_handler(shop, 7) == (200, "tea")
    assert before.tax_handler(shop, "NO") == (404, "not found")  # a bug reported as "not found"
    assert before.tax_handler(shop, "DE") == (200, "19%")
    assert before.place_order_handler(shop, "tea", 0) == (400, "quantity must be at least 1")
    assert before.place_order_handler(shop, "tea", 1) == (201, "placed")
    shop.inventory_down = True
    # One outage, two statuses, and a host name in a response body.
    assert before.get_order_handler(shop, 7)[0] == 503
    assert before.place_order_handler(shop, "tea", 1) == (500, "connect to inventory:7000 refused")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p019)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
