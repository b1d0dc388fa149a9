"""The resolved plan: what the cascade hands to layout, as plain data.

Layout is pure (it reads no file, parses no YAML, never looks at the working
directory), yet a basis line ``{cite: plans/…/kh-219-2025.yaml}`` prints four
facts of another document. So the resolve stage
(:func:`kehoach.cascade.resolve.resolve`) loads each cited plan and puts here
the facts its citation repeats (:class:`CitedDocument`); layout words them
(:func:`kehoach.layout.citations.citation_text`).

This module imports only the schema, so layout can use its types without
pulling in the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kehoach.schema.models import (
    DocumentKind,
    IssueDate,
    Plan,
    PlanCitation,
    decision_symbol,
    plan_symbol,
)

CitedKind = Literal["quyet-dinh"] | DocumentKind
"""What a citation names: the Quyết định that promulgates a plan, or the plan by its kind."""


@dataclass(frozen=True)
class CitedDocument:
    """The facts of a cited plan that a basis line repeats, as the cited file states them.

    A plan promulgated by a decision is cited by that decision, so its
    number, symbol, date and title are the decision's. ``symbol`` is the
    ký hiệu as printed (the default of the kind and issuer when the file
    leaves it out); ``number`` is None for a draft; ``issuer`` is the full
    name, which the citing plan may replace by its own wording.
    """

    kind: CitedKind
    number: int | str | None
    symbol: str
    date: IssueDate
    issuer: str
    title: str


def cited_document(plan: Plan) -> CitedDocument:
    """The facts of ``plan`` a citation of it repeats."""
    doc = plan.document
    if plan.decision is not None:
        decision = plan.decision
        symbol = decision_symbol(decision, doc)
        return CitedDocument(
            "quyet-dinh", decision.number, symbol, decision.date, doc.issuer.name, decision.title
        )
    symbol = plan_symbol(doc)
    return CitedDocument(doc.kind, doc.number, symbol, doc.date, doc.issuer.name, doc.title)


@dataclass(frozen=True)
class Citation:
    """A ``{cite: …}`` basis entry, with the document it cites."""

    entry: PlanCitation
    cited: CitedDocument


@dataclass(frozen=True)
class ResolvedPlan:
    """A plan placed in its cascade: the plan, and its basis with every citation resolved.

    Everything layout needs and nothing it would have to fetch.
    """

    plan: Plan
    basis: tuple[str | Citation, ...]
