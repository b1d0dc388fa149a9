"""Basis lines that cite a plan of the repository, written from that plan's metadata.

"Căn cứ Kế hoạch số 219/KH-UBND ngày 30 tháng 12 năm 2025 của Ủy ban nhân
dân thành phố về phát triển Chính quyền số …" repeats four facts of another
document: its number, date, issuer and title. Typed by hand they drift (a
wrong day, an old number after the parent is reissued). A basis entry
``{cite: plans/…/kh-219-2025.yaml}`` is rendered here from the cited file, so
it always says what that file says; only the words around it (``before``,
``after``) and how the issuer is called from this document (``issuer``) are
the child's own.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.base.text import one_line
from kehoach.layout.dates import document_date, number_symbol
from kehoach.schema.models import Plan, PlanCitation, decision_symbol, plan_symbol

KIND_NAMES = {
    "ke-hoach": "Kế hoạch",
    "ke-hoach-hanh-dong": "Kế hoạch hành động",
    "chuong-trinh-hanh-dong": "Chương trình hành động",
    "khung-ke-hoach": "Khung kế hoạch",
}


def citation_text(citation: PlanCitation, cited: Plan) -> str:
    """The basis line for ``citation`` of the plan ``cited``.

    A plan promulgated by a decision is cited by the decision ("Quyết định số
    2629/QĐ-TTg … phê duyệt …"); a plan on its own by its kind and «về» its
    title. A draft has no number yet: the number is left blank, as printed.
    """
    doc = cited.document
    issuer = citation.issuer or doc.issuer.name
    if cited.decision is not None:
        decision = cited.decision
        number = number_symbol(decision.number, decision_symbol(decision, doc))
        date = document_date(
            decision.date.day, decision.date.month, decision.date.year, citation.date_style
        )
        subject = _lower_first(one_line(decision.title))
        reference = f"Quyết định số {number} {date} của {issuer} {subject}"
    else:
        number = number_symbol(doc.number, plan_symbol(doc))
        date = document_date(doc.date.day, doc.date.month, doc.date.year, citation.date_style)
        subject = _lower_first(one_line(doc.title))
        reference = f"{KIND_NAMES[doc.kind]} số {number} {date} của {issuer} về {subject}"
    return f"{citation.before} {reference}{citation.after}"


def _lower_first(text: str) -> str:
    """«Phát triển …» → «phát triển …»; an acronym («UBND …», «AI …») is kept."""
    if len(text) >= 2 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def basis_text(entry: str | PlanCitation) -> str:
    """A basis entry as printed: text as written, a citation rendered.

    The build resolves citations against the repository root before layout
    (:func:`kehoach.cascade.resolve.resolve`), so entries normally arrive as text.
    A citation still here (layout called directly on a loaded plan) is
    resolved against the current directory, the CLI's default root.
    """
    if isinstance(entry, str):
        return entry
    from kehoach.cascade.inheritance import load_cached

    return citation_text(entry, load_cached(Path.cwd(), Path(entry.cite)).plan)
