"""Lay out a validated plan as a document model: numbers, order, punctuation, emphasis.

This is the only stage that knows how a plan becomes paragraphs. The body
list of targets and tasks is generated from their records here, so the
appendix tables (rendered from the same records) can never disagree with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from kehoach.base.text import caps, one_line
from kehoach.cascade.resolved import Citation, ResolvedPlan
from kehoach.layout.appendix import appendices, appendix_labels, sentence
from kehoach.layout.citations import KIND_NAMES, basis_text
from kehoach.layout.dates import document_date, number_line, number_symbol, place_date_line
from kehoach.layout.endmark import bare, ended
from kehoach.layout.inline import (
    fill,
    joined,
    literal,
    parse_inline,
    punctuated,
    upper,
)
from kehoach.layout.keeps import kept
from kehoach.layout.numbering import heading_number, point_letter, roman
from kehoach.layout.tables import literal_table
from kehoach.layout.titles import issuer_rule, title_block
from kehoach.model.document import (
    Block,
    Closing,
    Header,
    LaidOutDocument,
    PageSection,
    Paragraph,
    Part,
    Properties,
    Role,
    SignatureBlock,
    Span,
    Spans,
    text_of,
)
from kehoach.schema.models import (
    Agency,
    Decision,
    Document,
    Duty,
    Group,
    IssueDate,
    Item,
    Plan,
    Point,
    Punctuation,
    Section,
    Signature,
    Target,
    TargetSelection,
    TaskSelection,
    decision_symbol,
    plan_symbol,
)

# The type line under the header is the kind's name («Kế hoạch hành động») in capitals.
DOC_TYPES = {kind: caps(name) for kind, name in KIND_NAMES.items()}
END_OF_BODY = "./."
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"
# Decree 30: portrait pages, numbered from the second (the first shows no number).
BODY_PAGES = PageSection("portrait", restart_at=None, number_first_page=False)
# A plan after its decision: a document of its own, numbered again from 1.
ATTACHED_PAGES = PageSection("portrait", restart_at=1, number_first_page=False)


def layout(resolved: ResolvedPlan) -> LaidOutDocument:
    """The whole document of ``resolved``: a decision first when one promulgates it."""
    plan = resolved.plan
    doc = plan.document
    parts = [] if plan.decision is None else [_decision_part(plan, plan.decision)]
    parts.append(_plan_part(plan, resolved.basis))
    date = plan.decision.date if plan.decision is not None else doc.date
    return LaidOutDocument(
        section=BODY_PAGES,
        parts=tuple(parts),
        appendices=appendices(
            plan,
            reference_line(plan),
            lambda sections: kept(tuple(_sections(plan, sections, ())), False),
        ),
        properties=Properties(
            title=text_of(parse_inline(one_line(doc.title))),
            author=text_of(parse_inline(doc.issuer.name)),
            date=(date.year, date.month or 1, date.day or 1),
        ),
    )


def _attachments_note(labels: list[Spans]) -> Spans:
    """«(Kèm theo Phụ lục I, Phụ lục II)» in italic, each label as it is printed."""
    pieces = [literal("(Kèm theo ", italic=True)]
    for index, label in enumerate(labels):
        if index:
            pieces.append(literal(", ", italic=True))
        pieces.append(tuple(Span(span.text, span.bold, italic=True) for span in label))
    return joined(*pieces, literal(")", italic=True))


def _plan_part(plan: Plan, basis: tuple[str | Citation, ...]) -> Part:
    """The plan itself; without Số/date and signature when a decision carries them."""
    doc = plan.document
    numbered = doc.header == "full" and plan.decision is None
    body: list[Block] = [
        *(Paragraph("body", basis_text(entry)) for entry in basis),
        *(_paragraph("body", text) for text in plan.intro),
        *_sections(plan, plan.body, ()),
    ]
    body = _close(body, plan.closing)
    if plan.attachments_note and plan.appendices:
        body.append(Paragraph("body", _attachments_note(appendix_labels(plan))))
    attached = None
    if plan.decision is not None or doc.attached_to is not None:
        attached = reference_line(plan)
    titles, attached, rule = title_block(parse_inline(doc.title), attached)
    closing = _closing(
        _recipients(plan.recipients), _signature(plan.signature) if plan.signature else None
    )
    return Part(
        new_page=plan.decision is not None,  # after the decision that promulgates it
        header=None
        if doc.header == "none"
        else _header(doc, doc.number if numbered else None, doc.date if numbered else None),
        doc_type=DOC_TYPES[doc.kind],
        title_lines=titles,
        attached_line=attached,
        keep_title_together=True,
        body=kept(tuple(body), closing is not None),
        closing=closing,
        title_rule_length=rule,
        section=ATTACHED_PAGES if plan.decision is not None else None,
    )


def _decision_part(plan: Plan, decision: Decision) -> Part:
    """The Quyết định: authority, căn cứ in italic, «QUYẾT ĐỊNH:», the Điều, then signature."""
    doc = plan.document
    body: list[Block] = [_centered(upper(parse_inline(decision.authority or doc.issuer.name)))]
    body.extend(_paragraph("body", line, italic=True) for line in decision.basis)
    if decision.proposal:
        body.append(_paragraph("body", decision.proposal, italic=True))
    body.append(_centered(literal("QUYẾT ĐỊNH:")))
    for number, article in enumerate(decision.articles, start=1):
        body.append(_paragraph("body", article.text, prefix=f"Điều {number}. ", bold_prefix=True))
        body.extend(_points(plan, article.points))
    titles, _, rule = title_block(parse_inline(decision.title), None)
    closing = _closing(_recipients(decision.recipients), _signature(decision.signature))
    return Part(
        new_page=False,  # a decision opens the document
        header=_header(doc, decision.number, decision.date, decision_symbol(decision, doc)),
        doc_type="QUYẾT ĐỊNH",
        title_lines=titles,
        attached_line=None,
        keep_title_together=True,
        body=kept(tuple(_close(body, None)), closing is not None),
        closing=closing,
        title_rule_length=rule,
    )


def _header(
    doc: Document, number: int | str | None, date: IssueDate | None, symbol: str | None = None
) -> Header:
    """The header table; without a date there is no Số/date row at all."""
    symbol = symbol or plan_symbol(doc)
    issuer = _agency_lines(doc.issuer)
    return Header(
        parent_body_lines=_agency_lines(doc.parent_body),
        issuer_lines=issuer,
        national_title=NATIONAL_TITLE,
        motto=MOTTO,
        number_line=None
        if date is None
        else fill(number_line(number, "{symbol}"), symbol=parse_inline(symbol)),
        place_date=None
        if date is None
        else fill(
            place_date_line("{place}", date.day, date.month, date.year),
            place=parse_inline(doc.place),
        ),
        rule_length=issuer_rule(issuer),
    )


def reference_line(plan: Plan) -> Spans:
    """«(Kèm theo Kế hoạch số …)», or as the plan words it: «(Ban hành kèm theo …)».

    The lead is the decision's when a decision promulgates the plan (its
    line names the decision), else the document's.
    """
    lead = plan.document.reference_lead
    if plan.decision is not None and plan.decision.reference_lead is not None:
        lead = plan.decision.reference_lead
    return fill("({lead} {reference})", lead=parse_inline(lead), reference=own_reference(plan))


def own_reference(plan: Plan) -> Spans:
    """«Kế hoạch số 224/KH-UBND ngày 31 tháng 12 năm 2025 của Ủy ban nhân dân …»: what
    «(Kèm theo …)» lines of this plan and of its appendices name."""
    doc = plan.document
    issuer = doc.reference_name or doc.issuer.name
    if plan.decision is not None:
        decision = plan.decision
        date = decision.date
        kind, symbol = literal("Quyết định"), decision_symbol(decision, doc)
        number = decision.number
        style = doc.reference_date
    elif doc.attached_to is not None:
        attached = doc.attached_to
        date = attached.date
        kind, symbol, number = parse_inline(attached.kind), attached.symbol, attached.number
        issuer = attached.issuer
        style = attached.date_style
    else:
        date = doc.date
        kind, symbol, number = literal(KIND_NAMES[doc.kind]), plan_symbol(doc), doc.number
        style = doc.reference_date
    return fill(
        "{kind} số: {number} {date} của {issuer}"
        if doc.reference_number_colon
        else "{kind} số {number} {date} của {issuer}",
        kind=kind,
        number=fill(number_symbol(number, "{symbol}"), symbol=parse_inline(symbol)),
        date=literal(document_date(date.day, date.month, date.year, style)),
        issuer=parse_inline(issuer),
    )


def _agency_lines(agency: Agency | None) -> tuple[Spans, ...]:
    if agency is None:
        return ()
    if agency.header_lines:
        return tuple(parse_inline(line) for line in agency.header_lines)
    return (upper(parse_inline(agency.name)),)


def _paragraph(
    role: Role,
    text: str | Spans,
    *,
    prefix: str = "",
    bold_prefix: bool = False,
    italic: bool = False,
) -> Paragraph:
    """A paragraph of plan ``text`` (read here unless already read), after a fixed ``prefix``.

    The prefix («- », «a) », «Điều 1. ») stays a run of its own, as the
    documents have always drawn it.
    """
    spans = parse_inline(text, italic=italic) if isinstance(text, str) else text
    return Paragraph(role, (*literal(prefix, bold=bold_prefix), *spans))


def _heading_role(depth: int) -> Role:
    return ("heading1", "heading2", "heading3")[min(depth, 3) - 1]


def _heading(path: tuple[int, ...], title: str, *, numbered: bool = True) -> Paragraph:
    """A heading, kept on the page of the text it heads; capitals at the first level.

    Numbered unless the plan says otherwise (``numbered: false``): the title
    alone, in the style of its depth.
    """
    read = parse_inline(title)
    shown = upper(read) if len(path) == 1 else read
    number = literal(f"{heading_number(path)} ") if numbered else ()
    return Paragraph(_heading_role(len(path)), joined(number, shown), keep_with_next=True)


def _centered(spans: Spans) -> Paragraph:
    """A centred bold line of a decision (its authority, «QUYẾT ĐỊNH:»), kept with what follows."""
    return Paragraph("centered", spans, keep_with_next=True)


def _sections(
    plan: Plan, sections: list[Section], parent: tuple[int, ...], first: int = 1
) -> Iterator[Block]:
    """Sections numbered from ``first`` (after sub-sections generated from records).

    An unnumbered section (``numbered: false``) takes no number: the next
    numbered one keeps the number it would have had without it. At the top
    level, a part («Phần») is counted among the parts only, and the sections
    between parts keep their own count.
    """
    number = first - 1
    parts = 0
    for section in sections:
        if section.part and not parent:
            parts += 1
            yield from _part(plan, section, parts)
        elif section.numbered:
            number += 1
            yield from _section(plan, section, (*parent, number))
        else:
            yield from _section(plan, section, (*parent, number), numbered=False)


def _part(plan: Plan, section: Section, number: int) -> Iterator[Block]:
    """A part: «PHẦN I» (or its own label) and its title, centred and bold on lines of
    their own (Decree 30, Phụ lục I), then its content as a section's, numbered I., II. anew
    (the part stands at the root of its own numbering)."""
    label = parse_inline(section.label) if section.label else literal(f"PHẦN {roman(number)}")
    yield _centered(label)
    if section.title is not None:
        yield _centered(upper(parse_inline(section.title)))
    yield from _content(plan, section, (), list(section.text))


def _section(
    plan: Plan, section: Section, path: tuple[int, ...], *, numbered: bool = True
) -> Iterator[Block]:
    texts = list(section.text)
    if section.title is not None:
        yield _heading(path, section.title, numbered=numbered)
    elif texts and numbered:
        # An untitled numbered item: the number, bold, opens its first paragraph.
        yield _paragraph("body", texts.pop(0), prefix=f"{heading_number(path)} ", bold_prefix=True)
    yield from _content(plan, section, path, texts)


def _content(
    plan: Plan, section: Section, path: tuple[int, ...], texts: list[str]
) -> Iterator[Block]:
    """What follows a section's heading: its ``texts``, items, points, records, table, the
    sub-sections generated from records, its own sub-sections numbered under ``path``."""
    yield from (_paragraph("body", text) for text in texts)
    yield from _items(section.items)
    yield from _points(plan, section.points, section.letter_single_point)
    if section.targets is not None:
        if section.targets.by == "group":
            yield from _targets_by_group(plan, section.targets)
        else:
            yield from _targets(plan, section.targets)
    if section.table is not None:
        yield literal_table(section.table)
    children: list[tuple[str, list[Paragraph]]] = []
    if section.tasks is not None:
        children.extend(_task_groups(plan, section.tasks))
    if section.organisation:
        children.extend((duty.body, _duty(plan, duty)) for duty in plan.organisation)
    for offset, (title, content) in enumerate(children, start=1):
        yield _heading((*path, offset), title)
        yield from content
    yield from _sections(plan, section.sections, path, len(children) + 1)
    yield from (_paragraph("body", text) for text in section.after)


def _items(items: Sequence[str | Spans | Item]) -> Iterator[Paragraph]:
    """Dash items «- …», each with its «+ …» sub-items."""
    for item in items:
        text, subs = (item.text, item.items) if isinstance(item, Item) else (item, [])
        yield _paragraph("item", text, prefix="- ")
        yield from (_paragraph("item", sub, prefix="+ ") for sub in subs)


def _points(
    plan: Plan, points: Sequence[str | Point], letter_single: bool = False
) -> Iterator[Paragraph]:
    """Lettered points a), b)…; a single point stands without a letter unless the
    section keeps it (``letter_single_point``). A point's dash items from records
    follow the ones written out."""
    lettered = len(points) > 1 or letter_single
    for index, point in enumerate(points):
        if isinstance(point, str):
            point = Point(text=point)
        yield _point(point.text, index, lettered)
        yield from (_paragraph("body", text) for text in point.paragraphs)
        yield from _items(point.items)
        yield from _record_items(plan, point)


def _record_items(plan: Plan, point: Point) -> Iterator[Paragraph]:
    """The dash items a point takes from records: its groups' targets (the phase's value
    filled in, as the body's target lists print them), then its groups' tasks printed
    in the body, each from one record, in the records' order within each group."""
    if point.targets is not None:
        phase = point.targets.phase or plan.phases[0]
        targets = [
            sentence(t, phase)
            for group in point.targets.groups
            for t in plan.targets
            if t.group == group and phase in t.values
        ]
        yield from _items(_ended(targets, point.targets.punctuation))
    if point.tasks is not None:
        tasks = [
            parse_inline(t.text)
            for group in point.tasks.groups
            for t in plan.tasks
            if t.group == group and t.in_body
        ]
        yield from _items(_ended(tasks, point.tasks.punctuation))


def _ended(clauses: list[Spans], punctuation: Punctuation) -> list[Spans]:
    """The clauses of a record list with the ends the point asks for."""
    if punctuation == "written" or not clauses:
        return clauses
    return punctuated(clauses, sentences=punctuation == "sentence")


def _point(text: str | Spans, index: int, lettered: bool) -> Paragraph:
    """The line of point ``index``: «a) …»; a single point stands without a letter."""
    if lettered:
        return _paragraph("point", text, prefix=f"{point_letter(index)}) ")
    return _paragraph("body", text)


def _selected(plan: Plan, selection: TargetSelection, phase: str) -> list[Target]:
    chosen = [t for t in plan.targets if phase in t.values]
    if selection.order is not None:
        rank = {ident: i for i, ident in enumerate(selection.order)}
        chosen.sort(key=lambda t: rank.get(t.id, len(rank)))
    return chosen


def _target_groups(plan: Plan, selection: TargetSelection) -> list[Group]:
    wanted = selection.groups
    if wanted is None:
        return list(plan.target_groups)
    by_id = {g.id: g for g in plan.target_groups}
    return [by_id[ident] for ident in wanted if ident in by_id]


def _targets(plan: Plan, selection: TargetSelection) -> Iterator[Paragraph]:
    """Targets of one phase as points (one per group) with a dash item per target."""
    phase = selection.phase or ""
    chosen = _selected(plan, selection, phase)
    groups = [
        (group.title, [t for t in chosen if t.group == group.id])
        for group in _target_groups(plan, selection)
    ]
    points = [(title, targets) for title, targets in groups if targets]
    for index, (title, targets) in enumerate(points):
        yield _point(joined(parse_inline(title), literal(":")), index, len(points) > 1)
        yield from _items(punctuated([sentence(t, phase) for t in targets]))


def _targets_by_group(plan: Plan, selection: TargetSelection) -> Iterator[Paragraph]:
    """One point per group: its intro, then per phase a «* Giai đoạn …» line and the targets."""
    phases = [selection.phase] if selection.phase else list(plan.phases)
    points: list[tuple[Group, list[Paragraph]]] = []
    for group in _target_groups(plan, selection):
        content: list[Paragraph] = []
        for phase in phases:
            targets = [t for t in _selected(plan, selection, phase) if t.group == group.id]
            if targets:
                label = group.phase_labels.get(phase)
                shown = literal(f"Giai đoạn {phase}") if label is None else parse_inline(label)
                content.append(Paragraph("body", joined(literal("* "), shown)))
                content.extend(_items(punctuated([sentence(t, phase) for t in targets])))
        if content:
            points.append((group, content))
    for index, (group, content) in enumerate(points):
        yield _point(group.title, index, len(points) > 1)
        yield from (_paragraph("body", text) for text in group.intro)
        yield from content


def _task_groups(plan: Plan, selection: TaskSelection) -> list[tuple[str, list[Paragraph]]]:
    wanted = selection.groups
    groups = [g for g in plan.task_groups if wanted is None or g.id in wanted]
    if wanted is not None:
        groups.sort(key=lambda g: wanted.index(g.id))
    out = []
    for group in groups:
        texts = [t.text for t in plan.tasks if t.group == group.id and t.in_body]
        if not texts:
            continue
        if selection.style == "items" and len(texts) > 1:
            out.append((group.title, list(_items(list(texts)))))
        else:
            out.append((group.title, list(_points(plan, list(texts)))))
    return out


def _duty(plan: Plan, duty: Duty) -> list[Paragraph]:
    return [*(_paragraph("body", text) for text in duty.text), *_points(plan, duty.points)]


def _close(body: list[Block], closing: str | None) -> list[Block]:
    """End the body with «./.»: after the closing paragraph, or after the last paragraph
    (on a line of its own after a table that ends the body)."""
    if closing:
        body = [*body, _paragraph("body", closing)]
    last = body[-1] if body else None
    if not isinstance(last, Paragraph) or not last.spans:
        return [*body, Paragraph("body", (Span(END_OF_BODY),))]
    spans = list(last.spans)
    if spans[-1].note is not None:  # «… năm 2025[1]./.»: the mark ends after the note's number
        texts = [i for i, span in enumerate(spans) if span.note is None]
        if texts:
            tail = spans[texts[-1]]
            spans[texts[-1]] = dataclasses.replace(tail, text=bare(tail.text))
        spans.append(Span(END_OF_BODY, spans[-1].bold, spans[-1].italic))
        return [*body[:-1], dataclasses.replace(last, spans=tuple(spans))]
    tail = spans[-1]
    spans[-1] = Span(ended(tail.text), tail.bold, tail.italic)
    return [*body[:-1], dataclasses.replace(last, spans=tuple(spans))]


def _recipients(recipients: list[str]) -> tuple[Spans, ...]:
    cleaned = [parse_inline(r.strip().removeprefix("- ")) for r in recipients]
    return tuple(joined(literal("- "), r) for r in punctuated(cleaned))


def _closing(recipients: tuple[Spans, ...], signature: SignatureBlock | None) -> Closing | None:
    """Nơi nhận beside the signature, one block that never splits; None when both are absent."""
    if not recipients and signature is None:
        return None
    return Closing(
        recipients_title=RECIPIENTS_TITLE if recipients else None,
        recipients=recipients,
        signature=signature,
        keep_together=True,
    )


def _signature(signature: Signature) -> SignatureBlock:
    lines = []
    if signature.collective:
        lines.append(joined(literal("TM. "), upper(parse_inline(signature.collective))))
    if signature.delegation:
        delegation = signature.delegation
        lines.append(joined(literal(f"{delegation.kind}. "), upper(parse_inline(delegation.of))))
    acting = literal("Q. " if signature.acting else "")
    lines.append(joined(acting, upper(parse_inline(signature.title))))
    name = None if signature.name is None else parse_inline(signature.name)
    return SignatureBlock(lines=tuple(lines), name=name)
