"""P078 OpenTelemetry Tracing Propagation: one trace ID from the edge to the last call.

The current span lives in a `ContextVar`, so it follows every `await` and is
copied into each task created under it, without being passed by hand. At a
process boundary the span context is written into a W3C `traceparent` header
(inject) and read back on the other side (extract), so the next service's spans
join the same trace.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# version "00" - 32 hex trace id - 16 hex parent span id - 2 hex flags
_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
_INVALID_TRACE = "0" * 32
_INVALID_SPAN = "0" * 16


@dataclass(frozen=True)
class SpanContext:
    """What crosses a boundary: enough to attach the next span to this one."""

    trace_id: str
    span_id: str
    sampled: bool = True


@dataclass(frozen=True)
class Span:
    name: str
    context: SpanContext
    parent_id: str | None  # None for the root span of a trace


_current: ContextVar[SpanContext | None] = ContextVar("current_span", default=None)


def current_span() -> SpanContext | None:
    """The span the running code belongs to, if any."""
    return _current.get()


class Tracer:
    """Starts spans as children of the current one and keeps the finished spans.

    Args:
        rng: the source of trace and span IDs. Production uses
            `random.SystemRandom()`; tests and the demo use a seeded
            `random.Random`, so every ID is known in advance.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.finished: list[Span] = []

    def _hex(self, bits: int) -> str:
        while True:
            value = self._rng.getrandbits(bits)
            if value:  # all-zero IDs are invalid in W3C Trace Context
                return f"{value:0{bits // 4}x}"

    @contextmanager
    def span(self, name: str, parent: SpanContext | None = None) -> Iterator[SpanContext]:
        """Run the block as a new span, the child of `parent` or of the current span.

        The previous current span is restored on exit, even on an exception, so
        a span never leaks into code that runs after it.
        """
        parent = parent or _current.get()
        trace_id = parent.trace_id if parent else self._hex(128)
        sampled = parent.sampled if parent else True
        context = SpanContext(trace_id, self._hex(64), sampled)
        token = _current.set(context)
        try:
            yield context
        finally:
            _current.reset(token)
            self.finished.append(Span(name, context, parent.span_id if parent else None))


def inject(headers: MutableMapping[str, str]) -> None:
    """Write the current span into `headers` as a W3C traceparent, if there is one."""
    context = _current.get()
    if context is not None:
        flags = "01" if context.sampled else "00"
        headers["traceparent"] = f"00-{context.trace_id}-{context.span_id}-{flags}"


def extract(headers: Mapping[str, str]) -> SpanContext | None:
    """Read a traceparent header; anything malformed means "start a new trace".

    A bad header from a client must never fail the request, and must never
    produce an all-zero ID that would merge unrelated requests into one trace.
    """
    match = _TRACEPARENT.fullmatch(headers.get("traceparent", "").strip())
    if match is None:
        return None
    trace_id, span_id, flags = match.groups()
    if trace_id == _INVALID_TRACE or span_id == _INVALID_SPAN:
        return None
    return SpanContext(trace_id, span_id, sampled=int(flags, 16) & 1 == 1)


async def payments_service(tracer: Tracer, headers: Mapping[str, str]) -> str:
    """Another process in real life: it sees only the headers."""
    with tracer.span("POST /charges", parent=extract(headers)):
        await asyncio.sleep(0)
        return "charged"


async def reserve_stock(tracer: Tracer) -> None:
    with tracer.span("reserve stock"):
        await asyncio.sleep(0)


async def charge_card(tracer: Tracer) -> str:
    with tracer.span("charge card"):
        outgoing: dict[str, str] = {}
        inject(outgoing)
        return await payments_service(tracer, outgoing)


async def checkout(tracer: Tracer, headers: Mapping[str, str]) -> None:
    with tracer.span("POST /checkout", parent=extract(headers)):
        # Each task starts with a copy of the current context, so both
        # children see "POST /checkout" as their parent.
        async with asyncio.TaskGroup() as group:
            group.create_task(reserve_stock(tracer))
            group.create_task(charge_card(tracer))


def print_tree(spans: list[Span], parent: str | None, depth: int = 0) -> None:
    for span in spans:
        if span.parent_id == parent:
            ids = f"trace={span.context.trace_id[:8]} span={span.context.span_id[:8]}"
            print(f"{'  ' * depth}{span.name:<{20 - 2 * depth}} {ids}")
            print_tree(spans, span.context.span_id, depth + 1)


async def main() -> None:
    tracer = Tracer(random.Random(7))
    incoming = {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
    await checkout(tracer, incoming)

    print_tree(tracer.finished, parent="00f067aa0ba902b7")
    #> POST /checkout       trace=4bf92f35 span=f2a74de4
    #>   reserve stock      trace=4bf92f35 span=6513270e
    #>   charge card        trace=4bf92f35 span=0c5c7fd0
    #>     POST /charges    trace=4bf92f35 span=d23f0824
    print("after the request:", current_span())
    #> after the request: None

    await checkout(tracer, {"traceparent": "00-zzzz-not-a-header"})
    root = tracer.finished[-1]
    print("bad header, new trace:", root.context.trace_id[:8], "parent:", root.parent_id)
    #> bad header, new trace: 9531985d parent: None


if __name__ == "__main__":
    asyncio.run(main())
