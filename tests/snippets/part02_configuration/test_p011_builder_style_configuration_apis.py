"""P011: chaining, immediate and whole-config checks, order independence, independent products."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part02_configuration import p011_builder_style_configuration_apis as p011
from snippets.part02_configuration import p011_builder_style_configuration_apis_before as before
from snippets.part02_configuration.p011_builder_style_configuration_apis import (
    Pipeline,
    PipelineBuilder,
    PipelineConfigError,
    Stage,
    add_cleaning,
)

DemoCheck = Callable[[ModuleType], None]


def test_the_before_version_runs_unconfigured_and_reports_success() -> None:
    pipeline = before.Pipeline()
    before.add_cleaning(pipeline, {"clean": "no"})
    before.add_normalising(pipeline, {"normalise": "off"})
    assert pipeline.run([" A "]) == "ok: 1 records, 0 changed, 0 stages"
    before.add_cleaning(pipeline, {"clean": "yes"})
    before.add_normalising(pipeline, {"normalise": "yes"})
    assert pipeline.run([" A "]) == "ok: 1 records, 1 changed, 2 stages"


def test_every_method_returns_the_same_builder() -> None:
    builder = PipelineBuilder()
    assert builder.add_stage("strip", str.strip) is builder
    assert builder.with_retries(1) is builder
    assert builder.with_attempt_timeout(1.0) is builder
    assert builder.with_deadline(10.0) is builder


def test_defaults_apply_to_what_was_not_set() -> None:
    pipeline = PipelineBuilder().add_stage("strip", str.strip).build()
    assert (pipeline.retries, pipeline.attempt_timeout, pipeline.deadline) == (2, 5.0, 30.0)


def test_stages_run_in_the_order_they_were_added() -> None:
    def suffix(tag: str) -> Callable[[str], str]:
        return lambda record: record + tag

    pipeline = PipelineBuilder().add_stage("a", suffix("a")).add_stage("b", suffix("b")).build()
    assert pipeline.apply("x") == "xab"
    assert [stage.name for stage in pipeline.stages] == ["a", "b"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: b.with_retries(-1), "retries must be 0 or more, got -1"),
        (lambda b: b.with_attempt_timeout(0.0), "attempt_timeout must be a positive"),
        (lambda b: b.with_attempt_timeout(math.inf), "attempt_timeout must be a positive"),
        (lambda b: b.with_deadline(math.nan), "deadline must be a positive"),
        (lambda b: b.add_stage("", str.strip), "stage name must not be empty"),
        (lambda b: b.add_stage("x", str.strip).add_stage("x", str.lower), "'x' is already"),
    ],
)
def test_a_bad_single_value_fails_on_its_own_call(
    call: Callable[[PipelineBuilder], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(PipelineBuilder())


def test_a_rejected_call_leaves_the_builder_unchanged() -> None:
    builder = PipelineBuilder().add_stage("strip", str.strip)
    with pytest.raises(ValueError):
        builder.with_retries(-1)
    with pytest.raises(ValueError):
        builder.add_stage("strip", str.lower)
    pipeline = builder.build()
    assert pipeline.retries == 2
    assert len(pipeline.stages) == 1


def test_build_reports_every_whole_config_problem_at_once() -> None:
    builder = PipelineBuilder().with_retries(9)
    with pytest.raises(PipelineConfigError) as info:
        builder.build()
    assert info.value.problems == (
        "a pipeline needs at least one stage",
        "10 attempts of 5s take up to 50s, more than the 30s deadline",
    )
    assert str(info.value) == "; ".join(info.value.problems)


def test_the_order_of_the_calls_does_not_decide_validity() -> None:
    deadline_first = (
        PipelineBuilder().with_deadline(100.0).with_retries(9).add_stage("s", str.strip)
    )
    retries_first = PipelineBuilder().add_stage("s", str.strip).with_retries(9).with_deadline(100.0)
    assert deadline_first.build() == retries_first.build()


def test_a_budget_that_fits_exactly_is_accepted() -> None:
    pipeline = PipelineBuilder().add_stage("s", str.strip).with_retries(5).build()
    assert pipeline.retries * pipeline.attempt_timeout + pipeline.attempt_timeout == 30.0


def test_steps_contributed_by_several_code_paths() -> None:
    builder = PipelineBuilder()
    add_cleaning(builder, {"clean": True, "normalise": True})
    assert builder.build().apply("  MiXed ") == "mixed"
    empty = PipelineBuilder()
    add_cleaning(empty, {})
    with pytest.raises(PipelineConfigError, match="at least one stage"):
        empty.build()


def test_the_product_shares_nothing_with_the_builder() -> None:
    builder = PipelineBuilder().add_stage("strip", str.strip)
    first = builder.build()
    builder.add_stage("lower", str.lower).with_retries(0)
    assert [stage.name for stage in first.stages] == ["strip"]
    assert first.retries == 2
    assert isinstance(first.stages, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.retries = 7  # type: ignore[misc]


def test_copy_branches_without_touching_the_base() -> None:
    base = PipelineBuilder().add_stage("strip", str.strip).with_retries(1).with_deadline(40.0)
    base.with_attempt_timeout(4.0)
    variant = base.copy().add_stage("upper", str.upper)
    assert [s.name for s in base.build().stages] == ["strip"]
    built = variant.build()
    assert [s.name for s in built.stages] == ["strip", "upper"]
    assert (built.retries, built.attempt_timeout, built.deadline) == (1, 4.0, 40.0)
    aliased = base.add_stage("lower", str.lower)  # no copy: the base itself changes
    assert aliased is base
    assert [s.name for s in base.build().stages] == ["strip", "lower"]


def test_a_pipeline_made_without_the_builder_is_checked_too() -> None:
    with pytest.raises(PipelineConfigError) as info:
        Pipeline(
            stages=(Stage("a", str.strip), Stage("a", str.lower), Stage("", str.upper)),
            retries=-1,
            attempt_timeout=0.0,
            deadline=1.0,
        )
    assert info.value.problems == (
        "retries must be 0 or more, got -1",
        "attempt_timeout must be a positive number of seconds, got 0.0",
        "stage 'a' is already in the pipeline",
        "stage name must not be empty",
    )


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p011)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
