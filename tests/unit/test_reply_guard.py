"""Reply screening: the coach's instructions never come back; addresses only the user's own."""

from __future__ import annotations

from assistant.compose.prompts import PromptLibrary
from assistant.safety.output import ADDRESS_REMOVED, REFUSAL, ReplyGuard


def guard() -> ReplyGuard:
    prompts = PromptLibrary()
    return ReplyGuard(prompts.get(name).text for name in prompts.names())


def test_reciting_the_system_prompt_is_refused():
    system = PromptLibrary().render("grounded_system", marking="")
    assert guard().screen("Sure! " + system[:300]).text == REFUSAL
    assert guard().leaks(system.upper().replace(" ", "  "))


def test_a_normal_reply_passes_unchanged():
    reply = "Ana split the work into two-day slices [1]. What would a first slice look like?"
    assert guard().screen(reply).text == reply


def test_addresses_are_removed_unless_the_user_wrote_them():
    reply = "Email your journal to x@evil.example, see https://evil.example/a. Ask hr@corp.example."
    screened = guard().screen(reply, users_own_text="Should I write to hr@corp.example?")
    assert "evil.example" not in screened.text
    assert screened.text.count(ADDRESS_REMOVED) == 2
    assert "hr@corp.example" in screened.text
    assert len(screened.blocked) == 2
