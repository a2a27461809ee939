"""A captured case: the interview's steps, and the draft note built from the manager's words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import frontmatter

from assistant.coaching.checks import is_name
from assistant.coaching.voice import second_person
from assistant.compose.prompts import DEFAULT_PROMPTS_DIR, PromptError

# The parts of a case note, in the knowledge base's own order, and their headings.
PARTS = {
    "situation": "The situation",
    "tried": "What I tried",
    "happened": "What happened",
    "learned": "What I learned",
}
DRAFT_STATUSES = ("interview", "draft", "approved")


@dataclass(frozen=True)
class Step:
    """One question of the interview and the part of the note its answer goes into."""

    key: str
    part: str
    question: str
    thanks: str = ""  # said when no part of the answer can be given back cleanly


@dataclass
class CaseDraft:
    """The draft case note of one interview: private to its author until they approve it."""

    session_id: str
    title: str = ""
    text: str = ""  # markdown: one `## heading` per part, the manager's words under it
    tags: list[str] = field(default_factory=list)
    status: str = "interview"  # interview | draft | approved
    visibility: str = ""
    group: str = ""
    doc_id: str = ""  # the note id once approved and indexed
    updated: str = ""

    @classmethod
    def of(cls, state: dict[str, Any], session_id: str) -> CaseDraft:
        """Return the draft kept in a capture session's state (an empty one while interviewing)."""
        kept = dict(state.get("draft") or {})
        kept["session_id"] = session_id
        return cls(**{k: v for k, v in kept.items() if k in cls.__dataclass_fields__})


@lru_cache(maxsize=4)
def interview_steps(
    path: Path = DEFAULT_PROMPTS_DIR / "questions" / "capture.md",
) -> tuple[Step, ...]:
    """Return the interview's questions in order, checked to be questions for a known part."""
    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    steps = post.metadata.get("steps")
    if not isinstance(steps, list) or not steps:
        raise PromptError(f"{path.name}: needs a list of steps")
    found = tuple(
        Step(str(s["key"]), str(s["part"]), str(s["question"]), str(s.get("thanks", "")))
        for s in steps
    )
    for step in found:
        if step.part not in PARTS or not step.question.endswith("?") or "{" in step.question:
            raise PromptError(f"{path.name}: step {step.key!r} needs a known part and a question")
    return found


def note_text(answers: dict[str, str], steps: tuple[Step, ...]) -> str:
    """Return the note's body: each part's heading and, under it, the manager's own answers."""
    lines: list[str] = []
    for part, heading in PARTS.items():
        said = [answers[s.key].strip() for s in steps if s.part == part and answers.get(s.key)]
        if said:
            lines += [f"## {heading}", "", *[p for a in said for p in (a, "")]]
    return "\n".join(lines).strip()


def fallback_title(answers: dict[str, str], steps: tuple[Step, ...]) -> str:
    """Return a title from the manager's first sentence, cut to about ten words."""
    first = next((answers[s.key] for s in steps if answers.get(s.key)), "A case I handled")
    sentence = re.split(r"(?<=[.!?])\s+|\n+", first.strip())[0].strip(" .!?")
    words = sentence.split()
    title = " ".join(words[:10])
    while words[: len(title.split())] and title.split()[-1].lower() in _WEAK_ENDS:
        title = " ".join(title.split()[:-1])
    return (title[:1].upper() + title[1:]) if len(title) >= 5 else "A case I handled"


def told(clause: str) -> bool:
    """Return True when a clause says who did it ("I asked", "he missed"), not an imperative."""
    first = clause.split(" ", 1)[0].strip("\"'“‘(")
    return first.lower().replace("’", "'") in _SUBJECTS or (first[:1].isupper() and is_name(first))


def given_back_before(clause: str, given: str) -> bool:
    """Return True when a clause is mostly what an earlier reflection gave back."""
    x = set(re.findall(r"[a-z']+", second_person(clause).lower()))
    y = set(re.findall(r"[a-z']+", given.lower())) - {"so", "said", "mentioned"}
    return len(x & y) >= 0.7 * len(x)


_SUBJECTS = set(
    str.split(
        "i i'm i've i'd i'll we we're we've we'd my our he he's she she's they they're it it's his "
        "her their its the a an one two three this that these those there there's everyone nobody "
        "someone no nothing most some all each after when once by in over for during within"
    )
)
_WEAK_ENDS = {"a", "an", "the", "and", "or", "but", "of", "to", "with", "for", "in", "on", "my"}


def note_markdown(draft: CaseDraft) -> str:
    """Return a draft as the markdown its author reads and exports: title, then its parts."""
    tags = f"\n\nTags: {', '.join(draft.tags)}" if draft.tags else ""
    return f"# {draft.title}\n\n{draft.text}{tags}"
