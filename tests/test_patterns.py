"""Ids and phases: one pattern each, the schema's, read by every stage that needs one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import minimal_plan
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from kehoach.base.diagnostics import PlanError
from kehoach.cascade.floors import span
from kehoach.schema.models import Phase
from kehoach.source.loader import load_plan

PHASES = TypeAdapter(Phase)


def _schema_accepts(text: str) -> bool:
    try:
        PHASES.validate_python(text)
    except ValidationError:
        return False
    return True


@given(
    st.from_regex(r"\A\s{0,2}\d{4}(\s{0,2}-\s{0,2}\d{4})?\s{0,2}\Z")
    | st.text(alphabet="0123456789 -", max_size=12)
)
def test_a_phase_has_years_exactly_when_the_schema_accepts_it(text: str) -> None:
    assert (span(text) is not None) == _schema_accepts(text)


def test_the_years_of_a_phase() -> None:
    assert span("2026") == (2026, 2026)
    assert span("2028 - 2030") == (2028, 2030) == span("2028 -2030") == span("2028-2030")
    assert span(" 2026-2027") is None and span("2026  - 2027") is None


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("phases: [2026-2027, «2028»]", "không đúng dạng giai đoạn"),
        ("target_groups:\n  - id: Nhóm-1\n    title: Nhóm", "không phải mã hợp lệ"),
    ],
)
def test_a_value_off_the_pattern_is_explained_in_vietnamese(
    tmp_path: Path, tail: str, message: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(minimal_plan(tail=tail), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert [message in d.message for d in caught.value.diagnostics] == [True]
