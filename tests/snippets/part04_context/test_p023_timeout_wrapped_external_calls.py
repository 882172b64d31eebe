"""P023: the limit cancels the call where it waits, names itself, and never outlives the caller."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part04_context import p023_timeout_wrapped_external_calls as p023
from snippets.part04_context import p023_timeout_wrapped_external_calls_before as before
from snippets.part04_context.p023_timeout_wrapped_external_calls import (
    ConnectionPool,
    DependencyTimeoutError,
    FakeInventory,
    InventoryClient,
    call_with_timeout,
    handle_order,
)

DemoCheck = Callable[[ModuleType], None]


def hung_client(limit: float, pool_size: int = 10) -> tuple[InventoryClient, FakeInventory]:
    service = FakeInventory(ConnectionPool(pool_size), hung=True)
    return InventoryClient(service, limit=limit), service


def test_an_answer_within_the_limit_is_returned() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(1)
        client = InventoryClient(FakeInventory(pool, hung=False), limit=5.0)
        assert await client.reserve("sku-7") == "200 reserved sku-7"
        assert pool.in_use == 0

    asyncio.run(scenario())


def test_a_call_that_never_answers_fails_with_a_named_timeout() -> None:
    async def scenario() -> None:
        client, _ = hung_client(limit=0.0)
        with pytest.raises(DependencyTimeoutError) as info:
            await client.reserve("sku-3")
        error = info.value
        assert str(error) == "inventory: reserve sku-3: no answer within 0s"
        assert (error.dependency, error.operation, error.limit) == ("inventory", "reserve sku-3", 0)
        assert isinstance(error, TimeoutError)  # callers that catch TimeoutError still catch it
        assert isinstance(error.__cause__, TimeoutError)

    asyncio.run(scenario())


def test_the_timeout_cancels_the_innermost_wait_and_frees_the_connection() -> None:
    async def scenario() -> None:
        client, service = hung_client(limit=0.0)
        with pytest.raises(DependencyTimeoutError):
            await client.reserve("sku-3")
        assert service.cancelled == 1  # the await on the reply itself was cancelled
        assert service.pool.in_use == 0  # and the transport's cleanup ran

    asyncio.run(scenario())


def test_time_spent_waiting_for_a_connection_counts_against_the_limit() -> None:
    async def scenario() -> None:
        client, service = hung_client(limit=0.0, pool_size=2)
        replies = await asyncio.gather(*(handle_order(client, f"sku-{n}") for n in range(5)))
        assert [reply.split(":")[0] for reply in replies] == ["504 inventory"] * 5
        assert service.cancelled == 2  # two got a connection; three timed out queueing for one
        assert service.pool.in_use == 0

    asyncio.run(scenario())


def test_the_callers_earlier_deadline_wins_and_is_not_relabelled() -> None:
    async def scenario() -> None:
        client, service = hung_client(limit=30.0)
        with pytest.raises(TimeoutError) as info:
            async with asyncio.timeout(0):
                await client.reserve("sku-1")
        assert not isinstance(info.value, DependencyTimeoutError)
        assert service.cancelled == 1
        assert service.pool.in_use == 0

    asyncio.run(scenario())


def test_cancelling_the_caller_cancels_the_call_and_is_not_a_timeout() -> None:
    async def scenario() -> None:
        client, service = hung_client(limit=30.0)
        request = asyncio.create_task(client.reserve("sku-1"))
        for _ in range(3):
            await asyncio.sleep(0)
        assert service.pool.in_use == 1
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        assert service.cancelled == 1
        assert service.pool.in_use == 0

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "raised",
    [TimeoutError("upstream said: gateway timeout"), ConnectionRefusedError("refused")],
    ids=["the dependency's own TimeoutError", "another error"],
)
def test_errors_from_the_call_itself_pass_through_unchanged(raised: Exception) -> None:
    async def failing() -> str:
        await asyncio.sleep(0)
        raise raised

    async def scenario() -> None:
        with pytest.raises(type(raised)) as info:
            await call_with_timeout("inventory", "reserve", failing, limit=5.0)
        assert info.value is raised

    asyncio.run(scenario())


def test_a_zero_limit_only_fails_a_call_that_has_to_wait() -> None:
    async def immediate() -> str:
        return "cached"

    assert asyncio.run(call_with_timeout("cache", "get", immediate, limit=0.0)) == "cached"


@pytest.mark.parametrize("limit", [-1.0, math.inf, math.nan])
def test_no_limit_in_disguise_is_rejected_before_calling(limit: float) -> None:
    calls = 0

    async def counted() -> str:
        nonlocal calls
        calls += 1
        return "ok"

    with pytest.raises(ValueError, match="finite number of seconds"):
        asyncio.run(call_with_timeout("inventory", "reserve", counted, limit=limit))
    with pytest.raises(ValueError, match="finite number of seconds"):
        InventoryClient(FakeInventory(ConnectionPool(1), hung=False), limit=limit)
    assert calls == 0


def test_before_requests_without_a_limit_hold_every_connection_for_ever() -> None:
    async def scenario() -> None:
        pool = before.ConnectionPool(size=3)
        inventory = before.HungInventory(pool)
        requests = [asyncio.create_task(before.handle_order(inventory, str(n))) for n in range(5)]
        for _ in range(500):
            await asyncio.sleep(0)
        assert not any(request.done() for request in requests)
        assert (pool.in_use, pool.waiting) == (3, 2)
        for request in requests:
            request.cancel()
        await asyncio.gather(*requests, return_exceptions=True)
        assert (pool.in_use, pool.waiting) == (0, 0)

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p023)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
