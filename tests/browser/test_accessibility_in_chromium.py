"""Accessibility in Chromium: axe-core on every page, a phone and a tablet, the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ViewportSize, expect

from assistant.people.directory import DEMO_USERS
from tests.apps import PRIYA, SAM, demo_coach_at, served
from tests.browser.accessibility import (
    box,
    focus_ring,
    on_screen,
    open_sections,
    reply_in_view,
    serious,
    settled,
    squeezed,
    tab_until,
    tabs_on_screen,
    violations,
)
from tests.browser.helpers import (
    idle,
    last_reply,
    open_tab,
    screenshot,
    send,
    sign_in,
    type_into,
    wait_for_reply,
)
from tests.integration.test_capture import ANSWERS

pytestmark = [pytest.mark.integration, pytest.mark.browser]
AISHA = (DEMO_USERS[2].user.username, DEMO_USERS[2].password)
AMARA = (DEMO_USERS[3].user.username, DEMO_USERS[3].password)
TABS = [
    "Prepare",
    "Reflect",
    "Capture",
    "Find peers",
    "My journal",
    "Knowledge",
    "My groups",
    "Survey",
    "Group session",
    "Programme",
]
TAB_IDS = [
    "prepare",
    "reflect",
    "capture",
    "peers",
    "journal",
    "knowledge",
    "groups",
    "session",
    "survey",
    "programme",
]
PREPARE = ["Two of my account managers compete for the same clients", "ready", "ok"]
REFLECT = [
    "Our troika helped me see I avoid the conflict.",
    "It matters because the team copies what I do.",
    "I will talk to both of them together on Monday.",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 768, "height": 1024}
# Records each text the live region takes, in order.
LISTEN = """() => {
  window.heard = [];
  new MutationObserver(() => {
    const text = document.getElementById("coach-announcer")?.textContent;
    if (text && text !== window.heard.at(-1)) window.heard.push(text);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def url(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(demo_data_template, tmp_path_factory.mktemp("a11y") / "data")
    with served(coach) as demo:
        yield demo.local_url


def test_the_sign_in_page_and_every_tab_pass_axe_empty_and_in_use(browser, url):
    page = browser.new_page()
    page.goto(url, wait_until="load")
    expect(page).to_have_title("Sign in · Peer Coach")
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text("Peer Coach")
    assert violations(page) == []
    page.close()

    page = sign_in(browser, url, PRIYA)
    opened = {}
    for tab in TABS:
        open_tab(page, tab)
        expect(page).to_have_title(f"{tab} · Peer Coach")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.get_by_role("heading", level=2, name=tab)).to_have_count(1)
        assert violations(page) == [], tab
        opened[tab] = open_sections(page)  # what the closed sections hold, too
        if opened[tab]:
            assert violations(page) == [], f"{tab}, every section open"
    assert opened["Group session"] >= 1  # closed sections there were checked open
    assert opened["Programme"] >= 2

    open_tab(page, "Find peers")  # a Find peers answer with its sources
    type_into(page, "find-input", "my team keeps missing deadlines")
    page.locator("#find-go").click()
    expect(page.locator("#answer")).to_contain_text("Sources", timeout=60_000)
    idle(page, "answer")
    expect(page.locator("#coach-announcer")).to_contain_text("Sources")
    assert violations(page) == []
    open_tab(page, "Reflect")  # a reflection under way
    page.locator("#reflect-start").click()
    wait_for_reply(page, "reflect-chat", 1)
    send(page, "reflect-input", "We ran a troika on the release slipping again.")
    wait_for_reply(page, "reflect-chat", 2)
    assert violations(page) == []
    open_tab(page, "Capture")  # an interview, then its draft to edit
    page.locator("#capture-start").click()
    wait_for_reply(page, "capture-chat", 1)
    send(page, "capture-input", ANSWERS[0])
    wait_for_reply(page, "capture-chat", 2)
    question = last_reply(page, "capture-chat").inner_text().strip()
    expect(page.locator("#coach-announcer")).to_have_text(question)  # read out when finished
    page.locator("#capture-finish").click()
    expect(page.locator("#capture-text textarea")).to_have_value(re.compile("## The situation"))
    assert violations(page) == []
    open_tab(page, "My journal")
    assert serious(page) == []
    page.context.close()


def test_in_dark_mode_the_sign_in_page_and_every_tab_pass_axe_too(browser, url):
    page = browser.new_context(color_scheme="dark").new_page()
    page.goto(url + "?__theme=dark", wait_until="load")
    assert violations(page) == []
    page.context.close()
    page = sign_in(browser, url, PRIYA, color_scheme="dark")
    expect(page.locator("body")).to_have_class(re.compile(r"\bdark\b"))  # Gradio's dark theme
    for tab in TABS:
        open_tab(page, tab)
        open_sections(page)
        assert violations(page) == [], tab
    page.context.close()


def test_prepare_by_keyboard_alone_to_the_brief_and_its_export(browser, url):
    page = browser.new_context(viewport={"width": 1360, "height": 1000}).new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="load")
    tab_until(page, "input[type=text]")
    page.keyboard.type(SAM[0])
    page.keyboard.press("Tab")
    page.keyboard.type(SAM[1])
    page.keyboard.press("Enter")
    expect(page.locator("#who")).to_contain_text("Sam Okafor")

    tab_until(page, "#prepare-input")
    assert focus_ring(page) == "solid 3px"  # focus is visible
    page.evaluate(LISTEN)
    for number, message in enumerate(
        ["My new sales team ignores the pipeline review", "ready", "ok"], start=1
    ):
        page.keyboard.type(message)
        page.keyboard.press("Enter")
        wait_for_reply(page, "prepare-chat", number)
        if number == 1:  # streamed into a quiet log, read out once when finished
            expect(page.locator("#prepare-chat [role=log]")).to_have_attribute("aria-live", "off")
            announcer = page.locator("#coach-announcer")
            expect(announcer).to_have_attribute("aria-live", "polite")
            reply = last_reply(page, "prepare-chat").inner_text().strip()
            expect(announcer).to_have_text(reply)
            assert page.evaluate("() => window.heard") == [reply]  # once, not word by word
    expect(page.locator("#brief")).to_contain_text("Colleagues' know-how")
    assert violations(page) == []  # the conversation and its brief

    tab_until(page, "#brief-export")
    assert focus_ring(page) == "solid 3px"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("case-brief-")
    assert "Colleagues' know-how" in download.value.path().read_text()
    page.context.close()


def test_prepare_reflect_and_capture_fit_a_phone_and_results_stack_on_a_tablet(browser, url):
    page = sign_in(browser, url, PRIYA, PHONE)  # an owner has the most tabs
    assert box(page, "#title h1")["bottom"] - box(page, "#title h1")["top"] < 40  # one line
    assert tabs_on_screen(page) == (TAB_IDS, [])  # every tab one tap away, none behind "..."
    for tab in TABS:  # nothing wider than the phone, no label squeezed out of sight
        open_tab(page, tab)
        open_sections(page)
        settled(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], tab
        assert squeezed(page) == [], tab
    page.context.close()

    page = sign_in(browser, url, AISHA, PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert tabs_on_screen(page) == ([t for t in TAB_IDS if t != "programme"], [])
    expect(page.get_by_role("button", name="More tabs")).to_be_hidden()
    assert on_screen(page, "#prepare-input textarea")  # before anything is said
    for number, message in enumerate(PREPARE, start=1):  # to the brief
        send(page, "prepare-input", message)
        wait_for_reply(page, "prepare-chat", number)
        assert on_screen(page, "#prepare-input textarea"), number
        assert reply_in_view(page, "prepare-chat"), number
    expect(page.locator("#brief")).to_contain_text("Colleagues' know-how")
    assert box(page, "#brief")["top"] > box(page, "#prepare-send")["bottom"]  # under the chat
    screenshot(page, "prepare-phone", full_page=False)
    screenshot(page, "prepare-phone-brief")  # the whole page: the brief under the chat

    open_tab(page, "Reflect")
    page.locator("#reflect-start").click()
    wait_for_reply(page, "reflect-chat", 1)
    assert reply_in_view(page, "reflect-chat")
    for number, message in enumerate(REFLECT, start=2):
        send(page, "reflect-input", message)
        wait_for_reply(page, "reflect-chat", number)
        assert on_screen(page, "#reflect-input textarea"), number
        assert reply_in_view(page, "reflect-chat"), number
        if number == len(REFLECT):  # the last question, as the phone shows it (the README's)
            screenshot(page, "reflect-phone", full_page=False)
    assert serious(page) == []
    screenshot(page, "reflect-phone-saved", full_page=False)

    open_tab(page, "Capture")
    page.locator("#capture-start").click()
    wait_for_reply(page, "capture-chat", 1)
    for number, message in enumerate(ANSWERS[:2], start=2):
        send(page, "capture-input", message)
        wait_for_reply(page, "capture-chat", number)
        assert on_screen(page, "#capture-input textarea"), number
        assert reply_in_view(page, "capture-chat"), number
    screenshot(page, "capture-phone", full_page=False)
    page.context.close()

    page = sign_in(browser, url, AMARA, TABLET)  # before anything is said, too
    for part in ("#prepare-chat", "#prepare-input"):
        assert box(page, part)["right"] - box(page, part)["left"] > 0.85 * TABLET["width"], part
    page.context.close()

    page = sign_in(browser, url, AISHA, TABLET)
    assert tabs_on_screen(page)[1] == []
    expect(page.locator("#prepare-chat .bot")).to_have_count(len(PREPARE))  # restored
    expect(page.get_by_role("heading", level=1)).to_have_count(1)  # the brief is not repeated
    assert on_screen(page, "#prepare-input textarea")
    assert reply_in_view(page, "prepare-chat")
    brief = page.get_by_role("heading", name="Case brief", exact=True)
    assert brief.bounding_box()["y"] > box(page, "#prepare-chat")["bottom"]  # below the chat
    for part in ("#prepare-chat", "#brief"):  # stacked, each the page's whole width
        assert box(page, part)["right"] - box(page, part)["left"] > 0.85 * TABLET["width"], part
    screenshot(page, "prepare-tablet")
    open_tab(page, "Reflect")
    page.locator("#reflect-start").click()
    wait_for_reply(page, "reflect-chat", 1)
    send(page, "reflect-input", REFLECT[0])
    wait_for_reply(page, "reflect-chat", 2)
    assert on_screen(page, "#reflect-input textarea")
    assert reply_in_view(page, "reflect-chat")
    open_tab(page, "Find peers")
    type_into(page, "find-input", "my team keeps missing deadlines")
    page.locator("#find-go").click()
    expect(page.locator("#answer")).to_contain_text("Sources", timeout=60_000)
    idle(page, "answer")
    results = page.get_by_role("heading", name="Matching notes")
    colleagues = page.get_by_role("heading", name="Colleagues who handled this")
    assert results.bounding_box()["y"] > colleagues.bounding_box()["y"]  # stacked, not beside
    for part in ("#peers", "#notes"):
        assert box(page, part)["right"] - box(page, part)["left"] > 0.85 * TABLET["width"], part
    screenshot(page, "find-peers-tablet")
    page.context.close()
