"""The end mark «./.» that closes a document's body, never doubling punctuation.

Decree 30 ends the text with «./.» right after its last word. The last
paragraph often ends a list («…;»), a sentence («….») or an open list
(«…», «...»): that mark gives way to the end mark, so the body never ends
«;./.», «../.» or «…./.».
"""

from __future__ import annotations

END_MARK = "./."
GIVES_WAY = " \t;,:.…"


def ended(text: str) -> str:
    """``text`` ending with the end mark, its own closing punctuation dropped."""
    return bare(text) + END_MARK


def bare(text: str) -> str:
    """``text`` ready for the end mark: its closing punctuation (or its own mark) dropped.

    The mark may follow in a run of its own, after a footnote's number.
    """
    if text.rstrip().endswith(END_MARK):  # the plan wrote it itself
        return text.rstrip().removesuffix(END_MARK)
    return text.rstrip(GIVES_WAY)
