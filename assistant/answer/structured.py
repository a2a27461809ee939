"""The structured answer: a JSON schema whose `note` slots name only notes shown to the model."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from langchain_core.utils.json import parse_partial_json

from assistant.answer.shape import (
    point_defect,
    question_defect,
    repeats_the_heading,
    whole_sentences,
)
from assistant.compose.grounded import Source

log = logging.getLogger(__name__)

# No quote, backslash or newline inside strings: keeps small models from breaking the JSON.
_SENTENCE = r'^[^"\\\n]{10,260}$'
_QUESTION = r'^(What|How)[^"\\\n?]{5,200}[?]$'


def answer_format(sources: Sequence[Source]) -> dict[str, Any]:
    """Return the OpenAI `response_format` for a grounded answer over these sources."""
    schema = {
        "type": "object",
        "properties": {
            "points": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "integer", "enum": [s.number for s in sources]},
                        "insight": {"type": "string", "pattern": _SENTENCE},
                    },
                    "required": ["note", "insight"],
                    "additionalProperties": False,
                },
            },
            "question": {"type": "string", "pattern": _QUESTION},
        },
        "required": ["points", "question"],
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": "grounded_answer", "schema": schema}}


def looks_structured(raw: str) -> bool:
    """Return True when the model's output is (the start of) a JSON object."""
    return raw.lstrip().startswith("{")


def parse_answer(raw: str) -> dict[str, Any]:
    """Return the (possibly partial) answer object; an empty dict if nothing parses yet."""
    try:
        data = parse_partial_json(raw)
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def render_answer(
    data: dict[str, Any],
    sources: Sequence[Source],
    asked: str = "",
    *,
    final: bool = True,
    checked: bool = True,
) -> tuple[str, list[int]]:
    """Return markdown for an answer object and the note numbers it cites, in order.

    Each point is checked against its note before it is shown (assistant.answer.shape): while
    the answer streams (`final=False`) only points the model has finished are shown, and the
    closing question only at the end, so shown text only ever grows and nothing is taken back.
    A closing question that only repeats words of the manager's own question is left out.
    """
    by_number = {s.number: s for s in sources}
    lines: list[str] = []
    cited: list[int] = []
    points = data.get("points") or []
    points = points if isinstance(points, list) else []
    question = data.get("question")
    finished = points if final or question is not None else points[:-1]
    for point in finished:
        if not isinstance(point, dict):
            continue
        number = point.get("note")
        insight = " ".join(str(point.get("insight") or "").split())
        if not isinstance(number, int) or number not in by_number or not insight:
            continue
        source = by_number[number]
        insight = whole_sentences(insight)  # a point cut off by the length limit loses its tail
        heading = f"{source.title} {source.author} {source.team}"
        if not insight or repeats_the_heading(insight, heading):
            continue
        defect = point_defect(insight, source.excerpt, asked) if checked else ""
        if defect:
            log.info("point on note %s dropped: %s", number, defect)
            continue
        if number not in cited:
            cited.append(number)
        lines.append(f"- **{by_number[number].author}** [{number}]: {insight}")
    text = "\n".join(lines)
    question = str(question or "").strip() if final else ""
    if checked and question and question_defect(question, asked):
        question = ""
    if question and not _repeats(question, asked):
        text += ("\n\n" if text else "") + question
    return text, cited


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def _repeats(question: str, asked: str) -> bool:
    """Return True when every word of `question` already appears in `asked`."""
    return bool(asked) and _words(question) <= _words(asked)
