"""P041 Circuit Breaker: stop calling a dependency that keeps failing, then probe it.

The breaker counts consecutive failures. At the threshold it opens and rejects
calls at once, without touching the dependency. After `reset_timeout` seconds
it lets exactly one probe call through (half-open): success closes it, failure
opens it again for another full timeout.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitOpenError(Exception):
    """Raised instead of calling the dependency while the breaker rejects calls."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"circuit open, retry in {retry_after:.1f}s")
        self.retry_after = retry_after


def _every_exception(exc: Exception) -> bool:
    return True


class CircuitBreaker:
    """Wraps calls to one dependency and fails fast while that dependency is down.

    Args:
        failure_threshold: consecutive failures that open the breaker.
        reset_timeout: seconds the breaker stays open before it admits a probe.
        clock: returns the current time in seconds; inject a fake one in tests.
        is_failure: decides whether an exception says the dependency is unhealthy.
            A caller's own mistake (say, a validation error) should not open it.
    """

    def __init__(
        self,
        *,
        failure_threshold: int,
        reset_timeout: float,
        clock: Callable[[], float],
        is_failure: Callable[[Exception], bool] = _every_exception,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if reset_timeout <= 0:
            raise ValueError("reset_timeout must be positive")
        self._threshold = failure_threshold
        self._reset_timeout = reset_timeout
        self._clock = clock
        self._is_failure = is_failure
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_in_flight = False

    @property
    def state(self) -> State:
        """The current state; OPEN turns into HALF_OPEN once the timeout has passed."""
        if self._opened_at is None:
            return State.CLOSED
        if self._clock() - self._opened_at >= self._reset_timeout:
            return State.HALF_OPEN
        return State.OPEN

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run `operation` through the breaker, or raise CircuitOpenError at once."""
        state = self.state
        if state is State.OPEN or (state is State.HALF_OPEN and self._probe_in_flight):
            raise CircuitOpenError(self._retry_after())
        is_probe = state is State.HALF_OPEN
        self._probe_in_flight = is_probe
        try:
            result = await operation()
        except Exception as exc:
            if self._is_failure(exc):
                self._record_failure()
            raise
        else:
            self._failures = 0
            self._opened_at = None
            return result
        finally:
            # Also runs when the probe is cancelled: a cancelled probe proved
            # nothing, so the next caller may probe instead of waiting forever.
            if is_probe:
                self._probe_in_flight = False

    def _record_failure(self) -> None:
        self._failures += 1
        if self._opened_at is not None or self._failures >= self._threshold:
            # A failed probe restarts the full timeout rather than probing again at once.
            self._opened_at = self._clock()

    def _retry_after(self) -> float:
        assert self._opened_at is not None
        return max(0.0, self._opened_at + self._reset_timeout - self._clock())


class ManualClock:
    """A clock that moves only when told to, so the demo and tests are exact."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class PaymentService:
    """A dependency that is down until `recover()` is called, and counts its calls."""

    def __init__(self) -> None:
        self.healthy = False
        self.calls = 0

    def recover(self) -> None:
        self.healthy = True

    async def charge(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if not self.healthy:
            raise ConnectionError("payment service unavailable")
        return "charged"


async def main() -> None:
    clock = ManualClock()
    payments = PaymentService()
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=30.0, clock=clock)

    for _ in range(5):
        try:
            await breaker.call(payments.charge)
        except (ConnectionError, CircuitOpenError) as exc:
            print(f"{breaker.state.value:>9}: {exc}")
    #>    closed: payment service unavailable
    #>    closed: payment service unavailable
    #>      open: payment service unavailable
    #>      open: circuit open, retry in 30.0s
    #>      open: circuit open, retry in 30.0s
    print("calls that reached the service:", payments.calls)
    #> calls that reached the service: 3

    clock.advance(30.0)
    print("after 30 s:", breaker.state.value)
    #> after 30 s: half-open
    try:
        await breaker.call(payments.charge)
    except ConnectionError:
        print("probe failed, state:", breaker.state.value)
    #> probe failed, state: open

    clock.advance(30.0)
    payments.recover()
    print("probe:", await breaker.call(payments.charge), "state:", breaker.state.value)
    #> probe: charged state: closed


if __name__ == "__main__":
    asyncio.run(main())
