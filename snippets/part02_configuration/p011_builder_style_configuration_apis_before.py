"""P011 before: an object that is usable from its first line and configured afterwards.

The pipeline is created empty and filled in by several code paths, each
deciding from a flag. Nothing says when configuration is finished, so nothing
checks the result: a run where every flag was off processes no stage at all
and reports success, and a retry count of -1 from a typo is stored as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


class Pipeline:
    """Public, mutable fields; `run` works whatever state they are in."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, Callable[[str], str]]] = []
        self.retries = 3

    def run(self, records: list[str]) -> str:
        out = records
        for _name, step in self.stages:
            out = [step(record) for record in out]
        changed = sum(a != b for a, b in zip(records, out, strict=True))
        return f"ok: {len(records)} records, {changed} changed, {len(self.stages)} stages"


def add_cleaning(pipeline: Pipeline, flags: Mapping[str, str]) -> None:
    if flags.get("clean") == "yes":
        pipeline.stages.append(("strip", str.strip))


def add_normalising(pipeline: Pipeline, flags: Mapping[str, str]) -> None:
    if flags.get("normalise") == "yes":
        pipeline.stages.append(("lower", str.lower))


def main() -> None:
    flags = {"clean": "no", "normalise": "off", "retries": "-1"}  # "off" is not "yes"
    pipeline = Pipeline()
    add_cleaning(pipeline, flags)
    add_normalising(pipeline, flags)
    pipeline.retries = int(flags["retries"])
    print(pipeline.run([" Alice ", "BOB"]))
    #> ok: 2 records, 0 changed, 0 stages
    print("retries:", pipeline.retries)
    #> retries: -1


if __name__ == "__main__":
    main()
