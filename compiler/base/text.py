"""Plain rules of Vietnamese administrative text that know nothing of plans.

The body, the appendix tables and the recipients block all apply the same
rules of writing (Nghị định 30/2020/NĐ-CP, FORMAT.md); each rule lives here
once so that two places printing a list can never punctuate it differently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


def punctuate_list(clauses: Sequence[str]) -> list[str]:
    """The clauses of a list, each ending with «;» and the last with «.».

    Whatever the writer already typed at the end (spaces, a «;» or a «.»)
    is dropped first, so a clause never ends «;;», «.;» or « ;».
    """
    cleaned = [clause.rstrip().rstrip(";.") for clause in clauses]
    last = len(cleaned) - 1
    return [clause + (";" if i < last else ".") for i, clause in enumerate(cleaned)]


def punctuate_sentences(clauses: Sequence[str]) -> list[str]:
    """The clauses of a list, each a sentence ending with «.» (as punctuate_list cleans them)."""
    return [clause.rstrip().rstrip(";.") + "." for clause in clauses]


def title_lines(title: str) -> tuple[str, ...]:
    """A title (trích yếu, name of an appendix) as printed, one entry a line.

    A line break written in the plan is where the printed title breaks: the
    office chose it, so it is kept; the spaces around each line and the
    blank lines at either end (YAML block scalars leave them) are not.
    """
    return tuple(line.strip() for line in title.strip().splitlines())


def caps(text: str) -> str:
    """Vietnamese capitals, as headings, authority and signature lines print them, in NFC.

    ``str.upper`` keeps the precomposed Vietnamese letters precomposed, but a
    few letters capitalise to a letter and separate marks (Greek «ΐ» becomes
    «Ι» + U+0308 + U+0301); the document holds NFC text like its plan.
    """
    return unicodedata.normalize("NFC", text.upper())


_WORD_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_tokens(text: str) -> list[str]:
    """Words, runs of spaces and single punctuation marks: the units a reader compares.

    The review of two versions (kehoach diff) and the tracked changes of a
    redline cut text the same way, so both mark the same words as changed.
    """
    return _WORD_TOKEN.findall(text)


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line, every run of white space (line breaks too) one space; longer
    than ``limit`` characters, cut to that many with «…» as the last.

    A message that quotes a plan, Jinja or Python stays one line of a report,
    and a long quotation does not bury the rest of the message.
    """
    one = " ".join(text.split())
    if limit is None or len(one) <= limit:
        return one
    return one[: limit - 1] + "…"
