"""The Group session tab's handlers: roles checked by the runner, user text shown as text."""

import html
import re

import gradio as gr
import pytest

from assistant.people.groups import Group, GroupSession
from tests.apps import as_user, tabs_of

pytestmark = pytest.mark.integration


@pytest.fixture
def tab(demo_app):
    demo_app.groups.save(
        Group("circle-1", ("amara", "kwame", "lukas"), protocol="grow",
              schedule=(GroupSession("2099-01-05 09:00"),))
    )  # fmt: skip
    return tabs_of(demo_app).session


def test_a_member_runs_the_session_and_the_presenter_approves(tab, demo_app):
    opened = tab.open("circle-1", as_user("lukas"))
    assert "Presenter:" in opened[tab.header]
    assert "Not started" in opened[tab.countdown]
    step = tab.advance("circle-1", as_user("lukas"))
    assert re.search(r"Step 1 of 6 · Contract\*\*: (5:00|4:[0-5]\d) left", step[tab.countdown])
    assert step[tab.timer].active is True  # the countdown ticks while a step runs
    with pytest.raises(gr.Error, match="not a member"):
        tab.open("circle-1", as_user("hannah"))
    question = "How do I stop <b>**rescuing**</b> my team?"
    with pytest.raises(gr.Error, match="facilitator drafts"):
        tab.draft("circle-1", question, "", "", as_user("lukas"))
    drafted = tab.draft(
        "circle-1", question, "Say less.", "Try silence on Monday.", as_user("kwame")
    )
    assert "Draft saved" in drafted[tab.message]
    seen = tab.open("circle-1", as_user("lukas"))
    assert seen[tab.question].value == ""  # not the facilitator or presenter: no draft shown
    done = tab.approve("circle-1", question, "", "Try silence on Monday.", True, as_user("amara"))
    assert "marked held" in done[tab.message]
    assert "Held" in done[tab.header]
    assert [c.what for c in demo_app.journal.commitments("amara")] == ["Try silence on Monday."]


def test_a_shared_brief_with_markdown_reaches_the_group_as_text(tab, demo_app):
    from markdown_it import MarkdownIt

    from assistant.memory.records import CaseBrief

    payload = "Deadlines ![ ](/logout) [Reset](http://evil.example/r) <img src=x>"
    brief = CaseBrief("cb-z", "amara", "", "grow", payload, payload, payload, payload)
    demo_app.store.save(brief)
    opened = tab.open("circle-1", as_user("amara"))
    assert "Presenter: **amara**" in opened[tab.header]
    tab.share("circle-1", "cb-z", as_user("amara"))
    shown = tab.open("circle-1", as_user("lukas"))[tab.brief]
    page = MarkdownIt("commonmark", {"html": True}).render(shown)
    assert not re.search(r"<(a|img)\b", page), page
    assert payload in html.unescape(re.sub(r"<[^>]+>", "", page))  # shown as written


def test_a_brief_prepared_since_the_page_loaded_is_offered_and_the_group_kept(tab, demo_app):
    from assistant.memory.records import CaseBrief

    demo_app.groups.save(Group("circle-2", ("amara", "kwame")))
    before = tab.choices(as_user("amara"))
    assert before[tab.briefs].choices == []
    assert "prepare one in the Prepare tab" in before[tab.briefs].info  # says what to do
    with pytest.raises(gr.Error, match="no case brief yet"):
        tab.share("circle-1", None, as_user("amara"))
    demo_app.store.save(
        CaseBrief("cb-new", "amara", "", "grow", "Two leads clash.", "How?", "", "")
    )
    after = tab.refresh("circle-2", None, as_user("amara"))  # the tab opened again
    assert [value for _, value in after[tab.briefs].choices] == ["cb-new"]
    assert after[tab.briefs].info == ""
    assert after[tab.group].value == "circle-2"  # the group chosen stays chosen
    with pytest.raises(gr.Error, match="Choose one of your case briefs first"):
        tab.share("circle-1", None, as_user("amara"))
