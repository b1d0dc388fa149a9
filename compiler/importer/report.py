"""The import's report: what it recognised, what it guessed, what it kept as plain text.

Written in Vietnamese next to the plan (``<plan>.import.txt``) and printed:
the clerk reads it to know which parts of the plan file to check by hand.
Comments on the plan's keys (``# đoán: …``) say the same thing in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple[str | int, ...]


@dataclass
class Report:
    """Lines of the report by heading, and comments to put on keys of the plan."""

    recognised: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    literal: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: dict[Path, str] = field(default_factory=dict)

    def guess(self, path: Path, comment: str) -> None:
        """A value the import guessed: a comment on its key and a report line."""
        self.comments[path] = _one_line(f"đoán: {comment}")
        self.guessed.append(f"{_path(path)}: {comment}")

    def keep(self, path: Path, what: str) -> None:
        """A part kept as plain text (nothing dropped): named in the report and in place."""
        self.comments.setdefault(path, _one_line(f"giữ dạng chữ: {what}"))
        self.literal.append(f"{_path(path)}: {what}")

    def render(self, source: str, plan: str) -> str:
        parts = [f"Báo cáo nhập «{source}» → «{plan}»", ""]
        for title, lines in (
            ("Đã nhận ra", self.recognised),
            ("Đã đoán (hãy soát lại)", self.guessed),
            ("Giữ dạng chữ (chưa ánh xạ được thành cấu trúc, không bỏ chữ nào)", self.literal),
            ("Câu chữ khác nhau giữa thân văn bản và Phụ lục", self.differences),
            ("Ghi chú", self.notes),
        ):
            parts.append(f"{title}: {len(lines)}")
            parts.extend(f"  - {line}" for line in lines)
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"


def _path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _one_line(text: str) -> str:
    """A comment on one line: a line break in it would end the comment in the YAML."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())
