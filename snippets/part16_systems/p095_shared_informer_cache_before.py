"""P095 before: every reconcile lists from the API server, and a home-made cache hands out its own objects.

Three controllers that each list pods on every reconcile turn 200 reconciles
into 600 list calls, each a full copy of every pod, sent by an API server that
every other controller in the cluster also needs. The usual fix written in a
hurry, a dict cache that returns the stored object, has the opposite problem:
one reader edits what it got, and every other reader now sees a pod the API
server never had.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class Pod:
    name: str
    node: str
    labels: dict[str, str] = field(default_factory=dict)


class Api:
    def __init__(self, pods: list[Pod]) -> None:
        self._pods = pods
        self.list_calls = 0

    async def list_pods(self) -> list[Pod]:
        self.list_calls += 1
        await asyncio.sleep(0)
        return [Pod(p.name, p.node, dict(p.labels)) for p in self._pods]


class NaiveCache:
    """Filled once, then hands out the stored objects themselves."""

    def __init__(self, pods: list[Pod]) -> None:
        self._pods = {p.name: p for p in pods}

    def get(self, name: str) -> Pod:
        return self._pods[name]


async def reconcile(api: Api, node: str) -> int:
    return sum(pod.node == node for pod in await api.list_pods())


async def main() -> None:
    api = Api([Pod("web-0", "n1", {"app": "web"}), Pod("web-1", "n2", {"app": "web"})])
    for _ in range(200):
        for node in ["n1", "n2", "n3"]:  # three controllers, one list each per reconcile
            await reconcile(api, node)
    print("list calls:", api.list_calls)
    #> list calls: 600

    cache = NaiveCache(await api.list_pods())
    desired = cache.get("web-0")  # the drainer builds its desired pod from the cached one...
    desired.labels["drain"] = "true"  # ...and edits it in place before deciding to write
    print("autoscaler reads:", cache.get("web-0").labels)
    #> autoscaler reads: {'app': 'web', 'drain': 'true'}
    print("API server has:", (await api.list_pods())[0].labels)
    #> API server has: {'app': 'web'}


if __name__ == "__main__":
    asyncio.run(main())
