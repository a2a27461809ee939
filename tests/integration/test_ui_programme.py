"""The programme tabs through gradio_client: the owner forms and launches, members only read."""

import datetime as dt
from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from assistant.ingest.library import NotYoursError
from assistant.programme.demo import seed_demo_activity
from tests.apps import PRIYA, SAM, as_user, demo_coach_at, served, tabs_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def served_coach(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(demo_data_template, tmp_path_factory.mktemp("ui") / "data")
    seed_demo_activity(coach.store)
    return coach


@pytest.fixture(scope="module")
def app(served_coach):
    with served(served_coach) as demo:
        yield demo


def client(app, who) -> Client:
    return Client(app.local_url, auth=who, verbose=False)


def test_an_owner_forms_trios_confirms_exports_a_pack_and_a_member_sees_the_group(app):
    priya, sam = client(app, PRIYA), client(app, SAM)
    pool, *_, learning, due, _ = priya.predict(api_name="/programme")
    assert len(pool["value"]) == 15  # everyone, as nobody is in a group yet
    assert "Themes across shared lessons" in learning
    assert "retention" in learning  # a gap the demo's shared case briefs show
    assert "stale" in due
    reasons, table = priya.predict(pool["value"], 3, True, True, api_name="/suggest_groups")
    assert reasons.count("####") == 5
    assert "brings" in reasons
    rows = table["data"] if isinstance(table, dict) else table
    sams = next(r for r in rows if "sam" in r[1])
    sams[0] = "sales-trio"  # the owner renames a group before confirming
    message, *_ = priya.predict(
        {"headers": ["Group", "Members (usernames, comma-separated)"], "data": rows},
        "Learn from each other",
        "fortnightly",
        "troika-consulting",
        "2026-12-08 15:00",
        True,
        True,
        api_name="/confirm_groups",
    )
    assert "Created" in message
    assert "sales-trio" in message
    pack, export = priya.predict("sales-trio", api_name="/kickoff")
    assert "# Kick-off pack: sales-trio" in pack
    assert Path(export["value"]).read_text(encoding="utf-8").startswith("# Kick-off pack")
    mine, choice = sam.predict(api_name="/my_groups")
    assert "### sales-trio" in mine
    assert "2026-12-08 15:00" in mine
    assert choice["value"] == "sales-trio"
    member_pack, _ = sam.predict("sales-trio", api_name="/my_kickoff")
    assert member_pack == pack
    # The owner runs the group: a session held, more planned, a member added.
    details, session, members = priya.predict("sales-trio", api_name="/group")
    assert session["value"] == "2026-12-08 15:00"
    assert "sam" in members["value"]
    details, *_ = priya.predict("sales-trio", "2026-12-08 15:00", api_name="/mark_held")
    assert "| 2026-12-08 15:00 | held |" in details
    details, *_ = priya.predict(
        "sales-trio", "2027-03-02 15:00", "monthly", 2, api_name="/plan_sessions"
    )
    assert "| 2027-04-02 15:00 | planned |" in details
    details, _, members = priya.predict(
        "sales-trio", [*members["value"], "tomasz"], api_name="/save_members"
    )
    assert "tomasz" in members["value"]
    assert "tomasz" in sam.predict(api_name="/my_groups")[0].lower()


def test_a_member_is_refused_the_owner_actions_even_through_the_api(app):
    sam = client(app, SAM)
    for api, args in (
        ("/group", ("trio-2",)),
        ("/save_members", ("trio-2", ["sam", "priya"])),  # joining someone else's group
        ("/plan_sessions", ("trio-2", "2027-01-01 10:00", "weekly", 2)),
        ("/mark_held", ("trio-2", "2026-12-08 15:00")),
    ):
        with pytest.raises(AppError, match="only a programme owner"):
            sam.predict(*args, api_name=api)
    with pytest.raises(AppError, match="only a programme owner"):
        sam.predict(api_name="/programme")
    with pytest.raises(AppError, match="only a programme owner"):
        sam.predict(["sam", "yuki", "ravi"], 3, True, True, api_name="/suggest_groups")
    with pytest.raises(AppError, match="only a programme owner"):
        sam.predict(
            {"headers": ["Group", "Members"], "data": [["sneaky", "sam, yuki"]]},
            "",
            "weekly",
            "grow",
            "",
            True,
            True,
            api_name="/confirm_groups",
        )


def test_a_member_counts_a_finished_brief_in_the_themes_and_nothing_before(
    demo_data_template, tmp_path
):
    coach = demo_coach_at(demo_data_template, tmp_path / "data")
    with served(coach) as demo:
        sam = client(demo, SAM)
        with pytest.raises(AppError, match="Finish a case brief first"):
            sam.predict(api_name="/brief_share")  # the session (a State) is the page's own
        _, chat, _, _ = sam.predict(
            "Two of my sellers resigned and I fear more will quit", [], api_name="/prepare"
        )
        for message in ("ready", "ok"):
            _, chat, brief, _ = sam.predict(message, chat, api_name="/prepare")
        assert "Protocol" in brief
        assert coach.store.shared_briefs() == []
        said = sam.predict(api_name="/brief_share")
    assert "never shown" in said
    (shared,) = coach.store.shared_briefs()
    assert shared.user == "sam"
    assert shared.id == coach.prepare.briefs("sam")[0].id


def test_an_author_sees_their_stale_note_and_verifies_it(app, served_coach, tmp_path):
    sam = client(app, SAM)
    note = tmp_path / "old-pipeline-advice.md"
    note.write_text("---\nreview_by: 2020-01-01\n---\n# Old pipeline advice\n\nCall every lead.\n")
    sam.predict([handle_file(str(note))], "org", api_name="/upload")
    rows, choice, *_ = sam.predict(api_name="/my_notes")  # then the flagged passages
    (row,) = [r for r in rows["data"] if r[0] == "Old pipeline advice"]
    assert row[-1] == "⚠ stale: review was due 2020-01-01"
    doc_id = next(value for label, value in choice["choices"] if "Old pipeline" in label)
    said, rows, *_ = sam.predict(doc_id, api_name="/verify_mine")
    assert "Verified today" in said
    (row,) = [r for r in rows["data"] if r[0] == "Old pipeline advice"]
    assert row[-1] == f"verified {dt.date.today().isoformat()}"
    priya = client(app, PRIYA)
    priya.predict(api_name="/my_notes")  # her own choices: sam's note is not among them
    with pytest.raises(AppError, match="not yours to verify|not in the list of choices"):
        priya.predict(doc_id, api_name="/verify_mine")
    with pytest.raises(gr.Error, match="not yours to verify"):  # past the dropdown: the library
        tabs_of(served_coach).knowledge.verify(doc_id, as_user("priya"))
    with pytest.raises(NotYoursError):
        served_coach.library.verify("priya", doc_id)
