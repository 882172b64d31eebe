"""P011 Builder-Style Configuration: assemble in steps, check the whole at `build()`.

A `PipelineBuilder` collects settings from as many code paths as need to
contribute. Each method checks its own argument at once and returns the
builder, so calls chain. Rules that involve several settings are checked only
when `build()` creates the `Pipeline`, because only then is the configuration
complete: the order in which code paths ran must not decide whether it is
valid. `build()` either raises one error that lists every problem, or returns a
frozen `Pipeline` that shares no mutable state with the builder.

In Python, prefer keyword arguments (P003) when one call has every value at
hand. A builder earns its place when the values arrive in steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Self

Step = Callable[[str], str]


@dataclass(frozen=True)
class Stage:
    name: str
    step: Step


class PipelineConfigError(ValueError):
    """The settings are incomplete or inconsistent; `problems` lists every one found."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def _name_problem(name: str, taken: Iterable[str]) -> str | None:
    if not name:
        return "stage name must not be empty"
    if name in taken:
        return f"stage {name!r} is already in the pipeline"
    return None


def _retries_problem(count: int) -> str | None:
    return None if count >= 0 else f"retries must be 0 or more, got {count}"


def _seconds_problem(name: str, seconds: float) -> str | None:
    if seconds > 0 and math.isfinite(seconds):
        return None
    return f"{name} must be a positive number of seconds, got {seconds!r}"


@dataclass(frozen=True, kw_only=True)
class Pipeline:
    """The product: complete, checked and immutable.

    Every rule is checked here, in `__post_init__`, so it holds for a Pipeline
    made any way, not only through the builder.
    """

    stages: tuple[Stage, ...]
    retries: int
    attempt_timeout: float
    deadline: float

    def __post_init__(self) -> None:
        single = (
            _retries_problem(self.retries),
            _seconds_problem("attempt_timeout", self.attempt_timeout),
            _seconds_problem("deadline", self.deadline),
        )
        names = [stage.name for stage in self.stages]
        named = (_name_problem(name, names[:index]) for index, name in enumerate(names))
        problems = [problem for problem in (*single, *named) if problem is not None]
        if not self.stages:
            problems.append("a pipeline needs at least one stage")
        attempts = self.retries + 1
        worst_case = attempts * self.attempt_timeout
        if worst_case > self.deadline:
            problems.append(
                f"{attempts} attempts of {self.attempt_timeout:g}s take up to {worst_case:g}s,"
                f" more than the {self.deadline:g}s deadline"
            )
        if problems:
            raise PipelineConfigError(problems)

    def apply(self, record: str) -> str:
        for stage in self.stages:
            record = stage.step(record)
        return record

    def describe(self) -> str:
        names = " -> ".join(stage.name for stage in self.stages)
        return (
            f"{names} | retries={self.retries}"
            f" attempt={self.attempt_timeout:g}s deadline={self.deadline:g}s"
        )


class PipelineBuilder:
    """Collects a pipeline's settings, starting from defaults; one owner at a time.

    Every method returns the builder itself, so `variant = base.add_stage(...)`
    changes `base` too: call `copy()` first to branch from a common base.
    """

    def __init__(self) -> None:
        self._stages: list[Stage] = []
        self._retries = 2
        self._attempt_timeout = 5.0
        self._deadline = 30.0

    def add_stage(self, name: str, step: Step) -> Self:
        """Append a stage; stages run in the order they were added. Names are unique."""
        if problem := _name_problem(name, [stage.name for stage in self._stages]):
            raise ValueError(problem)
        self._stages.append(Stage(name, step))
        return self

    def with_retries(self, count: int) -> Self:
        """Extra attempts after a failed one; 0 means try once."""
        if problem := _retries_problem(count):
            raise ValueError(problem)
        self._retries = count
        return self

    def with_attempt_timeout(self, seconds: float) -> Self:
        if problem := _seconds_problem("attempt_timeout", seconds):
            raise ValueError(problem)
        self._attempt_timeout = seconds
        return self

    def with_deadline(self, seconds: float) -> Self:
        """The time budget for one record, across all of its attempts."""
        if problem := _seconds_problem("deadline", seconds):
            raise ValueError(problem)
        self._deadline = seconds
        return self

    def copy(self) -> PipelineBuilder:
        """A new builder with the same settings and its own list of stages."""
        twin = PipelineBuilder()
        twin._stages = list(self._stages)
        twin._retries = self._retries
        twin._attempt_timeout = self._attempt_timeout
        twin._deadline = self._deadline
        return twin

    def build(self) -> Pipeline:
        """Return the pipeline, or raise PipelineConfigError listing every problem."""
        return Pipeline(
            stages=tuple(self._stages),  # a copy: later add_stage calls do not reach it
            retries=self._retries,
            attempt_timeout=self._attempt_timeout,
            deadline=self._deadline,
        )


def add_cleaning(builder: PipelineBuilder, flags: Mapping[str, bool]) -> None:
    """One code path's contribution; others add theirs before anyone calls build()."""
    if flags.get("clean"):
        builder.add_stage("strip", str.strip)
    if flags.get("normalise"):
        builder.add_stage("lower", str.lower)


def main() -> None:
    pipeline = (
        PipelineBuilder()
        .add_stage("strip", str.strip)
        .add_stage("lower", str.lower)
        .with_retries(3)
        .with_attempt_timeout(2.0)
        .build()
    )
    print(pipeline.describe())
    #> strip -> lower | retries=3 attempt=2s deadline=30s
    print([pipeline.apply(record) for record in [" Alice ", "BOB"]])
    #> ['alice', 'bob']

    # Steps from several code paths; build() reports everything that is wrong.
    builder = PipelineBuilder()
    add_cleaning(builder, {"clean": False, "normalise": False})
    builder.with_retries(9)
    try:
        builder.build()
    except PipelineConfigError as exc:
        for problem in exc.problems:
            print("problem:", problem)
    #> problem: a pipeline needs at least one stage
    #> problem: 10 attempts of 5s take up to 50s, more than the 30s deadline

    # The same settings in another order, plus what was missing: now valid.
    builder.with_deadline(60.0)
    add_cleaning(builder, {"clean": True})
    print(builder.build().describe())
    #> strip | retries=9 attempt=5s deadline=60s

    # A bad single value fails on its own line, naming the setting.
    try:
        PipelineBuilder().with_attempt_timeout(0.0)
    except ValueError as exc:
        print("rejected:", exc)
    #> rejected: attempt_timeout must be a positive number of seconds, got 0.0

    # A built pipeline shares nothing with its builder; copy() branches a template.
    base = PipelineBuilder().add_stage("strip", str.strip)
    first = base.build()
    loud = base.copy().add_stage("upper", str.upper).build()
    base.add_stage("lower", str.lower)
    print(first.describe())
    #> strip | retries=2 attempt=5s deadline=30s
    print(loud.describe())
    #> strip -> upper | retries=2 attempt=5s deadline=30s


if __name__ == "__main__":
    main()
