"""P094 before: a handler that acts on what each event says changed, not on what is there.

`on_event` turns "scaled from 3 to 5" into "create 2 pods". That is correct
only if every event arrives exactly once and in order. A watch that reconnects
delivers an event twice; a controller that was restarting misses one. Either
way the pod count drifts, and no later event says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scaled:
    site: str
    old: int
    new: int


class Cluster:
    """Just enough state to count pods per site."""

    def __init__(self) -> None:
        self.pods: dict[str, int] = {}


def on_event(cluster: Cluster, event: Scaled) -> None:
    """Apply the difference the event describes: edge-triggered."""
    delta = event.new - event.old
    cluster.pods[event.site] = cluster.pods.get(event.site, 0) + delta


def main() -> None:
    cluster = Cluster()
    on_event(cluster, Scaled("shop", 0, 3))
    print("after 0 -> 3:", cluster.pods["shop"])
    #> after 0 -> 3: 3

    # The watch reconnects and replays the last event it is unsure about.
    on_event(cluster, Scaled("shop", 3, 5))
    on_event(cluster, Scaled("shop", 3, 5))
    print("after 3 -> 5, delivered twice:", cluster.pods["shop"])
    #> after 3 -> 5, delivered twice: 7

    # The controller restarts while the site is scaled 5 -> 2; that event is lost.
    on_event(cluster, Scaled("shop", 2, 4))
    print("after a lost 5 -> 2, then 2 -> 4:", cluster.pods["shop"], "(spec says 4)")
    #> after a lost 5 -> 2, then 2 -> 4: 9 (spec says 4)


if __name__ == "__main__":
    main()
