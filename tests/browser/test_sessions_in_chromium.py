"""Capture a case and run a group session in Chromium, with a reload in the middle of a step."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from assistant.memory.records import CaseBrief
from assistant.people.directory import DEMO_USERS
from assistant.people.groups import Group, GroupSession
from tests.apps import SAM, demo_coach_at, served
from tests.browser.helpers import choose, open_tab, screenshot, send, sign_in, wait_for_reply
from tests.integration.test_capture import ANSWERS

pytestmark = [pytest.mark.integration, pytest.mark.browser]
AISHA = (DEMO_USERS[2].user.username, DEMO_USERS[2].password)
AMARA = (DEMO_USERS[3].user.username, DEMO_USERS[3].password)


@pytest.fixture(scope="module")
def served_app(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(demo_data_template, tmp_path_factory.mktemp("sessions") / "data")
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    coach.groups.save(
        Group("circle-1", ("aisha", "amara", "sam"), protocol="grow",
              schedule=(GroupSession(f"{today} 23:59"),))
    )  # fmt: skip
    with served(coach) as demo:
        yield demo.local_url, coach


def test_a_case_interview_ends_in_a_private_draft_to_edit(browser, served_app):
    url, coach = served_app
    page = sign_in(browser, url, SAM)
    open_tab(page, "Capture")
    page.locator("#capture-start").click()
    expect(page.locator("#capture-chat")).to_contain_text("what happened")
    send(page, "capture-input", ANSWERS[0])
    wait_for_reply(page, "capture-chat", 2)
    expect(page.locator("#capture-chat")).to_contain_text("key moments")
    page.reload()  # the interview is resumed as it was left
    open_tab(page, "Capture")
    expect(page.locator("#capture-chat")).to_contain_text("key moments")
    send(page, "capture-input", ANSWERS[4])
    wait_for_reply(page, "capture-chat", 3)
    page.locator("#capture-finish").click()
    expect(page.locator("#capture-text textarea")).to_have_value(re.compile("## The situation"))
    expect(page.locator("#capture-message")).to_contain_text("only you can see it")
    screenshot(page, "capture")
    assert coach.capture.latest("sam").state["draft"]["status"] == "draft"


def test_a_session_runs_every_step_with_a_reload_in_the_middle(browser, served_app):
    url, coach = served_app
    sam = sign_in(browser, url, SAM)  # the timekeeper
    open_tab(sam, "Group session")
    sam.locator("#session-open").click()
    countdown = sam.locator("#session-countdown")
    expect(countdown).to_contain_text("Not started")
    expect(sam.locator("#session-header")).to_contain_text("Presenter: Aisha Rahman")
    for index in range(6):
        sam.locator("#session-next").click()
        expect(countdown).to_contain_text(f"Step {index + 1} of 6")
        if index == 2:
            sam.reload()  # the step and its clock come back from the server
            open_tab(sam, "Group session")
            expect(countdown).to_contain_text("Step 3 of 6 · Reality")
            expect(countdown).to_contain_text(re.compile(r"(10:00|9:\d\d) left"))
    sam.locator("#session-next").click()
    expect(countdown).to_contain_text("All steps done")

    amara = sign_in(browser, url, AMARA)  # the facilitator drafts the note
    open_tab(amara, "Group session")
    expect(amara.locator("#session-countdown")).to_contain_text("All steps done")
    amara.locator("#note-question textarea").fill("How do I stop rescuing my team?")
    amara.locator("#note-options textarea").fill("Say less in stand-ups.")
    amara.locator("#note-next textarea").fill("Stay silent for the first ten minutes on Monday.")
    amara.locator("#note-draft").click()
    expect(amara.locator("#session-message")).to_contain_text("Draft saved")

    aisha = sign_in(browser, url, AISHA)  # the presenter approves it
    open_tab(aisha, "Group session")
    expect(aisha.locator("#session-briefs")).to_contain_text("no case brief yet")
    coach.store.save(CaseBrief("cb-a", "aisha", "", "grow", "Two leads clash.", "How?", "", ""))
    open_tab(aisha, "Prepare")  # prepared in another tab since the page loaded
    open_tab(aisha, "Group session")
    choose(aisha, "session-briefs", "How?")
    aisha.locator("#session-share").click()
    expect(aisha.locator("#session-brief")).to_contain_text("Two leads clash.")
    expect(aisha.locator("#note-question textarea")).to_have_value(
        "How do I stop rescuing my team?"
    )
    aisha.locator("#note-options textarea").fill("")  # she removes the options
    aisha.locator("#note-approve").click()
    expect(aisha.locator("#session-message")).to_contain_text("marked held")
    screenshot(aisha, "group-session")
    assert coach.groups.get("circle-1").schedule[0].status == "held"
    assert [c.what for c in coach.journal.commitments("aisha")] == [
        "Stay silent for the first ten minutes on Monday."
    ]
    hits = coach.search.search("stop rescuing my team", 3, coach.access.filters("sam"))
    assert hits[0].metadata["type"] == "session-note"
    assert "Say less" not in hits[0].text
