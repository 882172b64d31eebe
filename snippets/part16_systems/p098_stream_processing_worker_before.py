"""P098, before: two common consumer loops, and what one crash does to each.

`commit_first` acknowledges a record as soon as it is received (auto-commit),
so a crash after the commit and before the work loses the record. `naive_sink`
commits after the work, which is right, but adds to the count without checking
whether it has seen the record, so the redelivery after a crash counts it twice.
"""

from __future__ import annotations

import asyncio
import contextlib


class CrashError(Exception):
    """The worker dies here; the next worker starts from the committed offset."""


async def consume(
    records: list[str],
    counts: dict[str, int],
    committed: list[int],
    *,
    commit_first: bool,
    crash_at: int | None,
) -> None:
    while committed[0] < len(records):
        offset = committed[0]
        await asyncio.sleep(0)
        if commit_first:
            committed[0] = offset + 1  # "received" is not "done"
            if offset == crash_at:
                raise CrashError  # committed, never counted: lost
        counts[records[offset]] = counts.get(records[offset], 0) + 1
        if not commit_first:
            if offset == crash_at:
                raise CrashError  # counted, not committed: read again
            committed[0] = offset + 1


async def run(*, commit_first: bool) -> dict[str, int]:
    records = ["home", "cart", "home", "pay", "home"]
    counts: dict[str, int] = {}
    committed = [0]  # the offset store, shared by both runs like a broker
    with contextlib.suppress(CrashError):  # the process dies at offset 2
        await consume(records, counts, committed, commit_first=commit_first, crash_at=2)
    await consume(records, counts, committed, commit_first=commit_first, crash_at=None)
    return counts


async def main() -> None:
    print("commit first:", await run(commit_first=True))
    #> commit first: {'home': 2, 'cart': 1, 'pay': 1}
    print("commit after, no dedup:", await run(commit_first=False))
    #> commit after, no dedup: {'home': 4, 'cart': 1, 'pay': 1}
    print("correct:", {"home": 3, "cart": 1, "pay": 1})
    #> correct: {'home': 3, 'cart': 1, 'pay': 1}


if __name__ == "__main__":
    asyncio.run(main())
