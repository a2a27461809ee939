"""Check a model's reply before anyone sees it: no set-up leaked, no address to send data to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.safety.injection import normalise

SHINGLE = 8  # this many words in a row shared with a prompt file counts as a leak
REFUSAL = (
    "I can't share how I am set up. I can help you think through your own situation, "
    "drawing on what colleagues have shared."
)
ADDRESS_REMOVED = "[address removed]"
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass
class Screened:
    """A reply after the check, and what was changed in it."""

    text: str
    blocked: list[str] = field(default_factory=list)


class ReplyGuard:
    """Blocks replies that repeat the coach's instructions and strips addresses not the user's."""

    def __init__(self, instructions: Iterable[str]) -> None:
        self._shingles = {s for text in instructions for s in _shingles(text)}

    def screen(self, reply: str, users_own_text: str = "") -> Screened:
        """Return the reply as it may be shown: a refusal if it leaks the set-up."""
        if self.leaks(reply):
            return Screened(REFUSAL, ["repeated the coach's instructions"])
        result = Screened(reply)
        own = users_own_text.lower()

        def strip(match: re.Match[str]) -> str:
            address = match.group(0).rstrip(".,;:)]")
            if address.lower() in own:
                return match.group(0)
            result.blocked.append(f"address {address}")
            return ADDRESS_REMOVED + match.group(0)[len(address) :]

        result.text = _ADDRESS.sub(strip, reply)
        return result

    def leaks(self, reply: str) -> bool:
        """Return True when the reply shares a run of words with the coach's instructions."""
        return not self._shingles.isdisjoint(_shingles(reply))


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(normalise(re.sub(r"\{\w+\}", " ", text)).lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
