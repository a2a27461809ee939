"""Markdown planted in a note and a group, seen by a colleague in Chromium: nothing goes live."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from assistant.people.groups import Group
from tests.apps import PRIYA, demo_coach_at, served
from tests.browser.helpers import (
    choose,
    last_reply,
    open_tab,
    send,
    sign_in,
    type_into,
    wait_for_reply,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser]
TITLE = "Deadlines ![ ](/logout) ![t](http://evil.example/x.png)"
TEAM = "Sales ![tm](http://evil.example/tm.png) [team](/logout)"
BODY = (
    "Our zebrafish retros kept slipping every sprint until I moved them to Monday mornings. "
    "[Reset your password](http://evil.example/reset) "
    '<img src="http://evil.example/y.png"> see www.evil.example'
)


@pytest.fixture(scope="module")
def url(demo_data_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("payloads")
    coach = demo_coach_at(demo_data_template, folder / "data")
    note = folder / "attack.md"
    note.write_text(
        f'---\ntitle: "{TITLE}"\ntags: ["![t](http://evil.example/t.png)"]\n---\n{BODY}\n'
    )
    coach.library.upload("sam", "Sam ![a](http://evil.example/a.png)", [note], team=TEAM)
    coach.groups.save(
        Group("trio-z", ("priya", "sam"), purpose="![p](http://evil.example/p.png) [go](/logout)")
    )
    with served(coach) as demo:
        yield demo.local_url


def watched(page, url: str) -> list[str]:
    """Return the list the page's requests are added to; requests to other hosts are aborted."""
    home = urlsplit(url).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.context.route(
        "**/*", lambda route: route.abort() if urlsplit(route.request.url).netloc != home
        else route.continue_()
    )  # fmt: skip
    return requests


def assert_nothing_live(page, url: str, views: tuple[str, ...], requests: list[str]) -> None:
    """No link or image from the payloads in the views, no request elsewhere or to /logout."""
    for view in views:
        links = page.locator(f"{view} a").evaluate_all("els => els.map(e => e.href)")
        assert not [h for h in links if "evil" in h or "logout" in h], (view, links)
        assert page.locator(f"{view} img").count() == 0, view
    home = urlsplit(url).netloc
    assert [r for r in requests if urlsplit(r).netloc != home] == []
    assert not [r for r in requests if urlsplit(r).path.rstrip("/") == "/logout"]


def test_a_colleague_sees_planted_markdown_as_text_and_nothing_is_fetched(browser, url):
    page = sign_in(browser, url, PRIYA)
    requests = watched(page, url)
    open_tab(page, "Find peers")
    type_into(page, "find-input", "zebrafish retros")
    page.locator("#find-go").click()
    expect(page.locator("#notes")).to_contain_text("Deadlines ![ ](/logout)", timeout=60_000)
    expect(page.locator("#answer")).to_contain_text("Sources", timeout=60_000)
    expect(page.locator("#peers")).to_contain_text(TEAM)
    expect(page.locator("#peers")).to_contain_text("Sam ![a](http://evil.example/a.png)")
    open_tab(page, "My groups")
    expect(page.locator("#my-groups")).to_contain_text("![p](http://evil.example/p.png)")
    choose(page, "my-kickoff-group", "trio-z")
    page.locator("#my-kickoff-go").click()
    expect(page.locator("#my-kickoff")).to_contain_text("[go](/logout)")
    views = ("#notes", "#peers", "#answer", "#my-groups", "#my-kickoff")
    assert_nothing_live(page, url, views, requests)
    page.reload(wait_until="load")
    expect(page.locator("#who")).to_contain_text("Signed in as", timeout=30_000)  # still in
    page.context.close()


def test_a_brief_citing_the_planted_note_shows_it_as_text_also_after_a_reload(browser, url):
    page = sign_in(browser, url, PRIYA)
    requests = watched(page, url)
    send(page, "prepare-input", "Zebrafish retros: my zebrafish retros keep slipping")
    wait_for_reply(page, "prepare-chat", 1)
    expect(last_reply(page, "prepare-chat")).to_contain_text("?", timeout=20_000)
    send(page, "prepare-input", "ready")
    wait_for_reply(page, "prepare-chat", 2)
    send(page, "prepare-input", "ok")
    wait_for_reply(page, "prepare-chat", 3)
    brief = page.locator("#brief")
    expect(brief).to_contain_text("Deadlines ![ ](/logout)", timeout=60_000)
    brief.locator("details summary").first.click()
    assert_nothing_live(page, url, ("#brief", "#prepare-chat"), requests)
    page.reload(wait_until="load")  # the brief comes back from the server, rendered again
    expect(page.locator("#brief")).to_contain_text("Deadlines ![ ](/logout)", timeout=60_000)
    expect(page.locator("#brief")).to_contain_text("Sam ![a](http://evil.example/a.png)")
    assert_nothing_live(page, url, ("#brief", "#prepare-chat"), requests)
    expect(page.locator("#who")).to_contain_text("Signed in as", timeout=30_000)  # still in
    page.context.close()
