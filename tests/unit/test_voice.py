"""Voice: the manager's own words, split into clauses and reflected back as "you"."""

from __future__ import annotations

import pytest

from assistant.coaching.voice import (
    DANGLING,
    as_sentence,
    clauses,
    mentions_you,
    second_person,
    trim_clause,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I feel stuck", "You feel stuck"),
        ("She told me I never listen", "She told you you never listen"),
        ("My boss says I'm too soft", "Your boss says you're too soft"),
        ("my boss says I'm too soft", "your boss says you're too soft"),
        ("I am tired and I was angry", "You are tired and you were angry"),
        ("Am I wrong? Was I unfair?", "Are you wrong? Were you unfair?"),
        ("what I was doing at the time", "what you were doing at the time"),
        ("I really was late", "You really were late"),
        ("I wasn't ready, wasn't I?", "You weren't ready, weren't you?"),
        ("I’m not sure I’ve done enough", "You’re not sure you’ve done enough"),
        ("I’d say I’ll try", "You’d say you’ll try"),
        ("We lost our best engineer", "You lost your best engineer"),
        ("our team blames us", "your team blames you"),
        ("We're late, we've tried, we'll see", "You're late, you've tried, you'll see"),
        ("we'd rather keep it ours", "you'd rather keep it yours"),
        ("It's mine, I did it myself", "It's yours, you did it yourself"),
        ("we should ask ourselves", "you should ask yourselves"),
        ("He blamed me. I left.", "He blamed you. You left."),
        ('"I quit," she said', '"You quit," she said'),
        ("Then i said i'm done", "Then you said you're done"),
        # Words that merely contain a pronoun, and acronyms, stay as they are.
        ("determine the business impact", "determine the business impact"),
        ("the meeting with IT about AI", "the meeting with IT about AI"),
        ("the US office helped us", "the US office helped you"),
        ("a museum trip, e.g. the Met, i.e. a treat", "a museum trip, e.g. the Met, i.e. a treat"),
        ("Phase-I of the me-time policy", "Phase-I of the me-time policy"),
        ("Welcome, memo, Mel, ourselves-ish", "Welcome, memo, Mel, ourselves-ish"),
        # Second person already in the input is left alone.
        ("you said my team is great", "you said your team is great"),
        ("He asked me: are you sure?", "He asked you: are you sure?"),
        # "was" whose subject is not the speaker keeps its form.
        ("It was hard for me", "It was hard for you"),
        ("That was I think the third time", "That was you think the third time"),
    ],
)
def test_second_person(text, expected):
    assert second_person(text) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "I inherited a team of 8 in March. Two of them compete for the same promotion, and "
            "they stopped sharing information in standups; I tried one-to-ones but it didn't help.",
            [
                "I inherited a team of 8 in March",
                "Two of them compete for the same promotion",
                "they stopped sharing information in standups",
                "I tried one-to-ones",
                "it didn't help",
            ],
        ),
        (
            "My director wants a 2.5% budget cut, e.g. fewer contractors. I feel stuck because "
            "nobody asked me: the plan was set in May. But I stayed quiet even though I disagreed.",
            [
                "My director wants a 2.5% budget cut, e.g. fewer contractors",
                "I feel stuck",
                "nobody asked me",
                "the plan was set in May",
                "I stayed quiet",
            ],
        ),
        (
            "Honestly? Our retro is a mess - people talk over each other, which makes the quiet "
            "ones give up.\nI'd like to fix it as though it were my own idea",
            [
                "Our retro is a mess",
                "people talk over each other",
                "makes the quiet ones give up",
                "I'd like to fix it as though it were my own idea",
            ],
        ),
        (
            '"My best engineer wants to leave — she feels invisible, so I want to help." '
            "Although we ship on time, morale is low!",
            [
                "My best engineer wants to leave",
                "she feels invisible",
                "I want to help",
                "we ship on time, morale is low!",
            ],
        ),
        ("", []),
        ("Ok. Thanks!", []),
    ],
)
def test_clauses(message, expected):
    assert clauses(message) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I feel stuck", "I feel stuck"),
        ("She ignores me in meetings", "She ignores me in meetings"),
        ("I can't fix it", "I can't fix it"),
        ("I feel stuck.", "I feel stuck"),
        ("my team grew to 12", "my team grew to 12"),
        ("I joined the company in 2024", "I joined the company in 2024"),
        ("expects you to be always 2", "expects you to be always"),
        ("the team stopped talking and I feel like", "the team stopped talking and I feel"),
        ("they keep missing the deadlines because of the", "they keep missing the deadlines"),
        ("I keep asking for updates, but", "I keep asking for updates"),
        ("I feel like that", "I feel like"),  # never fewer than three words
        (
            "I have been trying for months to get the two seniors to talk to each other, but "
            "every time I set up a meeting one of them cancels",
            "I have been trying for months to get the two seniors to talk to each other",
        ),
        (
            "the team keeps missing deadlines and I have tried everything from daily standups to "
            "weekly planning sessions and nothing has worked",
            "the team keeps missing deadlines and I have tried everything from daily standups to "
            "weekly planning sessions",
        ),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen",
        ),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen and the rest",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen",
        ),
    ],
)
def test_trim_clause(text, expected):
    assert trim_clause(text) == expected


@pytest.mark.parametrize(
    ("max_words", "expected"),
    [
        (10, "my manager, who joined last year, wants weekly reports"),
        (8, "my manager, who joined last year"),
        (5, "my manager, who joined last"),
    ],
)
def test_trim_clause_respects_max_words_and_never_dangles(max_words, expected):
    text = (
        "my manager, who joined last year, wants weekly reports, and I do not see why we need them"
    )
    trimmed = trim_clause(text, max_words=max_words)
    assert trimmed == expected
    assert len(trimmed.split()) <= max_words
    assert trimmed.split()[-1].lower() not in DANGLING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("you feel stuck", "You feel stuck."),
        ("  you are   late ,", "You are late."),
        ("what do you think?", "What do you think."),
        ("your team is tired...", "Your team is tired."),
        ("you tried one-to-ones -", "You tried one-to-ones."),
        ("you met the CEO in the US", "You met the CEO in the US."),
        ("“you” said it!", "“You” said it."),
        ("", ""),
    ],
)
def test_as_sentence(text, expected):
    assert as_sentence(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can you help me?", True),
        ("Your call", True),
        ("he said you’re wrong", True),
        ("I did it myself", False),
        ("our youth programme", False),
        ("the bayou trip", False),
        ("", False),
    ],
)
def test_mentions_you(text, expected):
    assert mentions_you(text) is expected


def test_dangling_words_are_lowercase_and_exclude_object_pronouns():
    assert all(word == word.lower() for word in DANGLING)
    assert {"the", "and", "like", "to", "my", "was"} <= DANGLING
    assert not {"me", "it", "them"} & DANGLING


def test_pipeline_reflects_a_clause_in_clean_second_person():
    message = "I inherited a team of 8 in March. I feel like I am failing them, but I keep trying."
    reflected = [as_sentence(second_person(trim_clause(c))) for c in clauses(message)]
    assert reflected == [
        "You inherited a team of 8 in March.",
        "You feel like you are failing them.",
        "You keep trying.",
    ]
