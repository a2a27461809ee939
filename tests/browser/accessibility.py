"""Accessibility checks in the browser: axe-core's rules, the keyboard's focus, the viewport."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

# axe-core's WCAG 2.x A/AA rules and best practices, plus the experimental check that a
# control's accessible name contains its visible label (WCAG 2.5.3).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
AXE = Axe()


def settled(page: Page) -> None:
    """Wait until no event is running and none starts within the next half second."""
    busy = page.locator("[data-testid=status-tracker]:not(.hide)")
    for _ in range(2):  # a tab's refresh may start just after the click that opened the tab
        expect(busy).to_have_count(0, timeout=60_000)
        page.wait_for_timeout(500)
    expect(busy).to_have_count(0, timeout=60_000)


def violations(page: Page) -> list[str]:
    """Return axe-core's violations on the settled page, one line each.

    Gradio dims a block while an event updates it; a violation seen then is checked again once
    the page has settled, so only what a reader of the finished page meets is reported.
    """
    settled(page)
    found = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    if found:
        settled(page)
        found = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in found
    ]


def serious(page: Page) -> list[str]:
    """Return the serious and critical violations only."""
    return [v for v in violations(page) if "(serious)" in v or "(critical)" in v]


def open_sections(page: Page) -> int:
    """Open every closed section (accordion) of the tab on screen; return how many were closed."""
    closed = page.locator(".tabitem:visible button.label-wrap:not(.open)")
    opened = 0
    while closed.count() and opened < 20:
        closed.first.click()
        opened += 1
    return opened


def tab_until(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element is inside `selector` (fails after `limit` presses)."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.closest(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def focus_ring(page: Page) -> str:
    """Return the focused element's outline (style and width), e.g. 'solid 3px'."""
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth; }"
    )


def box(page: Page, selector: str) -> dict[str, float]:
    """Return the viewport box (top, bottom, left, right) of the last element matching."""
    return page.evaluate(
        "(s) => { const all = document.querySelectorAll(s); const r = all[all.length - 1]"
        ".getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,"
        " right: r.right}; }",
        selector,
    )


def on_screen(page: Page, selector: str) -> bool:
    """Return whether the element is wholly inside the viewport, without scrolling the page."""
    size = page.viewport_size
    assert size is not None
    where = box(page, selector)
    return (
        page.evaluate("() => window.scrollY") == 0
        and 0 <= where["top"] < where["bottom"] <= size["height"]
        and 0 <= where["left"] < where["right"] <= size["width"]
    )


def reply_in_view(page: Page, chat: str) -> bool:
    """Return whether the chat is on screen and shows the end of its latest coach message."""
    size = page.viewport_size
    assert size is not None
    log, latest = box(page, f"#{chat}"), box(page, f"#{chat} .bot")
    return (
        log["top"] >= 0 and log["bottom"] <= size["height"]
        and latest["bottom"] <= log["bottom"]
        # all of it, or two lines at least when it is longer than the chat is high
        and latest["bottom"] - max(latest["top"], log["top"])
        >= min(40, latest["bottom"] - latest["top"])
    )  # fmt: skip


def tabs_on_screen(page: Page) -> tuple[list[str], list[str]]:
    """Return the tab bar's tabs wholly on screen (one tap away), and those that are not."""
    ids = page.locator("[role=tablist] [role=tab]").evaluate_all(
        "(tabs) => tabs.map((t) => t.getAttribute('data-tab-id'))"
    )
    shown = [i for i in ids if on_screen(page, f"[role=tablist] [data-tab-id={i}]")]
    return shown, [i for i in ids if i not in shown]


SQUEEZED = r"""() => {
  const shown = (e) => e.offsetParent !== null && !e.closest(".sr-only");  // hidden on purpose
  // narrower than 5 px a letter of its longest word: cut, or a letter a line
  const words = [...document.querySelectorAll(
    ".tabitem .label-text, .tabitem [data-testid=block-info], .tabitem button, .tabitem th")]
    .filter(shown).filter((e) => {
      const longest = Math.max(...e.innerText.split(/\s+/).map((word) => word.length));
      return longest > 3 && e.getBoundingClientRect().width < 5 * longest;
    });
  // a component whose content is wider than the component: the rest is cut off
  const cut = [...document.querySelectorAll(".tabitem .block")]
    .filter(shown).filter((e) => e.scrollWidth > e.clientWidth + 1);
  return [...words, ...cut].map((e) => e.id || e.innerText.trim().slice(0, 40));
}"""


def squeezed(page: Page) -> list[str]:
    """Return the visible labels, buttons and table headers too narrow for their longest word."""
    return page.evaluate(SQUEEZED)
