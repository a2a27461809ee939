"""Peer-coaching protocols and reflection frameworks, read from files in prompts/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import frontmatter

from assistant.compose.prompts import DEFAULT_PROMPTS_DIR


@dataclass(frozen=True)
class Protocol:
    """A way to run a peer-coaching session (steps, timings, roles)."""

    name: str
    title: str
    minutes: int
    group_size: str
    best_for: str
    guide: str  # the markdown body: roles, steps with timings, questions, confidentiality
    suits: str = ""  # what it does for the manager ("gives you many fresh ideas ...")

    @property
    def people(self) -> tuple[int, int]:
        """Return the fewest and most people a session needs, presenter included."""
        numbers = [int(n) for n in re.findall(r"\d+", self.group_size)] or [2, 12]
        return min(numbers), max(numbers)

    def needs(self) -> str:
        """Return how many people it needs, as a manager reads it ('3 people', '4 to 8 people')."""
        low, high = self.people
        return f"{low} people" if low == high else f"{low} to {high} people"


@dataclass(frozen=True)
class Stage:
    """One step of a reflection framework and the question that opens it."""

    key: str
    title: str
    question: str


@dataclass(frozen=True)
class Framework:
    """A guided reflection (What? So what? Now what?, Gibbs); its last stage asks for actions."""

    name: str
    title: str
    stages: tuple[Stage, ...]
    about: str


@lru_cache(maxsize=4)
def protocols(folder: Path = DEFAULT_PROMPTS_DIR / "protocols") -> dict[str, Protocol]:
    """Return every protocol by name."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        meta = post.metadata
        found[path.stem] = Protocol(
            name=path.stem,
            title=str(meta["title"]),
            minutes=int(str(meta["minutes"])),
            group_size=str(meta.get("group_size", "")),
            best_for=str(meta["best_for"]),
            guide=post.content.strip(),
            suits=str(meta.get("suits", "")),
        )
    return found


@lru_cache(maxsize=4)
def frameworks(folder: Path = DEFAULT_PROMPTS_DIR / "frameworks") -> dict[str, Framework]:
    """Return every reflection framework by name."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        stages = post.metadata["stages"]
        assert isinstance(stages, list)
        found[path.stem] = Framework(
            name=path.stem,
            title=str(post.metadata["title"]),
            stages=tuple(Stage(str(s["key"]), str(s["title"]), str(s["question"])) for s in stages),
            about=post.content.strip(),
        )
    return found


def match_protocol(text: str) -> Protocol | None:
    """Return the protocol a manager named in `text` (by name or title words), if any."""
    lowered = text.lower()
    for protocol in protocols().values():
        words = {
            protocol.name.replace("-", " "),
            protocol.title.lower(),
            protocol.name.split("-")[0],
        }
        if any(w in lowered for w in words if len(w) > 3):
            return protocol
    return None
