"""``--extends``: the imported records matched to the parent plan's by their wording.

A child plan repeats its parent's tasks and targets in its own words («Tham
mưu UBND tỉnh …» for «Tham mưu Ủy ban nhân dân tỉnh …»). Each imported
record is matched to the parent record whose words it shares most
(difflib over word tokens, at least :data:`THRESHOLD`), and then names it
with ``implements``, so ``kehoach check`` judges the child against the
parent. The report lists the records that matched nothing, on both sides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kehoach.base.workspace import display_path
from kehoach.importer.recognise import Recognised
from kehoach.importer.wording import similarity
from kehoach.source.loader import load_plan

THRESHOLD = 0.6


def match_parent(found: Recognised, root: Path, parent: Path) -> None:
    """Set ``extends`` and each record's ``implements``; report what matched nothing."""
    path = parent if parent.is_absolute() else root / parent
    loaded = load_plan(path, display_path(root, path), root=root)
    parent_plan = loaded.plan
    plan = found.plan
    report = found.report
    plan["extends"] = display_path(root, path)
    report.recognised.append(f"kế hoạch cấp trên: {plan['extends']}")
    pairs = (
        ("tasks", [(t.id, [t.text, *filter(None, [t.appendix_text])]) for t in parent_plan.tasks],
         "nhiệm vụ"),
        ("targets", [(t.id, [t.indicator or t.text]) for t in parent_plan.targets], "chỉ tiêu"),
    )
    for key, candidates, noun in pairs:
        used: set[str] = set()
        unmatched: list[str] = []
        for record in plan.get(key, []):
            best = _best(record, candidates)
            if best is None:
                unmatched.append(str(record.get("text", ""))[:70])
                continue
            record["implements"] = best
            used.add(best)
        matched = len(plan.get(key, [])) - len(unmatched)
        if plan.get(key):
            report.recognised.append(
                f"{noun}: {matched}/{len(plan[key])} khớp với kế hoạch cấp trên theo câu chữ"
            )
        report.notes.extend(f"{noun} không khớp với cấp trên: «{text}»" for text in unmatched)
        report.notes.extend(
            f"{noun} của cấp trên không có ở văn bản này: {ident}"
            for ident, _text in candidates
            if ident not in used
        )


def _best(record: dict[str, Any], candidates: list[tuple[str, list[str]]]) -> str | None:
    """The parent record closest in words: the body's or the appendix's wording of either
    (a task printed by a point has both, and a draft may reword only one)."""
    own = [str(record.get(key)) for key in ("text", "appendix_text") if record.get(key)]
    scored = [
        (max(similarity(mine, theirs) for mine in own or [""] for theirs in wordings), ident)
        for ident, wordings in candidates
    ]
    score, ident = max(scored, default=(0.0, ""))
    return ident if score >= THRESHOLD else None
