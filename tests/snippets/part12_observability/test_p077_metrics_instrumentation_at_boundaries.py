"""P077: the boundary decorator counts every outcome and places latencies in the right bucket."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part12_observability import p077_metrics_instrumentation_at_boundaries as p077
from snippets.part12_observability import (
    p077_metrics_instrumentation_at_boundaries_before as before,
)
from snippets.part12_observability.p077_metrics_instrumentation_at_boundaries import (
    Histogram,
    ManualClock,
    Metrics,
    Request,
    Response,
)

DemoCheck = Callable[[ModuleType], None]
ROUTE = "/items/{id}"


def handler_taking(clock: ManualClock, milliseconds: int, status: int = 200) -> p077.Handler:
    async def handle(request: Request) -> Response:
        clock.advance_ms(milliseconds)
        await asyncio.sleep(0)
        return Response(status)

    return handle


def test_counts_requests_by_route_template_and_status() -> None:
    clock = ManualClock()
    metrics = Metrics(clock)

    @metrics.instrument(ROUTE)
    async def handle(request: Request) -> Response:
        return Response(404 if request.path.endswith("/0") else 200)

    async def scenario() -> None:
        for n in range(5):
            await handle(Request("GET", f"/items/{n}"))

    asyncio.run(scenario())
    assert metrics.requests.value(route=ROUTE, status="200") == 4
    assert metrics.requests.value(route=ROUTE, status="404") == 1
    assert metrics.errors.value(route=ROUTE) == 0
    # One series per template and status, not one per item ID.
    assert len(metrics.requests.render()) == 2


def test_exception_counts_as_500_error_and_is_reraised() -> None:
    clock = ManualClock()
    metrics = Metrics(clock)

    @metrics.instrument(ROUTE)
    async def handle(request: Request) -> Response:
        clock.advance_ms(30)
        raise RuntimeError("boom")

    async def scenario() -> None:
        await handle(Request("GET", "/items/1"))

    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(scenario())
    assert metrics.requests.value(route=ROUTE, status="500") == 1
    assert metrics.errors.value(route=ROUTE) == 1
    assert metrics.latency.cumulative(route=ROUTE)[-1] == 1


def test_returned_5xx_is_an_error_but_4xx_is_not() -> None:
    clock = ManualClock()
    metrics = Metrics(clock)
    statuses = iter([503, 400, 200])

    @metrics.instrument(ROUTE)
    async def handle(request: Request) -> Response:
        return Response(next(statuses))

    async def scenario() -> None:
        for _ in range(3):
            await handle(Request("GET", "/items/1"))

    asyncio.run(scenario())
    assert metrics.errors.value(route=ROUTE) == 1
    assert metrics.requests.value(route=ROUTE, status="400") == 1


def test_cancelled_request_is_counted_as_499_and_not_as_error() -> None:
    clock = ManualClock()
    metrics = Metrics(clock)

    @metrics.instrument(ROUTE)
    async def handle(request: Request) -> Response:
        clock.advance_ms(700)
        await asyncio.Event().wait()
        return Response(200)  # pragma: no cover - never reached

    async def scenario() -> None:
        async def call() -> Response:
            return await handle(Request("GET", "/items/1"))

        task = asyncio.create_task(call())
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert metrics.requests.value(route=ROUTE, status="499") == 1
    assert metrics.errors.value(route=ROUTE) == 0
    assert metrics.latency.cumulative(route=ROUTE)[7] == 1  # le=1.0


@pytest.mark.parametrize(
    ("milliseconds", "first_bucket"),
    [(0, 0), (5, 0), (6, 1), (100, 4), (101, 5), (2500, 8), (2501, 9)],
)
def test_latency_lands_in_the_first_bucket_whose_bound_it_does_not_exceed(
    milliseconds: int, first_bucket: int
) -> None:
    clock = ManualClock()
    clock.advance_ms(12_345)  # a nonzero start must not matter
    metrics = Metrics(clock)
    handle = metrics.instrument(ROUTE)(handler_taking(clock, milliseconds))

    async def scenario() -> None:
        await handle(Request("GET", "/items/1"))

    asyncio.run(scenario())
    cumulative = metrics.latency.cumulative(route=ROUTE)
    expected = [0] * first_bucket + [1] * (len(cumulative) - first_bucket)
    assert cumulative == expected


def test_histogram_render_is_cumulative_with_sum_and_count() -> None:
    histogram = Histogram("h", (0.1, 1.0))
    for value in (0.05, 0.5, 0.5, 3.0):
        histogram.observe(value, op="x")
    assert histogram.render() == [
        'h_bucket{op="x",le="0.1"} 1',
        'h_bucket{op="x",le="1"} 3',
        'h_bucket{op="x",le="+Inf"} 4',
        'h_sum{op="x"} 4.050',
        'h_count{op="x"} 4',
    ]
    assert histogram.cumulative(op="unseen") == [0, 0, 0]


def test_metrics_without_labels_render_bare_names() -> None:
    histogram = Histogram("h", (1.0,))
    histogram.observe(2.0)
    assert histogram.render()[0] == 'h_bucket{le="1"} 0'
    counter = p077.Counter("c")
    counter.inc()
    assert counter.render() == ["c 1"]


@pytest.mark.parametrize("buckets", [(), (0.1, 0.1), (1.0, 0.5)])
def test_rejects_buckets_that_are_empty_or_not_increasing(buckets: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="strictly increasing"):
        Histogram("h", buckets)


def test_default_clock_is_monotonic_nanoseconds() -> None:
    metrics = Metrics()

    @metrics.instrument(ROUTE)
    async def handle(request: Request) -> Response:
        return Response(200)

    async def scenario() -> None:
        await handle(Request("GET", "/items/1"))

    asyncio.run(scenario())
    assert metrics.latency.cumulative(route=ROUTE)[-1] == 1


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p077)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
