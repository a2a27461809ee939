"""The case state: the manager's words filed under the right part of the brief."""

import pytest

from assistant.coaching.brief import _FRAMING_CHARS, _fits, wanted_question
from assistant.coaching.case import CaseState
from assistant.coaching.checks import ReplyChecker


def _answer_to_tried(answer: str) -> CaseState:
    case = CaseState()
    case.update("My designer misses most handoff deadlines.")
    case.asked.append({"gap": "tried", "question": "What have you tried so far?"})
    case.update(answer)
    return case


@pytest.mark.parametrize(
    "answer",
    [
        "I've tried one-to-ones, didn't help.",
        "Escalated twice to their manager. Nothing changed.",
        "Haven't raised it with her directly, not sure how.",
        "We moved the review to Mondays.",
    ],
)
def test_an_attempt_fills_tried(answer):
    assert _answer_to_tried(answer).said("tried")


@pytest.mark.parametrize(
    "answer",
    [
        "Probation ends on the 30th, three weeks from now.",
        "Decision's due by the end of the month.",
    ],
)
def test_an_answer_that_is_no_attempt_is_filed_with_the_situation(answer):
    case = _answer_to_tried(answer)
    assert case.said("tried") == ""
    assert answer in case.said("situation")


def test_an_answer_to_another_gap_fills_that_gap():
    case = CaseState()
    case.update("Two of my leads compete for one promotion.")
    case.asked.append({"gap": "stakes", "question": "What is at stake?"})
    case.update("Both could leave.")
    assert case.said("stakes") == "Both could leave."


@pytest.mark.parametrize(
    ("wanted", "question"),
    [
        (
            "I want them to collaborate on the Q1 migration without me refereeing.",
            "How can I get them to collaborate on the Q1 migration without me refereeing?",
        ),
        (
            "I'd like ideas on how to hand something over and leave it alone.",
            "How can I hand something over and leave it alone?",
        ),
        (
            "I want to handle it myself before the reviews.",
            "How can I handle it myself before the reviews?",
        ),
        ("I want a clear answer.", ""),  # no action to ask about
        ("I want to " + "keep going and " * 12 + "stop.", ""),  # too long to give back whole
    ],
)
def test_the_brief_asks_the_managers_wish_in_their_words(wanted, question):
    assert wanted_question(wanted) == question


def test_a_framing_question_at_the_grammars_length_cap_was_cut_and_is_not_used():
    cut = "How can I " + "weigh both candidates fairly and " * 4 + "aligning?"
    cut = cut[: len("How ") + _FRAMING_CHARS] + "?"
    assert not _fits(cut, "both candidates", ReplyChecker())
    assert _fits("How can I weigh both candidates fairly?", "both candidates", ReplyChecker())


def test_the_wish_stops_before_a_because():
    wanted = "I need someone to tell me what I'm missing, because I'm out of ideas."
    assert wanted_question(wanted) == "How can I get someone to tell me what I'm missing?"
