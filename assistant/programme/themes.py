"""Themes: the management problems a text is about, matched on keywords (tags for notes)."""

from __future__ import annotations

import re
from functools import lru_cache

# theme → its words: a word matches as itself (plus s/es/ed/ing), a word ending in * as a prefix.
# A knowledge-base tag not listed here matches its own words (missed-deadlines: "missed deadlines").
THEMES: dict[str, tuple[str, ...]] = {
    "burnout": (
        "burnout",
        "burned out",
        "burning out",
        "burnt out",
        "exhaust*",
        "overwork*",
        "workload",
    ),
    "conflict": ("conflict", "stopped talking", "not talking", "friction", "blame"),
    "hard-feedback": ("feedback", "difficult conversation", "hard conversation"),
    "underperformance": (
        "underperform*",
        "performance issue",
        "missing quota",
        "missed quota",
        "not delivering",
    ),
    "missed-deadlines": ("deadline", "slipped", "slipping", "ship date", "missed date"),
    "estimation": ("estimat*", "forecast"),
    "stakeholders": ("stakeholder",),
    "saying-no": ("say no", "saying no", "push back", "pushback"),
    "prioritisation": ("prioriti*", "priority", "priorities"),
    "delegation": ("delegat*", "let go", "letting go"),
    "hiring": ("hiring", "hire", "hired", "interview", "recruit*"),
    "onboarding": ("onboard*", "new starter", "new joiner"),
    "promotions": ("promot*",),
    "remote-teams": ("remote", "time zone", "distributed team"),
    "trust": ("trust",),
    "change": ("reorg*", "restructur*", "change programme", "rollout"),
    "first-time-manager": ("first-time manager", "new manager", "first time managing"),
    "managing-former-peers": ("former peer", "used to be on", "old team", "desk mates"),
    "one-on-ones": ("one-on-one", "1:1", "one to one"),
    "dependencies": ("dependenc*", "blocked by", "waiting on"),
    "recognition": ("recognition", "recognis*", "credit for"),
    "retention": (
        "retention",
        "resign*",
        "quit",
        "quitting",
        "attrition",
        "counter-offer",
        "leaving us",
        "handed in her notice",
        "handed in his notice",
        "handed in their notice",
        "notice period",
    ),
    "layoffs": ("layoff", "redundanc*"),
}


def _word(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word) + r"(?:s|es|ed|ing)?\b"


@lru_cache(maxsize=256)
def _pattern(theme: str) -> re.Pattern[str]:
    words = THEMES.get(theme) or (theme.replace("-", " "),)
    return re.compile(r"\b(?:" + "|".join(_word(w) for w in words) + ")", re.IGNORECASE)


def themes_in(text: str, vocabulary: tuple[str, ...] = tuple(THEMES)) -> set[str]:
    """Return the themes of `vocabulary` that a text talks about."""
    return {theme for theme in vocabulary if _pattern(theme).search(text)}
