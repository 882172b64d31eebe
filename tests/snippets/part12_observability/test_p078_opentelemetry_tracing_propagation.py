"""P078: spans follow awaits and tasks through contextvars, and traceparent round-trips."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part12_observability import p078_opentelemetry_tracing_propagation as p078
from snippets.part12_observability import (
    p078_opentelemetry_tracing_propagation_before as before,
)
from snippets.part12_observability.p078_opentelemetry_tracing_propagation import (
    SpanContext,
    Tracer,
    current_span,
    extract,
    inject,
)

DemoCheck = Callable[[ModuleType], None]
HEADER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_child_spans_share_the_trace_and_point_at_their_parent() -> None:
    tracer = Tracer(random.Random(1))
    with tracer.span("root") as root, tracer.span("child") as child, tracer.span("gc") as gc:
        pass
    assert root.trace_id == child.trace_id == gc.trace_id
    assert len({root.span_id, child.span_id, gc.span_id}) == 3
    parents = {span.name: span.parent_id for span in tracer.finished}
    assert parents == {"root": None, "child": root.span_id, "gc": child.span_id}
    assert [span.name for span in tracer.finished] == ["gc", "child", "root"]


def test_context_follows_awaits_and_is_copied_into_tasks() -> None:
    tracer = Tracer(random.Random(2))
    seen: dict[str, SpanContext | None] = {}

    async def worker(name: str) -> None:
        await asyncio.sleep(0)
        seen[name] = current_span()
        with tracer.span(name):
            await asyncio.sleep(0)

    async def scenario() -> SpanContext:
        with tracer.span("request") as request:
            await asyncio.sleep(0)
            assert current_span() == request
            await asyncio.gather(worker("a"), worker("b"))
            assert current_span() == request  # the tasks' spans did not leak back
        return request

    request = asyncio.run(scenario())
    assert seen == {"a": request, "b": request}
    children = [span for span in tracer.finished if span.name in {"a", "b"}]
    assert {span.parent_id for span in children} == {request.span_id}
    assert {span.context.trace_id for span in children} == {request.trace_id}


def test_concurrent_requests_keep_separate_traces() -> None:
    tracer = Tracer(random.Random(3))
    traces: dict[str, list[str]] = {"x": [], "y": []}

    async def request(name: str) -> None:
        with tracer.span(name) as root:
            for _ in range(3):
                await asyncio.sleep(0)
                context = current_span()
                assert context is not None
                traces[name].append(context.trace_id)
            assert context == root

    async def scenario() -> None:
        await asyncio.gather(request("x"), request("y"))

    asyncio.run(scenario())
    assert len(set(traces["x"])) == len(set(traces["y"])) == 1
    assert traces["x"][0] != traces["y"][0]


def test_span_is_restored_after_an_exception() -> None:
    tracer = Tracer(random.Random(4))
    with pytest.raises(RuntimeError), tracer.span("fails"):
        raise RuntimeError("boom")
    assert current_span() is None
    assert tracer.finished[0].name == "fails"


def test_header_round_trips() -> None:
    remote = extract({"traceparent": HEADER})
    assert remote == SpanContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", True)
    tracer = Tracer(random.Random(5))
    with tracer.span("server", parent=remote) as server:
        headers: dict[str, str] = {}
        inject(headers)
    assert headers["traceparent"] == f"00-{remote.trace_id}-{server.span_id}-01"
    assert extract(headers) == server


def test_unsampled_flag_is_kept_across_the_hop() -> None:
    remote = extract({"traceparent": HEADER[:-2] + "00"})
    assert remote is not None and remote.sampled is False
    tracer = Tracer(random.Random(6))
    with tracer.span("server", parent=remote), tracer.span("inner"):
        headers: dict[str, str] = {}
        inject(headers)
    assert headers["traceparent"].endswith("-00")


def test_inject_without_a_span_writes_nothing() -> None:
    headers: dict[str, str] = {}
    inject(headers)
    assert headers == {}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        HEADER.upper(),
        "01" + HEADER[2:],
        "00-" + "0" * 32 + "-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0" * 16 + "-01",
        HEADER + "-extra",
    ],
)
def test_malformed_headers_start_a_new_trace(value: str) -> None:
    assert extract({"traceparent": value}) is None
    tracer = Tracer(random.Random(8))
    with tracer.span("server", parent=extract({"traceparent": value})):
        pass
    assert tracer.finished[0].parent_id is None


def test_missing_header_is_none() -> None:
    assert extract({}) is None


def test_ids_are_deterministic_per_seed_and_never_zero() -> None:
    class ZeroFirst(random.Random):
        def __init__(self) -> None:
            super().__init__(9)
            self.zeros = 2

        def getrandbits(self, k: int, /) -> int:
            if self.zeros:
                self.zeros -= 1
                return 0
            return super().getrandbits(k)

    with Tracer(ZeroFirst()).span("a") as first:
        pass
    assert first.trace_id != "0" * 32 and first.span_id != "0" * 16
    assert len(first.trace_id) == 32 and len(first.span_id) == 16
    with Tracer(random.Random(9)).span("a") as again:
        pass
    with Tracer(random.Random(9)).span("b") as same:
        pass
    with Tracer(random.Random(10)).span("c") as other:
        pass
    assert again == same
    assert other.trace_id != same.trace_id


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p078)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
