"""The body of a plan: headings at every level, points, items and paragraphs as a tree.

Each paragraph is placed by its label (typed, or printed by Word's list
numbering): «I.» opens a first-level section, «1.» a second, «1.1.» a
third; a bold label opens a titled section, a plain «1. …» an untitled one
(the number opens its paragraph, as kehoach prints it). «a)» is a point,
«-» an item, «+» a sub-item; a paragraph without a label goes where
kehoach prints such a paragraph: a section's text, a point's paragraphs, or
the section's ``after``. A table inside the body is a literal ``table:``
when the schema holds one, else its rows are kept as paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kehoach.importer.blocks import Grid, Para, markup, roman
from kehoach.importer.features import features
from kehoach.importer.labels import drop_visible, typed_label, unwrap_bold, word_label
from kehoach.importer.report import Path, Report
from kehoach.importer.tables import literal_rows, literal_table

LEVELS = {"roman": 1, "arabic": 2, "dotted": 3}
PHASE_MARK = "\\* "
"""«* Giai đoạn …» as markup (the star escaped): a phase label inside a point."""
PHASES = "_phases"
"""Key of a point's phase lists while the plan is being recognised (never written)."""
PART = re.compile(r"^PHẦN\s+(?:[IVXLC]+|THỨ\s+\S+)$", re.IGNORECASE)
"""«PHẦN I», «Phần thứ nhất»: a part (issue 13), its sections numbered I., II. anew."""
HEADING_STYLES = {"KH Heading 1": 1, "KH Heading 2": 2, "KH Heading 3": 3}


@dataclass
class Node:
    """A section being built, with where it sits in the plan (for comments)."""

    data: dict[str, Any]
    level: int
    path: Path
    children: list[Node] = field(default_factory=list)


def classify(para: Para) -> tuple[str | None, str]:
    """The kind of ``para``'s label and its text without the label, in markup."""
    if para.label:
        kind = word_label(para.label)
        return kind, para.markup
    found = typed_label(para.plain)
    if found is None:
        return None, para.markup
    return found.kind, markup(drop_visible(para.runs, found.length))


class BodyBuilder:
    """Feeds paragraphs and tables one by one; :meth:`sections` is the ``body`` list."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.top: list[Node] = []
        self.stack: list[Node] = []
        self.intro: list[str] = []
        self.reordered = 0
        self.pending_part: Node | None = None

    def sections(self) -> list[dict[str, Any]]:
        return [self._finish(node) for node in self.top]

    def _finish(self, node: Node) -> dict[str, Any]:
        if node.children:
            node.data["sections"] = [self._finish(child) for child in node.children]
        order = ("title", "part", "label", "text", "items", "points", "table", "sections",
                 "after")
        return {key: node.data[key] for key in order if node.data.get(key) not in (None, [])}

    def add(self, block: Para | Grid) -> None:
        if isinstance(block, Grid):
            self._table(block)
            return
        if not block.plain:
            return
        if self._part(block):
            return
        kind, text = classify(block)
        level = HEADING_STYLES.get(block.style or "")
        if level is None and kind in LEVELS:
            level = LEVELS[kind]
            if kind != "roman" and not (block.bold or (block.style or "").startswith("Heading")):
                self._section(level, None, text)
                return
        if level is not None:
            self._section(level, unwrap_bold(text) if block.bold else text, None)
        elif kind == "letter" or block.style == "KH Point":
            self._point(text)
        elif kind == "dash" or (block.style == "KH Item" and kind != "plus"):
            self._item(text)
        elif kind == "plus":
            self._sub_item(text)
        elif text.startswith(PHASE_MARK) and self._phase_label(text[len(PHASE_MARK):]):
            return
        else:
            self._paragraph(text)

    # -- sections ---------------------------------------------------------------------------

    def _part(self, block: Para) -> bool:
        """«PHẦN I» opens a part (when the schema holds parts); the bold line after it is
        the part's title. True when ``block`` was taken so."""
        pending, self.pending_part = self.pending_part, None
        if pending is not None and block.bold and typed_label(block.plain) is None:
            pending.data["title"] = unwrap_bold(block.markup)
            return True
        if not (features().parts and PART.match(block.plain) and block.bold):
            return False
        self.stack.clear()
        data: dict[str, Any] = {"title": None, "part": True, "text": []}
        number = len([n for n in self.top if n.data.get("part")]) + 1
        if block.plain != f"PHẦN {roman(number)}":
            data["label"] = unwrap_bold(block.markup)
        node = Node(data, 0, ("body", len(self.top)))
        self.top.append(node)
        self.stack.append(node)
        self.pending_part = node
        self.report.recognised.append(f"phần «{block.plain}» (part: true)")
        return True

    def _section(self, level: int, title: str | None, text: str | None) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        siblings = self.stack[-1].children if self.stack else self.top
        parent_path: Path = (*self.stack[-1].path, "sections") if self.stack else ("body",)
        depth = len([n for n in self.stack if n.level > 0]) + 1
        if depth != level:
            self.report.notes.append(
                f"mục «{(title or text or '')[:60]}» ở cấp {level} nằm ngay dưới cấp "
                f"{depth - 1}: số mục được tính lại theo độ sâu"
            )
        data: dict[str, Any] = {"title": title, "text": [text] if text else []}
        node = Node(data, level, (*parent_path, len(siblings)))
        siblings.append(node)
        self.stack.append(node)

    def _current(self) -> Node | None:
        return self.stack[-1] if self.stack else None

    def _point(self, text: str) -> None:
        node = self._current()
        if node is None:
            self.intro.append(text)
            return
        if node.children:
            self._after(node, text)
            return
        if node.data.get("after"):
            self.reordered += 1  # printed before the paragraphs that preceded it
        node.data.setdefault("points", []).append({"text": text})

    def _phase_label(self, label: str) -> bool:
        """«* Giai đoạn 2025-2027» under a point: the items that follow are that phase's
        (kept aside as ``PHASES`` until :mod:`.targets` reads them or puts them back)."""
        node = self._current()
        points = node.data.get("points") if node else None
        if not points or node is None or node.children or node.data.get("after"):
            return False
        points[-1].setdefault(PHASES, []).append({"label": label, "items": []})
        return True

    def _item(self, text: str) -> None:
        node = self._current()
        if node is None:
            self.intro.append(f"- {text}")
            return
        points = node.data.get("points")
        if points and points[-1].get(PHASES) and not node.children:
            points[-1][PHASES][-1]["items"].append(text)
            return
        if node.children:
            self._after(node, f"- {text}")
        elif points:
            points[-1].setdefault("items", []).append(text)
        else:
            if node.data.get("after"):
                self._after(node, f"- {text}")
                return
            node.data.setdefault("items", []).append(text)

    def _sub_item(self, text: str) -> None:
        node = self._current()
        if node is None:
            self.intro.append(f"+ {text}")
            return
        points = node.data.get("points")
        items = points[-1].get("items") if points else node.data.get("items")
        if node.children or not items or node.data.get("after"):
            self._after(node, f"+ {text}")
            return
        last = items[-1]
        if isinstance(last, str):
            items[-1] = {"text": last, "items": [text]}
        else:
            last["items"].append(text)

    def _paragraph(self, text: str) -> None:
        node = self._current()
        if node is None:
            self.intro.append(text)
            return
        data = node.data
        points = data.get("points")
        if node.children:
            self._after(node, text)
        elif (
            points
            and not points[-1].get("items")
            and not points[-1].get(PHASES)
            and not data.get("after")
        ):
            points[-1].setdefault("paragraphs", []).append(text)
        elif points or data.get("items") or data.get("table"):
            self._after(node, text)
        else:
            data["text"].append(text)

    def _after(self, node: Node, text: str) -> None:
        """A paragraph printed after what the section prints before it (items, points)."""
        node.data.setdefault("after", []).append(text)

    def _table(self, grid: Grid) -> None:
        node = self._current()
        where: Path = node.path if node else ("intro",)
        if features().body_tables and node is not None and not node.children and not (
            node.data.get("points") or node.data.get("after") or node.data.get("table")
        ):
            node.data["table"] = literal_table(grid)
            self.report.recognised.append(
                f"bảng trong thân văn bản ({len(grid.rows)} dòng) → table: ở mục "
                f"«{(node.data.get('title') or '')[:50]}»"
            )
            return
        rows = literal_rows(grid)
        self.report.keep(where, f"bảng {grid.columns} cột, {len(grid.rows)} dòng trong thân văn "
                                "bản: mỗi dòng thành một đoạn, các ô cách nhau bằng «|»")
        for row in rows:
            self._paragraph(row)
