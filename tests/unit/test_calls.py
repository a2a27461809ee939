"""Structured calls: garbage from the model is retried, then reported, never passed on."""

from __future__ import annotations

import json

import pytest

from assistant.coaching.calls import CoachModelError, ask_json, schema

FORMAT = schema("pick", {"protocol": {"type": "string", "enum": ["grow", "troika"]}})


@pytest.mark.parametrize(
    "garbage",
    ["not json", json.dumps({"protocol": "rm -rf"}), json.dumps({"protocol": 3}), "[1, 2]"],
)
def test_garbage_twice_is_a_clear_error(coach, fake_model, garbage):
    fake_model.enqueue(garbage, garbage)
    with pytest.raises(CoachModelError, match="expected form"):
        ask_json(coach.chat, "pick one", FORMAT)


def test_garbage_once_then_a_good_answer_is_used(coach, fake_model):
    fake_model.enqueue("{{{", json.dumps({"protocol": "grow"}))
    assert ask_json(coach.chat, "pick one", FORMAT) == {"protocol": "grow"}


def test_a_reply_reciting_the_instructions_is_rejected(coach, fake_model):
    system = coach.prompts.render("prepare_system")
    fake_model.enqueue(*[json.dumps({"protocol": "grow", "why": system})] * 2)
    fmt = schema("pick", {"protocol": {"type": "string"}, "why": {"type": "string"}})
    with pytest.raises(CoachModelError, match="instructions"):
        ask_json(coach.chat, "pick one", fmt)
