"""Targets (chỉ tiêu): from an appendix table of targets, and from the body's lists by phase.

An appendix headed «Chỉ tiêu», «Đơn vị tính», «Kết quả» (or one value column
per phase, «2026 - 2027»), with group rows «I | Giai đoạn 2026 - 2027» and
«I.1 | Cung cấp dịch vụ số …», gives one record per target, its values by
phase (a target in two phases is one record with two values). A body section
«Giai đoạn 2026 - 2027» whose points are the groups («a) Cung cấp …:») and
whose items are the targets' sentences becomes ``targets: {phase: …}``: each
sentence gives the target's ``text``, its value replaced by ``{value}``.
Without an appendix, such body lists still give records when each sentence
holds its value (a percentage or a number), the sentences of one target in
two phases differing only there.
"""

from __future__ import annotations

import re
from typing import Any

from kehoach.importer.blocks import Cell, Grid
from kehoach.importer.body import PHASE_MARK, PHASES
from kehoach.importer.records import FIELD_WORDS, body_name, slug
from kehoach.importer.report import Report
from kehoach.importer.tables import ROMAN_CELL, cell_lines, widths
from kehoach.importer.wording import similarity

PHASE = re.compile(r"^(?:Giai đoạn|Năm|Giai đoạn năm)?\s*(\d{4})(?:\s*[-–—]\s*(\d{4}))?$", re.I)
VALUE = re.compile(
    r"(?:Trên |Tối thiểu |Duy trì |Đạt |ít nhất )?\d+(?:[.,]\d+)?\s*%"
    r"|cấp độ \d+(?: và cấp độ \d+)?|\b\d+\b"
)
TARGET_FIELDS = {"stt", "indicator", "unit", "value", "note", "lead", "partners", "category"}
REPEAT = "-nt-"


def phase_of(text: str) -> str | None:
    """«2026 - 2027» for «Giai đoạn 2026 - 2027», «2026» for «Năm 2026»; else None."""
    match = PHASE.match(" ".join(text.replace("*", "").split()))
    if not match:
        return None
    return f"{match.group(1)} - {match.group(2)}" if match.group(2) else match.group(1)


def target_columns(grid: Grid) -> list[tuple[str, str | None]] | None:
    """(field, phase) of each column of a target table, or None when it is none."""
    count = max(grid.header_rows, 1)
    header: list[str] = []
    for column in range(grid.columns):
        texts = [grid.rows[r][column].plain for r in range(count) if grid.rows[r][column].plain]
        header.append(texts[-1] if texts else _covering(grid, count, column))
    out: list[tuple[str, str | None]] = []
    for text in header:
        phase = phase_of(text)
        if phase:
            out.append(("value", phase))
            continue
        lowered = text.lower()
        name = "value" if lowered in ("kết quả", "giá trị", "mục tiêu", "chỉ tiêu đạt") else None
        if lowered.startswith("lĩnh vực"):
            name = "category"
        elif "chủ trì" in lowered:  # «Cơ quan chủ trì theo dõi, đánh giá»: the lead
            name = "lead"
        for field, words in FIELD_WORDS:
            if name is None and any(w == lowered or w in lowered for w in words):
                name = "stt" if lowered.strip(".") in ("stt", "tt") else field
        if name == "indicator" and out and out[-1][0] == "indicator":
            out[-1] = ("category", None)  # «Chỉ tiêu» over two columns: field, then indicator
        if name is None or name not in TARGET_FIELDS:
            return None
        out.append((name, None))
    fields = [f for f, _ in out]
    if "indicator" not in fields:
        return None
    return out


def _covering(grid: Grid, count: int, column: int) -> str:
    for r in range(count):
        for c in range(column, -1, -1):
            cell = grid.rows[r][c]
            if not cell.covered and cell.plain and c + cell.colspan > column:
                return cell.plain
    return ""


def target_records(
    grid: Grid, columns: list[tuple[str, str | None]], title: str, plan: dict[str, Any],
    report: Report,
) -> dict[str, Any]:
    """Target groups, targets and phases from the table into ``plan``; the appendix returned."""
    fields = [f for f, _ in columns]
    groups: list[dict[str, Any]] = plan.setdefault("target_groups", [])
    targets: list[dict[str, Any]] = plan.setdefault("targets", [])
    phases: list[str] = plan.setdefault("phases", [])
    taken_groups = {g["id"] for g in groups}
    taken = {t["id"] for t in targets}
    phase: str | None = None
    group: dict[str, Any] | None = None
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    previous: dict[int, str] = {}
    repeat = False
    dashes = False
    phase_rows = False
    has_groups = False
    restarted = False
    last_number = 0
    category_above = ""
    for row in grid.rows[max(grid.header_rows, 1):]:
        filled = [(i, c) for i, c in enumerate(row) if not c.covered and c.plain]
        if not filled:
            continue
        first = row[0].plain
        rest = [c for i, c in filled if i != 0]
        if len(rest) == 1 and (rest[0].colspan > 1 or all(p.bold for p in rest[0].paras)) and (
            not first or ROMAN_CELL.match(first.split(".")[0]) or len(first) == 1
        ):
            name = " ".join(cell_lines(rest[0])).replace("**", "").strip()
            found = phase_of(name)
            if found:
                phase, phase_rows = found, True
                if found not in phases:
                    phases.append(found)
                continue
            prefix = "Về " if name.startswith("Về ") else ""
            plain_name = name[len(prefix):]
            has_groups = True
            group = next((g for g in groups if g["title"] == plain_name), None)
            if group is None:
                group = {"id": slug(plain_name, taken_groups), "title": plain_name}
                groups.append(group)
            continue
        if group is None:
            group = {"id": slug(title, taken_groups), "title": title}
            groups.append(group)
        if first.isdigit():
            restarted = restarted or (int(first) == 1 and last_number > 0)
            last_number = int(first)
        values: dict[str, str] = {}
        record: dict[str, Any] = {}
        for index, (field, column_phase) in enumerate(columns):
            cell = row[index]
            text = _text(cell)
            if field == "category":
                category_above = text if not cell.covered else category_above
                if category_above:
                    record["category"] = category_above
                continue
            if cell.covered:
                continue
            if text == REPEAT and index in previous:
                text, repeat = previous[index], True
            if text:
                previous[index] = text
            if field == "value":
                own = column_phase or phase or plan["document"]["period"].replace("-", " - ")
                if own not in phases:
                    phases.append(own)
                if text and text != "-":
                    values[own] = text
            elif field in ("lead", "partners"):
                bodies = [body_name(line) for line in cell_lines(cell)]
                dashes = dashes or any(line.startswith("- ") for line in cell_lines(cell))
                if bodies:
                    record[field] = bodies
            elif field in ("indicator", "unit", "note") and text:
                record[field] = text
        indicator = record.get("indicator", "")
        if "value" not in fields:  # the sentence holds its value: «100% thủ tục …»
            match = VALUE.search(indicator)
            value = match.group(0) if match else indicator
            own = phases[-1] if phases else _period_phase(plan, phases)
            values = {own: value}
            record.pop("indicator", None)
            record["text"] = indicator.replace(value, "{value}", 1)
        key = (group["id"], indicator)
        if key in by_key and values:
            by_key[key]["values"].update(values)
            continue
        target: dict[str, Any] = {
            "id": slug(indicator, taken),
            "group": group["id"],
            "text": record.get("text") or f"{indicator}: {{value}}",
            **{k: record[k] for k in ("indicator", "category", "unit") if k in record},
            "values": values or {phases[-1] if phases else "": "-"},
            **{k: record[k] for k in ("lead", "partners", "note") if k in record},
        }
        by_key[key] = target
        targets.append(target)
    width_of = widths(grid)
    appendix_columns = []
    header = grid.rows[max(grid.header_rows, 1) - 1]
    for index, (field, column_phase) in enumerate(columns):
        column: dict[str, Any] = {"field": field, "header": _header(grid, index, header)}
        if column_phase and sum(1 for f, _ in columns if f == "value") > 1:
            column["phase"] = column_phase
        if field == "note" and repeat:
            column["repeat_marker"] = REPEAT
        column["width"] = width_of[index]
        appendix_columns.append(column)
    _cover_phases(plan)
    appendix: dict[str, Any] = {"title": title, "source": "targets"}
    appendix["group_rows"] = "phase-group" if phase_rows else ("group" if has_groups else "none")
    if dashes:
        appendix["bodies"] = "dashes"
    if restarted:
        appendix["numbering"] = "per-group"
    appendix["columns"] = appendix_columns
    report.recognised.append(
        f"bảng chỉ tiêu → {len(targets)} chỉ tiêu, {len(groups)} nhóm, giai đoạn "
        + ", ".join(phases)
    )
    return appendix


def _period_phase(plan: dict[str, Any], phases: list[str]) -> str:
    """The plan's period as its one phase (a table with no phase of its own)."""
    phase = str(plan["document"]["period"]).replace("-", " - ")
    phases.append(phase)
    return phase


def _header(grid: Grid, index: int, header: list[Cell]) -> str:
    cell = header[index]
    return cell.plain.replace("*", "") if not cell.covered and cell.plain else _covering(
        grid, max(grid.header_rows, 1), index
    )


def _text(cell: Cell) -> str:
    return "\n".join(cell_lines(cell))


def reference_targets(plan: dict[str, Any], report: Report) -> None:
    """Body sections listing a phase's targets become ``targets: {phase: …}``.

    The phase is the section's title («Giai đoạn 2026 - 2027») or the plan's only
    phase. A table with no group rows put every target in one group named after the
    appendix: the body's points then say the groups.
    """
    targets = plan.get("targets") or []
    groups = plan.get("target_groups") or []
    if not targets:
        return
    phases = plan.get("phases") or []
    for section in _walk(plan.get("body", [])):
        phase = phase_of(section.get("title") or "") or (phases[0] if len(phases) == 1 else None)
        listed = _listed_in(section) if phase in phases else None
        if phase is None or listed is None:
            continue
        chosen = [t for t in targets if phase in t["values"]]
        single = len({t["group"] for t in chosen}) == 1 and len(listed) > 1
        matched = _assign(listed, chosen, groups, phase, single)
        if matched is None:
            continue
        order, wordings, titles = matched
        if single:
            _regroup(plan, chosen, titles)
        for target in chosen:
            sentence = wordings[target["id"]]
            value = target["values"][phase]
            if value not in sentence:  # «… thành phố.» in a cell, «… thành phố» in the list
                target["values"][phase] = value = value.rstrip(".;")
            text = _with_slot(sentence, value)
            printed = target.get("indicator") or target["text"].replace(
                "{value}", target["values"][phase]
            )
            if printed != sentence and "indicator" not in target:
                target["indicator"] = printed
            target["text"] = text
        for key in ("points", "text", "items"):
            section.pop(key, None)
        selection: dict[str, Any] = {"phase": phase}
        if order != [t["id"] for t in targets if t["id"] in order]:
            selection["order"] = order
        section["targets"] = selection
        report.recognised.append(
            f"mục «{section.get('title')}»: {len(order)} chỉ tiêu ở thân văn bản là bản ghi của "
            "Phụ lục (targets:)"
        )


def _assign(
    listed: list[tuple[str, list[str]]], chosen: list[dict[str, Any]],
    groups: list[dict[str, Any]], phase: str, single: bool,
) -> tuple[list[str], dict[str, str], dict[str, str]] | None:
    """Each listed sentence's target (ids in body order), its wording, its body group."""
    order: list[str] = []
    wordings: dict[str, str] = {}
    titles: dict[str, str] = {}
    for group_title, sentences in listed:
        if single:
            own = [t for t in chosen if t["id"] not in wordings]
        else:
            group = next((g for g in groups if similarity(g["title"], group_title) >= 0.8), None)
            if group is None:
                return None
            own = [t for t in chosen if t["group"] == group["id"]]
            if len(own) != len(sentences):
                return None
            if group["title"] != group_title:
                group.setdefault("appendix_title", group["title"])
                group["title"] = group_title
        for sentence in sentences:
            target = _best(sentence, [t for t in own if t["id"] not in wordings], phase)
            if target is None:
                return None
            order.append(target["id"])
            wordings[target["id"]] = sentence
            titles[target["id"]] = group_title
            if _with_slot(sentence, target["values"][phase].rstrip(".;")) is None:
                return None
    if len(order) != len(chosen):
        return None
    return order, wordings, titles


def _regroup(plan: dict[str, Any], chosen: list[dict[str, Any]], titles: dict[str, str]) -> None:
    """The body's groups for targets a table without group rows held in one group."""
    old = {t["group"] for t in chosen}
    groups = [g for g in plan["target_groups"] if g["id"] not in old]
    taken = {g["id"] for g in groups}
    by_title: dict[str, dict[str, Any]] = {}
    for target in chosen:
        title = titles[target["id"]]
        if title not in by_title:
            by_title[title] = {"id": slug(title, taken), "title": title}
            groups.append(by_title[title])
        target["group"] = by_title[title]["id"]
    plan["target_groups"] = groups
    ordered = sorted(chosen, key=lambda t: [g["id"] for g in groups].index(t["group"]))
    others = [t for t in plan["targets"] if t not in chosen]
    plan["targets"] = others + ordered


def _walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.get("sections") or []))
    return out


def _listed_in(section: dict[str, Any]) -> list[tuple[str, list[str]]] | None:
    """(group title, sentences) a phase section lists: points «a) Group:» with items, or
    one group printed without a letter (its title a paragraph, then the items)."""
    if section.get("sections") or section.get("table"):
        return None
    points, text, items = section.get("points"), section.get("text"), section.get("items")
    if points and not text and not items:
        return _listed(points)
    if text and len(text) == 1 and items and not points:
        return _listed([{"text": text[0], "items": items}])
    return None


def infer_targets(plan: dict[str, Any], report: Report) -> None:
    """Target records from the body's phase sections alone (a plan with no target table)."""
    if plan.get("targets"):
        return
    groups: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    phases: list[str] = []
    by_text: dict[tuple[str, str], dict[str, Any]] = {}
    taken: set[str] = set()
    taken_groups: set[str] = set()
    for section in _walk(plan.get("body", [])):
        phase = phase_of(section.get("title") or "")
        listed = _listed_in(section) if phase else None
        if phase is None or listed is None:
            continue
        found = []
        for group_title, sentences in listed:
            for sentence in sentences:
                match = VALUE.search(sentence)
                found.append((group_title, sentence, match.group(0) if match else sentence))
        phases.append(phase)
        for group_title, sentence, value in found:
            group = next((g for g in groups if g["title"] == group_title), None)
            if group is None:
                group = {"id": slug(group_title, taken_groups), "title": group_title}
                groups.append(group)
            text = sentence.replace(value, "{value}", 1)
            key = (group["id"], text)
            target = by_text.get(key) if text != "{value}" else None
            if target is None:
                alike = [t for t in targets if t["group"] == group["id"]]
                if _same_target(sentence, phase, alike) is not None:
                    continue  # an earlier phase's target, its text and values rewritten
            if target is None or phase in target["values"]:
                target = {"id": slug(text.replace("{value}", ""), taken), "group": group["id"],
                          "text": text, "values": {}}
                by_text[key] = target
                targets.append(target)
            target["values"][phase] = value
    if targets:
        plan["target_groups"], plan["targets"] = groups, targets
        plan["phases"] = [*plan.get("phases", []), *(p for p in phases if p not in
                                                      plan.get("phases", []))]
        _cover_phases(plan)
        report.guess(("targets",), "chỉ tiêu suy từ các câu của thân văn bản (giá trị là con số "
                                   "đầu tiên của câu); hãy soát lại giá trị")


def _same_target(
    sentence: str, phase: str, candidates: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """A target of an earlier phase whose sentence differs from ``sentence`` only in one
    stretch of words («… đạt cấp độ 3 mức độ …» and «… đạt cấp độ 4 và 90% đạt cấp độ 5
    mức độ …»): the same target, that stretch its value. Its text is rewritten around
    the stretch and ``values[phase]`` set; None when no target reads so alike."""
    for target in candidates:
        if phase in target["values"] or len(target["values"]) != 1:
            continue
        (first_phase, first_value), = target["values"].items()
        other = target["text"].replace("{value}", first_value, 1)
        head, tail = _common_ends(other, sentence)
        if head + tail < 0.6 * max(len(other), len(sentence)):
            continue
        mine, theirs = other[head : len(other) - tail], sentence[head : len(sentence) - tail]
        if not mine.strip() or not theirs.strip():
            continue
        target["text"] = other[:head] + "{value}" + other[len(other) - tail:]
        target["values"] = {
            first_phase: other[head:len(other) - tail],
            phase: sentence[head:len(sentence) - tail],
        }
        return target
    return None


def _common_ends(left: str, right: str) -> tuple[int, int]:
    """Lengths of the common start and end of two sentences, cut at spaces (whole words)."""
    head = 0
    while head < min(len(left), len(right)) and left[head] == right[head]:
        head += 1
    head = left.rfind(" ", 0, head + 1) + 1 if head < min(len(left), len(right)) else head
    tail = 0
    limit = min(len(left), len(right)) - head
    while tail < limit and left[-1 - tail] == right[-1 - tail]:
        tail += 1
    if tail < limit:
        cut = left.find(" ", len(left) - tail)
        tail = len(left) - cut if cut >= 0 else 0
    return head, tail


def _cover_phases(plan: dict[str, Any]) -> None:
    """Widen ``document.period`` to hold every phase (a target of 2028 - 2030 in a plan whose
    title names only its first year)."""
    years = [int(y) for p in plan.get("phases", []) for y in re.findall(r"\d{4}", p)]
    if not years:
        return
    document = plan["document"]
    own = [int(y) for y in re.findall(r"\d{4}", str(document.get("period", "")))]
    first, last = min(years + own[:1]), max(years + own[-1:])
    document["period"] = f"{first}-{last}" if first != last else str(first)


def _listed(points: list[Any]) -> list[tuple[str, list[str]]] | None:
    out = []
    for point in points:
        if not isinstance(point, dict) or set(point) - {"text", "items"}:
            return None
        title = point["text"].rstrip()
        if not title.endswith(":"):
            return None
        items = point.get("items") or []
        if not items or any(not isinstance(i, str) for i in items):
            return None
        out.append((title[:-1].rstrip(), [i.rstrip().rstrip(";.").rstrip() for i in items]))
    return out


def _best(sentence: str, own: list[dict[str, Any]], phase: str) -> dict[str, Any] | None:
    scored = [
        (similarity(sentence, t.get("indicator") or t["text"].replace(
            "{value}", t["values"].get(phase, ""))), t)
        for t in own
        if t["values"].get(phase, "").rstrip(".;") in sentence
    ]
    if not scored:
        return None
    score, target = max(scored, key=lambda pair: pair[0])
    return target if score >= 0.4 else None


def _with_slot(sentence: str, value: str) -> str | None:
    if value not in sentence:
        return None
    return sentence.replace(value, "{value}", 1)


def infer_targets_by_group(plan: dict[str, Any], report: Report) -> None:
    """A section whose points are target groups, each listing its targets under «* Giai
    đoạn …» labels, becomes ``targets: {by: group}`` (records, intros, phase labels)."""
    if plan.get("targets"):
        return
    groups: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for section in _walk(plan.get("body", [])):
        points = section.get("points") or []
        if not points or any(not isinstance(p, dict) or not p.get(PHASES) for p in points):
            continue
        made = _by_group(points, groups, targets)
        if made is None:
            continue
        ids, order = made
        section.pop("points")
        selection: dict[str, Any] = {"by": "group", "groups": ids}
        if order != [t["id"] for t in targets if t["id"] in order]:
            selection["order"] = order
        section["targets"] = selection
        _order_keys(section)
    if targets:
        plan["target_groups"], plan["targets"] = groups, targets
        phases = sorted({p for t in targets for p in t["values"]})
        plan["phases"] = phases
        _cover_phases(plan)
        report.guess(("targets",), "chỉ tiêu suy từ các nhóm và giai đoạn của thân văn bản "
                                   "(giá trị là con số đầu tiên của câu); hãy soát lại giá trị")


def _by_group(
    points: list[dict[str, Any]], groups: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> tuple[list[str], list[str]] | None:
    """Groups and targets of one section (appended); its group ids and the targets' order."""
    new_groups: list[dict[str, Any]] = []
    new_targets: list[dict[str, Any]] = []
    sequences: list[list[str]] = []
    taken_groups = {g["id"] for g in groups}
    taken = {t["id"] for t in targets}
    for point in points:
        if set(point) - {"text", "paragraphs", PHASES}:
            return None
        title = point["text"].rstrip().rstrip(":").rstrip()
        group: dict[str, Any] = {"id": slug(title, taken_groups), "title": title}
        if point.get("paragraphs"):
            group["intro"] = list(point["paragraphs"])
        labels: dict[str, str] = {}
        own: list[dict[str, Any]] = []
        for entry in point[PHASES]:
            phase = phase_of(entry["label"])
            if phase is None or not entry["items"] or any(
                not isinstance(i, str) for i in entry["items"]
            ):
                return None
            if entry["label"] != f"Giai đoạn {phase}":
                labels[phase] = entry["label"]
            sequence = []
            for item in entry["items"]:
                sentence = item.rstrip().rstrip(";.").rstrip()
                match = VALUE.search(sentence)
                value = match.group(0) if match else sentence
                text = sentence.replace(value, "{value}", 1)
                target = next((t for t in own if t["text"] == text and text != "{value}"
                               and phase not in t["values"]), None)
                if target is None:
                    target = _same_target(sentence, phase, own)
                if target is None:
                    target = {"id": slug(text.replace("{value}", ""), taken),
                              "group": group["id"], "text": text, "values": {}}
                    own.append(target)
                if phase not in target["values"]:
                    target["values"][phase] = value
                sequence.append(target["id"])
            sequences.append(sequence)
        if labels:
            group["phase_labels"] = labels
        new_groups.append(group)
        new_targets.extend(own)
    order = _merged_order(sequences)
    if order is None:
        return None
    groups.extend(new_groups)
    targets.extend(new_targets)
    return [g["id"] for g in new_groups], order


def _merged_order(sequences: list[list[str]]) -> list[str] | None:
    """One order of ids keeping every sequence's order (None when they disagree)."""
    after: dict[str, set[str]] = {}
    seen: list[str] = []
    for sequence in sequences:
        for index, ident in enumerate(sequence):
            if ident not in after:
                after[ident] = set()
                seen.append(ident)
            after[ident].update(sequence[:index])
    out: list[str] = []
    left = list(seen)
    while left:
        ready = next((i for i in left if after[i] <= set(out)), None)
        if ready is None:
            return None
        out.append(ready)
        left.remove(ready)
    return out


def _order_keys(section: dict[str, Any]) -> None:
    order = ("title", "part", "label", "text", "items", "points", "targets", "tasks", "table",
             "sections", "after")
    items = {k: section.pop(k) for k in list(section)}
    section.update({k: items[k] for k in order if k in items})
    section.update({k: v for k, v in items.items() if k not in order})


def restore_phase_lists(sections: list[dict[str, Any]]) -> None:
    """Phase lists no target was made of, put back as printed: the first label and its
    items in the point, the next ones after the section (every word kept, in order)."""
    for section in _walk(sections):
        for point in section.get("points") or []:
            if not isinstance(point, dict) or PHASES not in point:
                continue
            for number, entry in enumerate(point.pop(PHASES)):
                label = f"{PHASE_MARK}{entry['label']}"
                if number == 0 and not point.get("items"):
                    point.setdefault("paragraphs", []).append(label)
                    point["items"] = list(entry["items"])
                else:
                    section.setdefault("after", []).extend(
                        [label, *(f"- {item}" for item in entry["items"])]
                    )
