"""The plan schema: Pydantic models and the JSON Schema exported from them."""

from kehoach.schema.models import Plan

__all__ = ["Plan"]
