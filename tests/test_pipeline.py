"""End-to-end properties of the build: fidelity to the seed, reproducible, atomic, escaped."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import LONG_MY, REPO, SHARED, copy_cascade, minimal_plan

from kehoach.cascade.inheritance import clear_cache
from kehoach.layout.body import layout
from kehoach.pipeline import Source, Stage, build_plan, compile_plan
from kehoach.schema.export import schema_text


def test_seed_002_reproduced_word_for_word(long_my_docx: Path) -> None:
    """The shared fidelity tool, at the bar the issue sets (recall ≥ 0.99)."""
    reference = SHARED / "seeds" / "reference" / "002_b9a47d37139a488a.txt"
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "fidelity.py"),
            "--refs",
            str(reference),
            "--docx",
            str(long_my_docx),
            "--min",
            "0.99",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    assert "recall 1.000" in result.stdout


def test_same_input_same_bytes(sandbox: Path, long_my_docx: Path) -> None:
    """Built again, in another repository: the same bytes (no time, no absolute path)."""
    copy_cascade(sandbox)
    (sandbox / LONG_MY).parent.mkdir(parents=True)
    shutil.copy(REPO / LONG_MY, sandbox / LONG_MY)
    again = build_plan(sandbox, sandbox / LONG_MY, Path("build"))
    assert again.read_bytes() == long_my_docx.read_bytes()


def test_no_temporary_files_left(long_my_docx: Path) -> None:
    leftovers = [p.name for p in long_my_docx.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize(
    "text",
    ["Biến {{ x }} và lệnh {% if true %}có{% endif %}", "Thẻ <b>đậm</b> & <w:p/> ‘trích’"],
)
def test_plan_text_is_data_not_template(sandbox: Path, text: str) -> None:
    plan = sandbox / "plans" / "thu.yaml"
    plan.write_text(minimal_plan(body=text), encoding="utf-8")
    built = build_plan(sandbox, plan, Path("build"))
    paragraphs = [p.text for p in docx.Document(str(built)).paragraphs]
    assert text + "./." in paragraphs


def test_json_schema_file_is_current() -> None:
    committed = (REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "chạy `make schema` để cập nhật schema/plan.schema.json"


def test_readme_example_plan_builds(sandbox: Path) -> None:
    """The plan shown in the README is valid and builds: the docs cannot drift."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    plan = sandbox / "plans" / "vi-du.yaml"
    plan.write_text(example, encoding="utf-8")
    built = build_plan(sandbox, plan, Path("build"))
    texts = [p.text for p in docx.Document(str(built)).paragraphs]
    assert "I. MỤC TIÊU ĐẾN NĂM 2030" in texts
    assert (
        "- 100% dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện."
        in texts
    )


# --- layers: layout is pure, check never loads the renderer ----------------------------

LAYOUT_MAY_IMPORT = (
    "kehoach.layout",
    "kehoach.base.text",
    "kehoach.model",
    "kehoach.schema",
    "kehoach.cascade.resolved",
)
"""What layout may import of kehoach: itself, the plain text rules, the document model, the
schema and the resolved plan's plain data; never the loader, the cascade's file access, the
writers."""


def test_layout_of_a_resolved_plan_reads_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once resolved, LONG_MY is laid out with its cited plan deleted and the working
    directory elsewhere: the citation is worded from the metadata the resolve stage kept."""
    root = tmp_path / "kho"
    copy_cascade(root)
    (root / LONG_MY).parent.mkdir(parents=True)
    shutil.copy(REPO / LONG_MY, root / LONG_MY)
    resolved = compile_plan(Source.file(root, root / LONG_MY), until=Stage.RESOLVE).resolved
    assert resolved is not None
    clear_cache()
    shutil.rmtree(root / "plans")
    monkeypatch.chdir(tmp_path)
    first = layout(resolved).parts[-1].body[0]
    assert "".join(span.text for span in first.spans) == (
        "Thực hiện Kế hoạch số 219/KH-UBND ngày 30 tháng 12 năm 2025 của Ủy ban nhân dân "
        "thành phố Cần Thơ về phát triển Chính quyền số thành phố Cần Thơ giai đoạn 2026 - 2030."
    )


def test_layout_modules_import_neither_loader_nor_files() -> None:
    """Every import statement of compiler/layout, those inside functions included."""
    for module in sorted((REPO / "compiler" / "layout").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                inside_kehoach = name.startswith("kehoach")
                allowed = name.startswith(LAYOUT_MAY_IMPORT) or not inside_kehoach
                assert allowed, f"{module.name} imports {name}"
                assert name.split(".")[0] not in {"ruamel", "os", "pathlib"}, (module.name, name)


def test_layout_loads_no_yaml_parser_even_indirectly() -> None:
    program = (
        "import sys, pkgutil, importlib, kehoach.layout as layout\n"
        "for info in pkgutil.iter_modules(layout.__path__):\n"
        "    importlib.import_module('kehoach.layout.' + info.name)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = set(_run_python(program).split())
    assert "kehoach.layout.citations" in loaded
    assert not {m for m in loaded if m.startswith(("ruamel", "kehoach.source", "kehoach.writers"))}
    assert "kehoach.cascade.inheritance" not in loaded


def test_check_runs_the_renderer() -> None:
    """`kehoach check` runs every stage of `build` short of writing (issue 13): it lays the
    plan out and renders it in memory, so a plan it passes builds."""
    program = (
        "import sys\n"
        "from kehoach.cli.commands import main\n"
        f"sys.argv = ['kehoach', 'check', '--root', {str(REPO)!r}, {LONG_MY.as_posix()!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = set(_run_python(program).split())
    assert {"kehoach.cascade.resolve", "kehoach.layout.body", "kehoach.writers.docx"} <= loaded


def _run_python(program: str) -> str:
    """stdout of ``program`` in a fresh interpreter (a module imported once stays imported)."""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]
