"""The plan as YAML text: ruamel.yaml's round-trip dumper, with comments where the import
guessed or kept text as it was.

The dumper writes what a clerk would type: block style, keys in the order of
a plan file, a multi-line title as a literal block, long paragraphs folded
at 100 columns (YAML reads them back as one line), no anchors or tags
(the loader refuses both).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from kehoach.importer.report import Path, Report

TOP_ORDER = (
    "extends", "document", "basis", "intro", "phases", "target_groups", "targets",
    "task_groups", "tasks", "body", "closing", "recipients", "signature", "attachments_note",
    "appendix_numbering", "appendices", "decision",
)


def dump(plan: dict[str, Any], report: Report, source: str) -> str:
    """YAML text of ``plan``, with the report's comments on their keys."""
    ordered = {key: plan[key] for key in TOP_ORDER if key in plan}
    ordered.update((key, value) for key, value in plan.items() if key not in ordered)
    tree = _tree(ordered, (), report.comments)
    tree.yaml_set_start_comment(
        f"Nhập từ «{source}» bằng kehoach import.\n"
        "Soát lại những chỗ ghi «đoán» và «giữ dạng chữ» (xem báo cáo .import.txt),\n"
        "rồi kiểm tra bằng: kehoach check <tệp này>"
    )
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _tree(value: Any, path: Path, comments: dict[Path, str]) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _tree(item, (*path, key), comments)
            comment = comments.get((*path, key))
            if comment:
                node.yaml_add_eol_comment(comment, key)
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for index, item in enumerate(value):
            seq.append(_tree(item, (*path, index), comments))
            comment = comments.get((*path, index))
            if comment:
                seq.yaml_add_eol_comment(comment, index)
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value
