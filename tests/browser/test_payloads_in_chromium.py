"""Markdown planted in a note and a group, seen by a colleague in Chromium: nothing goes live."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from assistant.people.groups import Group
from tests.apps import PRIYA, demo_coach_at, served
from tests.browser.helpers import choose, open_tab, sign_in, type_into

pytestmark = [pytest.mark.integration, pytest.mark.browser]
TITLE = "Deadlines ![ ](/logout) ![t](http://evil.example/x.png)"
BODY = (
    "Zebrafish retros helped. [Reset your password](http://evil.example/reset) "
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
    coach.library.upload("sam", "Sam ![a](http://evil.example/a.png)", [note], team="Sales")
    coach.groups.save(
        Group("trio-z", ("priya", "sam"), purpose="![p](http://evil.example/p.png) [go](/logout)")
    )
    with served(coach) as demo:
        yield demo.local_url


def test_a_colleague_sees_planted_markdown_as_text_and_nothing_is_fetched(browser, url):
    page = sign_in(browser, url, PRIYA)
    home = urlsplit(url).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.context.route(
        "**/*", lambda route: route.abort() if urlsplit(route.request.url).netloc != home
        else route.continue_()
    )  # fmt: skip
    open_tab(page, "Find peers")
    type_into(page, "find-input", "zebrafish retros")
    page.locator("#find-go").click()
    expect(page.locator("#notes")).to_contain_text("Deadlines ![ ](/logout)", timeout=60_000)
    expect(page.locator("#answer")).to_contain_text("Sources", timeout=60_000)
    open_tab(page, "My groups")
    expect(page.locator("#my-groups")).to_contain_text("![p](http://evil.example/p.png)")
    choose(page, "my-kickoff-group", "trio-z")
    page.locator("#my-kickoff-go").click()
    expect(page.locator("#my-kickoff")).to_contain_text("[go](/logout)")
    for view in ("#notes", "#peers", "#answer", "#my-groups", "#my-kickoff"):
        links = page.locator(f"{view} a").evaluate_all("els => els.map(e => e.href)")
        assert not [h for h in links if "evil" in h or "logout" in h], (view, links)
        assert page.locator(f"{view} img").count() == 0, view
    assert [r for r in requests if urlsplit(r).netloc != home] == []
    assert not [r for r in requests if urlsplit(r).path.rstrip("/") == "/logout"]
    page.reload(wait_until="load")
    expect(page.locator("#who")).to_contain_text("Signed in as", timeout=30_000)  # still in
    page.context.close()
