"""P076 before: one /health endpoint that pings every dependency.

The same check answers both questions an orchestrator asks. During startup it
reports healthy before the cache is warm, so traffic arrives too early. When
the database has a blip, it reports unhealthy, the orchestrator reads that as
"this process is dead" and restarts every replica at once, which fixes nothing.
A hung dependency makes the probe itself hang.
"""

from __future__ import annotations

import asyncio


class Service:
    def __init__(self) -> None:
        self.cache_warm = False
        self.database_up = True

    async def health(self) -> int:
        """HTTP status of GET /health: 200 or 500, with no detail."""
        await asyncio.sleep(0)  # the database ping, with no timeout
        return 200 if self.database_up else 500


async def main() -> None:
    replicas = [Service() for _ in range(3)]
    print("while warming the cache:", [await r.health() for r in replicas])
    #> while warming the cache: [200, 200, 200]

    for replica in replicas:
        replica.database_up = False  # a two-second database failover
    restarted = [r for r in replicas if await r.health() != 200]
    print(f"replicas the orchestrator restarts: {len(restarted)} of {len(replicas)}")
    #> replicas the orchestrator restarts: 3 of 3


if __name__ == "__main__":
    asyncio.run(main())
