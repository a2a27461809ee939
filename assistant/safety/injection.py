"""Neutralise text aimed at the AI inside notes (prompt injection, OWASP LLM01) at ingest."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field, replace

from assistant.domain.notes import Note

NEUTRALISED = "[removed by Peer Coach: text addressed to the AI]"

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

_EN = [
    # override the rules
    r"\b(ignore|disregard|forget|override|bypass|skip|drop|abandon)\b[^.!?\n]{0,40}"
    r"\b(instruction|rule|prompt|direction|guideline|guardrail|polic|constraint|programming)",
    r"\b(new|updated|real|actual|revised|secret|hidden)\s+(system\s+)?"
    r"(instructions?|rules|directives?|prompt)\s*[:\-–—]",
    r"\byou are now\b|\bfrom now on\b[^.!?\n]{0,30}\b(you|assistant|coach|ai|model)\b",
    r"\b(developer|admin|god|debug|unrestricted|jailbreak|dan)\s+mode\b|\bjailbr[eo]ak",
    r"\b(pretend|act|behave)\b[^.!?\n]{0,20}\b(you are|as if|as an?)\b[^.!?\n]{0,40}"
    r"\b(no|without)\s+(rules|restrictions|limits|filters)",
    # reveal the set-up (LLM07)
    r"\b(reveal|print|show|repeat|output|display|disclose|leak|dump|recite|echo|share|tell)\b"
    r"[^.!?\n]{0,40}\b(system\s*(prompt|message|instructions?)|initial\s+(prompt|instructions?)"
    r"|hidden\s+(prompt|instructions?)|(your|the)\s+(instructions|prompt|rules|configuration))",
    r"\bsystem\s*prompt\b",
    # send data away
    r"\b(e-?mail|send|forward|post|upload|mail|paste|submit|transfer|share|copy)\b"
    r"[^\n]{0,60}\b(journals?|passwords?|credentials|entries|reflections|diary|private notes?"
    r"|secrets?|tokens?|api keys?)\b[^\n]{0,60}(@|https?://|\bto\b)",
    r"\b(tell|ask|instruct|remind|urge|advise)\s+(the|any|every)\s+(user|reader|person asking)s?\b",
    # hijack the answer
    r"\b(cite|reference|quote|recommend|mention|promote)\b[^.!?\n]{0,40}\b(this|the following)\s+"
    r"(note|document|source|text|article|page)\b",
    r"\b(in|for|with|to)\s+(every|each|all|any)\s+(answers?|repl(y|ies)|responses?|questions?"
    r"|users?)\b",
    r"\b(begin|start|end|finish|prefix|sign)\s+(your|every|each|all)\s+"
    r"(answers?|repl(y|ies)|responses?|messages?)\b",
    r"\b(respond|reply|answer|say|output|write)\b[^.!?\n]{0,20}\bonly\b[^.!?\n]{0,20}\bwith\b",
    # addressed to the AI
    r"\b(ai|assistant|chatbot|language model|llm|coach|gpt|model|bot)\s*[:,]\s*(please\s+)?"
    r"(ignore|you must|always|never|do not|don't|reveal|print|tell|say|respond|answer|stop)",
    r"\b(note|message|instructions?)\s+(to|for)\s+(the\s+)?(ai|assistant|llm|model|coach|bot)\b",
    r"\bif you are an? (ai|assistant|language model|llm|chatbot)\b",
    r"\bdecode\b[^.!?\n]{0,40}\b(follow|execute|obey|do what|carry out|run)\b",
    # role and delimiter tokens
    r"<\|?\s*(im_start|im_end|system|endoftext|eot_id|start_header_id)\s*\|?>",
    r"^\s*(system|assistant|developer)\s*:",
    r"\[/?\s*(inst|system|sys)\s*\]|<</?sys>>",
    r"</?\s*(notes?|system|instructions?|context|document)\s*>",
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
_PATTERNS = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in _EN + _OTHER]
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{20,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}[\s:]?){16,}\b")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass
class Finding:
    """One passage that was neutralised and why (the rule or encoding that caught it)."""

    excerpt: str
    reason: str


@dataclass
class GuardResult:
    """Text with every attack neutralised, and what was found."""

    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Return True when anything was neutralised."""
        return bool(self.findings)


def normalise(text: str) -> str:
    """Return the text as the detector reads it: NFKC, no invisible characters, no look-alikes."""
    return _collapse(_visible(text).translate(_HOMOGLYPHS))


def attack_reason(text: str) -> str:
    """Return why a passage reads as an instruction to the AI ('' when it does not)."""
    visible = _visible(text)
    spaced = re.sub(r"(?<=\b\w) (?=\w\b)", "", visible)  # "i g n o r e" → "ignore"
    candidates = [_collapse(visible), normalise(visible), normalise(spaced)]
    for candidate in candidates:
        for pattern in _PATTERNS:
            if pattern.search(candidate):
                return f"instruction-like: /{pattern.pattern[:40]}…/"
    for decoded, encoding in _decodings(candidates[0]):
        if any(p.search(normalise(decoded)) for p in _PATTERNS):
            return f"instruction hidden in {encoding}"
    return ""


def _visible(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _collapse(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def neutralise(text: str) -> GuardResult:
    """Replace every paragraph holding an instruction to the AI with a short marker."""
    result = GuardResult(text)
    paragraphs = re.split(r"(\n\s*\n)", text)
    for i in range(0, len(paragraphs), 2):
        paragraph = paragraphs[i]
        reason = attack_reason(paragraph)
        if reason:
            result.findings.append(Finding(" ".join(paragraph.split())[:160], reason))
            paragraphs[i] = NEUTRALISED
    result.text = "".join(paragraphs)
    return result


def neutralise_field(value: str) -> tuple[str, str]:
    """Return a metadata value (title, team) with an attack blanked, and the reason ('' if none)."""
    reason = attack_reason(value)
    return (NEUTRALISED, reason) if reason else (value, "")


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


def guard_note(note: Note) -> tuple[Note | None, list[Finding]]:
    """Return the note with attacks neutralised (None if its author field is one), and findings."""
    if attack_reason(note.author):
        return None, [Finding(note.author[:160], "author field addresses the AI")]
    body = neutralise(note.text)
    findings = list(body.findings)
    changes: dict[str, object] = {"text": body.text}
    for name in ("title", "team"):
        value, reason = neutralise_field(getattr(note, name))
        if reason:
            findings.append(Finding(getattr(note, name)[:160], f"{name}: {reason}"))
            changes[name] = value
    tags = tuple(t for t in note.tags if not attack_reason(t))
    if len(tags) != len(note.tags):
        findings.append(Finding(", ".join(note.tags)[:160], "tags address the AI"))
        changes["tags"] = tags
    return (replace(note, **changes) if findings else note), findings  # type: ignore[arg-type]
