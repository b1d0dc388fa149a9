"""Semantic diff of two versions of a plan (DESIGN §7): what a reviewer reads, by meaning.

A line diff of the YAML says «line 212 changed»; a reviewer wants «chỉ tiêu
dvctt-toan-trinh, giai đoạn 2026-2027: 95% → 100%». The walk is generic over
the plan's data (``model_dump``), so a key the schema gains is compared like
any other, and matched by meaning where it matters:

- records with ids (targets, tasks, their groups) by id; a removed and an
  added record with the same content are one record renamed («đổi mã»), its
  other field changes still listed; a record whose place in the order
  changed is reported as moved;
- lists without ids (basis lines, recipients, sections, columns, points…)
  by content: equal items first, then similar ones paired, so inserting a
  line on top is one insertion and deleting the second of four sections is
  one deletion, not a rewrite of everything after;
- phases relabelled («2026-2027» → «2026 - 2027») as one change, the values
  then compared under their new labels.

Wording is compared word by word (a tokenised ``difflib`` diff). The result
is plain data (:class:`Change`); :mod:`kehoach.review.report` words it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from kehoach.base.align import align_by_content, word_similarity
from kehoach.base.text import one_line, word_tokens
from kehoach.schema.models import Plan

Action = Literal["added", "removed", "changed", "moved", "renamed", "relabelled"]
WordOp = tuple[Literal["=", "-", "+"], str]

PHASED = ("values", "floor", "phase_labels")
"""Mappings keyed by phase: a change in one is told with its phase."""

RECORDS = {
    "target_groups": "target_group",
    "targets": "target",
    "task_groups": "task_group",
    "tasks": "task",
}
AREAS = {
    "document": "metadata",
    "signature": "signature",
    "decision": "decision",
    "basis": "basis",
    "intro": "intro",
    "recipients": "recipients",
    "body": "section",
    "organisation": "organisation",
    "appendices": "appendix",
}
ORDER = (
    "document",
    "extends",
    "phases",
    "basis",
    "intro",
    "target_groups",
    "targets",
    "task_groups",
    "tasks",
    "body",
    "organisation",
    "closing",
    "recipients",
    "signature",
    "attachments_note",
    "appendix_numbering",
    "appendices",
    "decision",
)
"""Reading order of the printed document; other keys follow in the file's order."""

RENAMED_ENOUGH = 0.6
"""Similarity above which a removed and an added record are one record renamed."""


@dataclass(frozen=True)
class Change:
    """One difference between the versions.

    ``area`` says what kind of thing changed (``target``, ``task``,
    ``target_group``, ``task_group``, ``metadata``, ``signature``, ``basis``,
    ``intro``, ``recipients``, ``section``, ``organisation``, ``appendix``,
    ``decision``, ``plan``); ``key`` is the id (the NEW id of a renamed
    record), the line number or the section's title path; ``field`` the
    changed field as a dotted path (``None`` when the whole item is added,
    removed, moved or renamed); ``phase`` the phase of a value. ``words`` is
    the word-level diff of a changed text. ``where`` and ``sentence``: where
    the item is printed and what is printed there (filled by the report).
    """

    area: str
    action: Action
    key: str
    field: str | None = None
    phase: str | None = None
    old: Any = None
    new: Any = None
    words: tuple[WordOp, ...] | None = None
    where: str | None = None
    sentence: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [list(w) for w in self.words] if self.words is not None else None
        return data


# --- words -----------------------------------------------------------------------

PHRASE_GAP = 2
"""Unchanged words between two changes that still make them one replaced phrase."""


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level diff of two texts, a replaced phrase as one deletion and one insertion.

    Changes separated by at most :data:`PHRASE_GAP` short unchanged words
    («Bộ phận Hành chính» → «Phòng Hành chính tổng hợp») are joined into one
    replaced phrase rather than alternating struck and inserted words.
    """
    a, b = word_tokens(old), word_tokens(new)
    blocks: list[tuple[str, str] | str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append("".join(a[i1:i2]))
            continue
        change = ("".join(a[i1:i2]), "".join(b[j1:j2]))
        if (
            len(blocks) >= 2
            and isinstance(blocks[-1], str)
            and isinstance(blocks[-2], tuple)
            and _short_gap(blocks[-1])
        ):
            gap = blocks.pop()
            assert isinstance(gap, str)
            before = blocks.pop()
            assert isinstance(before, tuple)
            change = (before[0] + gap + change[0], before[1] + gap + change[1])
        blocks.append(change)
    ops: list[WordOp] = []
    for block in blocks:
        pieces: list[WordOp] = (
            [("=", block)] if isinstance(block, str) else [("-", block[0]), ("+", block[1])]
        )
        for kind, text in pieces:
            if not text:
                continue
            if ops and ops[-1][0] == kind:
                ops[-1] = (kind, ops[-1][1] + text)
            else:
                ops.append((kind, text))
    return tuple(ops)


def _short_gap(text: str) -> bool:
    """A run of unchanged text short enough to belong to the phrase around it."""
    words = [w for w in word_tokens(text) if w.strip() and any(c.isalnum() for c in w)]
    return not text.strip() or (len(words) <= PHRASE_GAP and "\n" not in text and len(text) < 16)


# --- the generic walk -------------------------------------------------------------


def _plain(value: Any) -> str:
    """Every string of a value, one text: what two items are compared by."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_plain(v) for k, v in value.items() if k != "id")
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field(path: Sequence[str]) -> tuple[str | None, str | None]:
    """(dotted field, phase) of a path: ``values.2026`` → (``values``, ``2026``)."""
    if len(path) >= 2 and path[-2] in PHASED:
        return ".".join(path[:-1]), path[-1]
    return (".".join(path) or None), None


def _leaf(area: str, key: str, path: Sequence[str], old: Any, new: Any) -> Change:
    field, phase = _field(path)
    words = word_diff(old, new) if isinstance(old, str) and isinstance(new, str) else None
    return Change(area, "changed", key, field, phase, old, new, words)


def _is_line_list(value: Any) -> bool:
    """A list read item by item (paragraphs, points, columns), not as one value (bodies)."""
    if not isinstance(value, list):
        return False
    return any(not isinstance(v, str) or len(v) > 60 for v in value)


def walk(area: str, key: str, path: tuple[str, ...], old: Any, new: Any) -> Iterator[Change]:
    """Every difference of ``old`` and ``new`` (JSON data) under ``path``, whatever the keys."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in dict.fromkeys([*old, *new]):
            yield from walk(area, key, (*path, str(name)), old.get(name), new.get(name))
        return
    if path[-2:] in (("table", "rows"), ("table", "header_rows")):
        rows = [_row_line(row) for row in old or []], [_row_line(row) for row in new or []]
        yield from _aligned(area, key, path, *rows)
        return
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and (_is_line_list(old) or _is_line_list(new))
    ):
        yield from _aligned(area, key, path, old, new)
        return
    yield _leaf(area, key, path, old, new)


def _row_line(row: Any) -> str:
    """A written table's row as the clerk reads it: «a | b / c» (a cell's lines joined by
    « / »), a group row as its title; so a reworded cell is a word change in its row."""
    cells = row if isinstance(row, list) else row.get("cells")
    if cells is None:
        return str(row.get("group") or "")
    return " | ".join(_cell_text(cell) for cell in cells)


def _cell_text(cell: Any) -> str:
    """A cell as written (a string or a list of lines) or as read (``{text: [lines]}``)."""
    text = cell.get("text") if isinstance(cell, dict) else cell
    return " / ".join(text) if isinstance(text, list) else str(text or "")


def _aligned(
    area: str, key: str, path: tuple[str, ...], old: list[Any], new: list[Any]
) -> Iterator[Change]:
    """A list without ids, its items matched by content; moved items told as moves."""
    ops = list(
        align_by_content(
            [_canonical(v) for v in old],
            [_canonical(v) for v in new],
            lambda i, j: word_similarity(_plain(old[i]), _plain(new[j])),
        )
    )
    deleted = {_canonical(old[i]): i for kind, i, _ in ops if kind == "del" and i is not None}
    moved: set[int] = set()
    for kind, _, j in ops:
        if kind == "ins" and j is not None and _canonical(new[j]) in deleted:
            moved.add(deleted.pop(_canonical(new[j])))
    for kind, i, j in ops:
        if kind == "same":
            continue
        if kind == "pair" and i is not None and j is not None:
            yield from walk(area, key, (*path, str(j + 1)), old[i], new[j])
        elif kind == "del" and i is not None and i not in moved:
            field, _ = _field((*path, str(i + 1)))
            yield Change(area, "removed", key, field, old=old[i])
        elif kind == "ins" and j is not None:
            field, _ = _field((*path, str(j + 1)))
            if _canonical(new[j]) in {_canonical(old[m]) for m in moved}:
                yield Change(area, "moved", key, field, old=None, new=new[j])
            else:
                yield Change(area, "added", key, field, new=new[j])


def _lines(area: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    """Top-level lines (basis, intro, recipients): keyed by line number, matched by content."""
    for change in _aligned(area, "", (), old, new):
        number, _, rest = (change.field or "").partition(".")
        yield Change(
            change.area,
            change.action,
            number,
            rest or ("text" if change.action == "changed" else None),
            change.phase,
            change.old,
            change.new,
            change.words,
        )


# --- records with ids -------------------------------------------------------------


def _renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """Removed ids → added ids of records whose content is (nearly) the same."""
    removed = [i for i in old if i not in new]
    added = [i for i in new if i not in old]
    scored = sorted(
        (
            (word_similarity(_plain(old[r]), _plain(new[a])), -k, r, a)
            for k, (r, a) in enumerate((r, a) for r in removed for a in added)
        ),
        reverse=True,
    )
    found: dict[str, str] = {}
    for score, _, r, a in scored:
        if score < RENAMED_ENOUGH:
            break
        if r not in found and a not in found.values():
            found[r] = a
    return found


def _records(
    area: str, old: list[dict[str, Any]], new: list[dict[str, Any]], groups: dict[str, str]
) -> tuple[list[Change], dict[str, str]]:
    """Records matched by id (or by content when renamed); the renames found too.

    ``groups`` maps the renamed ids of these records' groups, so a record
    whose group was only renamed is not reported as moved to another group.
    """
    before = {r["id"]: r for r in old}
    after = {r["id"]: r for r in new}
    renamed = _renames(before, after)
    back = {v: k for k, v in renamed.items()}
    changes = [
        Change(area, "removed", ident, old=record)
        for ident, record in before.items()
        if ident not in after and ident not in renamed
    ]
    common_old = [i for i in before if i in after or i in renamed]
    common_new = [back.get(i, i) for i in after if i in before or i in back]
    in_place = set()
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    for block in matcher.get_matching_blocks():
        in_place.update(common_old[block.a : block.a + block.size])
    previous: str | None = None
    for ident, b in after.items():
        old_id = back.get(ident, ident)
        a = before.get(old_id)
        if a is None:
            changes.append(Change(area, "added", ident, new=b))
        else:
            if old_id != ident:
                changes.append(Change(area, "renamed", ident, "id", old=old_id, new=ident))
            group_a, group_b = a.get("group"), b.get("group")
            if group_a is not None and groups.get(group_a, group_a) != group_b:
                changes.append(Change(area, "moved", ident, "group", old=group_a, new=group_b))
            elif old_id not in in_place:
                changes.append(Change(area, "moved", ident, "order", old=None, new=previous))
            rest_a = {k: v for k, v in a.items() if k not in ("id", "group")}
            rest_b = {k: v for k, v in b.items() if k not in ("id", "group")}
            changes.extend(walk(area, ident, (), rest_a, rest_b))
        previous = ident
    return changes, renamed


# --- sections ------------------------------------------------------------------------


def _sections(
    old: list[dict[str, Any]], new: list[dict[str, Any]], path: tuple[str, ...] = ()
) -> Iterator[Change]:
    """Sections matched by content at each level: title first, then their words."""

    def similar(i: int, j: int) -> float:
        a, b = old[i], new[j]
        if a.get("title") and a.get("title") == b.get("title"):
            return 1.0
        return word_similarity(_plain(a), _plain(b))

    ops = align_by_content([_canonical(s) for s in old], [_canonical(s) for s in new], similar)
    for kind, i, j in ops:
        if kind == "same":
            continue
        if kind == "del" and i is not None:
            key = " › ".join((*path, _section_name(old[i], i)))
            yield Change("section", "removed", key, old=old[i])
        elif kind == "ins" and j is not None:
            key = " › ".join((*path, _section_name(new[j], j)))
            yield Change("section", "added", key, new=new[j])
        elif i is not None and j is not None:
            here = (*path, _section_name(new[j], j))
            key = " › ".join(here)
            a = {k: v for k, v in old[i].items() if k != "sections"}
            b = {k: v for k, v in new[j].items() if k != "sections"}
            yield from walk("section", key, (), a, b)
            yield from _sections(old[i].get("sections", []), new[j].get("sections", []), here)


def _section_name(section: dict[str, Any], index: int) -> str:
    return one_line(section.get("title") or f"(mục không tên {index + 1})")


# --- phases -----------------------------------------------------------------------------


def _relabelled(old: list[str], new: list[str]) -> dict[str, str]:
    """Old label → new label when the phases are the same periods written differently."""
    if len(old) != len(new) or old == new:
        return {}
    pairs = {a: b for a, b in zip(old, new, strict=True) if a != b}
    squeeze = {a: "".join(a.split()) for a in pairs}
    if all(squeeze[a] == "".join(b.split()) for a, b in pairs.items()):
        return pairs
    return {}


def _relabel(value: Any, labels: dict[str, str]) -> Any:
    """``value`` with every phase label (a mapping key or a whole string) renamed."""
    if isinstance(value, dict):
        return {labels.get(k, k): _relabel(v, labels) for k, v in value.items()}
    if isinstance(value, list):
        return [_relabel(v, labels) for v in value]
    if isinstance(value, str):
        return labels.get(value, value)
    return value


# --- the plan ------------------------------------------------------------------------


def diff_plans(
    old: Plan, new: Plan, basis: tuple[Sequence[str], Sequence[str]] | None = None
) -> list[Change]:
    """Every difference between two plans, in reading order of the document.

    ``basis``: the basis lines as printed on each side (citations worded from
    the cited plans as they were on that side), so a cited plan's new date or
    title reaches the plans citing it; without it the lines as written.
    """
    a: dict[str, Any] = old.model_dump(mode="json")
    b: dict[str, Any] = new.model_dump(mode="json")
    changes: list[Change] = []
    labels = _relabelled(a.get("phases") or [], b.get("phases") or [])
    if labels:
        changes.append(
            Change(
                "plan",
                "relabelled",
                "phases",
                "phases",
                old=list(labels),
                new=list(labels.values()),
            )
        )
        a = _relabel(a, labels)
    if basis is not None:
        a["basis"], b["basis"] = list(basis[0]), list(basis[1])
    for name in RECORDS:  # added or removed records are shown without their defaults
        a[f"lean:{name}"] = {
            r.id: r.model_dump(mode="json", exclude_defaults=True) for r in getattr(old, name)
        }
        b[f"lean:{name}"] = {
            r.id: r.model_dump(mode="json", exclude_defaults=True) for r in getattr(new, name)
        }
    renamed: dict[str, str] = {}
    for name in dict.fromkeys([*ORDER, *a, *b]):
        if name.startswith("lean:"):
            continue
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        if name in RECORDS:
            group_renames = renamed if name in ("targets", "tasks") else {}
            lean = {**a[f"lean:{name}"], **b[f"lean:{name}"]}
            found, renamed_here = _records(RECORDS[name], x or [], y or [], group_renames)
            found = [
                replace(c, old=lean.get(c.key, c.old))
                if c.action == "removed"
                else replace(c, new=lean.get(c.key, c.new))
                if c.action == "added"
                else c
                for c in found
            ]
            changes.extend(found)
            if name.endswith("_groups"):
                renamed = renamed_here
        elif name == "body":
            changes.extend(_sections(x or [], y or []))
        elif name in ("basis", "intro", "recipients"):
            changes.extend(_lines(AREAS[name], x or [], y or []))
        elif name in ("organisation", "appendices"):
            changes.extend(_titled(AREAS[name], x or [], y or []))
        elif name in AREAS:
            changes.extend(walk(AREAS[name], name, (), x or {}, y or {}))
        else:
            changes.extend(walk("plan", name, (name,), x, y))
    return changes


def _titled(area: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[Change]:
    """Duties and appendices: matched by content, keyed by what names them in print: a
    duty's body (the agency), an appendix's title (a text appendix's ``body`` is its
    sections, not a name)."""
    naming = "body" if area == AREAS["organisation"] else "title"

    def name(item: dict[str, Any], index: int) -> str:
        return one_line(str(item.get(naming) or index + 1))

    for change in _aligned(area, "", (), old, new):
        number, _, rest = (change.field or "").partition(".")
        index = int(number) - 1
        item = (old if change.action == "removed" else new)[index]
        yield Change(
            area,
            change.action,
            name(item, index),
            rest or None,
            change.phase,
            change.old,
            change.new,
            change.words,
        )
