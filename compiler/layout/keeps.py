"""Which body paragraphs never end a page: the chains a typesetter keeps together.

A heading is kept with its first line already (``body._heading``). Here the
other two: a lead-in line ending in «:» introduces what follows it and is
kept with it, and the end of the body is kept with the signature block, so
Nơi nhận and the signature never stand alone on a last page (KH 219 p.5).
The end of the body is the paragraph holding the end mark «./.» and every
paragraph after it (an italic «(Kèm theo Phụ lục …)» note).

Keeping two lines together only works when a paragraph cannot leave a
single line at the foot or head of a page: the template turns widow and
orphan control on for every paragraph (templates/make_template.py).
"""

from __future__ import annotations

import dataclasses

from kehoach.model.document import Block, Paragraph

END_MARK = "./."
LEAD_IN = ":"


def kept(body: tuple[Block, ...], signed: bool) -> tuple[Block, ...]:
    """``body`` with lead-in lines kept with the next, and its end kept with the signature.

    ``signed``: a closing block (Nơi nhận, signature) follows the body.
    """
    last = len(body) - 1
    end = next((i for i in range(last, -1, -1) if _text(body[i]).endswith(END_MARK)), last)
    out: list[Block] = []
    for index, paragraph in enumerate(body):
        if not isinstance(paragraph, Paragraph):  # a table among the paragraphs keeps its own
            out.append(paragraph)
            continue
        keep = paragraph.keep_with_next or (index < last and _text(paragraph).endswith(LEAD_IN))
        if signed and index >= end:
            keep = True
        out.append(
            paragraph
            if keep == paragraph.keep_with_next
            else dataclasses.replace(paragraph, keep_with_next=keep)
        )
    return tuple(out)


def _text(block: object) -> str:
    """A paragraph's printed text without trailing spaces; "" for any other block."""
    return block.text.rstrip() if isinstance(block, Paragraph) else ""
