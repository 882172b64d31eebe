"""P078 before: the trace ID kept in a global, and lost at the next service.

A module-level dictionary holds "the current request's trace ID". It works with
one request at a time. With two requests in flight, the second one overwrites
it while the first is waiting on I/O, and the first request's later log lines
carry the wrong ID. The outgoing call sends no header at all, so the payments
service starts a trace of its own that nothing links back to.
"""

from __future__ import annotations

import asyncio

request_state = {"trace_id": ""}  # shared by every request in the process
log: list[str] = []


async def payments_service(headers: dict[str, str]) -> None:
    trace_id = headers.get("x-trace-id", "new-trace")
    log.append(f"payments  trace={trace_id}")


async def checkout(trace_id: str) -> None:
    request_state["trace_id"] = trace_id
    log.append(f"checkout  trace={request_state['trace_id']} start")
    await asyncio.sleep(0)  # waiting on the database; another request runs
    await payments_service({})  # nobody remembered to forward the ID
    log.append(f"checkout  trace={request_state['trace_id']} done")


async def main() -> None:
    await asyncio.gather(checkout("aaaa"), checkout("bbbb"))
    print("\n".join(log))
    #> checkout  trace=aaaa start
    #> checkout  trace=bbbb start
    #> payments  trace=new-trace
    #> checkout  trace=bbbb done
    #> payments  trace=new-trace
    #> checkout  trace=bbbb done


if __name__ == "__main__":
    asyncio.run(main())
