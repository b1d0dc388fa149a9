"""From a run of paragraphs and tables to a plan: which part of the document each one is.

The order of a Decree 30 plan is fixed: header table, type line, trích yếu,
basis and intro, the numbered body, the closing paragraph ending «./.»,
Nơi nhận beside the signature, then the appendices (each opening with a
«Phụ lục» label or a landscape page, then its title, its reference line
«(Kèm theo …)» and a table or numbered text). The recogniser walks that
order once; whatever it cannot place is kept as text where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kehoach.importer.blocks import Block, Grid, Para
from kehoach.importer.body import PART, BodyBuilder
from kehoach.importer.decision import is_decision, read_attached_line, read_decision
from kehoach.importer.errors import ImportRefused
from kehoach.importer.features import features
from kehoach.importer.header import is_header_table, is_rule, kind_of, read_header
from kehoach.importer.labels import typed_label, unwrap_bold
from kehoach.importer.points import reference_points
from kehoach.importer.records import Records, columns_of, task_records
from kehoach.importer.referencing import infer_tasks, reference_tasks
from kehoach.importer.report import Report
from kehoach.importer.tables import literal_rows, literal_table
from kehoach.importer.targets import (
    infer_targets,
    infer_targets_by_group,
    reference_targets,
    restore_phase_lists,
    target_columns,
    target_records,
)

BASIS = re.compile(r"^(Căn cứ|Thực hiện|Tiếp tục thực hiện|Triển khai|Theo đề nghị)\b")
APPENDIX_LABEL = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[0-9IVXLC]+)?\s*$")
REFERENCE = re.compile(r"^\(?\s*(?P<lead>(Ban hành )?[Kk]èm theo)\s+(?P<rest>.*?)\)?\s*$")
END = "./."
PERIOD = re.compile(r"(?:giai đoạn|thời kỳ)\s+(\d{4})\s*-\s*(\d{4})|năm\s+(\d{4})", re.I)
SIGNATURE_KINDS = {"TM.": "collective", "KT.": "KT", "TL.": "TL", "TUQ.": "TUQ", "Q.": "acting"}
TITLE_CASE = {"CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch"}


@dataclass
class Recognised:
    plan: dict[str, Any]
    report: Report
    records: list[Records]


def recognise(blocks: list[Block], landscape: list[tuple[str, bool]]) -> Recognised:
    """The plan ``blocks`` state; raises ImportRefused when there is no plan to read."""
    report = Report()
    blocks = [b for b in blocks if not (isinstance(b, Para) and not b.plain)]
    if not blocks:
        raise ImportRefused("văn bản rỗng: không có đoạn văn nào để nhập")
    position = next(
        (i for i, b in enumerate(blocks[:6]) if isinstance(b, Grid) and is_header_table(b)), None
    )
    if position is None and _type_line_first(blocks):
        plan: dict[str, Any] = {"document": _headerless(report)}
        return _recognise_rest(blocks, plan, report, landscape)
    if position is None:
        raise ImportRefused(
            "không thấy bảng tiêu đề (cơ quan ban hành, Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA "
            "VIỆT NAM», Số, ngày) ở đầu văn bản: kehoach chỉ nhập văn bản hành chính có tiêu "
            "đề theo Nghị định 30"
        )
    header = blocks[position]
    assert isinstance(header, Grid)
    plan = {"document": read_header(header, report)}
    document = plan["document"]
    number_text = document.pop("_number_text", None)
    if number_text and number_text.startswith("0") and features().number_string:
        document["number"] = number_text
    rest = blocks[:position] + blocks[position + 1 :]
    return _recognise_rest(rest, plan, report, landscape)


def _type_line_first(blocks: list[Block]) -> bool:
    """A document without header table that opens with its type line (a plan sent with a
    letter: ``header: none``)."""
    first = next((b for b in blocks[:3] if isinstance(b, Para)), None)
    return first is not None and kind_of(first.plain) is not None


def _headerless(report: Report) -> dict[str, Any]:
    report.recognised.append("không có bảng tiêu đề: văn bản gửi kèm (header: none)")
    report.guess(("document", "place"), "văn bản không có địa danh: hãy ghi địa danh")
    return {
        "kind": "ke-hoach", "status": "issued", "issuer": {"name": "Chưa rõ"},
        "place": "Chưa rõ", "date": {"year": 2026}, "header": "none",
    }


def _recognise_rest(
    rest: list[Block], plan: dict[str, Any], report: Report, landscape: list[tuple[str, bool]]
) -> Recognised:
    """Everything after the header table: type, title, basis, body, closing, appendices."""
    document = plan["document"]
    index = 0
    if index < len(rest) and is_decision(rest[index]):
        index = read_decision(rest, index, plan, report, _closing_block)
    # type line and trích yếu
    found = next(
        (i for i in range(index, min(index + 4, len(rest)))
         if isinstance(rest[i], Para) and kind_of(rest[i].plain)),  # type: ignore[union-attr]
        None,
    )
    if found is None:
        report.guess(("document", "kind"), "không thấy dòng tên loại «KẾ HOẠCH»")
    else:
        before = [b.markup for b in rest[index:found] if isinstance(b, Para) and b.plain]
        if before:  # a line above the type line («DỰ THẢO», a stamp): kept, never dropped
            plan["intro"] = before
            report.keep(("intro",), f"{len(before)} dòng trước tên loại: ghi vào đoạn mở đầu")
        type_line = rest[found]
        assert isinstance(type_line, Para)
        document["kind"] = kind_of(type_line.plain)
        index = found + 1
    title_lines: list[str] = []
    while index < len(rest) and isinstance(rest[index], Para):
        para = rest[index]
        assert isinstance(para, Para)
        if is_rule(para.plain):
            index += 1
            continue
        label = typed_label(para.plain)
        if para.label or (label and label.kind in ("roman", "arabic", "dotted")):
            break  # a numbered heading: the body has begun
        if PART.match(para.plain):
            break  # «PHẦN I»: the first part of the body
        if not (para.bold or para.style in ("KH Title", "Heading 1", "Title")):
            break
        if title_lines and (para.plain[:3].rstrip(".").isupper() and para.plain[:2] == "I."):
            break
        title_lines.append(unwrap_bold(para.markup))
        index += 1
    document["title"] = "\n".join(title_lines) or "Kế hoạch"
    if index < len(rest) and isinstance(rest[index], Para):
        attached = rest[index]
        assert isinstance(attached, Para)
        if attached.plain.startswith("(") and read_attached_line(attached.plain, plan, report):
            index += 1
            _from_attachment(plan, report)
    if not title_lines:
        report.guess(("document", "title"), "không thấy trích yếu in đậm sau tên loại")
    period = _period(" ".join(title_lines), document["date"]["year"])
    document["period"] = period
    if not features().period_optional:
        report.guess(("document", "period"), f"thời kỳ «{period}» suy từ trích yếu hoặc năm")
    report.recognised.append(
        f"tên loại và trích yếu ({len(title_lines)} dòng): «{' / '.join(title_lines)[:90]}»"
    )
    # basis, intro, body up to Nơi nhận
    builder = BodyBuilder(report)
    basis: list[str] = []
    appendix_at = _appendix_index(rest, index, landscape)
    closing_at = min(_closing_index(rest, index), appendix_at)
    for block in rest[index:closing_at]:
        is_basis = isinstance(block, Para) and BASIS.match(block.plain)
        if is_basis and not builder.top and not builder.intro:
            assert isinstance(block, Para)
            basis.append(block.markup)
            continue
        builder.add(block)
    if basis:
        plan["basis"] = basis
        report.recognised.append(f"căn cứ: {len(basis)} dòng")
    if builder.intro:
        plan["intro"] = [*plan.get("intro", []), *builder.intro]
    sections = builder.sections()
    closing = _take_closing(sections, plan)
    if closing is not None:
        plan["closing"] = closing
        report.recognised.append("đoạn kết có dấu «./.»")
    plan["body"] = sections or [{"text": ["(trống)"]}]
    if not sections:
        report.keep(("body",), "không thấy mục đánh số nào: toàn bộ thân văn bản là đoạn mở đầu")
    report.recognised.append(f"thân văn bản: {_count(sections)} mục")
    if builder.reordered:
        report.notes.append(
            f"{builder.reordered} đoạn văn đứng sau các ý «-» của một điểm được in trước các ý đó "
            "(cú pháp của điểm: đoạn văn rồi các ý)"
        )
    # Nơi nhận, signature
    if closing_at < appendix_at:
        closing_end = closing_at + 1 if isinstance(rest[closing_at], Grid) else appendix_at
        _closing_block(rest, closing_at, closing_end, plan, report)
        _stray(rest[closing_end:appendix_at], plan, report)
    else:
        report.notes.append("không thấy khối «Nơi nhận» và chữ ký")
    # appendices
    records = _appendices(rest[appendix_at:], plan, report, landscape)
    infer_tasks(plan, report)
    reference_tasks(plan, report)
    infer_targets(plan, report)
    reference_targets(plan, report)
    infer_targets_by_group(plan, report)
    reference_points(plan, report)
    restore_phase_lists(plan["body"])
    for appendix in plan.get("appendices", []):
        restore_phase_lists(appendix.get("body") or [])
    return Recognised(plan, report, records)


def _from_attachment(plan: dict[str, Any], report: Report) -> None:
    """A headerless plan: its issuer and date from the letter it is attached to."""
    document = plan["document"]
    attached = document.get("attached_to")
    if document.get("header") != "none" or not attached:
        return
    document["issuer"] = {"name": attached["issuer"]}
    abbr = attached["symbol"].split("-", 1)[0]
    if abbr:
        document["issuer"]["abbr"] = abbr
    document["date"] = dict(attached["date"])
    if "number" not in attached:
        document["status"] = "draft"
    report.guess(("document", "issuer"), "cơ quan ban hành lấy từ dòng «(Kèm theo …)»")


def _period(title: str, year: int) -> str:
    match = PERIOD.search(title)
    if match and match.group(1):
        return f"{match.group(1)}-{match.group(2)}"
    if match and match.group(3):
        return match.group(3)
    return str(year)


def _closing_index(blocks: list[Block], start: int) -> int:
    """Where Nơi nhận (or the signature) starts: a table holding it, or its paragraph."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        if isinstance(block, Grid):
            text = " ".join(p.plain for p in block.paras())
            signed = any(
                p.plain.startswith(tuple(SIGNATURE_KINDS)) or p.style == "KH Signature"
                for p in block.paras()
            )
            if "Nơi nhận" in text[:200] or (signed and block.columns <= 3 and len(text) < 2000):
                return index
        elif block.plain.startswith("Nơi nhận"):
            return index
    return len(blocks)


def _appendix_index(blocks: list[Block], start: int, landscape: list[tuple[str, bool]]) -> int:
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para) and (
            APPENDIX_LABEL.match(block.plain) or block.style == "KH Appendix Label"
        ):
            return index
    return len(blocks)


def _count(sections: list[dict[str, Any]]) -> int:
    return sum(1 + _count(s.get("sections", [])) for s in sections)


def _take_closing(sections: list[dict[str, Any]], plan: dict[str, Any]) -> str | None:
    """The last paragraph, when it ends with «./.»: the plan's ``closing`` (printed there)."""
    node = sections[-1] if sections else None
    while node is not None:
        for key in ("after", "text"):
            texts = node.get(key)
            if node.get("sections") and key == "text":
                break
            if texts and isinstance(texts[-1], str) and texts[-1].rstrip("*").endswith(END):
                if key == "text" and (node.get("items") or node.get("points")):
                    break
                last = texts.pop()
                if not texts:
                    node.pop(key)
                    if key == "text" and "title" not in node:
                        texts.append(last)
                        node[key] = texts
                        return None
                return _without_end(last)
        children = node.get("sections")
        node = children[-1] if children and not node.get("after") else None
    if plan.get("intro") and plan["intro"][-1].endswith(END):
        return _without_end(plan["intro"].pop())
    return None


def _without_end(text: str) -> str:
    stripped = text.rstrip()
    closer = ""
    while stripped.endswith("*"):
        closer += "*"
        stripped = stripped[:-1]
    return stripped[: -len(END)].rstrip() + closer


def _closing_block(
    blocks: list[Block], start: int, end: int, plan: dict[str, Any], report: Report
) -> None:
    recipients: list[str] = []
    signature_lines: list[Para] = []
    for block in blocks[start:end]:
        if isinstance(block, Grid):
            for row in block.rows:
                for column, cell in enumerate(row):
                    if cell.covered:
                        continue
                    paras = [p for p in cell.paras if p.plain]
                    if column == 0:
                        recipients.extend(_recipient(p) for p in paras)
                    else:
                        signature_lines.extend(paras)
        elif block.plain.startswith(("-", "+")) or block.plain.startswith("Nơi nhận"):
            recipients.append(_recipient(block))
        else:
            signature_lines.append(block)
    recipients = [r for r in recipients if r]
    if recipients:
        plan["recipients"] = recipients
        report.recognised.append(f"Nơi nhận: {len(recipients)} nơi")
    signature = _signature(signature_lines, report)
    if signature:
        plan["signature"] = signature


def _stray(blocks: list[Block], plan: dict[str, Any], report: Report) -> None:
    """Text between the signature and the first appendix (a plan attached to a decision,
    a note): kept, after the body's last section, and named in the report."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Grid):
            texts.extend(literal_rows(block))
        elif block.plain:
            texts.append(block.markup)
    if not texts:
        return
    last = plan["body"][-1]
    last.setdefault("after", []).extend(texts)
    report.keep(
        ("body", len(plan["body"]) - 1, "after"),
        f"{len(texts)} đoạn sau chữ ký, trước phụ lục (ví dụ kế hoạch ban hành kèm quyết định: "
        "khối decision chưa được nhập): ghi sau mục cuối của thân văn bản",
    )


def _recipient(para: Para) -> str:
    text = para.markup.strip()
    if para.plain.startswith("Nơi nhận"):
        return ""
    text = re.sub(r"^[-–+]\s*", "", text)
    return text.rstrip().rstrip(";").rstrip() if not text.endswith(".)") else text


def _signature(lines: list[Para], report: Report) -> dict[str, Any] | None:
    if not lines:
        return None
    signature: dict[str, Any] = {}
    texts = [p.plain for p in lines]
    for text in list(texts):
        for prefix, kind in SIGNATURE_KINDS.items():
            if text.startswith(prefix):
                who = _title_case(text[len(prefix) :].strip())
                if kind == "collective":
                    signature["collective"] = who
                elif kind == "acting":
                    signature["acting"] = True
                    texts[texts.index(text)] = text[len(prefix) :].strip()
                    break
                else:
                    signature["delegation"] = {"kind": kind, "of": who}
                texts.remove(text)
                break
    upper = [t for t in texts if t.isupper()]
    names = [t for t in texts if not t.isupper()]
    if upper:
        signature["title"] = _title_case(upper[0])
        for extra in upper[1:]:
            report.keep(("signature",), f"dòng chữ ký «{extra}» không ánh xạ được")
    elif signature.get("delegation"):
        signature["title"] = signature["delegation"]["of"]
    else:
        return None
    if names:
        signature["name"] = names[-1]
    report.recognised.append(
        "chữ ký: " + " / ".join(t for t in (p.plain for p in lines))
    )
    order = ("collective", "delegation", "acting", "title", "name")
    return {k: signature[k] for k in order if k in signature}


def _title_case(upper: str) -> str:
    text = " ".join(upper.split())
    if text in TITLE_CASE:
        return TITLE_CASE[text]
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _appendices(
    blocks: list[Block], plan: dict[str, Any], report: Report, landscape: list[tuple[str, bool]]
) -> list[Records]:
    """Each «Phụ lục» label opens an appendix: title lines, reference line, table or text."""
    starts = [
        i for i, b in enumerate(blocks) if isinstance(b, Para) and APPENDIX_LABEL.match(b.plain)
    ]
    found: list[Records] = []
    appendices: list[dict[str, Any]] = []
    taken_ids: set[str] = set()
    taken_groups: set[str] = set()
    labels: list[str] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(blocks)
        part = blocks[start:end]
        label = part[0]
        assert isinstance(label, Para)
        labels.append(label.plain)
        title: list[str] = []
        reference: list[str] = []
        index = 1
        while index < len(part) and isinstance(part[index], Para):
            para = part[index]
            assert isinstance(para, Para)
            if reference and not para.italic:
                break
            if reference or para.plain.startswith("("):
                reference.append(para.plain)
                index += 1
                if para.plain.rstrip().endswith(")"):
                    break
                continue
            if not para.bold:
                break
            title.append(unwrap_bold(para.markup))
            index += 1
        content = part[index:]
        name = "\n".join(title) or label.plain
        where = ("appendices", len(appendices))
        if reference:
            _reference(" ".join(reference), plan, report)
        grids = [b for b in content if isinstance(b, Grid)]
        paras = [b for b in content if isinstance(b, Para)]
        appendix: dict[str, Any] | None = None
        if len(grids) == 1 and not paras:
            fields = columns_of(grids[0])
            target_fields = target_columns(grids[0]) if fields is None else None
            if target_fields is not None:
                appendix = target_records(grids[0], target_fields, name, plan, report)
            elif fields is not None:
                records = task_records(grids[0], fields, name, taken_ids, taken_groups)
                found.append(records)
                appendix = records.appendix
                plan.setdefault("task_groups", []).extend(records.groups)
                plan.setdefault("tasks", []).extend(records.tasks)
                report.recognised.append(
                    f"{label.plain}: bảng nhiệm vụ → {len(records.tasks)} nhiệm vụ trong "
                    f"{len(records.groups)} nhóm (source: tasks)"
                )
                offset = len(plan["tasks"]) - len(records.tasks)
                for index, task in enumerate(records.tasks):
                    kept = records.kept_monitor.get(task["id"])
                    if kept:
                        report.comments[("tasks", offset + index)] = f"theo dõi, kiểm tra: {kept}"
                if records.kept_monitor:
                    report.keep(
                        where,
                        "cột «Theo dõi, kiểm tra, đôn đốc» chưa có trong lược đồ (monitor): "
                        f"{len(records.kept_monitor)} ô ghi trong chú thích của nhiệm vụ",
                    )
            elif features().literal_appendices:
                appendix = {"title": name, "table": literal_table(grids[0])}
                report.recognised.append(f"{label.plain}: bảng ghi từng dòng (table:)")
        elif not grids and paras and features().text_appendices:
            builder = BodyBuilder(report)
            for para in paras:
                builder.add(para)
            appendix = {"title": name, "body": builder.sections()}
            if builder.intro:
                report.keep(where, "đoạn văn trước mục đầu tiên của phụ lục: mục không tiêu đề")
                appendix["body"].insert(0, {"text": builder.intro})
            report.recognised.append(f"{label.plain}: phụ lục văn bản ({len(paras)} đoạn)")
        if appendix is None:
            report.keep(
                where,
                f"{label.plain} «{name[:50]}»: chưa ánh xạ được (bảng ghi từng dòng hay phụ lục "
                "văn bản chưa có trong lược đồ): mỗi dòng, mỗi đoạn thành một dòng của bảng một "
                "cột, các phụ lục như vậy chung một bảng (mỗi phụ lục một nhóm)",
            )
            appendix = _literal_appendix(name, content, taken_ids, taken_groups, plan, label.plain)
            if appendix is None:
                continue
        if features().literal_appendices:
            page = _orientation(part, landscape)
            default = "portrait" if "body" in appendix else "landscape"
            if page and page != default:
                appendix["orientation"] = page
        appendices.append(appendix)
    if appendices:
        plan["appendices"] = appendices
        if len(labels) > 1 and all(re.search(r"\d$", x) for x in labels):
            plan["appendix_numbering"] = "arabic"
        if len(labels) == 1 and labels[0].upper() == "PHỤ LỤC" and features().literal_appendices:
            appendices[0]["label"] = labels[0]
        if len(labels) > 1 and labels[0] != labels[0].upper() and features().literal_appendices:
            for appendix, label_text in zip(appendices, labels, strict=True):
                appendix["label"] = label_text
    return found


def _orientation(part: list[Block], landscape: list[tuple[str, bool]]) -> str | None:
    texts = {text: wide for text, wide in landscape}
    for block in part[:3]:
        if isinstance(block, Para) and block.plain in texts:
            return "landscape" if texts[block.plain] else "portrait"
    return None


def _reference(line: str, plan: dict[str, Any], report: Report) -> None:
    """«(Ban hành kèm theo Kế hoạch số …/KH-UBND ngày …/3/2026 của Chủ tịch UBND tỉnh …)»."""
    match = REFERENCE.match(line)
    if not match:
        report.keep(("appendices",), f"dòng «{line[:60]}» không đọc được như dòng «(Kèm theo …)»")
        return
    document = plan["document"]
    lead = match.group("lead")
    if lead != "Kèm theo" and features().reference_lead:
        document["reference_lead"] = lead[:1].upper() + lead[1:]
    rest = match.group("rest")
    if " của " in rest:
        name = rest.rsplit(" của ", 1)[1].rstrip(")").strip()
        if name and name != document["issuer"]["name"]:
            document["reference_name"] = name
    if re.search(r"ngày\s*\d*\s*/\s*\d*\s*/\s*\d{4}", rest) or re.search(r"ngày\s*/", rest):
        document["reference_date"] = "short"
    report.recognised.append(f"dòng tham chiếu của phụ lục: «{line[:100]}»")


def _literal_appendix(
    name: str, content: list[Block], taken_ids: set[str], taken_groups: set[str],
    plan: dict[str, Any], label: str,
) -> dict[str, Any] | None:
    """Today's schema has record tables only, and a task table lists every task group: the
    content becomes rows of a one-column task table, one group per appendix, all such
    appendices in one table (nothing dropped, every word printed, in order). Returns the
    appendix for the first one, None for the next ones (they join its table)."""
    group = {"id": _fresh(slug_of(label), taken_groups), "title": f"{label}: {name}".replace(
        "\n", " ")}
    rows: list[str] = []
    for block in content:
        if isinstance(block, Grid):
            rows.extend(literal_rows(block))
        else:
            rows.append(block.markup)
    tasks = [
        {"id": _fresh(f"{group['id']}-dong-{i + 1}", taken_ids), "group": group["id"], "text": row,
         "in_body": False}
        for i, row in enumerate(rows or [name])
    ]
    first = not plan.get("task_groups")
    plan.setdefault("task_groups", []).append(group)
    plan.setdefault("tasks", []).extend(tasks)
    if not first:
        return None
    return {
        "title": name,
        "source": "tasks",
        "columns": [{"field": "text", "header": "Nội dung"}],
    }


def slug_of(label: str) -> str:
    from kehoach.importer.records import slug

    return slug(label, set())


def _fresh(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident
