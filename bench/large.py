"""``make bench-tables``: one plan's build time as its appendix and its body grow.

Issue 18 found the appendix table quadratic (1,000 rows took over two
minutes: a ministry's list of tasks looked like a hang) and the body too
(40,000 lines 70 s). This measures one large plan at a time, in this
process, stage by stage (load and check, layout, render to .docx bytes), so
that a step that grows faster than its input shows at once:

- appendices of 250, 500, 1,000 and 2,000 data rows (targets in groups of
  50: a group row spanning the table; categories merged down in runs of 4;
  a two-row header with «Giai đoạn» over the value columns: every kind of
  merged cell the layout makes);
- a body of 20,000 paragraphs (200 sections of 100 «-» items, one in ten
  with bold text).

The plans are written into a temporary repository holding only the Word
template; nothing of the repository is touched. Linear time shows as a
constant time per row (the last column). Figures only: no threshold, the
machines this runs on are shared and drift by a third from run to run.

    .venv/bin/python bench/run.py --tables [--rows 250,500,1000,2000] [--paragraphs 20000]
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from kehoach.pipeline import Source, Stage, compile_plan

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = Path("templates/ke-hoach.docx")

GROUP_ROWS = 50
"""Data rows per group: each group adds one group row (a cell spanning the table)."""
CATEGORY_RUN = 4
"""Rows sharing a category: merged down into one cell."""
SECTION_ITEMS = 100
"""«-» items per body section."""

HEADER = """\
document:
  issuer:
    name: Ủy ban nhân dân tỉnh Thử
    abbr: UBND
  place: Cần Thơ
  date: {year: 2026, month: 3, day: 5}
  title: Kế hoạch đo hiệu năng
  period: 2026-2030
"""


def table_plan(rows: int) -> str:
    """A plan whose one appendix has ``rows`` data rows (targets), with every kind of merge."""
    groups = (rows + GROUP_ROWS - 1) // GROUP_ROWS
    lines = [HEADER, "phases:\n  - 2026-2027\n  - 2028-2030\n", "target_groups:\n"]
    lines += [f"  - id: nhom-{g}\n    title: Nhóm chỉ tiêu số {g + 1}\n" for g in range(groups)]
    lines.append("targets:\n")
    for i in range(rows):
        lines.append(
            f"  - id: chi-tieu-{i}\n"
            f"    group: nhom-{i // GROUP_ROWS}\n"
            f"    category: Lĩnh vực {i // CATEGORY_RUN + 1}\n"
            f'    text: "{{value}} hồ sơ số {i + 1} được xử lý trực tuyến"\n'
            f"    values: {{2026-2027: {50 + i % 50}%, 2028-2030: 100%}}\n"
            f"    lead: [Sở Khoa học và Công nghệ]\n"
            f"    partners: [Sở Nội vụ, Văn phòng UBND tỉnh]\n"
        )
    lines.append(
        "body:\n  - title: Mục tiêu\n    text: Các chỉ tiêu tại Phụ lục kèm theo.\n"
        "appendices:\n"
        "  - title: Danh mục chỉ tiêu\n"
        "    source: targets\n"
        "    phase_header: Giai đoạn\n"
        "    columns:\n"
        "      - {field: stt, header: STT}\n"
        "      - {field: category, header: Lĩnh vực}\n"
        "      - {field: text, header: Chỉ tiêu}\n"
        "      - {field: value, phase: 2026-2027, header: 2026 - 2027}\n"
        "      - {field: value, phase: 2028-2030, header: 2028 - 2030}\n"
        "      - {field: lead, header: Cơ quan chủ trì}\n"
        "      - {field: partners, header: Cơ quan phối hợp}\n"
    )
    return "".join(lines)


def body_plan(paragraphs: int) -> str:
    """A plan whose body holds ``paragraphs`` «-» items (one section heading per hundred)."""
    lines = [HEADER, "body:\n"]
    for s in range(0, paragraphs, SECTION_ITEMS):
        lines.append(f"  - title: Nội dung {s // SECTION_ITEMS + 1}\n    items:\n")
        for i in range(s, min(s + SECTION_ITEMS, paragraphs)):
            text = f"Việc số {i + 1} do xã thực hiện"
            lines.append(f'      - "**{text}**"\n' if i % 10 == 0 else f"      - {text}\n")
    return "".join(lines)


def measure(root: Path, name: str, text: str) -> dict[str, float]:
    """Seconds of each stage of compiling the plan ``text`` (written as ``plans/name``).

    ``cpu_s``: this process's processor time for the whole: on a shared
    machine, steadier than the clock (which counts the time others ran).
    """
    path = root / "plans" / name
    path.write_text(text, encoding="utf-8")
    cpu = time.process_time()
    started = time.perf_counter()
    compiled = compile_plan(Source.file(root, path), until=Stage.RESOLVE)
    checked = time.perf_counter()
    compiled = compile_plan(compiled, until=Stage.LAYOUT)
    laid_out = time.perf_counter()
    compile_plan(compiled, until=Stage.RENDER)
    rendered = time.perf_counter()
    return {
        "check_s": round(checked - started, 2),
        "layout_s": round(laid_out - checked, 2),
        "render_s": round(rendered - laid_out, 2),
        "total_s": round(rendered - started, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }


def run(rows: list[int], paragraphs: int) -> None:
    """Print one line per plan, then every figure as one JSON object."""
    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-tables-"))
    try:
        (work / "plans").mkdir()
        (work / TEMPLATE).parent.mkdir()
        shutil.copy(REPO / TEMPLATE, work / TEMPLATE)
        measure(work, "khoi-dong.yaml", table_plan(10))  # template read, Jinja compiled
        result: dict[str, object] = {}
        for count in rows:
            figures = measure(work, f"bang-{count}.yaml", table_plan(count))
            per_row = 1000 * figures["total_s"] / count
            print(f"phụ lục {count} dòng: {figures} ({per_row:.2f} ms/dòng)", flush=True)
            result[f"table_{count}"] = figures | {"ms_per_row": round(per_row, 2)}
        if paragraphs:
            figures = measure(work, "than.yaml", body_plan(paragraphs))
            per = 1000 * figures["total_s"] / paragraphs
            print(f"thân văn bản {paragraphs} đoạn: {figures} ({per:.2f} ms/đoạn)", flush=True)
            result[f"body_{paragraphs}"] = figures | {"ms_per_paragraph": round(per, 3)}
        print(json.dumps(result, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)
