"""The resolve stage (DESIGN §2): a loaded plan in its cascade → the resolved plan + findings.

Between validation and layout a plan is placed in the repository: its
``extends`` chain is checked (:mod:`kehoach.cascade.inheritance`) and the
plans its basis lines cite are loaded, their metadata kept for layout to
word (:mod:`kehoach.cascade.resolved`). What to do with the findings is the
caller's choice (:func:`kehoach.pipeline.compile_plan`): ``kehoach check``
reports them, ``kehoach build`` refuses a plan with an error among them
(:func:`refusal`), exactly like a schema error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.diagnostics import PlanError
from kehoach.base.findings import Finding, to_diagnostic
from kehoach.base.workspace import OutsideRepository
from kehoach.cascade.inheritance import load_cached, where
from kehoach.cascade.narrowing import check
from kehoach.cascade.resolved import Citation, ResolvedPlan, cited_document
from kehoach.source.loader import LoadedPlan


@dataclass(frozen=True)
class Resolution:
    """What the resolve stage makes of a loaded plan.

    ``findings``: the inheritance findings, then one per citation that cannot
    be written. ``plan``: the resolved plan, or None when a citation cannot be
    written (layout would have nothing to print in its place); inheritance
    errors alone do not prevent it, since a draft under review is laid out
    even when it breaks a parent's rule.
    """

    findings: tuple[Finding, ...]
    plan: ResolvedPlan | None


def _basis(root: Path, loaded: LoadedPlan) -> tuple[list[str | Citation], list[Finding]]:
    """The basis with every citation resolved, and a finding for each that cannot be."""
    basis: list[str | Citation] = []
    findings: list[Finding] = []
    for i, entry in enumerate(loaded.plan.basis):
        if isinstance(entry, str):
            basis.append(entry)
            continue
        at = where(root, loaded, ("basis", i, "cite"))
        try:
            cited = load_cached(root, Path(entry.cite))
        except OutsideRepository:
            findings.append(
                Finding(
                    "error",
                    "citation-outside",
                    f"văn bản được trích «{entry.cite}» nằm ngoài kho",
                    at,
                )
            )
        except (OSError, RuntimeError):  # missing, unreadable, a symlink loop
            findings.append(
                Finding(
                    "error",
                    "citation-missing",
                    f"không tìm thấy văn bản được trích «{entry.cite}»",
                    at,
                )
            )
        except PlanError:
            findings.append(
                Finding(
                    "error",
                    "citation-invalid",
                    f"văn bản được trích «{entry.cite}» có lỗi nên không viết được dòng căn cứ",
                    at,
                )
            )
        else:
            basis.append(Citation(entry, cited_document(cited.plan)))
    return basis, findings


def resolve(root: Path, loaded: LoadedPlan) -> Resolution:
    """``loaded`` placed in its cascade: every finding, and the resolved plan if it can be had.

    Warnings (recorded deviations) are findings too; they never print in
    the document.
    """
    basis, citation_findings = _basis(root, loaded)
    findings = (*check(root, loaded), *citation_findings)
    if citation_findings:
        return Resolution(findings, None)
    return Resolution(findings, ResolvedPlan(loaded.plan, tuple(basis)))


def refusal(root: Path, loaded: LoadedPlan, problems: Sequence[Finding]) -> PlanError:
    """The PlanError that stops ``loaded`` at these error findings, like a schema error."""
    sources = {where(root, loaded, ()).path: loaded.source}
    return PlanError([to_diagnostic(f) for f in problems], sources)
