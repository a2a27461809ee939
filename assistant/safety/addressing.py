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
# A machine that reads or summarises notes. Talking *about* AI ("our chatbot pilot", "the model
# drafts release notes") is ordinary know-how; talking *to* it is not.
_MACHINE = (
    r"(?:ai|a\.i\.|ai assistants?|assistants?|chat ?bots?|bots?|llms?|language models?|gpts?"
    r"|copilots?|summari[sz]ers?|summari[sz]ing tools?|assistant software|automated readers?)"
)
_OUTPUT = r"(?:answers?|repl(?:y|ies)|responses?|summar(?:y|ies)|recaps?|outputs?|digests?)"
_MODAL = r"(?:must|should|shall|needs? to|has to|have to|is to|are to|is required to)"
_READER = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:dear|attention|hey|hello|note to|message to|memo to|reminder to|instructions? for"
        rf"|if you are|as an?)\s+(?:the |any |all |every )?{_MACHINE}\b",
        rf"\b(?:any|every|all|each)\s+{_MACHINE}\b",
        rf"^\W*{_MACHINE}\s*[:,]",
        rf"\b(?:your|every|each|all|any)\s+(?:\w+\s+)?{_OUTPUT}\b[^.!?]{{0,40}}\b{_MODAL}",
        rf"\b(?:in|into|to|from|of|at the (?:end|start) of)\s+(?:your|every|each|all|any)\s+"
        rf"(?:\w+\s+)?"
        rf"(?:{_OUTPUT}|messages?)\b",
        rf"\b(?:modify|augment|enhance|rewrite|render|provide|format|write|give)\s+(?:your|the)\s+"
        rf"(?:{_OUTPUT}|messages?)\b",
        rf"\b(?:users?|readers?|anyone (?:reading|asking)|whoever (?:reads|asks))\b[^.!?]{{0,40}}"
        rf"\b(?:{_MODAL}|are (?:asked|encouraged|invited) to)",
        r"\b(?:remind|tell|ask|encourage|invite|urge|advise)\s+(?:the |all |every |any )?"
        r"(?:users?|readers?|managers? (?:who|reading|asking))\b",
        r"^\s*(?:user|human|assistant|system|ai|bot|coach)\s*:",
        r"<!--|-->|\[//\]:",
        r"\b(?:per|by|in) (?:the |our )?house style\b|\bhouse style (?:guide|rule|note)s?\b",
        # how answers are to be shaped: "any answer that draws on this note closes with ..."
        rf"\b{_OUTPUT}\b[^.!?]{{0,60}}\b(?:(?:open|close|end|begin|start)s? with|consists? of"
        r"|(?:are|is|be) (?:given|written|delivered) (?:as|in)|lacking|without this)\b",
        r"\bwhen (?:relaying|summari[sz]ing|passing on|answering|giving (?:any )?advice from"
        r"|drawing on|reusing) (?:this|these|the)\b",
        r"[\[(]\s*(?:aside|editorial|note|instruction|reminder)s?\b[^\])]{0,20}\b(?:for|to)\b",
        r"\b(?:share|send|give|forward|e-?mail|paste|hand over)\b[^.!?]{0,40}\b(?:login|passwords?"
        r"|credentials|journals?|reflections|private notes?)\b",
    )
] + [re.compile(r"\b(?:BEGIN|END) [A-Z]{3,}(?: [A-Z]{3,})*\b")]  # BEGIN NOTE TO AI


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
