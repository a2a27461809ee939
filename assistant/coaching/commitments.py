"""What a manager will do, in their own words: steps found, split and dated by code, not guessed."""

from __future__ import annotations

import datetime as dt
import re

from assistant.coaching.dates import due_date

# A sentence ends at . ! or ? (and any closing quote) before a capital or the end, so the "?" in
# "I will ask 'what would you do?' before answering" does not cut the commitment short.
_END = r"[.!?]+[\"'”’)\]]*(?=\s+[A-Z\"“‘(]|\s*$)"
_INTENT = re.compile(
    r"(?i:\b(?:I will|I'll|I am going to|I'm going to|I plan to|I need to|next I)\b)"
    rf"(?:(?!{_END})[^\n])*"
)
# A plan written as steps ("Have an honest conversation with him... Then decide with HR..."):
# in answer to "what will you do?", a sentence that opens on a verb of action is a step.
_ACTION_VERBS = (
    "agree|ask|book|bring|call|check|decide|delegate|discuss|email|explain|find|follow|give|"
    "have|hold|involve|listen|make|meet|move|plan|prepare|propose|put|raise|review|run|say|"
    "schedule|send|set|share|sit|speak|start|stop|suggest|take|talk|tell|try|write"
)
_PLAN_STEP = re.compile(
    r"^(?:(?:then|first|next|also|and|after that|afterwards|finally),?\s+)?"
    rf"(?=(?:{_ACTION_VERBS})\b)",
    re.I,
)
# Where a sentence joins a second step: ", and", "; " or " and then" before "I'll"/"I will",
# with at most a short lead-in ("by next Friday") between them.
_WILL = re.compile(r"\bI(?:'ll|’ll| will)\b", re.I)
_JOIN = re.compile(
    r"(?:,\s*(?:and\s+)?(?:then\s+)?|;\s*|\s+and\s+(?:then\s+)?)(?P<lead>[^,;]{0,40}?)$", re.I
)


def intents(text: str) -> list[str]:
    """Return the manager's own "I will ..." sentences, whole."""
    return [m.group(0).strip() for m in _INTENT.finditer(text)]


def dated_steps(
    model_items: list[str], said: str, plan: str, today: dt.date
) -> list[tuple[str, dt.date | None]]:
    """Return the steps to commit to, each with its due date from the manager's words.

    `model_items` are what the model listed (already checked to be mostly the manager's words),
    `said` is everything the manager answered and `plan` their answer to "what will you do?".
    Without a usable model item, the manager's own "I will ..." sentences and plan steps count.
    """
    found = [
        step
        for what in model_items
        if _dated_as_said(what, said, today)
        for step in _steps(what, today)
    ]
    own = [step for sentence in intents(said) for step in _steps(sentence, today)]
    own += [step for step in _plan_steps(plan) if not any(_covered(step, o) for o in own)]
    if not found:  # fall back to the manager's own "I will ..." sentences and plan steps
        found = own
    else:  # a dated step of theirs the model's list left out (it may skip the main one)
        found += [
            step
            for step in own
            if not any(_covered(step, what) for what in found) and _when(step, said, today)
        ]
    return [(what, _when(what, said, today)) for what in found if what]


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']{4,}", text.lower())}


def _share_in(part: str, whole: str) -> float:
    """Return the share of a step's content words (not "will", "going" ...) found in `whole`."""
    words = _content(part) - {"will", "going", "need", "plan"}
    return len(words & _content(whole)) / len(words) if words else 0.0


def mostly_theirs(what: str, said: str) -> bool:
    """Return True when most of a commitment's words are the manager's own."""
    return _share_in(what, said) >= 0.6


def _dated_as_said(what: str, said: str, today: dt.date) -> bool:
    """Return False when a commitment names a date its sentence gives another step, or none.

    The model may join two steps ("I'll bring the overview ... by end of the month" where the
    manager said "Next Friday I'll bring the overview ... By end of the month I want us to agree").
    """
    when = due_date(what, today)
    if when is None:
        return True
    source = _source(what, said)
    parts = [source, *re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=I\b|I'|then\b)", source)]
    return when in {due_date(part, today) for part in parts}


def _covered(step: str, what: str) -> bool:
    """Return True when a commitment already says most of what a step of the manager's says."""
    return _share_in(step, what) >= 0.5


def _plan_steps(plan: str) -> list[str]:
    """Return the sentences of an action-stage answer that are steps written as imperatives."""
    steps = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", plan.strip()):
        if start := _PLAN_STEP.match(sentence):
            step = sentence[start.end() :].rstrip(" .!")
            steps.append(step[:1].upper() + step[1:])
    return [step for step in steps if len(step.split()) >= 3]


def _joins(text: str, today: dt.date) -> list[tuple[int, int]]:
    """Return (end of one step, start of the next) where a sentence joins a second "I'll" step.

    A join counts only between two "I'll"s with nothing but a date between the join and the
    second, so "I'll tell them, and they know I'll listen" and "By Friday, I'll ..." stay whole.
    """
    found: list[tuple[int, int]] = []
    for will in _WILL.finditer(text, 1):
        start = found[-1][1] if found else 0
        join = _JOIN.search(text, start, will.start())
        if (
            join
            and _WILL.search(text, start, join.start())  # what comes before is a step too
            and (not join["lead"].strip() or due_date(join["lead"], today))
        ):
            found.append((join.start(), join.start("lead")))
    return found


def _steps(what: str, today: dt.date) -> list[str]:
    """Split a commitment joining two steps ("..., and by next Friday I'll ...") into one each."""
    joins = _joins(what, today)
    starts = [0, *(start for _, start in joins)]
    ends = [*(end for end, _ in joins), len(what)]
    steps = [what[a:b].strip(" ,;") for a, b in zip(starts, ends, strict=True)]
    return [step[:1].upper() + step[1:] for step in steps if step]


def _when(step: str, said: str, today: dt.date) -> dt.date | None:
    """Return a step's due date from its words, else from its lead-in or the rest of its clause.

    "Tomorrow I'll tell them ..., and by next Friday I'll review ..." dates the first step
    tomorrow: the sentence's other date belongs to the other step.
    """
    if when := due_date(step, today):
        return when
    source = _source(step, said)
    at = source.lower().find(step[:20].lower())
    if at < 0:  # the model's own wording: the date of the manager's sentence
        return due_date(source, today)
    joins = _joins(source, today)
    before = [start for _, start in joins if start <= at]
    lead = source[before[-1] if before else 0 : at]
    after = [end for end, _ in joins if end > at]
    return due_date(lead, today) or due_date(source[at : after[0] if after else None], today)


def _source(what: str, said: str) -> str:
    """Return the manager's sentence a commitment came from (most shared words)."""
    sentences = re.split(r"(?<=[.!?;])\s+|\n+", said)
    return max(sentences, key=lambda s: len(_content(s) & _content(what)), default="")
