"""A Quyết định that promulgates the plan, and a plan attached to another document.

A decision comes first: its own header (the number and date are the
decision's), «QUYẾT ĐỊNH», its trích yếu, the authority line («ỦY BAN NHÂN
DÂN TỈNH …»), the italic basis lines, «Theo đề nghị của …», «QUYẾT ĐỊNH:»,
the articles («Điều 1. …» with points a), b)), Nơi nhận and the signature.
The plan follows with a header holding the bodies only (``header: bodies``)
and the line «(Kèm theo Quyết định số …)». A plan sent with a letter has no
header at all (``header: none``) and the line «(Kèm theo Văn bản số …)»
(``attached_to``).
"""

from __future__ import annotations

import re
from typing import Any

from kehoach.importer.blocks import Block, Grid, Para, markup
from kehoach.importer.header import is_header_table, read_header
from kehoach.importer.labels import drop_visible, unwrap_bold
from kehoach.importer.report import Report

ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*")
ATTACHED = re.compile(
    r"^\(\s*(?:Ban hành )?[Kk]èm theo\s+(?P<kind>.+?)\s+số\s*:?\s*(?P<number>\d*)\s*/\s*"
    r"(?P<symbol>\S+?)\s+ngày\s*(?P<date>[\d\s/]*?)\s*(?:tháng\s*(?P<month>\d*)\s*năm\s*)?"
    r"(?P<year>\d{4})\s+của\s+(?P<issuer>.+?)\s*\)?$"
)


def is_decision(block: Block) -> bool:
    return isinstance(block, Para) and block.plain.upper() == "QUYẾT ĐỊNH"


def _unwrap_italic(text: str) -> str:
    """A line italic throughout without its ``*`` (the decision's basis prints italic)."""
    stripped = text.strip()
    if stripped.startswith("*") and stripped.endswith("*") and not stripped.startswith("**"):
        inner = stripped[1:-1]
        if "*" not in inner.replace("\\*", ""):
            return inner.strip()
    return stripped


def read_decision(
    blocks: list[Block], index: int, plan: dict[str, Any], report: Report,
    closing: Any,
) -> int:
    """Read the decision from ``blocks[index]`` («QUYẾT ĐỊNH») into ``plan["decision"]``;
    the index of the attached plan's first block (after its header table) is returned.

    ``closing(blocks, start, end, target, report)`` reads Nơi nhận and the signature
    into ``target`` (the recogniser's own reader, shared with the plan's).
    """
    document = plan["document"]
    decision: dict[str, Any] = {}
    if "number" in document:
        decision["number"] = document.pop("number")
    decision["date"] = dict(document["date"])
    symbol = document.pop("symbol", None)
    abbr = document["issuer"].get("abbr")
    if symbol and symbol != f"QĐ-{abbr}":
        decision["symbol"] = symbol
    index += 1
    title: list[str] = []
    while index < len(blocks) and isinstance(blocks[index], Para):
        para = blocks[index]
        assert isinstance(para, Para)
        if not para.bold or (title and para.plain.isupper()):
            break  # the authority line («ỦY BAN NHÂN DÂN TỈNH …») or the basis
        title.append(unwrap_bold(para.markup))
        index += 1
    decision["title"] = "\n".join(title) or "Quyết định"
    basis: list[str] = []
    articles: list[dict[str, Any]] = []
    while index < len(blocks) and isinstance(blocks[index], Para):
        para = blocks[index]
        assert isinstance(para, Para)
        plain = para.plain
        index += 1
        if plain.rstrip(":").upper() == "QUYẾT ĐỊNH":
            continue
        article = ARTICLE.match(plain)
        if article:
            text = drop_visible(para.runs, article.end())
            articles.append({"text": markup(text) or f"Điều {article.group(1)}"})
            continue
        if articles and re.match(r"^[a-zđ]\)\s", plain):
            articles[-1].setdefault("points", []).append(
                markup_after(para, plain.index(")") + 2)
            )
            continue
        if articles:
            articles[-1]["text"] += " " + para.markup
            report.keep(("decision", "articles"), f"đoạn «{plain[:40]}» nối vào điều trước")
            continue
        if plain.startswith("Theo đề nghị"):
            decision["proposal"] = _unwrap_italic(para.markup)
        elif plain.startswith(("Căn cứ", "Xét")):
            basis.append(_unwrap_italic(para.markup))
        elif plain.isupper() and "authority" not in decision:
            decision["authority"] = plain
        else:
            basis.append(_unwrap_italic(para.markup))
    if articles and articles[-1]["text"].rstrip().endswith("./."):  # kehoach prints it
        articles[-1]["text"] = articles[-1]["text"].rstrip()[:-3].rstrip()
    if basis:
        decision["basis"] = basis
    decision["articles"] = articles or [{"text": "(trống)"}]
    # Nơi nhận and the signature, then the attached plan's header
    end = next(
        (i for i in range(index, len(blocks))
         if isinstance(blocks[i], Grid) and is_header_table(blocks[i])),  # type: ignore[arg-type]
        len(blocks),
    )
    closing(blocks, index, end, decision, report)
    plan["decision"] = decision
    document["header"] = "bodies"
    report.recognised.append(
        f"quyết định ban hành: {len(articles)} điều, {len(basis)} căn cứ; kế hoạch kèm theo "
        "(tiêu đề chỉ có cơ quan, header: bodies)"
    )
    if end < len(blocks):
        grid = blocks[end]
        assert isinstance(grid, Grid)
        attached = read_header(grid, Report())
        document["issuer"] = attached["issuer"]
        if "parent_body" in attached:
            document["parent_body"] = attached["parent_body"]
        return end + 1
    return end


def markup_after(para: Para, count: int) -> str:
    return markup(drop_visible(para.runs, count))


def read_attached_line(line: str, plan: dict[str, Any], report: Report) -> bool:
    """«(Kèm theo Quyết định số 3256/QĐ-UBND ngày 31/12/2025 của Ủy ban nhân dân tỉnh)»
    under the title: the reference wording of a plan attached to a decision or a letter."""
    match = ATTACHED.match(line)
    if match is None:
        return False
    document = plan["document"]
    kind = match.group("kind")
    short = "/" in match.group("date") or not match.group("month")
    issuer = match.group("issuer").strip()
    if "decision" in plan:
        if issuer != document["issuer"]["name"]:
            document["reference_name"] = issuer
        if short:
            document["reference_date"] = "short"
    else:
        attached: dict[str, Any] = {"kind": kind[:1].upper() + kind[1:]}
        if match.group("number"):
            attached["number"] = int(match.group("number"))
        attached["symbol"] = match.group("symbol")
        days = [int(x) for x in re.findall(r"\d+", match.group("date"))]
        date: dict[str, int] = {"year": int(match.group("year"))}
        if len(days) >= 2:
            date = {"day": days[0], "month": days[1], **date}
        elif match.group("month"):
            date["month"] = int(match.group("month"))
        attached["date"] = date
        if short:
            attached["date_style"] = "short"
        attached["issuer"] = issuer
        document["attached_to"] = attached
    report.recognised.append(f"dòng «{line[:90]}»")
    return True
