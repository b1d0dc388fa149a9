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
from kehoach.layout.inline import fill, joined, literal, parse_inline, sliced
from kehoach.model.document import Span, Spans, text_of

KIND_NAMES = {
    "ke-hoach": "Kế hoạch",
    "ke-hoach-hanh-dong": "Kế hoạch hành động",
    "chuong-trinh-hanh-dong": "Chương trình hành động",
    "khung-ke-hoach": "Khung kế hoạch",
}


def citation_text(citation: Citation) -> Spans:
    """The basis line of ``citation``.

    A plan promulgated by a decision is cited by the decision ("Quyết định số
    2629/QĐ-TTg … phê duyệt …"); a plan on its own by its kind and «về» its
    title. A draft has no number yet: the number is left blank, as printed.
    Each text taken from either plan is read on its own: a marker of the
    cited title never pairs with one of this plan's words.
    """
    entry, cited = citation.entry, citation.cited
    date = document_date(cited.date.day, cited.date.month, cited.date.year, entry.date_style)
    pieces = {
        "before": parse_inline(entry.before),
        "number": fill(number_symbol(cited.number, "{symbol}"), symbol=parse_inline(cited.symbol)),
        "date": literal(date),
        "issuer": parse_inline(entry.issuer or cited.issuer),
        "subject": _lower_first(_without_notes(parse_inline(one_line(cited.title)))),
        "after": parse_inline(entry.after),
    }
    if cited.kind == "quyet-dinh":
        wording = "{before} Quyết định số {number} {date} của {issuer} {subject}{after}"
        return fill(wording, **pieces)
    kind = literal(KIND_NAMES[cited.kind])
    return fill(
        "{before} {kind} số {number} {date} của {issuer} về {subject}{after}", kind=kind, **pieces
    )


def _without_notes(title: Spans) -> Spans:
    """The cited title without its footnotes: they are the cited plan's, not this one's."""
    return tuple(span for span in title if span.note is None)


def _lower_first(title: Spans) -> Spans:
    """«Phát triển …» → «phát triển …»; an acronym («UBND …», «AI …») is kept."""
    text = text_of(title)
    if len(text) >= 2 and text[0].isupper() and text[1].islower():
        first = Span(text[0].lower(), title[0].bold, title[0].italic)
        return joined((first,), sliced(title, 1, len(text)))
    return title


def basis_text(entry: str | Citation) -> Spans:
    """A basis entry of the resolved plan as printed: text as written, a citation worded."""
    return parse_inline(entry) if isinstance(entry, str) else citation_text(entry)
