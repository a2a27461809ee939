"""Fitting the programme in Chromium: the owner's readiness, survey round and design; a survey."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.programme.survey import KINDS, SurveyAnswer
from tests.apps import PRIYA, SAM, demo_coach_at, served
from tests.browser.helpers import choose, idle, open_tab, screenshot, sign_in, type_into

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture(scope="module")
def coach(demo_data_template, tmp_path_factory):
    return demo_coach_at(demo_data_template, tmp_path_factory.mktemp("fit") / "data")


@pytest.fixture(scope="module")
def url(coach):
    with served(coach) as demo:
        yield demo.local_url


def test_an_owner_opens_a_survey_a_member_answers_it_and_the_design_follows(browser, url, coach):
    owner = sign_in(browser, url, PRIYA)
    open_tab(owner, "Programme")
    expect(owner.locator("#ready-gaps")).to_contain_text("Missing: a named senior sponsor")
    idle(owner, "ready-gaps")  # the tab has filled the form: now type into it
    type_into(owner, "ready-sponsor", "Dana Whitfield, COO")
    type_into(owner, "ready-hours", "4")
    owner.locator("#ready-save").click()
    expect(owner.locator("#ready-gaps")).to_contain_text("Missing: the sponsor's endorsement")
    expect(owner.locator("#ready-gaps")).to_contain_text("a commitment to a system")
    owner.locator("#survey-open").click()
    expect(owner.locator("#survey-results")).to_contain_text("Status: open")
    expect(owner.locator("#survey-results")).to_contain_text("Fewer than 3 people have answered")
    idle(owner, "survey-results")
    screenshot(owner, "programme-fit")

    member = sign_in(browser, url, SAM)
    open_tab(member, "Survey (please answer)")  # flagged until answered or declined
    expect(member.locator("#survey-status")).to_contain_text("A needs survey is open")
    choose(member, "survey-challenges", "delegation")
    member.keyboard.press("Escape")
    type_into(member, "survey-text", "Two leads both think the launch is theirs")
    choose(member, "survey-strengths", "hiring")
    member.keyboard.press("Escape")
    member.get_by_label(KINDS["multi-party"]).check()
    member.get_by_label("Tue morning").check()
    member.locator("#survey-send").click()
    expect(member.locator("#survey-status")).to_contain_text("Your answer to round-1")
    expect(member.locator("#survey-status")).to_contain_text("Two leads both think")
    idle(member, "survey-status")
    screenshot(member, "survey")
    member.context.close()
    sams = coach.fit.my_survey("sam")
    assert sams.challenges == ("delegation",)
    assert sams.windows == ("Tue morning",)
    assert sams.kind == "multi-party"

    for user in ("tomasz", "aisha"):  # two colleagues answer too: enough to show counts
        coach.fit.answer_survey(
            user, SurveyAnswer(user, "", challenges=("delegation",), kind="multi-party")
        )
    owner.locator("#design-recommend").click()
    expect(owner.locator("#design")).to_contain_text("consultancy-protocol")
    expect(owner.locator("#design")).to_contain_text("3 people bring mostly complex dilemmas")
    expect(owner.locator("#design")).not_to_contain_text("Two leads")
    owner.locator("#design-choose").click()  # accept the protocol as recommended
    expect(owner.locator("#design")).to_contain_text("consultancy-protocol ✓")
    idle(owner, "design")
    screenshot(owner, "programme-design")
    owner.context.close()
