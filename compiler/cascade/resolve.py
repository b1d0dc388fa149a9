"""The resolve stage (DESIGN §2): a loaded plan in its cascade → the resolved plan + findings.

Between validation and layout a plan is placed in the repository: its
``extends`` chain is checked (:mod:`kehoach.cascade.inheritance`) and the
plans its basis lines cite are loaded, their metadata kept for layout to
word (:mod:`kehoach.cascade.resolved`). What to do with the findings is the
caller's choice (:func:`kehoach.pipeline.compile_plan`): ``kehoach check``
reports them, ``kehoach build`` refuses a plan with an error among them
(:func:`refusal`), exactly like a schema error. Both print the lines the
diagnostics point at from :func:`sources_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, PlanError
from kehoach.base.files import NotARegularFile
from kehoach.base.workspace import OutsideRepository, inside, real_path
from kehoach.cascade.completeness import completeness
from kehoach.cascade.inheritance import cached_source, load_cached, shown, where
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

    findings: tuple[Diagnostic, ...]
    plan: ResolvedPlan | None


def _basis(root: Path, loaded: LoadedPlan) -> tuple[list[str | Citation], list[Diagnostic]]:
    """The basis with every citation resolved, and a finding for each that cannot be."""
    basis: list[str | Citation] = []
    findings: list[Diagnostic] = []
    for i, entry in enumerate(loaded.plan.basis):
        if isinstance(entry, str):
            basis.append(entry)
            continue
        at = where(root, loaded, ("basis", i, "cite"))
        if _cites_itself(root, loaded, entry.cite):
            findings.append(
                Diagnostic(
                    "error",
                    "citation-self",
                    f"dòng căn cứ trích chính kế hoạch này («{entry.cite}»): một văn bản không "
                    "căn cứ vào chính nó; hãy trích văn bản khác hoặc viết dòng căn cứ thành chữ",
                    at,
                )
            )
            continue
        try:
            cited = load_cached(root, Path(entry.cite))
        except OutsideRepository:
            findings.append(
                Diagnostic(
                    "error",
                    "citation-outside",
                    f"văn bản được trích «{entry.cite}» nằm ngoài kho",
                    at,
                )
            )
        except NotARegularFile as error:
            findings.append(
                Diagnostic(
                    "error",
                    "citation-missing",
                    f"không đọc được văn bản được trích «{entry.cite}»: {error.strerror}",
                    at,
                )
            )
        except (OSError, RuntimeError):  # missing, unreadable, a symlink loop
            findings.append(
                Diagnostic(
                    "error",
                    "citation-missing",
                    f"không tìm thấy văn bản được trích «{entry.cite}»",
                    at,
                )
            )
        except PlanError:
            findings.append(
                Diagnostic(
                    "error",
                    "citation-invalid",
                    f"văn bản được trích «{entry.cite}» có lỗi nên không viết được dòng căn cứ",
                    at,
                )
            )
        else:
            basis.append(Citation(entry, cited_document(cited.plan)))
    return basis, findings


def _cites_itself(root: Path, loaded: LoadedPlan, cite: str) -> bool:
    """Whether ``cite`` names the plan being resolved (through any spelling or symlink).

    Asked before loading, so that a plan is never cached as its own ancestor; a
    path that cannot be resolved is reported when the citation is loaded.
    """
    try:
        return inside(root, Path(cite)) == real_path(loaded.path)
    except (OutsideRepository, OSError, RuntimeError):
        return False


def resolve(root: Path, loaded: LoadedPlan) -> Resolution:
    """``loaded`` placed in its cascade: every finding, and the resolved plan if it can be had.

    Warnings (recorded deviations) are findings too; they never print in
    the document.
    """
    basis, citation_findings = _basis(root, loaded)
    findings = (*check(root, loaded), *completeness(root, loaded), *citation_findings)
    if citation_findings:
        return Resolution(findings, None)
    return Resolution(findings, ResolvedPlan(loaded.plan, tuple(basis)))


def refusal(root: Path, loaded: LoadedPlan, problems: Sequence[Diagnostic]) -> PlanError:
    """The PlanError that stops ``loaded`` at these error findings, like a schema error."""
    return PlanError(list(problems), sources_of(root, loaded, problems))


def sources_of(root: Path, loaded: LoadedPlan, diagnostics: Iterable[Diagnostic]) -> dict[str, str]:
    """The texts ``diagnostics`` point at, by displayed path: ``loaded``'s and its ancestors'.

    Ancestors come from the cache the check itself filled, so the excerpts
    of a report cost no reading and no parsing; a file that cannot be had
    is left out (its positions print without excerpt).
    """
    sources = {shown(root, loaded): loaded.source}
    for d in diagnostics:
        for place in (d.at, d.related):
            if place is not None and place.path not in sources:
                text = cached_source(root, place.path)
                if text is not None:
                    sources[place.path] = text
    return sources
