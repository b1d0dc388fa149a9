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
    if any(real_path(root / source) == target for source in inputs):
        raise _input_refused(root, target)


def _input_refused(root: Path, target: Path) -> OutputRefused:
    return OutputRefused(
        f"không ghi vào {shown(root, target)}: đó là tệp đầu vào của chính lệnh này; "
        f"hãy chọn tên tệp khác"
    )


def document_paths(root: Path, plans: Iterable[Path], out_dir: Path) -> dict[Path, Path]:
    """The .docx each plan (resolved, inside ``root``) is built into under ``out_dir``.

    OutputRefused, naming every clash, when the output folder or a document
    lands on a source, or when two plans map to one document.
    """
    refuse_sources(root, real_path(root / out_dir))  # written into: its own symlink followed
    targets: dict[Path, Path] = {}
    writers: dict[Path, Path] = {}
    clashes: list[str] = []
    plans = list(plans)
    read = set(plans)
    for plan in plans:
        target = output_path(root, plan, out_dir)
        refuse_sources(root, target)
        if target in read:  # a plan named with any suffix, even .docx, is read, not replaced
            raise _input_refused(root, target)
        first = writers.setdefault(target, plan)
        if first != plan:
            clashes.append(
                f"{shown(root, first)} và {shown(root, plan)} cùng ghi vào {shown(root, target)}"
            )
        targets[plan] = target
    if clashes:
        raise OutputRefused(
            "; ".join(clashes) + ": hãy đổi tên một trong hai kế hoạch (không tạo văn bản nào)"
        )
    return targets
