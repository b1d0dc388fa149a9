"""A list of paragraphs, items or basis lines may be written as its only string."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kehoach.schema.models import Plan

WHERE = [
    ("intro",),
    ("basis",),
    ("body", 0, "text"),
    ("body", 0, "items"),
    ("body", 0, "after"),
    ("body", 0, "points", 0, "paragraphs"),
    ("task_groups", 0, "intro"),
    ("organisation", 0, "text"),
]


def _validated(path: tuple[str | int, ...], value: object) -> Any:
    """What a small plan holds at ``path`` once ``value`` is written there and validated."""
    data: dict[str, Any] = {
        "document": {
            "issuer": {"name": "Ủy ban nhân dân phường Thử"},
            "place": "Cần Thơ",
            "date": {"year": 2026},
            "title": "Thử",
            "period": "2026-2030",
        },
        "body": [{"title": "A", "points": [{"text": "a"}]}],
        "task_groups": [{"id": "g", "title": "G"}],
        "organisation": [{"body": "Sở"}],
    }
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    found: Any = Plan.model_validate(data)
    for step in path:
        found = found[step] if isinstance(step, int) else getattr(found, step)
    return found


@pytest.mark.parametrize("path", WHERE, ids=lambda p: ".".join(map(str, p)))
def test_a_single_string_is_the_one_item_list(path: tuple[str | int, ...]) -> None:
    assert _validated(path, "Một đoạn.") == _validated(path, ["Một đoạn."]) == ["Một đoạn."]


def test_only_those_lists_take_a_single_string() -> None:
    with pytest.raises(ValidationError) as caught:
        _validated(("body", 0, "points", 0, "items"), "Một ý.")
    # (the other error is the string branch of «Text | Point» refusing a mapping)
    assert ("list_type", "items") in [(e["type"], e["loc"][-1]) for e in caught.value.errors()]
