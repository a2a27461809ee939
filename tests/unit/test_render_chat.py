"""A restored conversation reads as it did live: a saved brief shows its notice, not a copy."""

from assistant.coaching.conversation import CoachTurn
from assistant.memory.records import CaseBrief
from assistant.texts import BRIEF_READY
from ui.render import chat_messages, turn_markdown

BRIEF = CaseBrief("cb1", "sam", "s1", "consultancy", "Two leads clash.", "How can I?", "", "")
BRIEF_TURN = CoachTurn("s1", BRIEF_READY, "done", True, result=BRIEF)


def test_a_restored_brief_turn_shows_only_its_notice_like_the_live_one():
    saved = [
        {"role": "user", "text": "ok"},
        {"role": "coach", "text": BRIEF_READY + "\n\n# Case brief: How can I move this forward?"},
    ]
    assert chat_messages(saved) == [
        {"role": "user", "content": "ok"},
        {"role": "assistant", "content": turn_markdown(BRIEF_TURN)},
    ]
    assert "below it on a small screen" in chat_messages(saved)[1]["content"]  # where to look


def test_other_messages_are_restored_word_for_word():
    saved = [
        {"role": "user", "text": BRIEF_READY + " (pasted by the manager)"},
        {"role": "coach", "text": "What have you tried so far?"},
    ]
    assert [m["content"] for m in chat_messages(saved)] == [m["text"] for m in saved]


def test_a_briefs_quotes_are_led_by_what_their_section_says():
    from assistant.memory.records import CaseBrief
    from ui.render import brief_markdown

    know_how = {"number": 1, "doc_id": "kb/a.md", "title": "T", "author": "A", "date": "2026-01-01"}
    peer = {"name": "Diego", "team": "Support", "why": "Wrote the case", "quote": "I asked them."}
    brief = CaseBrief(
        "cb1", "sam", "s1", "troika-consulting", "S", "How can I?", "T", "H",
        [know_how | {"sentence": "I split the queue.", "section": "tried"}],
        [peer | {"quote_section": "happened"}],
    )  # fmt: skip
    shown = brief_markdown(brief)
    assert "<blockquote><em>Tried:</em> “I split the queue.”</blockquote>" in shown
    assert "<blockquote><em>What happened:</em> “I asked them.”</blockquote>" in shown
    older = CaseBrief(
        "cb2", "sam", "s1", "troika-consulting", "S", "How can I?", "T", "H",
        [know_how | {"sentence": "I split the queue."}], [peer],
    )  # fmt: skip  # a brief saved before quotes had sections
    assert "<blockquote>“I split the queue.”</blockquote>" in brief_markdown(older)


def test_the_notice_says_whether_the_model_was_down_or_answered_wrongly():
    from assistant.coaching.calls import CoachModelError
    from ui.render import model_notice

    refused = model_notice("the model did not answer in the expected form (it repeated the x)")
    assert "did not pass the coach's checks (it repeated the x);" in refused
    assert "unavailable" not in refused  # it answered: it was not down
    down = model_notice(str(CoachModelError("the model is unavailable (APITimeoutError: slow)")))
    assert "The model is unavailable right now (APITimeoutError: slow);" in down
