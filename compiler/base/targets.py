"""Where a command may write: anywhere the user asks, except onto what it reads.

An output named with ``-o`` may lie outside the repository (a redline for
e-mail goes to /tmp), but never onto a source: the plans (``plans/``), the
Word template (``templates/``), or a file the same command reads. Writing
there destroys the input without a word: ``kehoach build -o templates``
replaced the template with a plan's document, after which every build
printed that plan's text. Two plans whose documents would share one path
(``a.yaml`` and ``a.yml``) are refused too, before anything is written:
otherwise the one written last wins, and under ``-j`` that varies.

Everything here only computes and compares paths; nothing is created.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kehoach.base.workspace import output_path, real_path

SOURCE_FOLDERS = {
    "plans": "chứa các kế hoạch",
    "templates": "chứa mẫu Word",
}
"""The repository's folders of sources, with what they hold (said in the refusal)."""


class OutputRefused(ValueError):
    """An output that would overwrite a source, or that two plans would both write."""


def placed(root: Path, path: Path) -> Path:
    """The file that writing ``path`` (relative to ``root``, or absolute) creates or replaces.

    The folder is resolved (a symlinked ``build/`` pointing into ``templates/``
    lands in templates/), the name is not: the atomic writer's ``os.replace``
    replaces a symlink at the target itself, never the file it points to.
    """
    full = root / path
    if full.name in ("", ".", ".."):
        return real_path(full)
    return real_path(full.parent) / full.name


def shown(root: Path, path: Path) -> str:
    """``path`` as messages name it: relative to the repository when inside it, else absolute."""
    top = real_path(root)
    return path.relative_to(top).as_posix() if path.is_relative_to(top) else path.as_posix()


def refuse_sources(
    root: Path, target: Path, inputs: Iterable[Path] = (), *, plans_allowed: bool = False
) -> None:
    """OutputRefused when the placed ``target`` is in a source folder or is one of ``inputs``.

    ``plans_allowed``: ``kehoach new`` writes a plan, so plans/ is its place;
    the plans it reads (``inputs``) stay out of reach even there.
    """
    for folder, holds in SOURCE_FOLDERS.items():
        if plans_allowed and folder == "plans":
            continue
        if target.is_relative_to(real_path(root / folder)):
            raise OutputRefused(
                f"không ghi vào {shown(root, target)}: thư mục {folder}/ {holds} (nguồn), "
                f"không phải chỗ ghi kết quả; hãy chọn chỗ khác (ví dụ build/)"
            )
    # An input is reached by its own name (a symlink is replaced, not followed) or its real one.
    if any(target in (placed(root, source), _real_or_none(root / source)) for source in inputs):
        raise _input_refused(root, target)


def _real_or_none(path: Path) -> Path | None:
    """Where ``path`` leads, or None for a link that leads nowhere (broken, a loop): such an
    input is refused by the loader when it is read, and nothing can be written onto it."""
    try:
        return real_path(path)
    except (OSError, RuntimeError):
        return None


def _input_refused(root: Path, target: Path) -> OutputRefused:
    return OutputRefused(
        f"không ghi vào {shown(root, target)}: đó là tệp đầu vào của chính lệnh này; "
        f"hãy chọn tên tệp khác"
    )


def check_documents(root: Path, plans: Iterable[Path], out_dir: Path) -> None:
    """OutputRefused, naming every clash, when a document of ``plans`` (resolved, inside
    ``root``) built under ``out_dir`` would land on a source or on another plan's document.

    Checked folder by folder, on strings: a national build names thousands
    of plans in a few hundred folders, and each ``Path`` built, hashed or
    compared costs a parse (3,400 paths checked one by one took 2 s, this
    takes milliseconds). A document is named as ``output_relative`` names
    it: the plan's name, ``.docx`` for its suffix.
    """
    refuse_sources(root, real_path(root / out_dir))  # written into: its own symlink followed
    plans = list(plans)
    read = set(map(str, plans))
    folders: dict[str, str] = {}
    """plan folder → document folder"""
    writers: dict[str, Path] = {}
    clashes: list[str] = []
    for plan in plans:
        folder, name = os.path.split(str(plan))
        where = folders.get(folder)
        if where is None:
            document_folder = output_path(root, plan, out_dir).parent
            refuse_sources(root, document_folder)
            where = folders[folder] = str(document_folder)
        target = os.path.join(where, os.path.splitext(name)[0] + ".docx")
        if target in read:  # a plan named with any suffix, even .docx, is read, not replaced
            raise _input_refused(root, Path(target))
        first = writers.setdefault(target, plan)
        if first is not plan:  # identity: Path equality parses both
            clashes.append(
                f"{shown(root, first)} và {shown(root, plan)} cùng ghi vào "
                f"{shown(root, Path(target))}"
            )
    if clashes:
        raise OutputRefused(
            "; ".join(clashes) + ": hãy đổi tên một trong hai kế hoạch (không tạo văn bản nào)"
        )
