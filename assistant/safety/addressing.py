"""Words for a machine or a reader, and codes or addresses: never shown as a colleague's know-how.

These checks run on what is about to be shown (a quote, a point of an answer), so a false alarm
costs one line on screen and never a word of a stored note.
"""

from __future__ import annotations

import re

from assistant.safety.injection import assess, normalise

# Links, e-mail addresses, bare domains and codes such as REF-7731-QX or PINEAPPLE-TOKEN.
_ADDRESS = re.compile(
    r"https?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+\.(?:com|net|org|io|xyz|info|biz|example|app|link|site|online|co)\b(?:/\S*)?",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"\b(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*(?:\d|-[A-Z]))[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})+\b"
    r"|\b(?=\w*[A-Za-z])(?=\w*\d)[A-Za-z0-9]{6,}\b"
)
# Whoever reads an answer or a summary, or writes one: the reader of a note is a manager.
_MACHINE = (
    r"(?:ai|a\.i\.|assistants?|chat ?bots?|bots?|llms?|language models?|models?|gpts?|copilots?"
    r"|summari[sz](?:er|ers|ing tools?)|agents?|tools? reading this|software)"
)
_OUTPUT = r"(?:answers?|repl(?:y|ies)|responses?|summar(?:y|ies)|recaps?|outputs?|digests?)"
_READER = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:the|any|every|an?|dear|attention|hey|note to|for)\s+{_MACHINE}\b",
        rf"\b{_MACHINE}\s*[:,]",
        rf"\b(?:your|every|each|all|any|the)\s+(?:\w+\s+)?{_OUTPUT}\b[^.!?]{{0,60}}"
        r"\b(?:must|should|shall|needs? to|has to|will|always|carry|carries|include|end|start"
        r"|contain|mention|add)",
        rf"\b(?:in|to|at the (?:end|start) of|into)\s+(?:your|every|each|all|any)\s+(?:\w+\s+)?"
        rf"{_OUTPUT}\b",
        r"\b(?:users?|readers?|anyone (?:reading|asking)|whoever (?:reads|asks))\b[^.!?]{0,40}"
        r"\b(?:should|must|need to|are (?:asked|encouraged|invited) to)\b",
        r"\b(?:remind|tell|ask|encourage|invite|urge|advise)\s+(?:the |all |every |any )?"
        r"(?:users?|readers?|managers? (?:who|reading|asking))\b",
        r"^\s*(?:user|human|assistant|system|ai|bot|coach)\s*:",
        r"<!--|-->|\[//\]:|\bBEGIN [A-Z ]+\b|\bEND [A-Z ]+\b",
        r"\b(?:per|by) (?:house|our) style\b|\bhouse style\b|\bstyle guide\b",
    )
]


def addresses_a_reader(sentence: str, allowed: str = "") -> str:
    """Return why a sentence is for a machine or an outside reader, or carries a code or address.

    '' when it reads as a colleague's own account of what they tried. Codes and addresses in
    `allowed` (what the manager wrote) do not count.
    """
    reason = assess(sentence)[0]
    if reason:
        return reason
    text = normalise(sentence)
    for pattern in _READER:
        if pattern.search(text):
            return "addressed to whoever reads or summarises the note"
    found = foreign(text, allowed)
    if found:
        return f"carries {found[0]!r}"
    return ""


def foreign(text: str, allowed: str = "") -> list[str]:
    """Return the links, e-mail addresses, domains and codes in text that `allowed` lacks."""
    own = allowed.lower()
    found = [m.group(0).rstrip(".,;:)]'\"") for m in _ADDRESS.finditer(text)]
    found += [m.group(0) for m in _CODE.finditer(text)]
    return [f for f in dict.fromkeys(found) if f and f.lower() not in own]
