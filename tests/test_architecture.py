"""The import contract of README «Kiến trúc», checked on the code as it is.

import-linter (pyproject.toml, ``[tool.importlinter]``) checks the layers and
cycles; what it cannot see is a module reaching into another module's private
names (``from kehoach.x import _helper``, ``module._helper``): that is walked
here in the syntax trees.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "compiler").rglob("*.py"), *(ROOT / "schema").glob("*.py")])


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def _private_uses(path: Path) -> list[str]:
    """``file:line name`` for each private name of another kehoach module used in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kehoach"):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{_shown(path)}:{node.lineno} {node.module}.{alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kehoach"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{_shown(path)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    uses = [use for path in SOURCES for use in _private_uses(path)]
    assert uses == []


def test_the_private_name_check_sees_a_violation(tmp_path: Path) -> None:
    """The walker above is not blind: a planted violation is found."""
    planted = tmp_path / "planted.py"
    source = (
        "from kehoach.cascade.narrowing import _Checker\nimport kehoach.layout.body as b\nb._x\n"
    )
    planted.write_text(source, encoding="utf-8")
    assert _private_uses(planted) == [
        "planted.py:1 kehoach.cascade.narrowing._Checker",
        "planted.py:3 b._x",
    ]


def test_import_contract_holds() -> None:
    """Layers and cycles as declared in pyproject.toml (import-linter)."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
