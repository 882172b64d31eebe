"""P002: request IDs follow awaits and tasks; cancellation and deadlines reach the innermost await."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from snippets.part01_interfaces import p002_context_propagation_everywhere as p002
from snippets.part01_interfaces import p002_context_propagation_everywhere_before as before
from snippets.part01_interfaces.p002_context_propagation_everywhere import (
    CheckoutService,
    Mailer,
    PaymentGateway,
    Warehouse,
    handle_checkout,
    request_id,
)

DemoCheck = Callable[[ModuleType], None]


def make(
    payments: PaymentGateway | None = None,
) -> tuple[CheckoutService, PaymentGateway, Warehouse]:
    gateway = payments or PaymentGateway()
    warehouse = Warehouse()
    return (
        CheckoutService(payments=gateway, warehouse=warehouse, mailer=Mailer()),
        gateway,
        warehouse,
    )


def lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_every_line_of_concurrent_requests_carries_its_own_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> list[str]:
        service, gateway, warehouse = make()
        orders = {f"req-{n}": f"O-{n}" for n in range(1, 6)}
        results = await asyncio.gather(
            *(
                handle_checkout(service, rid=rid, order_id=order, cents=100, budget=5.0)
                for rid, order in orders.items()
            )
        )
        assert sorted(gateway.charged) == sorted(orders.values())
        assert sorted(warehouse.shipped) == sorted(orders.values())
        return results

    results = asyncio.run(scenario())
    assert results == [f"200 rcpt-O-{n}" for n in range(1, 6)]
    output = lines(capsys)
    for n in range(1, 6):
        mine = [line for line in output if f"O-{n}" in line]
        # reserved, charging, shipped (child task), receipt sent (child task)
        assert len(mine) == 4
        assert all(line.startswith(f"[req-{n}] ") for line in mine)
    # The lines really interleave: this is not a sequential run in disguise.
    assert [line[:7] for line in output[:2]] != [line[:7] for line in output[2:4]]


def test_the_request_id_is_reset_after_the_request(capsys: pytest.CaptureFixture[str]) -> None:
    async def scenario() -> None:
        service, _, _ = make()
        token = request_id.set("outer")
        try:
            await handle_checkout(service, rid="req-9", order_id="Z-9", cents=1, budget=5.0)
            assert request_id.get() == "outer"
        finally:
            request_id.reset(token)

    asyncio.run(scenario())
    assert request_id.get() == "-"
    assert lines(capsys)[-1] == "[req-9] 200 OK"


def test_a_child_task_gets_a_copy_of_the_context_not_a_shared_one() -> None:
    async def child() -> str:
        seen = request_id.get()
        request_id.set("changed-in-child")
        return seen

    async def scenario() -> tuple[str, str]:
        request_id.set("req-1")
        async with asyncio.TaskGroup() as group:
            task = group.create_task(child())
        return task.result(), request_id.get()

    assert asyncio.run(scenario()) == ("req-1", "req-1")


def test_client_cancellation_reaches_the_payment_await_and_undoes_the_reservation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        service, gateway, warehouse = make(PaymentGateway(down=True))
        baseline = asyncio.all_tasks()
        request = asyncio.create_task(
            handle_checkout(service, rid="req-1", order_id="A-1", cents=100, budget=60.0)
        )
        await gateway.in_flight.wait()
        assert warehouse.reserved == {"A-1"}
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        assert request.cancelled()
        assert gateway.charged == []
        assert warehouse.reserved == set()
        assert asyncio.all_tasks() - baseline == set()

    asyncio.run(scenario())
    assert lines(capsys)[-2:] == [
        "[req-1] payment: call abandoned, nothing charged",
        "[req-1] warehouse: A-1 released",
    ]


def test_an_expired_deadline_ends_the_innermost_call_and_answers_504(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> str:
        service, gateway, warehouse = make(PaymentGateway(down=True))
        status = await handle_checkout(service, rid="req-1", order_id="A-1", cents=1, budget=0.0)
        assert gateway.charged == []
        assert warehouse.reserved == set()
        return status

    assert asyncio.run(scenario()) == "504 Gateway Timeout"
    assert lines(capsys)[-3:] == [
        "[req-1] payment: call abandoned, nothing charged",
        "[req-1] warehouse: A-1 released",
        "[req-1] deadline exceeded",
    ]


def test_cancellation_reaches_the_child_tasks_of_the_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        service, gateway, warehouse = make()
        warehouse.stuck = True
        baseline = asyncio.all_tasks()
        request = asyncio.create_task(
            handle_checkout(service, rid="req-1", order_id="A-1", cents=1, budget=60.0)
        )
        for _ in range(5):
            await asyncio.sleep(0)
        assert gateway.charged == ["A-1"]
        assert len(asyncio.all_tasks() - baseline) == 2  # the request and its stuck ship task
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        assert warehouse.shipped == []
        assert asyncio.all_tasks() - baseline == set()  # the group waited for its children

    asyncio.run(scenario())
    assert "[req-1] mail: rcpt-A-1 sent" in lines(capsys)


def test_a_declined_payment_releases_the_stock_and_propagates() -> None:
    class DecliningGateway(PaymentGateway):
        async def charge(self, order_id: str, cents: int) -> str:
            raise PermissionError(f"card declined for {order_id}")

    async def scenario() -> None:
        service, _, warehouse = make(DecliningGateway())
        with pytest.raises(PermissionError, match="declined"):
            await handle_checkout(service, rid="req-1", order_id="A-1", cents=1, budget=5.0)
        assert warehouse.reserved == set()

    asyncio.run(scenario())


def test_before_a_global_request_id_is_overwritten_by_the_other_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        gateway = before.PaymentGateway()
        await asyncio.gather(
            before.handle_checkout(gateway, "req-1", "A-1"),
            before.handle_checkout(gateway, "req-2", "B-2"),
        )

    asyncio.run(scenario())
    assert "[req-2] payment: charged A-1" in lines(capsys)


def test_before_the_retry_loop_swallows_cancellation_and_charges() -> None:
    async def scenario() -> Any:
        gateway = before.PaymentGateway(slow_first_call=True)
        request = asyncio.create_task(before.handle_checkout(gateway, "req-1", "A-1"))
        await gateway.in_flight.wait()
        request.cancel()
        result = await request
        assert not request.cancelled()
        assert gateway.charged == ["A-1"]
        return result

    assert asyncio.run(scenario()) == "200 rcpt-A-1"


def test_before_retry_gives_up_after_three_failures() -> None:
    class Down(before.PaymentGateway):
        async def charge(self, order_id: str) -> str:
            raise ConnectionError("unreachable")

    with pytest.raises(ConnectionError, match="failed 3 times"):
        asyncio.run(before.charge_with_retry(Down(), "A-1"))


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p002)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
