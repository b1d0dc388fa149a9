"""Issue 17: every reviewer's redline round-trips in LibreOffice.

For each scenario of ``review_scenarios``, the redline ``v1 → s-<name>`` is
opened in LibreOffice and «Accept All» / «Reject All» pressed (through UNO,
``lo_tracked.py``); the result must read as the plain NEW / OLD rendering
(text), have the same page sections and orientations, and the same merged
cells. The plain renderings are made from checkouts of each revision, so
the OLD child is drawn with its parent as it was at v1.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from libreoffice import LibreOffice
from lxml import etree
from review_scenarios import SCENARIOS, build_history, git

from kehoach.base.workspace import TEMPLATE
from kehoach.cascade.inheritance import clear_cache
from kehoach.pipeline import Source, Stage, compile_plan
from kehoach.review.compare import redline_bytes
from kehoach.writers.redline import W
from kehoach.writers.template import render_with_template

ROUND_TRIP = [
    "tasks-reordered",
    "targets-reordered",
    "parent-date-title",
    "bold-phrase",
    "task-renamed",
    "section-deleted",
    "basis-inserted",
    "section-renamed",
    "target-appended",
    "signer-changed",
    "category-cell",
    "appendix-removed",
    "appendix-column",
    "phrase-inserted",
    "phrase-replaced",
    "task-moved",
    "value-changed",
    "raw-fields",
]


def _plain(root: Path, rev: str, path: str, trees: Path) -> bytes:
    """The plain rendering of ``rev:path``, from a checkout of that revision (parents included)."""
    tree = trees / rev
    if not tree.exists():
        git(root, "worktree", "add", "-q", "--detach", str(tree), rev)
    clear_cache()
    compiled = compile_plan(Source(tree, tree / path, path), until=Stage.LAYOUT, draft=True)
    return render_with_template(compiled.document, tree / TEMPLATE, TEMPLATE.as_posix())


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory, libreoffice: LibreOffice) -> dict[str, Path]:
    """Per scenario, a folder with LibreOffice's accepted/rejected redline and the plain sides."""
    root = build_history(tmp_path_factory.mktemp("scenarios"))
    trees = tmp_path_factory.mktemp("trees")
    out = tmp_path_factory.mktemp("lo")
    jobs: list[str] = []
    folders: dict[str, Path] = {}
    for name in ROUND_TRIP:
        plan = SCENARIOS[name].plan
        folder = out / name
        folder.mkdir()
        data, _, changed = redline_bytes(root, f"v1:{plan}", f"s-{name}:{plan}")
        (folder / "redline.docx").write_bytes(data)
        (folder / "changed").write_text("yes" if changed else "no", encoding="utf-8")
        (folder / "old.docx").write_bytes(_plain(root, "v1", plan, trees))
        (folder / "new.docx").write_bytes(_plain(root, f"s-{name}", plan, trees))
        for mode, kind in (
            ("accept", "redline"),
            ("reject", "redline"),
            ("plain", "old"),
            ("plain", "new"),
        ):
            for ext in ("txt", "docx"):
                jobs.append(f"{mode}:{folder / kind}.docx:{folder / f'{mode}-{kind}.{ext}'}")
        folders[name] = folder
    env = {k: v for k, v in libreoffice.env().items() if k != "PYTHONPATH"}
    subprocess.run(
        [
            libreoffice.uno_python(),
            str(Path(__file__).with_name("lo_tracked.py")),
            str(out / "profile"),
            *jobs,
        ],
        check=True,
        timeout=1800,
        env=env,
    )
    return folders


def _text(folder: Path, name: str) -> list[str]:
    return (folder / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def _structure(path: Path) -> tuple[list[str], list[list[tuple[str, ...]]]]:
    """Page orientation of each section and the merges of every table row, as LibreOffice saved."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = f"{{{W}}}"
    sections = [
        (s.find(f"{w}pgSz").get(f"{w}orient") or "portrait") for s in root.iter(f"{w}sectPr")
    ]
    tables = []
    for table in root.iter(f"{w}tbl"):
        rows = []
        for tr in table.findall(f"{w}tr"):
            cells = []
            for tc in tr.findall(f"{w}tc"):
                v = tc.find(f"{w}tcPr/{w}vMerge")
                span = tc.find(f"{w}tcPr/{w}gridSpan")
                cells.append(
                    ("-" if v is None else v.get(f"{w}val") or "continue")
                    + ("" if span is None else f"/{span.get(f'{w}val')}")
                )
            rows.append(tuple(cells))
        tables.append(rows)
    return sections, tables


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_reject_all_gives_old(resolved: dict[str, Path], name: str) -> None:
    folder = resolved[name]
    assert (folder / "changed").read_text(encoding="utf-8") == "yes"
    assert _text(folder, "reject-redline") == _text(folder, "plain-old")
    assert _structure(folder / "reject-redline.docx") == _structure(folder / "plain-old.docx")


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_accept_all_gives_new(resolved: dict[str, Path], name: str) -> None:
    folder = resolved[name]
    accepted, new = _text(folder, "accept-redline"), _text(folder, "plain-new")
    if name == "appendix-removed":
        # LibreOffice keeps the deleted section break's empty paragraph (and its page):
        # the text is NEW's, the blank lines aside.
        accepted, new = [x for x in accepted if x], [x for x in new if x]
        assert accepted == new
        return
    assert accepted == new
    assert _structure(folder / "accept-redline.docx") == _structure(folder / "plain-new.docx")


def test_formatting_change_is_undone_on_reject(resolved: dict[str, Path]) -> None:
    folder = resolved["bold-phrase"]
    w = f"{{{W}}}"

    def bold_runs(path: Path) -> list[str]:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        return [
            "".join(r.itertext())
            for r in root.iter(f"{w}r")
            if r.find(f"{w}rPr/{w}b") is not None and "hàng năm" in "".join(r.itertext())
        ]

    assert bold_runs(folder / "accept-redline.docx") == bold_runs(folder / "plain-new.docx") != []
    assert bold_runs(folder / "reject-redline.docx") == bold_runs(folder / "plain-old.docx") == []
