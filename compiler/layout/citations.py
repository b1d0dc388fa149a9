"""Basis lines that cite a plan of the repository, worded from that plan's metadata.

"Căn cứ Kế hoạch số 219/KH-UBND ngày 30 tháng 12 năm 2025 của Ủy ban nhân
dân thành phố về phát triển Chính quyền số …" repeats four facts of another
document: its number, date, issuer and title. Typed by hand they drift (a
wrong day, an old number after the parent is reissued). A basis entry
``{cite: plans/…/kh-219-2025.yaml}`` is worded here from the facts the
resolve stage took from the cited file (:class:`~kehoach.cascade.resolved.CitedDocument`),
so it always says what that file says; only the words around it
(``before``, ``after``) and how the issuer is called from this document
(``issuer``) are the child's own. Nothing is read here: layout is pure.
"""

from __future__ import annotations

from kehoach.base.text import one_line
from kehoach.cascade.resolved import Citation
from kehoach.layout.dates import document_date, number_symbol

KIND_NAMES = {
    "ke-hoach": "Kế hoạch",
    "ke-hoach-hanh-dong": "Kế hoạch hành động",
    "chuong-trinh-hanh-dong": "Chương trình hành động",
    "khung-ke-hoach": "Khung kế hoạch",
}


def citation_text(citation: Citation) -> str:
    """The basis line of ``citation``.

    A plan promulgated by a decision is cited by the decision ("Quyết định số
    2629/QĐ-TTg … phê duyệt …"); a plan on its own by its kind and «về» its
    title. A draft has no number yet: the number is left blank, as printed.
    """
    entry, cited = citation.entry, citation.cited
    issuer = entry.issuer or cited.issuer
    number = number_symbol(cited.number, cited.symbol)
    date = document_date(cited.date.day, cited.date.month, cited.date.year, entry.date_style)
    subject = _lower_first(one_line(cited.title))
    if cited.kind == "quyet-dinh":
        reference = f"Quyết định số {number} {date} của {issuer} {subject}"
    else:
        reference = f"{KIND_NAMES[cited.kind]} số {number} {date} của {issuer} về {subject}"
    return f"{entry.before} {reference}{entry.after}"


def _lower_first(text: str) -> str:
    """«Phát triển …» → «phát triển …»; an acronym («UBND …», «AI …») is kept."""
    if len(text) >= 2 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def basis_text(entry: str | Citation) -> str:
    """A basis entry of the resolved plan as printed: text as written, a citation worded."""
    return entry if isinstance(entry, str) else citation_text(entry)
