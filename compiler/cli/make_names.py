"""Plan file names that ``make`` cannot handle, and the name to use instead.

The Makefile knows the plans as a list of words, and a word in a rule is
make's syntax: a space splits one path in two, ``:`` ``;`` ``|`` ``=``
separate parts of a rule, ``%`` makes a pattern, ``$`` a variable, ``#`` a
comment, ``* ? [ ]`` a wildcard, ``\\`` an escape; the recipes then hand
the path to the shell, where quotes, ``& ( ) < >`` and the backquote are
syntax too. Any such character in a plan's path (a folder's name included)
stopped ``make`` for every plan. All other characters, Vietnamese letters
included, are plain bytes to both, so the rule is a short list of ASCII
characters, not an allowlist that would refuse «kế-hoạch».

``kehoach build`` reads any name, so such a plan is not broken: only the
repository's ``make`` cannot build it. The Makefile's ``find`` leaves these
names out (``UNMAKEABLE_PATH``, the same characters), builds every other
plan and then fails naming them; ``kehoach check`` reports each as an error
(see :func:`file_name_finding` for why not a warning) with the name to use;
``kehoach deps`` writes no rule naming one.
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, Location

_SPACES = " \t\n\v\f\r"
_CONTROLS = "".join(chr(c) for c in (*range(32), 127) if chr(c) not in _SPACES)
_SYNTAX = "\"#$%&'()*:;<=>?[\\]`|"
UNMAKEABLE = frozenset(_SPACES + _CONTROLS + _SYNTAX)
"""Every character make or the recipes' shell reads as syntax in a path.

tests/test_hardening_gitmake.py checks that the Makefile's ``find`` leaves
out exactly the names holding one of these."""

_BLANK = _SPACES + _CONTROLS
_BLANK_RUN = re.compile(f"[{re.escape(_BLANK)}]+")
_NAMED = {" ": "dấu cách", "\t": "dấu tab", "\n": "dấu xuống dòng"}
_DROPPED = re.compile(f"[{re.escape(_SYNTAX)}]")
_DASHES = re.compile(r"-{2,}")


def unmakeable(relative: str) -> list[str]:
    """The characters of ``relative`` (a path inside the repository) that make cannot handle,
    each once, in order of appearance."""
    return list(dict.fromkeys(ch for ch in relative if ch in UNMAKEABLE))


def makeable(relative: str) -> str:
    """``relative`` renamed for make: spaces (and control characters) as «-», the other
    characters of :data:`UNMAKEABLE` dropped, «-» neither doubled nor at either end of a part.

    ``plans/tên có dấu cách/kế hoạch số 1.yaml`` → ``plans/tên-có-dấu-cách/kế-hoạch-số-1.yaml``.
    """
    return "/".join(_makeable_name(name) for name in relative.split("/"))


def _makeable_name(name: str) -> str:
    pieces = [
        _DASHES.sub("-", _DROPPED.sub("", _BLANK_RUN.sub("-", piece))).strip("-")
        for piece in name.split(".")
    ]
    if not pieces[0]:  # a name of nothing but such characters
        pieces[0] = "kế-hoạch"
    return ".".join(pieces)


def _described(relative: str, found: list[str]) -> str:
    """«tên tệp có dấu cách, ký tự «:»»: where and what, as a clerk would say it."""
    *folders, name = relative.split("/")
    in_name = any(ch in name for ch in found)
    in_folders = any(ch in folder for folder in folders for ch in found)
    where = ["tên thư mục"] * in_folders + ["tên tệp"] * in_name
    what = [_NAMED.get(ch) or f"ký tự điều khiển U+{ord(ch):04X}" for ch in found if ch in _BLANK]
    syntax = [f"«{ch}»" for ch in found if ch not in _BLANK]
    if syntax:
        what.append("ký tự " + ", ".join(syntax))
    return f"{' và '.join(where)} có {', '.join(what)}"


def file_name_finding(root: Path, shown: str) -> Diagnostic | None:
    """An error for the plan shown as ``shown`` when make cannot handle its name, else None.

    An error, not a warning, although ``kehoach build`` compiles the plan:
    ``make`` (and so CI) fails on it, and ``kehoach check`` is what a clerk
    or CI runs before ``make`` to learn that it will pass. A warning would
    exit 0 and, in this report, stand for a deviation the plan recorded on
    purpose. The proposed name does not clash with an existing file.
    """
    found = unmakeable(shown)
    if not found:
        return None
    proposed = makeable(shown)
    stem, dot, suffix = proposed.rpartition(".")
    number = 2
    while (root / proposed).exists():
        proposed = f"{stem}-{number}{dot}{suffix}"
        number += 1
    return Diagnostic(
        "error",
        "file-name",
        f"{_described(shown, found)}, make không xử lý được (make bỏ qua kế hoạch này; "
        f"kehoach build vẫn biên dịch được); hãy đổi thành «{proposed}»",
        Location(shown, 1, 1),
        help="đổi tên bằng git mv, rồi sửa extends:/cite: của các kế hoạch trỏ tới tệp này",
    )
