"""Fitting the programme through gradio_client: the owner fits, builds, launches; members answer."""

from pathlib import Path

import icalendar
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.people.directory import DEMO_USERS
from tests.apps import PRIYA, SAM, demo_coach_at, served

pytestmark = pytest.mark.integration

PASSWORDS = {d.user.username: d.password for d in DEMO_USERS}
CANARY = "okapi-canary-4417"
MEMBERS = {  # username: (challenges, strengths, years, kind, windows)
    "sam": (["delegation", "conflict"], ["hiring"], 2, "multi-party", ["Tue morning"]),
    "tomasz": (["hiring"], ["delegation"], 8, "multi-party", ["Tue morning", "Thu morning"]),
    "aisha": (
        ["conflict", "delegation"],
        ["delegation", "conflict"],
        12,
        "multi-party",
        ["Tue morning"],
    ),
    "kwame": (["delegation"], ["conflict"], 1, "quick", ["Tue morning"]),
}


@pytest.fixture(scope="module")
def app(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(demo_data_template, tmp_path_factory.mktemp("fit") / "data")
    with served(coach) as demo:
        yield demo


def client(app, who) -> Client:
    return Client(app.local_url, auth=who, verbose=False)


def answer(member: Client, username: str, text: str = "") -> tuple:
    challenges, strengths, years, kind, windows = MEMBERS[username]
    return member.predict(
        challenges, text, strengths, years, 0, "either", kind, windows, api_name="/survey_answer"
    )


def test_fit_build_launch_with_a_private_survey_and_a_pulse(app, tmp_path):
    priya = client(app, PRIYA)
    ready = priya.predict("Dana Whitfield, COO", False, 4, "", 0, "", api_name="/save_readiness")
    assert "Missing: the sponsor's endorsement" in ready
    assert "Missing: a commitment to a system: a cadence, a cycle length, a review date" in ready
    ready = priya.predict(
        "Dana Whitfield, COO", True, 4, "fortnightly", 6, "2027-06-30", api_name="/save_readiness"
    )
    assert "Ready" in ready
    assert "Open" not in priya.predict(api_name="/open_survey").split("Status:")[0]
    members = {u: client(app, (u, PASSWORDS[u])) for u in MEMBERS}
    status, *_ = members["kwame"].predict(api_name="/my_survey")
    assert "A needs survey is open" in status
    for username, member in members.items():
        status, *_ = answer(member, username, f"{CANARY} my burnout, from {username}")
        assert CANARY in status  # the member sees their own words
    # Nobody else reads them: another member, and the owner through every view of hers.
    tomasz_view = members["tomasz"].predict(api_name="/my_survey")
    assert "from tomasz" in str(tomasz_view)
    assert "from sam" not in str(tomasz_view)
    owner_views = [
        priya.predict(api_name="/programme_fit"),
        priya.predict(api_name="/programme"),
        priya.predict(api_name="/my_survey"),
        priya.predict(api_name="/close_survey"),
        priya.predict(api_name="/recommend_design"),
        priya.predict(list(MEMBERS), 3, True, True, api_name="/suggest_groups"),
    ]
    assert CANARY not in str(owner_views)
    results = owner_views[3]
    assert "**Themes in what people wrote (counts):** burnout (4)" in results
    assert "delegation (3)" in results
    assert "conflict (2)" not in results  # two people: hidden
    assert "hiring" not in results  # one person's challenge, another's strength: hidden
    # The design follows the survey: most bring multi-party dilemmas.
    design = owner_views[4]
    assert "| Protocol | consultancy-protocol | 3 people bring mostly complex dilemmas" in design
    design = priya.predict("group_size", "5", api_name="/choose_design")
    assert (
        "| Group size | 4 | no size shared by 3+ people: consultancy-protocol works with 4 "
        "| 5 (changed) |" in design
    )
    # Build: forming says which needs meet which strengths, then launch with a calendar.
    reasons, _ = owner_views[5]
    assert "Needs meet strengths:" in reasons
    message, *_ = priya.predict(
        {"headers": ["Group", "Members"], "data": [["fit-trio", "sam, tomasz, aisha"]]},
        "Delegation and conflict",
        "fortnightly",
        "consultancy-protocol",
        "2026-12-08 15:00",
        True,
        True,
        api_name="/confirm_groups",
    )
    assert "Created fit-trio" in message
    owner_file = priya.predict("fit-trio", api_name="/group_calendar")
    members["sam"].predict(api_name="/my_groups")  # the member's choice of their groups
    member_file = members["sam"].predict("fit-trio", api_name="/my_calendar")
    for found in (owner_file, member_file):
        events = icalendar.Calendar.from_ical(Path(found["value"]).read_bytes()).walk("VEVENT")
        assert len(events) == 6
        assert "Consultancy protocol" in str(events[0]["SUMMARY"])
        assert "Delegation and conflict" in str(events[0]["DESCRIPTION"])
    members["kwame"].predict(api_name="/my_groups")
    with pytest.raises(AppError, match="only a programme owner|not in the list of choices"):
        members["kwame"].predict("fit-trio", api_name="/my_calendar")
    # Launch: a session held, each member's pulse, averages once three answered.
    priya.predict("fit-trio", "2026-12-08 15:00", api_name="/mark_held")
    for member in members.values():
        member.predict(api_name="/my_survey")  # opening the tab offers the held session
    for username, score in (("sam", 4), ("tomasz", 5)):
        members[username].predict("fit-trio|2026-12-08 15:00", score, 4, api_name="/pulse_answer")
    assert "| fit-trio | — |" in priya.predict(api_name="/programme_fit")[-1]
    members["aisha"].predict("fit-trio|2026-12-08 15:00", 3, 2, api_name="/pulse_answer")
    assert "| fit-trio | 3 | 3 | 4.0 | 3.3 |" in priya.predict(api_name="/programme_fit")[-1]
    # The member deletes their answers.
    status, *_ = members["sam"].predict(api_name="/survey_delete")
    assert CANARY not in status


def test_a_member_is_refused_every_fit_action_of_an_owner(app):
    sam = client(app, SAM)
    for api, args in (
        ("/save_readiness", ("Me", True, 40, "weekly", 1, "")),
        ("/open_survey", ()),
        ("/close_survey", ()),
        ("/recommend_design", ()),
        ("/choose_design", ("protocol", "grow")),
        ("/programme_fit", ()),
        ("/group_calendar", ("fit-trio-x",)),
    ):
        with pytest.raises(AppError, match="only a programme owner"):
            sam.predict(*args, api_name=api)
