"""``make bench``: kehoach at national scale, measured on a synthetic but realistic cascade.

Why synthetic: the repository holds seven real plans; the question of issue 7
is how the tools behave for the whole country (1 national programme, 34
provinces, ~100 communes each: ~3,400 plans). The cascade is generated from
the real plans so every document is as large and as checked as a real one:

- the national programme is ``plans/trung-uong/qd-2629-2025.yaml`` unchanged;
- each province is ``plans/can-tho/kh-219-2025.yaml`` with its own name,
  number and values raised by 0–2 points (so still at or above the
  programme's floors);
- each commune is ``plans/can-tho/long-my/kh-cqs-2026-2030.yaml`` renamed,
  extending and citing its province, with values raised at least as much as
  its province's (so every floor of the chain still holds).

Everything happens in a temporary directory holding a copy of the
repository's Makefile, code and template (``.venv`` is linked): the
repository's own ``build/`` is never touched. Measured, in order: ``kehoach
check`` of all plans; ``kehoach lint`` of all plans; a full ``kehoach build
-j``; a no-op ``make``; ``make`` after editing one commune; after editing one
province (its communes rebuild); the check, the lint, the no-op and the
one-commune edit are run three times each (a
fresh process every time: nothing is cached between runs) and the median is
reported, with every run;
peak memory (the sum over the build's processes, sampled, and the largest
single process); documents per second. The same content is also converted
from Markdown by pandoc (pypandoc's binary) for a sample of documents with
the same number of parallel jobs, to give ``ratio_to_pandoc`` (kehoach's
per-document time in batch divided by pandoc's). The last line printed is
one JSON object with every figure.

    .venv/bin/python bench/run.py [--scale 0.05] [--jobs N] [--keep]

``--tables`` (``make bench-tables``) measures one large plan instead: an
appendix of 250 to 2,000 rows and a body of 20,000 paragraphs (``large.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import large

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NATIONAL = Path("plans/trung-uong/qd-2629-2025.yaml")
PROVINCE = Path("plans/can-tho/kh-219-2025.yaml")
COMMUNE = Path("plans/can-tho/long-my/kh-cqs-2026-2030.yaml")

PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
    "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long",
    "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
"""The 34 provinces and centrally-run cities (Resolution 202/2025/QH15)."""

SYLLABLES = ("An", "Bình", "Tân", "Phú", "Hòa", "Long", "Thạnh", "Vĩnh", "Mỹ", "Đông", "Hưng")

_VALUE_LINE = re.compile(r"^(\s+[\"']?\d{4}(?:-\d{4})?[\"']?: )(\d+)%[ \t]*$", re.MULTILINE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def slug(name: str) -> str:
    """ASCII path segment: «Đắk Lắk» → «dak-lak»."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def raise_values(text: str, points: int) -> str:
    """Percent values of ``values:`` maps raised by ``points`` (capped at 100): above any floor."""
    if points == 0:
        return text
    return _VALUE_LINE.sub(lambda m: f"{m.group(1)}{min(100, int(m.group(2)) + points)}%", text)


def commune_names(count: int) -> Iterator[str]:
    """Distinct two-syllable names («An Bình», «An Tân», …), numbered past 121."""
    made = 0
    for round_ in range(1, 1000):
        for a in SYLLABLES:
            for b in SYLLABLES:
                if a == b:
                    continue
                if made == count:
                    return
                yield f"{a} {b}" if round_ == 1 else f"{a} {b} {round_}"
                made += 1


def generate(root: Path, provinces: int, communes: int) -> list[Path]:
    """Write the cascade under ``root/plans``; returns the plan paths (relative)."""
    national = (REPO / NATIONAL).read_text(encoding="utf-8")
    province_text = (REPO / PROVINCE).read_text(encoding="utf-8")
    commune_text = (REPO / COMMUNE).read_text(encoding="utf-8")
    written = [NATIONAL]
    (root / NATIONAL).parent.mkdir(parents=True, exist_ok=True)
    (root / NATIONAL).write_text(national, encoding="utf-8")
    for p in range(provinces):
        name = PROVINCES[p % len(PROVINCES)] + ("" if p < len(PROVINCES) else f" {p}")
        number = 100 + p
        province_path = Path("plans") / slug(name) / f"kh-{number}-2025.yaml"
        bump = p % 3
        text = province_text.replace("thành phố Cần Thơ", f"tỉnh {name}")
        text = text.replace("THÀNH PHỐ CẦN THƠ", f"TỈNH {name.upper()}")
        text = text.replace("Cần Thơ", name).replace("number: 219", f"number: {number}")
        text = raise_values(text, bump)
        (root / province_path).parent.mkdir(parents=True, exist_ok=True)
        (root / province_path).write_text(nfc(text), encoding="utf-8")
        written.append(province_path)
        for c, commune in enumerate(commune_names(communes)):
            path = province_path.parent / slug(commune) / "kh-cqs-2026-2030.yaml"
            text = commune_text.replace(PROVINCE.as_posix(), province_path.as_posix())
            text = text.replace("thành phố Cần Thơ", f"tỉnh {name}")
            text = text.replace("Long Mỹ", commune).replace("LONG MỸ", commune.upper())
            text = raise_values(text, bump + c % 3)
            path_abs = root / path
            path_abs.parent.mkdir(parents=True, exist_ok=True)
            path_abs.write_text(nfc(text), encoding="utf-8")
            written.append(path)
    return written


def prepare(root: Path) -> None:
    """The repository's Makefile, code and template in ``root``; ``.venv`` linked, not copied."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    for name in ("compiler", "schema", "templates"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / ".venv").symlink_to(REPO / ".venv")


# --- measuring ----------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * page
    total, pending = 0, [pid]
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    while pending:
        current = pending.pop()
        total += rss.get(current, 0)
        pending.extend(children.get(current, ()))
    return total


class Run:
    """A command timed, its output kept, and the peak memory of its process tree sampled."""

    def __init__(self, label: str, command: list[str], cwd: Path) -> None:
        self.label = label
        self.peak_tree = 0
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                with contextlib.suppress(OSError):
                    self.peak_tree = max(self.peak_tree, _tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if Path("/proc/self/stat").exists():
            sampler.start()
        self.stdout, self.stderr = process.communicate()
        self.seconds = time.perf_counter() - started
        done.set()
        self.code = process.returncode
        print(f"{label}: {self.seconds:.2f} s (mã thoát {self.code})", flush=True)

    def require(self, *codes: int) -> Run:
        if self.code not in codes:
            sys.stderr.write(self.stdout[-3000:] + self.stderr[-3000:])
            raise SystemExit(f"{self.label}: mã thoát {self.code} ngoài dự kiến")
        return self


REPEATS = 3
"""Runs of each short measurement; the median is reported. The machines this runs on are
shared virtual CPUs whose speed drifts by a third from one run to the next (measured:
the same check took 8.3 s, then 10.7 s): one run would report the drift, not kehoach."""


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def edit(path: Path) -> None:
    """A real edit (content and mtime change): a comment line appended."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n# sửa để đo thời gian biên dịch lại\n")


def markdown(document: object) -> str:
    """The laid-out document as Markdown: the same words pandoc has to typeset."""
    from kehoach.model.document import LaidOutDocument, Span, Table

    assert isinstance(document, LaidOutDocument)

    def spans(items: tuple[Span, ...]) -> str:
        out = []
        for span in items:
            text = span.text.replace("*", r"\*")
            if span.bold and text.strip():
                text = f"**{text}**"
            if span.italic and text.strip():
                text = f"*{text}*"
            out.append(text)
        return "".join(out)

    def table(model: Table) -> list[str]:
        rows = [*model.header, *model.rows]
        width = max(len(row.cells) for row in rows)
        out = []
        for i, row in enumerate(rows):
            cells = [" ".join(map(spans, c.lines)).replace("|", r"\|") for c in row.cells]
            cells += [""] * (width - len(cells))
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * width)
        return [*out, ""]

    lines: list[str] = []
    levels = {"heading1": "## ", "heading2": "### ", "heading3": "#### "}
    for part in document.parts:
        if part.header is not None:
            header = part.header
            lines += [*map(spans, (*header.parent_body_lines, *header.issuer_lines)), ""]
            lines += [header.national_title, header.motto, ""]
            lines += [spans(header.number_line or ()), "", spans(header.place_date or ()), ""]
        lines += [f"# {part.doc_type}", "", *(f"**{spans(t)}**" for t in part.title_lines), ""]
        for block in part.body:
            if isinstance(block, Table):
                lines += table(block)
            else:
                lines += [levels.get(block.role, "") + spans(block.spans), ""]
        closing = part.closing
        if closing is not None:
            if closing.recipients_title is not None:
                lines += [f"**{closing.recipients_title}**", ""]
            lines += [*(f"- {spans(r)}" for r in closing.recipients), ""]
            if closing.signature is not None:
                signature = closing.signature
                lines += [*(f"**{spans(s)}**" for s in signature.lines), ""]
                lines += [spans(signature.name or ()), ""]
    for appendix in document.appendices:
        lines += [f"# {spans(appendix.label)}", "", *map(spans, appendix.title_lines), ""]
        if appendix.reference_line is not None:
            lines += [spans(appendix.reference_line), ""]
        if appendix.table is not None:
            lines += table(appendix.table)
        for block in appendix.body:
            if isinstance(block, Table):
                lines += table(block)
            else:
                lines += [levels.get(block.role, "") + spans(block.spans), ""]
    return "\n".join(lines)


def pandoc_per_document(root: Path, plans: list[Path], sample: int, jobs: int) -> float:
    """Seconds per document for pandoc (Markdown → docx), ``jobs`` conversions at a time."""
    import pypandoc

    from kehoach.base.workspace import inside
    from kehoach.pipeline import Source, Stage, compile_plan

    step = max(1, len(plans) // sample)
    chosen = plans[::step][:sample]
    texts = [
        markdown(compile_plan(Source.file(root, inside(root, p)), until=Stage.LAYOUT).document)
        for p in chosen
    ]
    out = Path(tempfile.mkdtemp(prefix="pandoc-", dir=root))
    pypandoc.convert_text("# khởi động", "docx", format="md", outputfile=str(out / "w.docx"))

    def convert(item: tuple[int, str]) -> None:
        index, text = item
        pypandoc.convert_text(text, "docx", format="md", outputfile=str(out / f"{index}.docx"))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(convert, enumerate(texts)))
    seconds = time.perf_counter() - started
    print(f"pandoc: {len(texts)} văn bản, {seconds:.2f} s ({jobs} luồng)", flush=True)
    return seconds / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo hiệu năng kehoach trên cả nước.")
    parser.add_argument("--scale", type=float, default=1.0, help="1: 34 tỉnh × 100 xã")
    parser.add_argument("--jobs", type=int, default=None, help="số tiến trình (mặc định: số CPU)")
    parser.add_argument("--pandoc-sample", type=int, default=200, help="số văn bản đưa qua pandoc")
    parser.add_argument("--keep", action="store_true", help="giữ thư mục tạm để xem")
    parser.add_argument(
        "--tables",
        action="store_true",
        help="đo một kế hoạch lớn thay cho cả nước: phụ lục nhiều dòng, thân nhiều đoạn",
    )
    parser.add_argument(
        "--rows", default="250,500,1000,2000", help="với --tables: số dòng của từng phụ lục"
    )
    parser.add_argument(
        "--paragraphs", type=int, default=20000, help="với --tables: số đoạn của thân văn bản"
    )
    args = parser.parse_args()
    if args.tables:
        large.run([int(n) for n in args.rows.split(",") if n], args.paragraphs)
        return
    jobs = args.jobs or len(os.sched_getaffinity(0))
    provinces = max(1, round(34 * args.scale))
    communes = max(1, round(100 * args.scale))
    kehoach = str(BIN / "kehoach")
    make = ["make", "--no-print-directory", "-o", ".venv/.installed", f"JOBS={jobs}"]

    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    try:
        prepare(work)
        plans = generate(work, provinces, communes)
        print(f"{len(plans)} kế hoạch: 1 chương trình, {provinces} tỉnh × {communes} xã; "
              f"{jobs} tiến trình; {work}", flush=True)  # fmt: skip

        checks = [
            Run(f"kehoach check (lần {i + 1})", [kehoach, "check", "plans"], work).require(0)
            for i in range(REPEATS)
        ]
        check = median_run(checks)
        # The generated plans copy the real ones, mistakes included: lint finds them (exit 1).
        lints = [
            Run(f"kehoach lint (lần {i + 1})", [kehoach, "lint", "plans"], work).require(1)
            for i in range(REPEATS)
        ]
        lint = median_run(lints)
        lint_findings = re.search(r"(\d+) lỗi chính tả", lint.stderr.splitlines()[-1])
        # The stamp of code and template first, as `make` would have it: made
        # after the documents, it would make every one of them look stale.
        Run("make build/.code", [*make, "build/.code"], work).require(0)
        build = Run("kehoach build -j", [kehoach, "build", "-j", str(jobs), "plans"], work)
        build.require(0)
        built = sum(1 for _ in (work / "build").rglob("*.docx"))
        assert built == len(plans), f"{built} văn bản cho {len(plans)} kế hoạch"
        Run("make (lần đầu: sinh build/.deps.mk)", make, work).require(0)
        noop = median_run(
            [Run("make không có gì thay đổi", make, work).require(0) for _ in range(REPEATS)]
        )
        edits = []
        for i in range(REPEATS):
            edit(work / plans[-1 - i])  # a different commune each time
            edits.append(Run("make sau khi sửa một xã", make, work).require(0))
        one = median_run(edits)
        province = work / plans[1]
        edit(province)
        whole = Run("make sau khi sửa một tỉnh", make, work).require(0)
        rebuilt = whole.stdout.count("đã tạo ")

        per_pandoc = pandoc_per_document(work, plans, min(args.pandoc_sample, len(plans)), jobs)
        per_kehoach = build.seconds / len(plans)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = {
            "plans": len(plans),
            "jobs": jobs,
            "check_s": round(check.seconds, 2),
            "check_runs_s": [round(r.seconds, 2) for r in checks],
            "lint_s": round(lint.seconds, 2),
            "lint_runs_s": [round(r.seconds, 2) for r in lints],
            "lint_findings": int(lint_findings[1]) if lint_findings else None,
            "build_s": round(build.seconds, 2),
            "docs_per_s": round(len(plans) / build.seconds, 1),
            "noop_make_s": round(noop.seconds, 3),
            "one_edit_s": round(one.seconds, 2),
            "one_edit_runs_s": [round(r.seconds, 2) for r in edits],
            "province_edit_s": round(whole.seconds, 2),
            "province_edit_docs": rebuilt,
            "kehoach_ms_per_doc": round(1000 * per_kehoach, 1),
            "pandoc_ms_per_doc": round(1000 * per_pandoc, 1),
            "ratio_to_pandoc": round(per_kehoach / per_pandoc, 2),
            "peak_mem_mb": round(
                max(build.peak_tree, *(c.peak_tree for c in [*checks, *lints])) / 2**20, 1
            ),
            "peak_process_mem_mb": round(children, 1),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if args.keep:
            print(f"giữ lại {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
