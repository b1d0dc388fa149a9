"""A revision's plans as files: the tree a version is compiled in, parents and citations included.

A plan prints facts of other plans (its basis cites them, its ``extends``
sets its floors). The OLD side of a comparison must be read with those
plans *as they were at OLD's revision*: reading them from today's working
tree made a redline render an old child against today's parent, and hid a
parent's change from every child. So a ``REV:path`` side is compiled in a
temporary copy of that revision's ``plans/`` (``git archive``, extracted
with tarfile's ``data`` filter: no links out, no absolute paths), with the
repository's current Word template so that both sides are drawn alike.
"""

from __future__ import annotations

import atexit
import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from kehoach.base.workspace import TEMPLATE
from kehoach.source.versions import VersionError

_made: dict[tuple[str, str], Path] = {}


def _cleanup() -> None:
    for path in _made.values():
        shutil.rmtree(path.parent, ignore_errors=True)
    _made.clear()


atexit.register(_cleanup)


def _archive(root: Path, commit: str, paths: list[str]) -> bytes | None:
    done = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit, "--", *paths],
        capture_output=True,
        check=False,
        timeout=120,
    )
    return done.stdout if done.returncode == 0 else None


def snapshot(root: Path, commit: str, plan_path: str) -> Path:
    """A folder holding the revision's ``plans/`` (and the plan's own top folder), made once."""
    top = plan_path.split("/", 1)[0]
    key = (str(root.resolve()), f"{commit}:{top}")
    if key in _made:
        return _made[key]
    wanted = sorted({"plans", top})
    data = _archive(root, commit, wanted)
    if data is None:
        data = _archive(root, commit, [top])
    if data is None:
        raise VersionError(f"không lấy được các kế hoạch ở phiên bản «{commit[:12]}»")
    folder = Path(tempfile.mkdtemp(prefix="kehoach-rev-")) / "repo"
    folder.mkdir()
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    template = root / TEMPLATE
    if template.is_file():
        (folder / TEMPLATE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, folder / TEMPLATE)
    _made[key] = folder
    return folder
