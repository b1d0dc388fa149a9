"""The JSON Schema of a plan file, exported for editors' completion and hover help."""

from __future__ import annotations

import json

from kehoach.schema.models import Plan


def schema_text() -> str:
    """The schema as stable, pretty JSON (committed in schema/ and checked by a test)."""
    schema = Plan.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
