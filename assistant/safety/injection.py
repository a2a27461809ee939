"""Flag text in notes that may be meant for an AI (prompt injection, OWASP LLM01); keep it."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
import urllib.parse
from collections.abc import Collection
from dataclasses import replace

from assistant.domain.flags import Flag
from assistant.domain.notes import Note

_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F)]
    + [*range(0x2060, 0x2070), 0xFEFF],
    None,
)
# Latin look-alikes from Cyrillic and Greek, used to dodge keyword checks.
_HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁһкмтвАЕОРСУХІЈЅКМТВНαεορτυνικΑΕΟΡΤΥΝΙΚ",
    "aeopcyxijsdhkmtbAEOPCYXIJSKMTBHaeoptuvikAEOPTYNIK",
)

# Strong signs: text that can only be meant for an AI. A passage with one is withheld from the
# model and from quotes until its owner keeps it.
_STRONG = [
    r"\b(ignore|disregard|forget|override|bypass|abandon)\b[^.!?\n]{0,25}\b(all|any|the|your)?\s*"
    r"(previous|prior|above|earlier|preceding|original|system|initial)\s+"
    r"(instruction|rule|prompt|direction|guideline|guardrail|constraint|programming)",
    r"\b(new|updated|real|actual|revised|secret|hidden)\s+(system\s+)?"
    r"(instructions?|directives?|prompt)\s*[:\-–—]",
    r"\b(developer|admin|god|debug|unrestricted|jailbreak|dan)\s+mode\b|\bjailbr[eo]ak",
    r"\b(pretend|act|behave)\b[^.!?\n]{0,20}\b(you are|as if|as an?)\b[^.!?\n]{0,40}"
    r"\b(no|without)\s+(rules|restrictions|limits|filters)",
    # reveal the set-up (LLM07)
    r"\b(reveal|print|show|repeat|output|display|disclose|leak|dump|recite|echo)\b"
    r"[^.!?\n]{0,40}\b(system\s*(prompt|message|instructions?)|initial\s+(prompt|instructions?)"
    r"|hidden\s+(prompt|instructions?)|your\s+(instructions|prompt|rules|configuration))",
    # send data away to an address
    r"\b(e-?mail|send|forward|post|upload|mail|paste|submit|transfer|share|copy)\b"
    r"[^\n]{0,60}\b(journals?|passwords?|credentials|reflections|diary|private notes?"
    r"|api keys?)\b[^\n]{0,60}(@|https?://)",
    # addressed to the AI
    r"\b(ai|assistant|chatbot|language model|llm|gpt|bot|summari[sz]er)s?\s*[:,]\s*(please\s+)?"
    r"(ignore|you must|always|never|do not|don't|reveal|print|tell|say|respond|answer|stop|add"
    r"|include|end|start|append)",
    r"\b(note|message|instructions?)\s+(to|for)\s+(the\s+|any\s+)?(ai|assistant|llm|model|bot"
    r"|chatbot|summari[sz]ers?)\b",
    r"\bif you are an? (ai|assistant|language model|llm|chatbot|summari[sz]er|bot)\b",
    r"\bdecode\b[^.!?\n]{0,40}\b(follow|execute|obey|do what|carry out|run)\b",
    # role and delimiter tokens
    r"<\|?\s*(im_start|im_end|system|endoftext|eot_id|start_header_id)\s*\|?>",
    r"^\s*(system|assistant|developer)\s*:",
    r"\[/?\s*(inst|system|sys)\s*\]|<</?sys>>",
    r"</?\s*(notes?|system|instructions?|context|document)\s*>",
]
# Weak signs: ordinary managers write these too ("From now on you own the release calendar").
# A passage with one is flagged for its owner to see; it still reaches the model and quotes,
# where the answer's shape checks (assistant.answer.shape) hold it.
_WEAK = [
    r"\b(ignore|disregard|forget|override|bypass|skip|drop|abandon)\b[^.!?\n]{0,40}"
    r"\b(instruction|rule|prompt|direction|guideline|guardrail|polic|constraint|programming)",
    r"\byou are now\b|\bfrom now on\b[^.!?\n]{0,30}\b(you|assistant|coach|ai|model)\b",
    r"\bsystem\s*prompt\b",
    r"\b(tell|ask|instruct|remind|urge|advise)\s+(the|any|every)\s+(user|reader|person asking)s?\b",
    r"\b(cite|reference|quote|recommend|mention|promote)\b[^.!?\n]{0,40}\b(this|the following)\s+"
    r"(note|document|source|text|article|page)\b",
    r"\b(in|for|with|to)\s+(every|each|all|any)\s+(answers?|repl(y|ies)|responses?|summar(y|ies)"
    r"|recaps?|outputs?)\b",
    r"\b(begin|start|end|finish|prefix|sign|close)\s+(your|every|each|all|any)\s+"
    r"(answers?|repl(y|ies)|responses?|messages?|summar(y|ies)|recaps?)\b",
    r"\b(respond|reply|answer|say|output|write)\b[^.!?\n]{0,20}\bonly\b[^.!?\n]{0,20}\bwith\b",
    r"\b(your|the)\s+(answer|reply|response|summary|recap|output)\s+(must|should|shall|has to)\b",
    r"\b(ai|assistant|chatbot|language model|llm|summari[sz]er|bot)s?\b[^.!?\n]{0,40}"
    r"\b(must|should|shall|needs? to|has to|is (asked|required|instructed) to)\b",
    r"\b(visit|download|install|click|verify|register|claim|sign up)\b[^.!?\n]{0,60}"
    r"(https?://|www\.|\b[\w-]+\.(com|net|org|io|xyz|example)\b)",
]
_OTHER = [
    # German
    r"\b(ignorier|vergiss|missachte)\w*\b[^.!?\n]{0,40}\b(anweisung|regel|instruktion|vorgabe)",
    r"\bsystem-?prompt\b|\bsystemanweisung",
    # French
    r"\b(ignore[zr]?|oublie[zr]?|contourne[zr]?)\b[^.!?\n]{0,40}\b(instructions?|consignes?|"
    r"r[eè]gles?)",
    r"\bprompt\s+syst[eè]me\b|\br[ée]v[eè]le[zr]?\b[^.!?\n]{0,30}\b(prompt|instructions?)",
    # Spanish, Portuguese, Italian
    r"\b(ignora|olvida|omite|ignore|esque[cç]a|dimentica)\w*\b[^.!?\n]{0,40}"
    r"\b(instrucci|instru[cç]|istruzion|regras?|reglas?|regole)",
    r"\b(prompt|mensaje|mensagem|messaggio)\s+(del?|do)\s+sist",
    r"\b(revela|mostra|muestra)\w*\b[^.!?\n]{0,30}\b(prompt|instrucci|instru[cç]|istruzion)",
    # Dutch, Polish
    r"\b(negeer|vergeet)\b[^.!?\n]{0,40}\b(instructies|regels)",
    r"\b(zignoruj|zapomnij)\b[^.!?\n]{0,40}\b(instrukcj|polece|zasad)",
    # Russian, Ukrainian
    r"(игнорируй|игнорируйте|забудь|забудьте|ігноруй)[^.!?\n]{0,40}(инструкц|правил|інструкц)",
    r"системн\w*\s+(промпт|подсказ|инструкц)",
    # Chinese, Japanese, Korean
    r"(忽略|无视|忽視|無視|忘记|忘記)[^。！？\n]{0,20}(指令|指示|说明|規則|规则|提示)",
    r"系统提示|系統提示|システムプロンプト|以前の指示|指示を無視",
    r"시스템 프롬프트|지시를 무시|이전 지시",
    # Arabic, Hindi, Turkish
    r"تجاهل[^.!?\n]{0,40}(التعليمات|الأوامر)",
    r"(निर्देशों|निर्देश)[^.!?\n]{0,40}(अनदेखा|भूल)",
    r"\b(yoksay|unut)\w*\b[^.!?\n]{0,40}\b(talimat|kural)",
]
# What each rule means, as its owner reads it in the upload report and the Knowledge tab.
_STRONG_SAYS = [
    "tells an AI to ignore its previous instructions",
    "announces new instructions for an AI",
    "asks an AI to switch to a 'mode' without rules",
    "asks an AI to pretend it has no rules",
    "asks an AI to reveal its set-up",
    "asks for journals, passwords or private notes to be sent to an address",
    "speaks to an AI directly and tells it what to do",
    "is a message to an AI",
    "speaks to an AI ('if you are an AI')",
    "asks for encoded text to be decoded and obeyed",
    "contains a chat-model control token",
    "starts like a turn of a chat transcript (system/assistant)",
    "contains a chat-model instruction tag",
    "tries to close or open the block notes are given to the AI in",
]
_WEAK_SAYS = [
    "asks to ignore or override rules or instructions",
    "hands someone a new role ('you are now', 'from now on you')",
    "mentions a system prompt",
    "asks to tell every user or reader something",
    "asks for this note to be cited, quoted or promoted",
    "asks for something in every answer or summary",
    "asks every answer or message to begin or end a certain way",
    "asks for replies with only one thing",
    "says how an answer or summary must be written",
    "says what an AI must do",
    "asks the reader to visit, download or sign up at a link",
] + ["asks to ignore rules or mentions a system prompt, in another language"] * len(_OTHER)
_FLAGS = re.IGNORECASE | re.MULTILINE
_STRONG_PATTERNS = [re.compile(p, _FLAGS) for p in _STRONG]
_WEAK_PATTERNS = [re.compile(p, _FLAGS) for p in _WEAK + _OTHER]
_PATTERNS = _STRONG_PATTERNS + _WEAK_PATTERNS
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{20,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}[\s:]?){16,}\b")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def normalise(text: str) -> str:
    """Return the text as the detector reads it: NFKC, no invisible characters, no look-alikes."""
    return _collapse(_visible(text).translate(_HOMOGLYPHS))


def assess(text: str) -> tuple[str, bool]:
    """Return why a passage may be meant for an AI ('' when not) and whether the sign is strong.

    Strong: only an AI would be addressed so (role tokens, "ignore the previous instructions",
    a request for the set-up), or an instruction hidden by encoding or look-alike letters.
    """
    visible = _visible(text)
    spaced = re.sub(r"(?<=\b\w) (?=\w\b)", "", visible)  # "i g n o r e" → "ignore"
    plain, disguised = _collapse(visible), [normalise(visible), normalise(spaced)]
    for pattern, says in zip(_STRONG_PATTERNS, _STRONG_SAYS, strict=True):
        if pattern.search(plain):
            return says, True
    for candidate in disguised:  # a rule only the undisguised text breaks: it was hidden
        if candidate != plain and any(
            p.search(candidate) and not p.search(plain) for p in _PATTERNS
        ):
            return "hides an instruction behind spacing or look-alike letters", True
    for decoded, encoding in _decodings(plain):
        if any(p.search(normalise(decoded)) for p in _PATTERNS):
            return f"hides an instruction in {encoding}", True
    for pattern, says in zip(_WEAK_PATTERNS, _WEAK_SAYS, strict=True):
        if pattern.search(plain):
            return says, False
    return "", False


def attack_reason(text: str) -> str:
    """Return why a passage may be meant for an AI, strong or weak sign ('' when it is not)."""
    return assess(text)[0]


def _visible(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _collapse(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def screen(text: str, field: str = "text") -> list[Flag]:
    """Return a flag for each paragraph of the text that may be meant for an AI."""
    flags = []
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip():
            continue
        reason, strong = assess(paragraph)
        if reason:
            flags.append(Flag(paragraph.strip(), reason, withheld=strong, field=field))
    return flags


def _decodings(text: str) -> list[tuple[str, str]]:
    """Return readable decodings of encoded runs (base64, hex, %-escapes, rot13)."""
    found: list[tuple[str, str]] = []
    for run in _BASE64.findall(text):
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=False)
        except (binascii.Error, ValueError):
            continue
        decoded = raw.decode("utf-8", errors="ignore")
        if decoded and sum(c.isprintable() for c in decoded) / len(decoded) > 0.9:
            found.append((decoded, "base64"))
    for run in _HEX.findall(text):
        digits = re.sub(r"[\s:]", "", run)
        try:
            found.append((bytes.fromhex(digits).decode("utf-8", errors="ignore"), "hex"))
        except ValueError:
            continue
    if len(_PERCENT.findall(text)) >= 3:
        found.append((urllib.parse.unquote(text), "percent-encoding"))
    if re.search(r"rot-?13", text, re.IGNORECASE):
        found.append((codecs.decode(text, "rot13"), "rot13"))
    reversed_text = text[::-1]
    if re.search(r"\b(snoitcurtsni|tpmorp)\b", text, re.IGNORECASE):
        found.append((reversed_text, "reversed text"))
    return found


def screen_note(note: Note, kept: Collection[str] = ()) -> tuple[Note | None, list[Flag]]:
    """Return the note with its flagged passages recorded (words unchanged), and the flags.

    Nothing is removed: a strongly flagged passage is marked withheld (kept from the model and
    quotes) unless its owner already chose to keep it (`kept`: passage ids). A note whose author
    field addresses an AI is refused (None), with the reason in the flag.
    """
    if attack_reason(note.author):
        return None, [Flag(note.author, "the author field addresses the AI", True, "author")]
    flags = screen(note.text)
    for name in ("title", "team"):
        flags += screen(getattr(note, name), field=name)
    flags += [f for tag in note.tags for f in screen(tag, field="tags")]
    flags = [replace(f, withheld=False, kept=True) if f.id in kept else f for f in flags]
    return replace(note, flags=tuple(flags)), flags
