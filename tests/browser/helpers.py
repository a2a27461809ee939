"""Driving the app in Debian's Chromium with Playwright: sign in, open tabs, type, screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect

from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
# Every browser test waits as long (Playwright's default is 5 s): on two busy cores the app answers
# slowly, and a module run alone must behave as it does in the whole suite.
expect.set_options(timeout=30_000)


def launch_chromium(playwright: Playwright) -> Browser:
    """Return Debian's Chromium, headless (Playwright's own browsers are never downloaded)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])


def sign_in(
    browser: Browser,
    url: str,
    who: tuple[str, str],
    viewport: ViewportSize | None = None,
    color_scheme: Literal["dark", "light"] = "light",
) -> Page:
    """Return a page of a fresh browser context, signed in as `who` on the app's login form."""
    context = browser.new_context(
        viewport=viewport or {"width": 1360, "height": 1000}, color_scheme=color_scheme
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    query = "?__theme=dark" if color_scheme == "dark" else ""
    page.goto(url + query, wait_until="load")  # Gradio keeps a connection open: no "networkidle"
    page.locator("input[type=text]").first.fill(who[0])
    page.locator("input[type=password]").fill(who[1])
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#who")).to_contain_text("Signed in as", timeout=60_000)  # busy cores
    return page


def open_tab(page: Page, name: str) -> None:
    """Open one of the app's tabs."""
    page.get_by_role("tab", name=name).click()


def send(page: Page, box: str, text: str) -> None:
    """Type into a textbox and press Enter."""
    field = page.locator(f"#{box} textarea, #{box} input").first
    field.fill(text)
    field.press("Enter")


def type_into(page: Page, box: str, text: str) -> None:
    """Type into a textbox without sending."""
    page.locator(f"#{box} textarea, #{box} input").first.fill(text)


def last_reply(page: Page, chat: str):  # noqa: ANN201  # a Playwright Locator
    """Return the coach's last message in a chat."""
    return page.locator(f"#{chat} .bot").last


def wait_for_reply(page: Page, chat: str, count: int, timeout: float = 60_000) -> None:
    """Wait until the chat holds `count` coach messages and the coach is no longer thinking."""
    expect(page.locator(f"#{chat} .bot")).to_have_count(count, timeout=timeout)
    expect(page.locator(f"#{chat}")).not_to_contain_text("coach is thinking", timeout=timeout)
    idle(page, chat, timeout)


def idle(page: Page, block: str, timeout: float = 60_000) -> None:
    """Wait until the event updating a block has finished (its progress tracker is hidden)."""
    tracker = page.locator(f"#{block} > [data-testid=status-tracker]")
    expect(tracker).to_have_class(re.compile(r"\bhide\b"), timeout=timeout)


def options_of(page: Page, dropdown: str) -> list[str]:
    """Open a dropdown and return the text of its options (waits for one; then closes it)."""
    page.locator(f"#{dropdown} input").first.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = [t.strip() for t in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def choose(page: Page, dropdown: str, contains: str) -> None:
    """Pick the dropdown option whose text contains `contains`."""
    page.locator(f"#{dropdown} input").first.click()
    page.get_by_role("option", name=contains).first.click()


def screenshot(
    page: Page, name: str, folder: Path = SCREENSHOTS, *, full_page: bool = True
) -> Path:
    """Save a screenshot (of the whole page, or of the screen alone) under the test artifacts."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fonts_drawing(page: Page, selector: str) -> dict[str, int]:
    """Return the fonts Chromium drew an element's text with: font name -> glyphs drawn."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing on the page matches {selector}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["postScriptName"]: int(f["glyphCount"]) for f in fonts}
