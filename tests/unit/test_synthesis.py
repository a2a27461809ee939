"""The Find peers synthesis: built from the quotes shown, checked, and dropped when it fails."""

import json

import pytest

from assistant.answer.synthesis import SynthesisService, synthesis_defects
from assistant.coaching.checks import ReplyChecker
from assistant.compose.prompts import PromptLibrary
from assistant.models.chat import ChatModelHandle, ModelLabel
from assistant.models.fake import ScriptedChatModel
from assistant.retrieve.peers_account import CitedNote, CitedQuote, ColleagueAccount, PeersAccount

NOTE = CitedNote(1, "kb/amara", "Queue metrics hide exhaustion", "Amara Okonkwo", "2025-08-12", "")
NOTE2 = CitedNote(2, "kb/diego", "Camera-on stand-ups", "Diego Fernández", "2025-03-27", "")
ACCOUNT = PeersAccount(
    "My remote support team is exhausted but the numbers look fine",
    [
        ColleagueAccount(
            "Amara Okonkwo",
            "Customer Support",
            "Wrote the lesson",
            0.9,
            [
                CitedQuote(
                    "Now I ask one question in every 1:1 about calls that stayed with them.", NOTE
                )
            ],
        ),
        ColleagueAccount(
            "Diego Fernández",
            "Customer Support",
            "Wrote the case",
            0.8,
            [CitedQuote("I dropped the daily stand-up and met each agent for 15 minutes.", NOTE2)],
        ),
    ],
    [],
    [NOTE, NOTE2],
)


def service():
    model = ScriptedChatModel()
    handle = ChatModelHandle(lambda: model, ModelLabel("fake", "scripted"))
    return SynthesisService(handle, PromptLibrary(), ReplyChecker()), model


def summary(text):
    return json.dumps({"summary": text})


def test_a_grounded_synthesis_is_shown_and_built_from_the_quotes_only():
    synth, model = service()
    good = (
        "Amara and Diego faced this: Amara asks one question in every 1:1, and Diego met "
        "each agent for 15 minutes instead of a daily stand-up."
    )
    model.enqueue(summary(good))
    result = synth.summarise(ACCOUNT)
    assert result.text == good
    assert not result.dropped
    prompt = model.history[0][-1].content
    assert "Now I ask one question in every 1:1" in prompt
    assert "Amara Okonkwo" in prompt
    assert "Queue metrics hide exhaustion" not in prompt  # quotes only, not whole notes


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Amara and Marcus both found that one question in every 1:1 helps.", "invented_name"),
        ("Amara found that 40% of agents cried after calls, and asking helped.", "invented_number"),
        ("Amara suggests the manager asks one question in every 1:1.", "third_person"),
    ],
)
def test_a_synthesis_that_fails_the_check_is_dropped(text, why):
    synth, model = service()
    model.enqueue(summary(text), summary(text))
    result = synth.summarise(ACCOUNT)
    assert result.text == ""
    assert why in result.dropped
    assert why in " ".join(synthesis_defects(text, ACCOUNT))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Amara asks one question in every 1:1, and Diego met each agent for", "cut_off"),
        ("Amara asks about calls in every 1:1. What will you ask?", "question"),
    ],
)
def test_a_synthesis_out_of_its_schema_is_refused_on_every_provider(text, why):
    synth, model = service()
    model.enqueue(summary(text), summary(text))  # a provider that enforces no grammar
    result = synth.summarise(ACCOUNT)
    assert result.text == ""
    assert "expected form" in result.model_error  # the whole schema is checked, twice
    assert len(model.history) == 2
    assert why in " ".join(synthesis_defects(text, ACCOUNT))  # and the check would catch it


def test_a_model_failure_drops_the_synthesis_and_keeps_the_page():
    synth, model = service()
    model.enqueue(TimeoutError("slow"), TimeoutError("slow"))
    result = synth.summarise(ACCOUNT)
    assert result.text == ""
    assert "unavailable" in result.model_error


def test_nothing_to_sum_up_makes_no_model_call():
    synth, model = service()
    result = synth.summarise(PeersAccount("anything", [], [], []))
    assert result.text == ""
    assert model.history == []


@pytest.mark.parametrize(
    ("provider", "setting", "on"),
    [
        ("local", "auto", False),  # the 1.5B model's summaries misstated quotes: off by default
        ("openai", "auto", True),
        ("fake", "auto", True),
        ("local", "on", True),
        ("openai", "off", False),
    ],
)
def test_the_summary_is_on_by_default_only_for_a_capable_model(provider, setting, on):
    from assistant.settings import Settings

    chosen = Settings(_env_file=None, llm_provider=provider, find_peers_synthesis=setting)
    assert chosen.synthesis_on() is on
