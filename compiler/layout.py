"""Lay out a validated plan as a document model: numbers, order, punctuation, emphasis.

This is the only stage that knows how a plan becomes paragraphs. The body
list of targets and tasks is generated from their records here, so the
appendix tables (rendered from the same records) can never disagree with it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from kehoach.dates import number_line, place_date_line
from kehoach.docmodel import (
    Header,
    LaidOutDocument,
    Paragraph,
    Properties,
    Role,
    SignatureBlock,
    Span,
)
from kehoach.inline import parse_inline
from kehoach.numbering import heading_number, point_letter
from kehoach.schema.models import (
    Agency,
    Duty,
    Plan,
    Point,
    Section,
    Signature,
    Target,
    TargetSelection,
    Task,
    TaskSelection,
    symbol_for,
)

DOC_TYPES = {
    "ke-hoach": "KẾ HOẠCH",
    "ke-hoach-hanh-dong": "KẾ HOẠCH HÀNH ĐỘNG",
    "chuong-trinh-hanh-dong": "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "khung-ke-hoach": "KHUNG KẾ HOẠCH",
}
END_OF_BODY = "./."


def caps(text: str) -> str:
    """Vietnamese capitals, kept in NFC (str.upper handles the precomposed letters)."""
    return unicodedata.normalize("NFC", text.upper())


def layout(plan: Plan) -> LaidOutDocument:
    """The whole document of ``plan``."""
    doc = plan.document
    body = [
        *(_paragraph("body", text) for text in plan.basis),
        *(_paragraph("body", text) for text in plan.intro),
        *_sections(plan, plan.body, ()),
    ]
    body = _close(body, plan.closing)
    date = doc.date
    return LaidOutDocument(
        header=Header(
            parent_body_lines=_agency_lines(doc.parent_body),
            issuer_lines=_agency_lines(doc.issuer),
            number_line=number_line(doc.number, doc.symbol or symbol_for(doc.issuer.abbr)),
            place_date=place_date_line(doc.place, date.day, date.month, date.year),
        ),
        doc_type=DOC_TYPES[doc.kind],
        title_lines=tuple(line.strip() for line in doc.title.strip().splitlines()),
        body=tuple(body),
        recipients=_recipients(plan.recipients),
        signature=_signature(plan.signature) if plan.signature else None,
        properties=Properties(
            title=" ".join(doc.title.split()),
            author=doc.issuer.name,
            date=(date.year, date.month or 1, date.day or 1),
        ),
    )


def _agency_lines(agency: Agency | None) -> tuple[str, ...]:
    if agency is None:
        return ()
    return tuple(agency.header_lines or (caps(agency.name),))


def _paragraph(role: Role, text: str, *, prefix: str = "", bold_prefix: bool = False) -> Paragraph:
    spans = parse_inline(text)
    if prefix:
        spans = (Span(prefix, bold=bold_prefix), *spans)
    return Paragraph(role, spans)


def _heading_role(depth: int) -> Role:
    return ("heading1", "heading2", "heading3")[min(depth, 3) - 1]


def _heading(path: tuple[int, ...], title: str) -> Paragraph:
    shown = caps(title) if len(path) == 1 else title
    return Paragraph(_heading_role(len(path)), (Span(f"{heading_number(path)} {shown}"),))


def _sections(
    plan: Plan, sections: list[Section], parent: tuple[int, ...], first: int = 1
) -> Iterator[Paragraph]:
    """Sections numbered from ``first`` (after sub-sections generated from records)."""
    for index, section in enumerate(sections, start=first):
        yield from _section(plan, section, (*parent, index))


def _section(plan: Plan, section: Section, path: tuple[int, ...]) -> Iterator[Paragraph]:
    texts = list(section.text)
    if section.title is not None:
        yield _heading(path, section.title)
    elif texts:
        # An untitled numbered item: the number, bold, opens its first paragraph.
        yield _paragraph("body", texts.pop(0), prefix=f"{heading_number(path)} ", bold_prefix=True)
    yield from (_paragraph("body", text) for text in texts)
    yield from (_paragraph("item", item, prefix="- ") for item in section.items)
    yield from _points(section.points)
    if section.targets is not None:
        yield from _targets(plan, section.targets)
    children: list[tuple[str, list[Paragraph]]] = []
    if section.tasks is not None:
        children.extend(_task_groups(plan, section.tasks))
    if section.organisation:
        children.extend((duty.body, _duty(duty)) for duty in plan.organisation)
    for offset, (title, content) in enumerate(children, start=1):
        yield _heading((*path, offset), title)
        yield from content
    yield from _sections(plan, section.sections, path, len(children) + 1)
    yield from (_paragraph("body", text) for text in section.after)


def _points(points: list[str | Point]) -> Iterator[Paragraph]:
    """Lettered points a), b)…; a single point stands without a letter."""
    lettered = len(points) > 1
    for index, point in enumerate(points):
        text, items = (point, []) if isinstance(point, str) else (point.text, point.items)
        if lettered:
            yield _paragraph("point", text, prefix=f"{point_letter(index)}) ")
        else:
            yield _paragraph("body", text)
        yield from (_paragraph("item", item, prefix="- ") for item in items)


def target_sentence(target: Target, phase: str) -> str:
    """The body sentence of a target in a phase: its text with the value in the slot."""
    return target.text.replace("{value}", target.values[phase])


def _targets(plan: Plan, selection: TargetSelection) -> Iterator[Paragraph]:
    """Targets of one phase as points (one per group) with a dash item per target."""
    chosen = [t for t in plan.targets if selection.phase in t.values]
    if selection.order is not None:
        rank = {ident: i for i, ident in enumerate(selection.order)}
        chosen.sort(key=lambda t: rank.get(t.id, len(rank)))
    groups = [
        (group.title, [t for t in chosen if t.group == group.id]) for group in plan.target_groups
    ]
    points = [
        Point(
            text=f"{title}:",
            items=_punctuate([target_sentence(t, selection.phase) for t in targets]),
        )
        for title, targets in groups
        if targets
    ]
    yield from _points(points)


def _punctuate(sentences: list[str]) -> list[str]:
    """A list of clauses ends each with «;» and the last with «.»."""
    cleaned = [s.rstrip().rstrip(";.") for s in sentences]
    return [s + (";" if i < len(cleaned) - 1 else ".") for i, s in enumerate(cleaned)]


def _task_groups(plan: Plan, selection: TaskSelection) -> list[tuple[str, list[Paragraph]]]:
    wanted = selection.groups
    groups = [g for g in plan.task_groups if wanted is None or g.id in wanted]
    if wanted is not None:
        groups.sort(key=lambda g: wanted.index(g.id))
    out = []
    for group in groups:
        tasks: list[Task] = [t for t in plan.tasks if t.group == group.id]
        out.append((group.title, list(_points([t.text for t in tasks]))))
    return out


def _duty(duty: Duty) -> list[Paragraph]:
    return [*(_paragraph("body", text) for text in duty.text), *_points(duty.points)]


def _close(body: list[Paragraph], closing: str | None) -> list[Paragraph]:
    """End the body with «./.»: after the closing paragraph, or after the last paragraph."""
    if closing:
        return [*body, _paragraph("body", closing.rstrip().rstrip(".") + END_OF_BODY)]
    last = body[-1]
    spans = list(last.spans)
    tail = spans[-1]
    spans[-1] = Span(tail.text.rstrip().rstrip(".") + END_OF_BODY, tail.bold, tail.italic)
    return [*body[:-1], Paragraph(last.role, tuple(spans))]


def _recipients(recipients: list[str]) -> tuple[str, ...]:
    cleaned = [r.strip().removeprefix("- ").rstrip(";.") for r in recipients]
    return tuple(f"- {r}{';' if i < len(cleaned) - 1 else '.'}" for i, r in enumerate(cleaned))


def _signature(signature: Signature) -> SignatureBlock:
    lines = []
    if signature.collective:
        lines.append(f"TM. {caps(signature.collective)}")
    if signature.delegation:
        lines.append(f"{signature.delegation.kind}. {caps(signature.delegation.of)}")
    lines.append(("Q. " if signature.acting else "") + caps(signature.title))
    return SignatureBlock(lines=tuple(lines), name=signature.name)
