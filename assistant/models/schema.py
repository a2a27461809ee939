"""Structured replies checked against their whole JSON schema, on every provider."""

from __future__ import annotations

import copy
import json
from typing import Any

from jsonschema import Draft202012Validator


class ReplyShapeError(ValueError):
    """A structured reply broke its schema (types, enums, patterns, lengths or required keys)."""


def schema_of(response_format: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON schema inside an OpenAI `response_format`."""
    return dict(response_format["json_schema"]["schema"])


def validated(raw: str, response_format: dict[str, Any]) -> dict[str, Any]:
    """Return the reply's object if it fits the whole schema; raise ReplyShapeError if not.

    llama.cpp's grammar enforces much of a schema while the model writes, an OpenAI-compatible
    server may enforce none of it: the same check runs on every provider.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReplyShapeError(f"not JSON ({exc.msg})") from None
    errors = sorted(
        Draft202012Validator(schema_of(response_format)).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "reply"
        raise ReplyShapeError(f"{where}: {first.message[:160]}")
    if not isinstance(data, dict):
        raise ReplyShapeError("reply is not an object")
    return data


def strict(response_format: dict[str, Any]) -> dict[str, Any]:
    """Return the format with `strict` set, so providers that support it enforce the schema."""
    if response_format.get("type") != "json_schema":
        return response_format
    stricter = copy.deepcopy(response_format)
    stricter["json_schema"]["strict"] = True
    return stricter
