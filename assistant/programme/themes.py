"""Themes: the management problems a text is about, matched on keywords (tags for notes)."""

from __future__ import annotations

import re
from functools import lru_cache

# theme → word starts that signal it; a knowledge-base tag not listed here matches its own words.
THEMES: dict[str, tuple[str, ...]] = {
    "burnout": ("burnout", "burned out", "burning out", "exhaust", "overwork", "workload"),
    "conflict": ("conflict", "stopped talking", "not talking", "friction", "blame"),
    "hard-feedback": ("feedback", "difficult conversation", "hard conversation"),
    "underperformance": ("underperform", "performance issue", "missing quota", "not delivering"),
    "missed-deadlines": ("deadline", "slipped", "ship date", "missed date"),
    "estimation": ("estimat", "forecast"),
    "stakeholders": ("stakeholder",),
    "saying-no": ("say no", "saying no", "push back", "pushback"),
    "prioritisation": ("prioriti", "priority"),
    "delegation": ("delegat", "let go", "letting go"),
    "hiring": ("hiring", "hire", "interview", "recruit"),
    "onboarding": ("onboard", "new starter", "new joiner"),
    "promotions": ("promot",),
    "remote-teams": ("remote", "time zone", "distributed team"),
    "trust": ("trust",),
    "change": ("reorg", "restructur", "change programme", "rollout"),
    "first-time-manager": ("first-time manager", "new manager", "first time managing"),
    "managing-former-peers": ("former peer", "used to be on", "old team", "desk mates"),
    "one-on-ones": ("one-on-one", "1:1", "one to one"),
    "dependencies": ("dependenc", "blocked by", "waiting on"),
    "recognition": ("recognition", "recognis", "credit for"),
    "retention": ("retention", "resign", "quit", "attrition", "counter-offer", "leaving us"),
    "layoffs": ("layoff", "redundanc"),
}


@lru_cache(maxsize=256)
def _pattern(theme: str) -> re.Pattern[str]:
    words = THEMES.get(theme) or (theme.replace("-", " "),)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def themes_in(text: str, vocabulary: tuple[str, ...] = tuple(THEMES)) -> set[str]:
    """Return the themes of `vocabulary` that a text talks about."""
    return {theme for theme in vocabulary if _pattern(theme).search(text)}
