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
    if text.rstrip().endswith(END_MARK):  # the plan wrote it itself
        return text.rstrip()
    return text.rstrip(GIVES_WAY) + END_MARK
