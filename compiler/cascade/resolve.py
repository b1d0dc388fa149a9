"""The resolve stage (DESIGN §2): a loaded plan in its cascade → the plan layout sees + findings.

Between validation and layout a plan is placed in the repository: its
``extends`` chain is checked (:mod:`kehoach.cascade.inheritance`) and its basis lines
that cite other plans are written from those plans' metadata
(:mod:`kehoach.layout.citations`). ``kehoach check`` reports :func:`findings`;
``kehoach build`` calls :func:`resolve`, which refuses (PlanError, no file
written) when an error remains, exactly like a schema error. Both print the
lines the diagnostics point at from :func:`sources_of`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, PlanError
from kehoach.base.workspace import OutsideRepository
from kehoach.cascade.inheritance import cached_source, load_cached, shown, where
from kehoach.cascade.narrowing import check
from kehoach.layout.citations import citation_text
from kehoach.schema.models import Plan, PlanCitation
from kehoach.source.loader import LoadedPlan


def _citations(root: Path, loaded: LoadedPlan) -> tuple[list[str | PlanCitation], list[Diagnostic]]:
    """The basis with every citation rendered, and a finding for each that cannot be."""
    basis: list[str | PlanCitation] = []
    findings: list[Diagnostic] = []
    for i, entry in enumerate(loaded.plan.basis):
        if isinstance(entry, str):
            basis.append(entry)
            continue
        at = where(root, loaded, ("basis", i, "cite"))
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
            basis.append(citation_text(entry, cited.plan))
            continue
        basis.append(entry)
    return basis, findings


def findings(root: Path, loaded: LoadedPlan) -> list[Diagnostic]:
    """Everything the resolve stage finds wrong (or accepted as a deviation) in ``loaded``."""
    return [*check(root, loaded), *_citations(root, loaded)[1]]


def resolve(root: Path, loaded: LoadedPlan) -> Plan:
    """The plan with its citations written out; PlanError if any error finding remains.

    Warnings (recorded deviations) do not stop the build: they are the
    child's documented choice and never print in the document.
    """
    basis, citation_findings = _citations(root, loaded)
    problems = [f for f in [*check(root, loaded), *citation_findings] if f.is_error]
    if problems:
        raise PlanError(problems, sources_of(root, loaded, problems))
    if basis == list(loaded.plan.basis):
        return loaded.plan
    # model_copy does not re-validate: the rendered lines are plain text entries.
    return loaded.plan.model_copy(update={"basis": basis})


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
