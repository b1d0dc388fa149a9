"""Completeness: what a records clerk (văn thư) checks before an issued document goes out.

Decree 30 (Điều 8, Phụ lục I) requires of every issued text a number, a
date, the signer's name, Nơi nhận and the «Lưu: VT» line. A plan may leave
them out while it is a draft; once it says ``status: issued`` (or carries
its number) the printed document would be sent back. These are warnings, not errors: the plan still
builds (the seeds themselves lack some of them) and the clerk is told.

The signing part is the decision when the plan is promulgated by one (the
plan attached to it carries no number, date or signature of its own), else
the plan itself; a document attached to a letter (``header: none`` or
``attached_to``) is signed with the letter and is not checked here.

A body that says «(Chi tiết tại các Phụ lục đính kèm)» or «tại Phụ lục 2»
must attach that appendix: a reference to an appendix the plan does not
have is a warning too, issued or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from kehoach.base.diagnostics import Diagnostic
from kehoach.cascade.inheritance import where
from kehoach.schema.models import Plan, Signature
from kehoach.source.loader import LoadedPlan

KeyPath = tuple[str | int, ...]

CODES = frozenset(
    {
        "issued-without-number",
        "issued-without-date",
        "issued-without-recipients",
        "issued-without-storage",
        "issued-without-signature",
        "issued-without-signer",
        "missing-appendix",
    }
)
"""The codes of this module's warnings."""

_APPENDIX = re.compile(r"\bPhụ lục(?:\s+(?P<number>[IVXLC]+|\d+)\b)?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_STORAGE = re.compile(r"^\s*(?:-\s*)?Lưu\b")
_BESIDE = {"recipients": "signature", "number": "status"}
# Where the body's own words are: what the appendix check reads.
_BODY_FIELDS = ("intro", "body", "closing", "decision")


def completeness(root: Path, loaded: LoadedPlan) -> list[Diagnostic]:
    """The warnings of the module docstring for ``loaded``, in the plan's order."""
    plan = loaded.plan
    issued = _declared_issued(loaded)
    found = [*(_issued(plan) if issued else ()), *_appendix_references(plan)]
    return [
        Diagnostic("warning", code, message, where(root, loaded, _written(loaded, path)))
        for code, message, path in found
    ]


def _written(loaded: LoadedPlan, path: KeyPath) -> KeyPath:
    """``path``, or for a part left out, the key written next to where it belongs.

    Nơi nhận stands beside the signature: a plan without ``recipients`` is
    pointed at its ``signature`` rather than at its first line; a missing
    number at the ``status: issued`` that calls for it.
    """
    neighbour = _BESIDE.get(str(path[-1])) if path else None
    if path in loaded.positions or neighbour is None:
        return path
    beside = (*path[:-1], neighbour)
    if beside in loaded.positions:
        return beside
    return ("body",) if neighbour == "signature" else path  # the closing follows the body


def _declared_issued(loaded: LoadedPlan) -> bool:
    """Whether the plan says it is issued: ``status: issued`` written, or a number given.

    ``status`` defaults to «issued», so a plan that says nothing (a sketch, a
    test) would otherwise be held to what only a document going out needs.
    """
    plan = loaded.plan
    if plan.document.status != "issued":
        return False
    written = ("document", "status") in loaded.positions
    numbered = plan.document.number is not None or (
        plan.decision is not None and plan.decision.number is not None
    )
    return written or numbered


def _issued(plan: Plan) -> Iterator[tuple[str, str, KeyPath]]:
    doc = plan.document
    decision = plan.decision
    signature: Signature | None
    if decision is not None:
        signing: KeyPath = ("decision",)
        number, date = decision.number, decision.date
        recipients, signature = decision.recipients, decision.signature
        kind = "quyết định"
    elif doc.header == "none" or doc.attached_to is not None:
        return
    else:
        signing = ()
        number, date = doc.number, doc.date
        recipients, signature = plan.recipients, plan.signature
        kind = "văn bản"
    head = ("document",) if decision is None else signing
    if number is None:
        yield (
            "issued-without-number",
            f"{kind} đã ban hành (status: issued) mà chưa có số: văn thư sẽ trả lại; "
            "ghi number, hoặc để status: draft khi còn là dự thảo",
            (*head, "number"),
        )
    if date.day is None or date.month is None:
        yield (
            "issued-without-date",
            f"{kind} đã ban hành (status: issued) mà ngày ký chưa đủ ngày và tháng: "
            "ghi đủ date (day, month, year)",
            (*head, "date"),
        )
    if not recipients:
        yield (
            "issued-without-recipients",
            f"{kind} đã ban hành không có Nơi nhận: ghi recipients, dòng cuối «Lưu: VT, …»",
            (*signing, "recipients") if signing else ("recipients",),
        )
    elif not any(_STORAGE.match(line) for line in recipients):
        yield (
            "issued-without-storage",
            "Nơi nhận thiếu dòng «Lưu: VT, …» (nơi lưu bản gốc, Nghị định 30/2020/NĐ-CP)",
            (*signing, "recipients", len(recipients) - 1),
        )
    yield from _signer(signature, (*signing, "signature"), kind)


def _signer(
    signature: Signature | None, path: KeyPath, kind: str
) -> Iterator[tuple[str, str, KeyPath]]:
    if signature is None:
        yield (
            "issued-without-signature",
            f"{kind} đã ban hành không có phần chữ ký: ghi signature (chức vụ, họ tên người ký)",
            path,
        )
    elif not getattr(signature, "name", None):
        yield (
            "issued-without-signer",
            f"{kind} đã ban hành chưa có họ tên người ký: ghi signature.name",
            (*path, "name"),
        )


def _appendix_references(plan: Plan) -> Iterator[tuple[str, str, KeyPath]]:
    """Each text of the body naming an appendix the plan does not attach (once per text)."""
    count = len(plan.appendices)
    for path, text in _texts(plan, _BODY_FIELDS):
        for found in _APPENDIX.finditer(text):
            number = found.group("number")
            wanted = 1 if number is None else _value(number)
            if wanted > count:
                named = found.group(0)
                have = "không có phụ lục nào" if count == 0 else f"chỉ có {count} phụ lục"
                yield (
                    "missing-appendix",
                    f"thân văn bản nhắc «{named}» nhưng kế hoạch {have} (appendices): "
                    "thêm phụ lục, hoặc sửa câu này",
                    path,
                )
                break


def _value(number: str) -> int:
    """«2» → 2, «II» → 2, «IV» → 4."""
    if number.isdigit():
        return int(number)
    values = [_ROMAN[c] for c in number]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _texts(plan: Plan, fields: tuple[str, ...]) -> Iterator[tuple[KeyPath, str]]:
    """Every string under ``fields`` of ``plan``, with its key path."""
    for name in fields:
        yield from _walk(getattr(plan, name), (name,))


def _walk(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
