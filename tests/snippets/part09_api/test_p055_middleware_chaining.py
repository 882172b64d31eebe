"""P055: composition order, and each middleware tested alone around a stub handler."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part09_api import p055_middleware_chaining as p055
from snippets.part09_api import p055_middleware_chaining_before as before
from snippets.part09_api.p055_middleware_chaining import (
    Handler,
    ManualClock,
    Middleware,
    Request,
    Response,
    access_log,
    chain,
    current_request_id,
    recover,
    request_id,
    require_token,
)

DemoCheck = Callable[[ModuleType], None]


class Calls:
    """A stub handler that counts calls and answers with a fixed response."""

    def __init__(self, response: Response | None = None) -> None:
        self.requests: list[Request] = []
        self.response = response or Response(200, "ok")

    async def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        return self.response


def traced(name: str, trace: list[str]) -> Middleware:
    def middleware(next_handler: Handler) -> Handler:
        async def handle(request: Request) -> Response:
            trace.append(f"{name} in")
            response = await next_handler(request)
            trace.append(f"{name} out")
            return response

        return handle

    return middleware


def run(handler: Handler, request: Request) -> Response:
    async def call() -> Response:
        return await handler(request)

    return asyncio.run(call())


def test_the_first_middleware_is_outermost() -> None:
    trace: list[str] = []
    handler = chain(traced("a", trace), traced("b", trace), traced("c", trace))(Calls())
    run(handler, Request("GET", "/"))
    assert trace == ["a in", "b in", "c in", "c out", "b out", "a out"]


def test_an_empty_chain_returns_the_handler_itself() -> None:
    handler = Calls()
    assert chain()(handler) is handler


def test_chain_works_as_a_decorator() -> None:
    trace: list[str] = []

    @chain(traced("outer", trace))
    async def handler(request: Request) -> Response:
        trace.append("handler")
        return Response(204)

    assert run(handler, Request("GET", "/")).status == 204
    assert trace == ["outer in", "handler", "outer out"]


def test_request_id_makes_one_exposes_it_and_echoes_it() -> None:
    seen: list[str] = []

    async def handler(request: Request) -> Response:
        seen.append(current_request_id.get())
        return Response(200, headers={"Content-Type": "text/plain"})

    wrapped = request_id(lambda: "new-1")(handler)
    response = run(wrapped, Request("GET", "/"))
    assert seen == ["new-1"]
    assert response.headers == {"Content-Type": "text/plain", "X-Request-ID": "new-1"}


def test_request_id_keeps_the_callers_id_and_resets_afterwards() -> None:
    async def scenario() -> tuple[str, str]:
        async def handler(request: Request) -> Response:
            return Response(200, current_request_id.get())

        wrapped = request_id(lambda: "unused")(handler)
        response = await wrapped(Request("GET", "/", {"X-Request-ID": "abc"}))
        return response.body, current_request_id.get()

    assert asyncio.run(scenario()) == ("abc", "-")


def test_request_id_resets_even_when_the_handler_raises() -> None:
    async def scenario() -> str:
        async def handler(request: Request) -> Response:
            raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            await request_id(lambda: "x")(handler)(Request("GET", "/"))
        return current_request_id.get()

    assert asyncio.run(scenario()) == "-"


def test_access_log_records_status_and_duration() -> None:
    clock = ManualClock()
    lines: list[str] = []

    async def handler(request: Request) -> Response:
        clock.now += 0.25
        return Response(404)

    run(access_log(lines.append, clock)(handler), Request("POST", "/items"))
    assert lines == ["- POST /items -> 404 (250 ms)"]


def test_recover_turns_an_exception_into_a_500() -> None:
    lines: list[str] = []

    async def handler(request: Request) -> Response:
        raise KeyError("missing")

    response = run(recover(lines.append)(handler), Request("GET", "/"))
    assert (response.status, response.body) == (500, "internal error")
    assert lines == ["- recovered KeyError: 'missing'"]


def test_recover_passes_good_responses_through() -> None:
    lines: list[str] = []
    response = run(recover(lines.append)(Calls(Response(201))), Request("GET", "/"))
    assert response.status == 201
    assert lines == []


def test_recover_does_not_swallow_cancellation() -> None:
    lines: list[str] = []

    async def scenario() -> None:
        async def hangs(request: Request) -> Response:
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        async def call() -> Response:
            return await recover(lines.append)(hangs)(Request("GET", "/"))

        task = asyncio.create_task(call())
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert lines == []


@pytest.mark.parametrize(
    ("headers", "status", "calls"),
    [
        ({"Authorization": "Bearer s3cret"}, 200, 1),
        ({}, 401, 0),
        ({"Authorization": "Bearer wrong"}, 401, 0),
        ({"Authorization": "s3cret"}, 401, 0),
        ({"Authorization": "Bearer s3cret2"}, 401, 0),
    ],
)
def test_require_token_stops_requests_before_the_handler(
    headers: dict[str, str], status: int, calls: int
) -> None:
    handler = Calls()
    response = run(require_token("s3cret")(handler), Request("GET", "/", headers))
    assert response.status == status
    assert len(handler.requests) == calls


def test_order_decides_what_the_log_sees() -> None:
    clock = ManualClock()
    good_lines: list[str] = []
    bad_lines: list[str] = []
    good = chain(
        request_id(lambda: "r1"),
        access_log(good_lines.append, clock),
        recover(good_lines.append),
        require_token("t"),
    )
    bad = chain(
        require_token("t"),
        recover(bad_lines.append),
        access_log(bad_lines.append, clock),
        request_id(lambda: "r1"),
    )
    anonymous = Request("GET", "/x")
    assert run(good(Calls()), anonymous).status == 401
    assert run(bad(Calls()), anonymous).status == 401
    assert good_lines == ["r1 GET /x -> 401 (0 ms)"]
    assert bad_lines == []


def test_before_handlers_each_check_or_forget_the_token() -> None:
    signed_in = before.Request("/reports", {"Authorization": before.TOKEN})
    assert asyncio.run(before.list_reports(signed_in)) == (200, "3 reports")
    assert asyncio.run(before.rebuild_index(before.Request("/index/rebuild"))) == (
        401,
        "unauthorized",
    )
    assert asyncio.run(before.export_users(before.Request("/users/export")))[0] == 200


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p055)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
