"""git's diff driver for plan files: ``git diff`` and ``git log -p`` that read as a review.

``make git-setup`` (once per clone) writes to the repository's git config::

    diff.kehoach.command  = <.venv>/bin/kehoach git-diff
    diff.kehoach.textconv = <.venv>/bin/kehoach git-textconv

and ``.gitattributes`` maps ``plans/**/*.yaml`` to the driver. ``git diff``
then runs :func:`external_diff` (the full semantic comparison, the same as
``kehoach diff``); ``git log -p`` and ``git show``, which do not run external
diff commands unless given ``--ext-diff``, run :func:`textconv` on each side
and diff the listings (:mod:`kehoach.review.listing`). A side that cannot be
read as a plan is listed as its raw text, so git still shows something.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.base.diagnostics import PlanError
from kehoach.base.files import read_regular
from kehoach.review.compare import Unreadable, compare_sides, side_of_bytes
from kehoach.review.listing import listing
from kehoach.review.plandiff import Action, Change
from kehoach.review.report import Report, render
from kehoach.source.loader import load_plan_bytes
from kehoach.source.versions import Version

NULL = "/dev/null"


def _read(path: str) -> bytes | None:
    if path == NULL:
        return None
    return read_regular(Path(path))


def _repository(start: Path) -> Path:
    """The top of the working tree git runs the driver in (it runs it from the top)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def external_diff(cwd: Path, args: list[str]) -> str:
    """The report for git's 7 (or 9, for a rename) arguments of an external diff command."""
    if len(args) < 7:
        return "kehoach git-diff: git gọi với 7 tham số (xem gitattributes, diff.<driver>.command)"
    path, old_file, _, _, new_file = args[:5]
    new_path = args[7] if len(args) >= 9 else path
    root = _repository(cwd).resolve()
    old_data, new_data = _read(old_file), _read(new_file)
    header = f"kehoach diff a/{path} b/{new_path}"
    if old_data is None or new_data is None:
        present = new_data if old_data is None else old_data
        action: Action = "added" if old_data is None else "removed"
        title = path
        try:
            plan = load_plan_bytes(present or b"", path, root / path).plan
            title = " ".join(plan.document.title.split())
        except PlanError:  # a broken plan still gets its line
            pass
        change = Change(
            "file", action, new_path if action == "added" else path, old=title, new=title
        )
        return header + "\n" + render(Report(f"a/{path}", f"b/{new_path}", (change,)), "text")
    try:
        old = side_of_bytes(root, Version(f"a/{path}", path, "a"), old_data)
        new = side_of_bytes(root, Version(f"b/{new_path}", new_path, "b"), new_data)
    except Unreadable as error:
        return header + "\n" + "\n".join(error.lines)
    return header + "\n" + render(compare_sides(root, old, new), "text")


def textconv(path: Path) -> str:
    """The listing of the plan in ``path`` (a temporary file git made), or its text as is."""
    data = read_regular(path)
    try:
        plan = load_plan_bytes(data, path.name, path.resolve()).plan
    except PlanError:  # git must get text whatever the file holds
        return data.decode("utf-8", "replace")
    return listing(plan)
