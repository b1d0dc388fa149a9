"""Property: generated plans using the structures of issue 13 (section A) are checked and
built alike: a plan ``kehoach check`` passes builds into a valid .docx, one it refuses
does not build (``check_outcome`` of test_generated asserts both, and that the .docx
validates and opens).

The plans of test_generated (from the schema's shapes, with a promulgating
decision, a parent and its child through ``extends``) are given footnotes
(``^[…]``, also hostile: unclosed, escaped, nested, empty) in their basis,
intro, body, closing and decision, parts with or without a label, unnumbered
sections, lone lettered points, numbers written with leading zeros (or not
numbers at all), titles of any length, no period and no signer's name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import docx
from hypothesis import given
from hypothesis import strategies as st
from test_generated import (
    SETTINGS,
    _dump,
    assert_not_vacuous,
    check_outcome,
    holds_for,
    inline_text,
    parent_and_child,
    plans_from_schema,
    plans_with_decision,
    sandbox,
)

__all__ = ["sandbox"]  # the fixture, used by the tests below

notes = st.one_of(
    inline_text.map(lambda text: f"^[{text}]"),
    st.sampled_from(["^[", "^[]", "\\^[chữ]", "^[a [b] c]", "^[ngoài ^[trong]]", "^[**đậm**]"]),
)
numbers = st.one_of(
    st.integers(1, 10**6),
    st.from_regex(r"0[0-9]{1,5}", fullmatch=True).filter(lambda n: n.strip("0")),
    st.sampled_from(["0155", "7", "0", "00", "12a", "", " 12", "١٢"]),
)
long_titles = st.integers(200, 600).map(lambda n: ("Kế hoạch thực hiện cải cách " * 30)[:n])


def _noted(draw: st.DrawFn, text: object) -> object:
    """``text`` with a footnote appended now and then (a string only)."""
    if isinstance(text, str) and draw(st.integers(0, 3)) == 0:
        return text + draw(notes)
    return text


def _sections(draw: st.DrawFn, sections: list[dict[str, Any]], top: bool) -> None:
    """Footnotes, unnumbered sections, lettered lone points and (at the top) parts, in place."""
    for section in sections:
        for key in ("text", "after"):
            if isinstance(section.get(key), list):
                section[key] = [_noted(draw, t) for t in section[key]]
            elif key in section:
                section[key] = _noted(draw, section[key])
        if "title" in section:
            section["title"] = _noted(draw, section["title"])
        if draw(st.integers(0, 4)) == 0:
            section["numbered"] = False
        if draw(st.integers(0, 3)) == 0:
            section["letter_single_point"] = True
        if top and draw(st.integers(0, 2)) == 0:
            section["part"] = True
            if draw(st.booleans()):
                section["label"] = draw(st.sampled_from(["Phần thứ nhất", "PHẦN MỞ ĐẦU"]))
        _sections(draw, section.get("sections", []), top=False)


def with_structures(draw: st.DrawFn, plan: dict[str, Any]) -> dict[str, Any]:
    """``plan`` given the structures of issue 13, section A."""
    document = plan["document"]
    if "number" in document:
        document["number"] = draw(numbers)
    if draw(st.integers(0, 3)) == 0:
        document["title"] = draw(long_titles)
    if draw(st.integers(0, 3)) == 0:
        document.pop("period", None)
    signature = plan.get("signature") or (plan.get("decision") or {}).get("signature")
    if signature is not None and draw(st.booleans()):
        signature.pop("name", None)
    plan["basis"] = [_noted(draw, line) for line in plan.get("basis", [])]
    if draw(st.booleans()):
        plan["intro"] = draw(inline_text) + draw(notes)
    if "closing" in plan:
        plan["closing"] = _noted(draw, plan["closing"])
    decision = plan.get("decision")
    if decision is not None:
        decision["basis"] = [_noted(draw, line) for line in decision.get("basis", [])]
        if "number" in decision:
            decision["number"] = draw(numbers)
    _sections(draw, plan["body"], top=True)
    return plan


@st.composite
def structured_plans(draw: st.DrawFn) -> dict[str, Any]:
    return with_structures(draw, draw(plans_from_schema()))


@st.composite
def structured_decisions(draw: st.DrawFn) -> dict[str, Any]:
    return with_structures(draw, draw(plans_with_decision()))


def test_structured_plans(sandbox: Path) -> None:
    holds_for(sandbox, structured_plans(), "finding", "document")


def test_structured_plans_with_a_decision(sandbox: Path) -> None:
    holds_for(sandbox, structured_decisions(), "finding", "document")


def test_a_structured_child_of_a_parent(sandbox: Path) -> None:
    """The child, with the new structures, extends its generated parent."""
    outcomes: Counter[str] = Counter()
    written = iter(range(10**9))

    @SETTINGS
    @given(pair=parent_and_child(), data=st.data())
    def holds(pair: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject) -> None:
        parent, child = pair
        name = f"plans/cha-{next(written)}.yaml"
        (sandbox / name).write_text(_dump(parent), encoding="utf-8")
        child = with_structures(data.draw, child | {"extends": name})
        outcomes[check_outcome(sandbox, _dump(child))] += 1

    holds()
    assert_not_vacuous(outcomes, "finding", "document")


def test_a_footnoted_title_and_body_open_in_python_docx(sandbox: Path) -> None:
    """One fixed plan of every structure: check-valid, built, and python-docx reads it."""
    plan = {
        "document": {
            "issuer": {"name": "Ủy ban nhân dân tỉnh Thử", "abbr": "UBND"},
            "number": "0155",
            "place": "Thử",
            "date": {"year": 2026, "month": 1, "day": 2},
            "title": ("Kế hoạch " * 60).strip() + "^[Chú thích trích yếu.]",
        },
        "basis": ["Căn cứ Luật^[Luật số 1.];"],
        "body": [
            {"part": True, "title": "Phần", "sections": [{"title": "Mục", "text": "Chữ^[a]"}]},
            {"title": "Riêng", "numbered": False, "points": ["Một."], "letter_single_point": True},
        ],
        "signature": {"title": "Chủ tịch"},
        "closing": "Hết^[b]",
    }
    assert check_outcome(sandbox, _dump(plan)) == "document"
    document = docx.Document(str(sandbox / "build" / "sinh.docx"))
    assert len(document.core_properties.title) <= 255
    assert any(p.text == "PHẦN I" for p in document.paragraphs)
