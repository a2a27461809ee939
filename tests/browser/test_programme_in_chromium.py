"""The owner's Programme tab and a member's My groups tab in Debian's Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.programme.demo import seed_demo_activity
from tests.apps import PRIYA, SAM, demo_coach_at, served
from tests.browser.helpers import idle, open_tab, options_of, screenshot, sign_in, type_into

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture(scope="module")
def url(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(demo_data_template, tmp_path_factory.mktemp("programme") / "data")
    seed_demo_activity(coach.store)
    with served(coach) as demo:
        yield demo.local_url


def test_an_owner_forms_trios_exports_a_kickoff_pack_and_sees_the_learning_view(browser, url):
    page = sign_in(browser, url, PRIYA)
    open_tab(page, "Programme")
    expect(page.locator("#learning")).to_contain_text("Themes across shared lessons")
    expect(page.locator("#learning")).to_contain_text("retention")
    page.locator("#form-suggest").click()
    expect(page.locator("#form-reasons")).to_contain_text("trio-5", timeout=30_000)
    expect(page.locator("#form-reasons")).to_contain_text("Three different teams")
    expect(page.locator("#form-table")).to_contain_text("trio-1")
    type_into(page, "form-first", "2026-12-08 15:00")
    page.locator("#form-confirm").click()
    expect(page.locator("#form-confirmed")).to_contain_text("Created trio-1", timeout=30_000)
    expect(page.locator("#learning")).to_contain_text("trio-5")  # the new groups' counts
    screenshot(page, "programme-forming")
    page.get_by_text("2. Launch and run the groups").click()
    page.locator("#kickoff-go").click()
    expect(page.locator("#kickoff")).to_contain_text("Kick-off pack: trio-1", timeout=30_000)
    expect(page.locator("#kickoff")).to_contain_text("Confidentiality")
    with page.expect_download() as download:
        page.locator("#kickoff-export").click()
    assert download.value.suggested_filename == "kickoff-trio-1.md"
    page.get_by_text("4. Knowledge due for review").click()
    expect(page.locator("#due-review")).to_contain_text("stale")
    screenshot(page, "programme-launch")
    open_tab(page, "Knowledge")  # her new trio is offered for uploads without a reload
    for _ in range(20):  # the tab refreshes its choices on opening: allow it to land
        trios = [o for o in options_of(page, "upload-share-to") if o.startswith("My group: trio-")]
        if trios:
            break
        page.wait_for_timeout(1000)
    assert trios
    page.context.close()

    member = sign_in(browser, url, SAM)
    expect(member.get_by_role("tab", name="Programme")).to_have_count(0)  # owners only
    open_tab(member, "My groups")
    expect(member.locator("#my-groups")).to_contain_text("2026-12-08 15:00")
    expect(member.locator("#my-groups")).to_contain_text("Sam Okafor")
    idle(member, "my-groups")
    screenshot(member, "my-groups")
    member.context.close()
