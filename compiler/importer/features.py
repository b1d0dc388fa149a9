"""Which plan-file syntax the installed schema holds (issue 13 lands key by key).

The import writes the richest form the schema reads: a body table as
``table:`` once sections hold tables, a text appendix as ``body:`` once
appendices hold sections, and so on; before that, the same content is kept
as literal text (and the report says so). Asking the models themselves,
instead of a version number, keeps the import right on any branch.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache

from kehoach.schema import models


def _accepts(model: type[models.StrictModel], field: str, value: object) -> bool:
    info = model.model_fields.get(field)
    if info is None:
        return False
    return value in _literals(info.annotation)


def _literals(annotation: object) -> set[object]:
    found: set[object] = set()
    for arg in typing.get_args(annotation):
        found |= _literals(arg)
    if typing.get_origin(annotation) is typing.Literal:
        found |= set(typing.get_args(annotation))
    return found


def _has(model: type[models.StrictModel], field: str) -> bool:
    return field in model.model_fields


@dataclass(frozen=True)
class Features:
    """The keys of issue 13 the schema holds."""

    body_tables: bool
    text_appendices: bool
    literal_appendices: bool
    monitor: bool
    outputs: bool
    numbered: bool
    appendix_numbering_none: bool
    reference_lead: bool
    number_string: bool
    period_optional: bool
    footnotes: bool
    parts: bool


@cache
def features() -> Features:
    """What :mod:`kehoach.schema.models` holds, read once."""
    document = models.Document.model_fields
    number = document["number"].annotation
    section = models.Section
    appendix = models.Appendix
    task = models.Task
    return Features(
        body_tables=_has(section, "table"),
        text_appendices=_has(appendix, "body"),
        literal_appendices=_has(appendix, "table"),
        monitor=_has(task, "monitor"),
        outputs=_has(task, "outputs"),
        numbered=_has(section, "numbered"),
        appendix_numbering_none=_accepts(models.Plan, "appendix_numbering", "none"),
        reference_lead=_has(models.Document, "reference_lead"),
        number_string=str in _types(number),
        period_optional=not document["period"].is_required(),
        footnotes=_footnotes(),
        parts=_has(section, "part"),
    )


def _types(annotation: object) -> set[object]:
    found: set[object] = {annotation}
    for arg in typing.get_args(annotation):
        found |= _types(arg)
    return found


def _footnotes() -> bool:
    """Whether the inline reader knows ``^[…]`` (issue 13 A): it names the marker."""
    from kehoach.layout import inline

    return any("^[" in str(value) for value in vars(inline).values() if isinstance(value, str))
