"""Markdown and HTML in user-supplied fields are shown as text in every view, never made live."""

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assistant.answer.synthesis import Synthesis
from assistant.coaching.protocols import protocols
from assistant.domain.literal import inert, literal
from assistant.ingest.pipeline import FileOutcome, IngestReport
from assistant.memory.records import CaseBrief, JournalEntry, Lesson
from assistant.people.directory import User
from assistant.people.groups import Group
from assistant.programme.experience import Experience
from assistant.programme.kickoff import kickoff_pack
from assistant.programme.report import my_groups_markdown, review_markdown
from assistant.programme.service import MyGroup
from assistant.retrieve.peers_account import CitedNote, CitedQuote, ColleagueAccount, PeersAccount
from assistant.retrieve.search import NoteMatch
from ui import peers_view, render
from ui.tabs.knowledge import upload_report

PAYLOADS = (
    "Deadlines ![ ](/logout)",
    "![t](http://evil.example/x.png)",
    "[Reset your password](http://evil.example/reset)",
    '<img src="http://evil.example/y.png">',
    "see www.evil.example or https://evil.example/z or mallory@evil.example",
    "[x][r]\n\n[r]: http://evil.example/ref",
)
# CommonMark with raw HTML on, as a browser's markdown renderer at its most permissive.
MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def assert_inert(markdown: str, payload: str) -> None:
    """The rendered page has no link, image or tag from the payload, and shows it as text."""
    page = MD.render(markdown)
    assert not re.search(r"<(a|img|script|iframe)\b", page), page
    # what GFM's autolinker (not in CommonMark) would scan: the markdown source itself
    assert not re.search(r"(?i)(https?|ftp)://|www\.|@evil", markdown), markdown


def _shown(page: str, payload: str) -> bool:
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return " ".join(payload.split()) in " ".join(text.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_literal_text_renders_as_exactly_what_was_written(payload):
    shown = literal(payload)
    assert_inert(f"- **{shown}**", payload)
    assert _shown(MD.render(f"- {shown}"), payload)


def note(payload: str) -> NoteMatch:
    meta = {"title": payload, "author": payload, "team": payload, "date": "2026-01-02"}
    return NoteMatch("kb/x.md", "kb/x.md#0", f"Body {payload}", meta | {"tags": payload}, 1, 1, 1)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_find_peers_colleagues_quotes_notes_and_summary_show_payloads_as_text(payload):
    match = note(payload)
    cited = CitedNote(1, "kb/x.md", payload, payload, "2026-01-02", f"stale: {payload}")
    quote = CitedQuote(f"I said {payload} to them.", cited)
    colleague = ColleagueAccount(
        payload, payload, f"Wrote the case “{payload}”", 1.0, [quote], named="kb/y.md"
    )  # the quote's note is not the one named: its title is shown beside it too
    account = PeersAccount(payload, [colleague], [(match, quote)], [cited])
    assert_inert(peers_view.colleagues_markdown(account), payload)
    assert_inert(peers_view.notes_markdown(account.notes), payload)
    summary = Synthesis(f"They said {payload}.", model_error=payload)
    assert_inert(peers_view.summary_markdown(account, summary), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_case_brief_shows_cited_titles_authors_and_peers_as_text(payload):
    brief = CaseBrief(
        "cb1", "sam", "s1", payload, payload, payload, payload, payload,
        know_how=[{"number": 1, "title": payload, "author": payload, "date": payload,
                   "excerpt": payload, "sentence": payload, "review": "verified 2026-01-01"}],
        peers=[{"name": payload, "team": payload, "why": payload}],
    )  # fmt: skip
    assert_inert(render.brief_markdown(brief), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_groups_kickoff_and_programme_views_show_payloads_as_text(payload):
    member = User("mallory", payload, payload)
    group = Group(payload, ("mallory",), purpose=payload, cadence=payload)
    mine = MyGroup(group, [member], [], [{"title": payload, "author": payload, "date": payload}])
    assert_inert(my_groups_markdown([mine]), payload)
    protocol = next(iter(protocols().values()))
    experience = {"mallory": Experience(member, 1, Counter({payload: 2}))}
    assert_inert(kickoff_pack(group, protocol, [member], experience), payload)
    due = [{"title": payload, "author": payload, "owner": payload, "review_by": "", "status": ""}]
    assert_inert(review_markdown(due), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_journal_lessons_and_upload_report_show_payloads_as_text(payload):
    entry = JournalEntry("je1", "sam", "s1", "what", [{"title": "What?", "question": "Q?",
                                                  "answer": payload}])  # fmt: skip
    assert_inert(render.entry_view(entry), payload)
    lesson = Lesson("ls1", "sam", "je1", payload, payload, [], status="draft")
    assert_inert(render.lessons_markdown([lesson]), payload)
    report = IngestReport([FileOutcome(Path("x.md"), "skipped", reason=payload)])
    assert_inert(upload_report(report), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_saved_prepare_chat_shows_its_brief_and_replies_as_text_after_a_reload(payload):
    from assistant.coaching.brief import brief_markdown
    from assistant.coaching.conversation import CoachTurn

    brief = CaseBrief(
        "cb1", "sam", "s1", "grow-model", "Situation", "Question?", "Tried", "Help",
        know_how=[{"number": 1, "title": payload, "author": payload, "date": "2026-01-02",
                   "doc_id": "kb/x.md", "sentence": payload}],
        peers=[{"name": payload, "team": payload, "why": f"Wrote the case “{payload}”"}],
    )  # fmt: skip
    saved = [
        {"role": "user", "text": "My retros slip"},
        {"role": "coach", "text": f"You said {payload}. What did you try?"},
        {"role": "coach", "text": "Here is your case brief.\n\n" + brief_markdown(brief)},
    ]
    for message in render.chat_messages(saved)[1:]:
        assert_inert(message["content"], payload)
    assert_inert(render.turn_markdown(CoachTurn("s1", f"They wrote {payload}.", "ask")), payload)


def test_model_replies_keep_emphasis_but_lose_links_and_images():
    shown = inert("**Try ranges** [1]. ![x](http://evil.example/x.png) <b>hi</b>")
    page = MD.render(shown)
    assert "<strong>Try ranges</strong>" in page
    assert not re.search(r"<(a|img|b)\b", page)
