"""An optional one- or two-sentence synthesis of the quotes already shown, checked or dropped."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.coaching.calls import CoachModelError, ask_json, schema
from assistant.coaching.checks import ReplyChecker, is_name
from assistant.compose.prompts import PromptLibrary
from assistant.models.chat import ChatModelHandle
from assistant.retrieve.peers_account import PeersAccount, quoted_names

log = logging.getLogger(__name__)

# One sentence that ends: the grammar (llama.cpp) and the check both hold it to a full stop.
SUMMARY = {"type": "string", "pattern": r'^[A-Z][^"\\\n.?!]{20,220}[.]$'}
QUOTES_READ = 4  # colleagues whose first quote the model reads (fewer tokens, a faster answer)
_THIRD_PERSON = re.compile(r"\b(the manager|the user|this manager|they asked)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CAPITAL = re.compile(r"\b[A-Z][a-z][\w'’-]*")


@dataclass(frozen=True)
class Synthesis:
    """The synthesis to show ('' when there is none), and why it was dropped, if it was."""

    text: str
    dropped: str = ""
    model_error: str = ""


class SynthesisService:
    """Asks the model to sum up the shown quotes in one or two sentences, then checks them."""

    def __init__(
        self, chat: ChatModelHandle, prompts: PromptLibrary, checker: ReplyChecker
    ) -> None:
        self._chat = chat
        self._prompts = prompts
        self._checker = checker

    def summarise(self, account: PeersAccount) -> Synthesis:
        """Return a checked synthesis of the account's quotes (empty when nothing may be shown)."""
        quotes = [f'- {c.name}: "{c.quotes[0].text}"' for c in account.colleagues if c.quotes]
        quotes = quotes[:QUOTES_READ]
        if not quotes:
            return Synthesis("", dropped="no quotes to sum up")
        prompt = self._prompts.render(
            "find_peers_synthesis", problem=account.problem, quotes="\n".join(quotes)
        )
        fmt = schema("find_peers_synthesis", {"summary": SUMMARY})
        try:
            reply = ask_json(self._chat, prompt, fmt, max_tokens=90)
            text = " ".join(str(reply["summary"]).split())
        except CoachModelError as exc:
            return Synthesis("", dropped="model error", model_error=str(exc))
        problems = synthesis_defects(text, account, self._checker)
        if problems:
            log.info("synthesis dropped: %s (%r)", "; ".join(problems), text)
            return Synthesis("", dropped="; ".join(problems))
        return Synthesis(text)


def synthesis_defects(
    text: str, account: PeersAccount, checker: ReplyChecker | None = None
) -> list[str]:
    """Return why a synthesis may not be shown: the reply check, third person, invented names."""
    found = [str(d) for d in (checker or ReplyChecker()).defects(text, account.problem)]
    if m := _THIRD_PERSON.search(text):
        found.append(f"third_person: {m.group(0)!r}")
    sources = account.problem + " " + " ".join(q.text for q in account.quotes())
    known = quoted_names(account.colleagues) | set(_CAPITAL.findall(sources))
    for word in _CAPITAL.findall(text):
        if word not in known and is_name(word):
            found.append(f"invented_name: {word!r}")
    for number in _NUMBER.findall(text):
        if number not in sources:
            found.append(f"invented_number: {number!r}")
    if "?" in text:
        found.append("question: the synthesis only sums up")
    return found
