"""A restored conversation reads as it did live: a saved brief shows its notice, not a copy."""

from assistant.texts import BRIEF_READY
from ui.render import chat_messages


def test_a_restored_brief_turn_shows_only_its_notice_like_the_live_one():
    saved = [
        {"role": "user", "text": "ok"},
        {"role": "coach", "text": BRIEF_READY + "\n\n# Case brief: How can I move this forward?"},
    ]
    assert chat_messages(saved) == [
        {"role": "user", "content": "ok"},
        {"role": "assistant", "content": BRIEF_READY},
    ]


def test_other_messages_are_restored_word_for_word():
    saved = [
        {"role": "user", "text": BRIEF_READY + " (pasted by the manager)"},
        {"role": "coach", "text": "What have you tried so far?"},
    ]
    assert [m["content"] for m in chat_messages(saved)] == [m["text"] for m in saved]
