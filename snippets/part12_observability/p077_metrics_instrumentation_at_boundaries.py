"""P077 Metrics Instrumentation at Boundaries: measure every request in one place.

A decorator wraps each handler where it is registered and records three things
for every request: a count by route and status, an error count, and the
latency in a histogram with fixed bucket boundaries. The handlers themselves
contain no metrics code, so a new route or an early `raise` cannot skip them.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Labels = tuple[tuple[str, str], ...]

# Upper bounds in seconds, like Prometheus' `le` ("less than or equal").
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


def _key(labels: dict[str, str]) -> Labels:
    return tuple(sorted(labels.items()))


def _render_labels(key: Labels, extra: str = "") -> str:
    parts = [f'{name}="{value}"' for name, value in key]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


class Counter:
    """A number that only goes up, kept separately for each set of labels."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._values: dict[Labels, int] = {}

    def inc(self, **labels: str) -> None:
        key = _key(labels)
        self._values[key] = self._values.get(key, 0) + 1

    def value(self, **labels: str) -> int:
        return self._values.get(_key(labels), 0)

    def render(self) -> list[str]:
        return [f"{self.name}{_render_labels(k)} {v}" for k, v in sorted(self._values.items())]


class Histogram:
    """Counts observations per bucket; the boundaries are fixed when it is created.

    A value equal to a boundary belongs to that bucket (`le`). Values above the
    last boundary are still counted, in the implicit `+Inf` bucket.
    """

    def __init__(self, name: str, buckets: tuple[float, ...]) -> None:
        if not buckets or any(a >= b for a, b in itertools.pairwise(buckets)):
            raise ValueError("buckets must be a non-empty, strictly increasing tuple")
        self.name = name
        self.buckets = buckets
        self._counts: dict[Labels, list[int]] = {}  # per bucket, last one is +Inf
        self._sums: dict[Labels, float] = {}

    def observe(self, value: float, **labels: str) -> None:
        key = _key(labels)
        counts = self._counts.setdefault(key, [0] * (len(self.buckets) + 1))
        counts[bisect.bisect_left(self.buckets, value)] += 1
        self._sums[key] = self._sums.get(key, 0.0) + value

    def cumulative(self, **labels: str) -> list[int]:
        """Counts per `le` boundary, each including the smaller buckets, then +Inf."""
        counts = self._counts.get(_key(labels), [0] * (len(self.buckets) + 1))
        total, result = 0, []
        for count in counts:
            total += count
            result.append(total)
        return result

    def render(self) -> list[str]:
        lines = []
        for key in sorted(self._counts):
            bounds = [f"{b:g}" for b in self.buckets] + ["+Inf"]
            labels = dict(key)
            for bound, count in zip(bounds, self.cumulative(**labels), strict=True):
                le = 'le="' + bound + '"'
                lines.append(f"{self.name}_bucket{_render_labels(key, le)} {count}")
            lines.append(f"{self.name}_sum{_render_labels(key)} {self._sums[key]:.3f}")
            lines.append(f"{self.name}_count{_render_labels(key)} {self.cumulative(**labels)[-1]}")
        return lines


@dataclass(frozen=True)
class Request:
    method: str
    path: str


@dataclass(frozen=True)
class Response:
    status: int
    body: str = ""


Handler = Callable[[Request], Awaitable[Response]]


class Metrics:
    """The service's metrics and the decorator that records them at the boundary.

    Args:
        clock: monotonic time in integer nanoseconds; `time.monotonic_ns` in
            production, a manual clock in tests.
    """

    def __init__(self, clock: Callable[[], int] = time.monotonic_ns) -> None:
        self._clock = clock
        self.requests = Counter("http_requests_total")
        self.errors = Counter("http_request_errors_total")
        self.latency = Histogram("http_request_duration_seconds", LATENCY_BUCKETS)

    def instrument(self, route: str) -> Callable[[Handler], Handler]:
        """Wrap a handler registered under `route`, a template such as "/orders/{id}".

        The label is the template, never the raw path: one series per order ID
        would grow without bound and take the metrics backend down with it.
        """

        def decorate(handler: Handler) -> Handler:
            async def wrapped(request: Request) -> Response:
                start = self._clock()
                status = "500"  # an exception is a server error unless proven otherwise
                try:
                    response = await handler(request)
                    status = str(response.status)
                    return response
                except asyncio.CancelledError:
                    status = "499"  # the client went away; not our error
                    raise
                finally:
                    seconds = (self._clock() - start) / 1_000_000_000
                    self.requests.inc(route=route, status=status)
                    if status.startswith("5"):
                        self.errors.inc(route=route)
                    self.latency.observe(seconds, route=route)

            return wrapped

        return decorate

    def render(self) -> str:
        """The text a `/metrics` endpoint would serve."""
        lines = self.requests.render() + self.errors.render() + self.latency.render()
        return "\n".join(lines)


class ManualClock:
    """Integer nanoseconds that move only when told to."""

    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now

    def advance_ms(self, milliseconds: int) -> None:
        self.now += milliseconds * 1_000_000


async def main() -> None:
    clock = ManualClock()
    metrics = Metrics(clock)
    stock = {"42": 3}

    # The business code knows nothing about metrics.
    @metrics.instrument("/orders/{id}")
    async def get_order(request: Request) -> Response:
        order_id = request.path.rsplit("/", 1)[-1]
        clock.advance_ms(40 if order_id == "42" else 300)  # simulated work
        await asyncio.sleep(0)
        if order_id == "13":
            raise RuntimeError("database connection reset")
        if order_id not in stock:
            return Response(404, "no such order")
        return Response(200, f"order {order_id}")

    for order_id in ["42", "42", "7", "13"]:
        try:
            response = await get_order(Request("GET", f"/orders/{order_id}"))
            print(order_id, response.status)
        except RuntimeError as exc:
            print(order_id, "raised:", exc)
    #> 42 200
    #> 42 200
    #> 7 404
    #> 13 raised: database connection reset

    print(metrics.render())
    #> http_requests_total{route="/orders/{id}",status="200"} 2
    #> http_requests_total{route="/orders/{id}",status="404"} 1
    #> http_requests_total{route="/orders/{id}",status="500"} 1
    #> http_request_errors_total{route="/orders/{id}"} 1
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.005"} 0
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.01"} 0
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.025"} 0
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.05"} 2
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.1"} 2
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.25"} 2
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="0.5"} 4
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="1"} 4
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="2.5"} 4
    #> http_request_duration_seconds_bucket{route="/orders/{id}",le="+Inf"} 4
    #> http_request_duration_seconds_sum{route="/orders/{id}"} 0.680
    #> http_request_duration_seconds_count{route="/orders/{id}"} 4


if __name__ == "__main__":
    asyncio.run(main())
