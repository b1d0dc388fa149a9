"""Versions of a plan: a file on disk or ``REV:path`` in git, loaded like any plan.

``kehoach diff`` and ``kehoach redline`` compare two versions. A version in
git never touches the working tree: its bytes come from ``git cat-file blob COMMIT:path``
and go through the same checks as a file (size, UTF-8, legacy encodings,
invisible characters, anchors and tags, schema) by :func:`kehoach.source.loader.load_plan_bytes`,
so an old revision is held to exactly the rules of today's loader.

Author and date of a redline come from the commit of the NEW revision, or
from the plan's own date: never from the clock, so that the same two
versions always give the same bytes.

A revision is a value the user typed, and git reads anything starting with
``-`` as an option (``--output=/path`` writes a file wherever it says). So
every revision is first resolved to a commit by ``git rev-parse --verify
--end-of-options REV^{commit}``, which also tells a typo (no such revision)
from a folder that is not a git repository; git is then only ever given
that commit's hexadecimal name, after ``--end-of-options``.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.files import read_regular
from kehoach.base.text import one_line
from kehoach.base.workspace import inside


class VersionError(Exception):
    """A version that cannot be had (no such revision, file, or not a git repository)."""


@dataclass(frozen=True)
class Version:
    """Where one side of a comparison comes from.

    ``path`` is the plan's path inside the repository (relative, POSIX), the
    key for its ancestors and citations; ``rev`` is the revision as typed
    (shown in messages and reports) and ``commit`` the commit it names, both
    None for a file on disk.
    """

    spec: str
    path: str
    rev: str | None
    commit: str | None = None

    @property
    def shown(self) -> str:
        return f"{self.rev}:{self.path}" if self.rev is not None else self.path


def parse_version(root: Path, spec: str) -> Version:
    """``plans/x.yaml`` (a file) or ``REV:plans/x.yaml`` (a git revision, resolved to its commit).

    An existing file wins over the ``REV:`` reading, so a file whose name
    holds a colon is still a file.
    """
    candidate = Path(spec)
    if not candidate.is_absolute():
        candidate = root / candidate
    if candidate.is_file() or ":" not in spec:
        resolved = inside(root, Path(spec))
        return Version(spec, resolved.relative_to(root.resolve()).as_posix(), None)
    rev, _, path = spec.partition(":")
    if not rev or not path:
        raise VersionError(f"«{spec}» không phải tệp cũng không có dạng REV:đường-dẫn")
    relative = inside(root, Path(path)).relative_to(root.resolve()).as_posix()
    return Version(spec, relative, rev, resolve_revision(root, rev))


def resolve_revision(root: Path, rev: str) -> str:
    """The full name of the commit ``rev`` names (a commit, branch, tag, ``HEAD~1``…).

    VersionError, in Vietnamese, when ``root`` is not in a git repository or
    ``rev`` names no commit of it: a typo must stop the comparison, not be
    reported later as a file missing from a revision.
    """
    done = _run_git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if done.returncode == 0:
        return done.stdout.decode("ascii", "replace").strip()
    detail = one_line(done.stderr.decode("utf-8", "replace"))
    if "not a git repository" in detail:
        raise VersionError(
            f"«{root.resolve()}» không phải là kho git, nên không đọc được phiên bản «{rev}»; "
            "hãy chạy lệnh trong thư mục của một kho git (tạo bằng git clone hoặc git init)"
        )
    if detail:  # --quiet: git says nothing when the revision merely does not exist
        raise VersionError(f"git rev-parse «{rev}»: {detail}")
    raise VersionError(f"«{rev}» không phải là một phiên bản git (commit, nhánh, thẻ) của kho này")


def _run_git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``git -C root args…`` with UTC dates and untranslated messages; VersionError if git
    cannot be run at all (its own failures are the caller's to word)."""
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, env=env, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise VersionError(f"không chạy được git: {exc}") from None


def git_output(root: Path, *args: str) -> str:
    done = _run_git(root, *args)
    if done.returncode != 0:
        detail = one_line(done.stderr.decode("utf-8", "replace"))
        raise VersionError(f"git {' '.join(args)}: {detail or 'lỗi'}")
    return done.stdout.decode("utf-8", "replace")


def read_version(root: Path, version: Version) -> bytes:
    """The bytes of ``version``: the file, or the blob at ``path`` in its commit.

    ``git cat-file blob``, not ``git show``: a folder at that path is then «no
    such file» rather than a listing of the folder read as a plan.
    """
    if version.commit is None:
        try:
            return read_regular(root / version.path)  # a FIFO refused, never waited on
        except OSError as exc:
            raise VersionError(f"không đọc được «{version.path}»: {exc.strerror}") from None
    out = _run_git(root, "cat-file", "blob", "--end-of-options", f"{version.commit}:{version.path}")
    if out.returncode != 0:
        raise VersionError(
            f"không có «{version.path}» ở phiên bản «{version.rev}» (git show {version.shown})"
        )
    return out.stdout


def commit_stamp(root: Path, version: Version) -> tuple[str, str]:
    """(author name, ISO date in UTC) of the commit of ``version``: a redline's author and date."""
    if version.commit is None:
        raise ValueError(f"{version.shown} is a file, not a git revision")
    out = git_output(
        root,
        "log",
        "-1",
        "--format=%an%n%ad",
        "--date=format-local:%Y-%m-%dT%H:%M:%SZ",
        "--end-of-options",
        version.commit,
        "--",
    )
    lines = out.splitlines()
    if len(lines) < 2:
        raise VersionError(f"không đọc được tác giả, ngày của phiên bản «{version.rev}»")
    return lines[0], lines[1]
