"""P020 before: two retry loops, each with its own idea of which errors deserve another try.

The first retries every exception: a declined card is charged four times, and
the bank sees four declines. The second retries only TimeoutError: it gives up
on a 503 that the next attempt would have survived, and it does not recognise
a timeout once another layer has wrapped it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence


class CardDeclinedError(Exception):
    pass


class ServiceUnavailableError(Exception):
    pass


class GatewayError(Exception):
    pass


class ScriptedGateway:
    """Raises or returns the scripted outcomes in order; the last one repeats."""

    def __init__(self, outcomes: Sequence[str | Exception]) -> None:
        self._outcomes = list(outcomes)
        self.calls = 0

    async def charge(self) -> str:
        outcome = self._outcomes[min(self.calls, len(self._outcomes) - 1)]
        self.calls += 1
        await asyncio.sleep(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


async def retry_everything(operation: Callable[[], Awaitable[str]], attempts: int) -> str:
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except Exception:
            if attempt == attempts:
                raise
    raise AssertionError("attempts must be at least 1")


async def retry_timeouts(operation: Callable[[], Awaitable[str]], attempts: int) -> str:
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except TimeoutError:  # sees only the outermost class (P017)
            if attempt == attempts:
                raise
    raise AssertionError("attempts must be at least 1")


def timeout_wrapped_by_gateway() -> GatewayError:
    outer = GatewayError("charge order 17")
    outer.__cause__ = TimeoutError("read timed out")
    return outer


async def run(
    loop: Callable[[Callable[[], Awaitable[str]], int], Awaitable[str]],
    outcomes: Sequence[str | Exception],
) -> str:
    gateway = ScriptedGateway(outcomes)
    try:
        result = await loop(gateway.charge, 4)
    except Exception as exc:
        result = type(exc).__name__
    return f"{gateway.calls} call(s) -> {result}"


async def main() -> None:
    declined = [CardDeclinedError("insufficient funds")]
    print("retry everything, declined card: ", await run(retry_everything, declined))
    #> retry everything, declined card:  4 call(s) -> CardDeclinedError

    blip: list[str | Exception] = [ServiceUnavailableError("503"), "ok"]
    print("retry timeouts, one 503:         ", await run(retry_timeouts, blip))
    #> retry timeouts, one 503:          1 call(s) -> ServiceUnavailableError
    wrapped: list[str | Exception] = [timeout_wrapped_by_gateway(), "ok"]
    print("retry timeouts, wrapped timeout: ", await run(retry_timeouts, wrapped))
    #> retry timeouts, wrapped timeout:  1 call(s) -> GatewayError


if __name__ == "__main__":
    asyncio.run(main())
