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


def test_a_listener_hears_the_reply_grow_and_the_result_is_the_same(coach, fake_model):
    fmt = schema("clarify", {"reflection": {"type": "string"}, "question": {"type": "string"}})
    reply = {"reflection": "You said the team slips dates.", "question": "What have you tried?"}
    fake_model.enqueue(json.dumps(reply))
    heard: list[dict] = []
    assert ask_json(coach.chat, "go", fmt, on_partial=heard.append) == reply
    reflections = [h.get("reflection", "") for h in heard]
    assert len(heard) > 3
    assert reflections[-1] == reply["reflection"]
    assert any(0 < len(r) < len(reply["reflection"]) for r in reflections)  # it grew


def test_prepare_passes_the_coach_words_on_as_they_are_written(coach, fake_model):
    heard: list[str] = []
    turn = coach.prepare.start("ana", "My leads escalate everything to me.", heard.append)
    assert heard
    assert heard[-1].endswith("?")
    assert heard[-1] in turn.text


def test_a_listener_never_hears_a_reply_that_recites_the_instructions(coach, fake_model):
    system = coach.prompts.render("prepare_system")
    fmt = schema("clarify", {"reflection": {"type": "string"}, "question": {"type": "string"}})
    good = {"reflection": "You said the team slips.", "question": "What have you tried?"}
    fake_model.enqueue(json.dumps({"reflection": system, "question": "What?"}), json.dumps(good))
    heard: list[dict] = []
    assert ask_json(coach.chat, "go", fmt, on_partial=heard.append) == good
    assert all(system[:60] not in str(h) for h in heard)
    assert all("can't share how I am set up" not in str(h) for h in heard)
    assert heard[-1] == good
