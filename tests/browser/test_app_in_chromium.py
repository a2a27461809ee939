"""The app in a real browser (Debian's Chromium via Playwright), on the scripted model."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.apps import PRIYA, SAM, demo_coach_at, served
from tests.browser.helpers import (
    choose,
    fonts_drawing,
    last_reply,
    open_tab,
    options_of,
    screenshot,
    send,
    sign_in,
    type_into,
    wait_for_reply,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture(scope="module")
def coach(demo_data_template, tmp_path_factory):
    return demo_coach_at(demo_data_template, tmp_path_factory.mktemp("browser") / "data")


@pytest.fixture(scope="module")
def url(coach):
    with served(coach) as demo:
        yield demo.local_url


def test_a_wrong_password_does_not_get_in(browser, url):
    page = browser.new_page()
    page.goto(url, wait_until="load")
    page.locator("input[type=text]").first.fill("priya")
    page.locator("input[type=password]").fill("not-her-password")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Incorrect Credentials")).to_be_visible()
    expect(page.locator("#tab-prepare")).to_have_count(0)
    page.close()


def test_prepare_ends_with_a_cited_brief_and_survives_a_reload(browser, url):
    page = sign_in(browser, url, PRIYA)
    expect(page.locator("#who")).to_contain_text("Priya Raghunathan")
    expect(page.locator("#model-status")).to_contain_text("Model:")
    send(page, "prepare-input", "My team keeps missing deadlines on the billing migration")
    wait_for_reply(page, "prepare-chat", 1)
    expect(last_reply(page, "prepare-chat")).to_contain_text("?", timeout=20000)
    send(page, "prepare-input", "ready")
    wait_for_reply(page, "prepare-chat", 2)
    expect(last_reply(page, "prepare-chat")).to_contain_text("I suggest")
    send(page, "prepare-input", "ok")
    wait_for_reply(page, "prepare-chat", 3)
    brief = page.locator("#brief")
    expect(brief).to_contain_text("Colleagues' know-how")
    citation = brief.locator("details").first
    expect(citation.locator("summary")).to_contain_text("[1]")
    citation.locator("summary").click()  # a citation expands to the note's words
    expect(citation.locator("small")).to_be_visible()
    expect(page.locator("#brief-export")).to_be_visible()
    screenshot(page, "prepare")

    page.reload(wait_until="load")  # the session is kept server-side, not in the page
    expect(page.locator("#prepare-chat")).to_contain_text("billing migration")
    expect(page.locator("#brief")).to_contain_text("Colleagues' know-how")
    page.context.close()


def test_a_reflection_appears_in_my_journal_and_a_lesson_is_shared_only_on_approval(
    browser, url, coach
):
    page = sign_in(browser, url, PRIYA)
    open_tab(page, "Reflect")
    page.locator("#reflect-start").click()
    wait_for_reply(page, "reflect-chat", 1)
    answers = [
        "We ran a troika on the narwhal release slipping again.",
        "I noticed I promise dates before I check capacity.",
        "I will give the exec team a range by Friday.",
    ]
    for number, answer in enumerate(answers, start=2):
        send(page, "reflect-input", answer)
        wait_for_reply(page, "reflect-chat", number)
    expect(last_reply(page, "reflect-chat")).to_contain_text("Saved to your journal")
    expect(page.locator("#lesson-offer").first).to_be_visible()
    before = len(coach.library.mine("priya"))
    page.locator("#lesson-draft").click()  # without consent nothing is drafted
    expect(page.get_by_text("Tick the box to agree")).to_be_visible()
    page.locator("#lesson-consent input").check()
    page.locator("#lesson-draft").click()
    expect(page.locator("#lesson-editor").first).to_be_visible()
    type_into(page, "lesson-title", "Narwhal: give ranges, not dates")
    assert len(coach.library.mine("priya")) == before  # a draft is not shared
    screenshot(page, "reflect")
    page.locator("#lesson-share").click()
    expect(page.locator("#lesson-message")).to_contain_text("Shared")
    assert len(coach.library.mine("priya")) == before + 1

    open_tab(page, "My journal")
    expect(page.locator("#commitments")).to_contain_text("open")
    choose(page, "entries", "narwhal")
    expect(page.locator("#entry")).to_contain_text("narwhal release slipping")
    expect(page.locator("#lessons")).to_contain_text("Narwhal: give ranges, not dates")
    screenshot(page, "journal")
    page.context.close()


def test_an_uploaded_file_becomes_searchable(browser, url, coach, tmp_path):
    note = tmp_path / "walking-one-to-ones.md"
    note.write_text(
        "# Walking one-to-ones\nI moved my one-to-ones outside: walking side by side, the "
        "quiet engineers on my team started raising problems they had sat on for weeks.\n"
    )
    page = sign_in(browser, url, SAM)
    open_tab(page, "Knowledge")
    page.locator("#upload-files input[type=file]").set_input_files(str(note))
    page.locator("#upload-go").click()
    expect(page.locator("#upload-report")).to_contain_text("walking-one-to-ones.md")
    expect(page.locator("#upload-report")).to_contain_text("added")
    expect(page.locator("#my-notes")).to_contain_text("Walking one-to-ones")
    screenshot(page, "knowledge")

    open_tab(page, "Find peers")
    type_into(page, "find-input", "quiet engineers do not raise problems in one-to-ones")
    model = coach.chat.get()
    model.pause = 4.0  # a slow model (4 s a reply): colleagues' own words must not wait for it
    try:
        page.locator("#find-go").click()
        expect(page.locator("#notes")).to_contain_text("Walking one-to-ones — Sam Okafor")
        expect(page.locator("#notes")).to_contain_text("the quiet engineers on my team started")
        expect(page.locator("#peers blockquote").first).to_contain_text("“")
        expect(page.locator("#answer")).to_contain_text("Summing up")  # the model still working
        expect(page.locator("#answer")).not_to_contain_text("Summing up", timeout=60_000)
    finally:
        model.pause = 0.0
    expect(page.locator("#answer")).to_contain_text("Sources")
    expect(page.locator("#peers")).not_to_contain_text("Sam Okafor")  # not yourself
    for heading in ("#peers h4", "#answer h3", "#title h1"):  # a colleague, Sources, the title
        drawn = fonts_drawing(page, heading)  # one font for every letter (no fallback mix)
        [(font, _)] = drawn.items()  # before: DejaVu Sans Bold with a semi-bold "A" among it
        assert font.startswith("SourceSans"), (heading, drawn)
    screenshot(page, "find-peers")
    page.context.close()


def test_a_second_user_cannot_see_the_first_users_journal(browser, url, coach):
    session = coach.reflect.start("priya")
    for answer in ("The axolotl project review went badly.", "I froze.", "I will ask for help."):
        turn = coach.reflect.reply("priya", session.session_id, answer)
    assert turn.done
    coach.prepare.start("priya", "The axolotl team resents my new process")
    own = coach.reflect.start("sam")
    for answer in ("My walrus team skipped the retro.", "It stung.", "I will ask why."):
        coach.reflect.reply("sam", own.session_id, answer)

    page = sign_in(browser, url, SAM)
    expect(page.locator("#who")).to_contain_text("Sam Okafor")
    expect(page.locator("#prepare-chat")).not_to_contain_text("axolotl")
    open_tab(page, "Reflect")
    expect(page.locator("#reflect-chat")).to_contain_text("walrus")  # his own reflection
    expect(page.locator("#reflect-chat")).not_to_contain_text("axolotl")
    open_tab(page, "My journal")
    expect(page.locator("#lessons")).to_contain_text("No lessons yet")  # the tab has loaded
    entries = options_of(page, "entries")
    assert [o for o in entries if "walrus" in o]  # his own entry is listed...
    assert not [o for o in entries if "axolotl" in o.lower()]  # ...and nobody else's
    open_tab(page, "Find peers")
    type_into(page, "find-input", "axolotl project review froze")
    page.locator("#find-go").click()
    expect(page.locator("#answer")).not_to_contain_text("coach is thinking", timeout=60_000)
    expect(page.locator("#notes")).not_to_contain_text("axolotl")
    page.context.close()
