"""Fitting the programme: readiness, the private needs survey, the design, forming, .ics, pulse."""

from __future__ import annotations

import dataclasses
import zipfile

import icalendar
import pytest
from markdown_it import MarkdownIt

from assistant.coaching.protocols import protocols
from assistant.container import build_app
from assistant.people.groups import Group, GroupSession
from assistant.programme.calendar import group_calendar
from assistant.programme.design import Part, recommend
from assistant.programme.fit import FitService
from assistant.programme.fit_report import design_markdown, my_survey_markdown, readiness_markdown
from assistant.programme.forming import Rules
from assistant.programme.kickoff import kickoff_pack
from assistant.programme.pulse import PulseAnswer, pulse_lines
from assistant.programme.readiness import FitError, Readiness, gaps
from assistant.programme.service import NotOwnerError
from assistant.programme.survey import SurveyAnswer, summarise
from assistant.programme.synthetic import compare_forming
from assistant.storage.backup import backup, restore
from tests.conftest import make_settings

CANARY = "zebra-canary-7731"
MEMBERS = ["sam", "tomasz", "aisha", "kwame", "hannah", "lukas"]


@pytest.fixture
def seeded(coach):
    coach.users.seed_demo()
    return coach


@pytest.fixture
def fit(seeded) -> FitService:
    return seeded.fit


def answer(user, **fields) -> SurveyAnswer:
    values = {"challenges": ("delegation",), "strengths": ("hiring",), "years": 3}
    values.update(fields)
    return SurveyAnswer(user, "", **values)  # type: ignore[arg-type]


# --- readiness ------------------------------------------------------------------------------


def test_readiness_names_each_missing_condition_and_why_until_all_are_met():
    missing = gaps(Readiness())
    assert [g.what.split(":")[0] for g in missing] == [
        "a named senior sponsor",
        "the hours per month managers are allowed",
        "a commitment to a system",
    ]
    assert all(len(g.why) > 40 for g in missing)
    half = gaps(Readiness("Dana Whitfield, COO", False, 4, "fortnightly", 6, ""))
    assert [g.what for g in half] == [
        "the sponsor's endorsement communicated to managers",
        "a commitment to a system: a review date",
    ]
    assert gaps(Readiness("Dana", True, 4, "fortnightly", 6, "2027-06-30")) == []


def test_readiness_refuses_impossible_values():
    for bad in (
        Readiness(hours_per_month=-1),
        Readiness(cadence="hourly"),
        Readiness(review_date="next spring"),
    ):
        with pytest.raises(FitError):
            bad.checked()


def test_only_an_owner_fills_readiness_and_the_kickoff_pack_states_sponsor_and_time(seeded):
    with pytest.raises(NotOwnerError):
        seeded.fit.save_readiness("sam", Readiness("Me", True, 99))
    seeded.fit.save_readiness("priya", Readiness("Dana Whitfield", True, 4, "monthly", 6))
    seeded.programme.confirm(
        "priya",
        [("trio-a", ["sam", "tomasz", "aisha"])],
        purpose="p",
        cadence="monthly",
        protocol="troika-consulting",
    )
    pack = seeded.programme.kickoff("sam", "trio-a")
    assert "**Sponsor:** Dana Whitfield" in pack
    assert "4 hours a month" in pack


# --- the survey: private to its member ------------------------------------------------------


def test_members_answer_only_an_open_round_and_owners_alone_open_it(fit):
    with pytest.raises(FitError):
        fit.answer_survey("sam", answer("sam"))
    with pytest.raises(NotOwnerError):
        fit.open_survey("sam")
    fit.open_survey("priya")
    assert fit.survey_pending("sam")
    fit.answer_survey("sam", answer("sam"))
    assert not fit.survey_pending("sam")
    fit.decline_survey("tomasz")
    assert not fit.survey_pending("tomasz")
    assert fit.my_survey("tomasz").declined
    fit.close_survey("priya")
    assert not fit.survey_pending("aisha")
    fit.open_survey("priya")  # a new round asks everyone again
    assert fit.survey_pending("sam")


def test_a_member_sees_changes_and_deletes_their_answer_and_nobody_else_reads_it(fit):
    fit.open_survey("priya")
    fit.answer_survey("sam", answer("sam", challenge_text=f"my {CANARY} problem"))
    assert fit.my_survey("sam").challenge_text == f"my {CANARY} problem"
    assert fit.my_survey("tomasz") is None
    assert fit.my_survey("priya") is None  # the owner's own, which is none: no way to name sam
    fit.answer_survey("sam", answer("sam", years=9))
    assert fit.my_survey("sam").years == 9
    assert fit.delete_survey("sam")
    assert fit.my_survey("sam") is None


def test_owner_aggregates_are_hidden_below_the_threshold_and_never_carry_free_text(fit):
    fit.open_survey("priya")
    for user in MEMBERS[:2]:
        fit.answer_survey(user, answer(user, challenge_text=f"{CANARY} burnout"))
    few = fit.survey_summary("priya")
    assert few.answered is None
    assert few.challenges == []
    assert few.written == []
    fit.answer_survey(MEMBERS[2], answer(MEMBERS[2], challenge_text=f"{CANARY} burnout"))
    fit.answer_survey(MEMBERS[3], answer(MEMBERS[3], challenges=("conflict",)))
    enough = fit.survey_summary("priya")
    assert enough.answered == 4
    assert ("delegation", 3) in enough.challenges
    assert "conflict" not in dict(enough.challenges)  # one person: hidden
    assert enough.written == [("burnout", 3)]  # free text only as a theme count
    assert CANARY not in repr(enough)
    with pytest.raises(NotOwnerError):
        fit.survey_summary("sam")


def test_export_includes_the_members_answers_and_delete_user_removes_them(seeded, tmp_path):
    seeded.fit.open_survey("priya")
    seeded.fit.answer_survey("sam", answer("sam", challenge_text=CANARY))
    archive = seeded.userdata.export("sam", tmp_path / "sam.zip")
    with zipfile.ZipFile(archive) as z:
        assert CANARY in z.read("survey.json").decode()
    seeded.userdata.delete("sam")
    assert seeded.fit.my_survey("sam") is None
    assert CANARY not in seeded.fit._store.path.read_text()


def test_an_answer_outside_the_survey_vocabulary_is_refused(fit):
    fit.open_survey("priya")
    for bad in (
        answer("sam", challenges=("astrology",)),
        answer("sam", windows=("Sun night",)),
        answer("sam", challenges=(), challenge_text=""),
        answer("sam", group_size=12),
    ):
        with pytest.raises(FitError):
            fit.answer_survey("sam", bad)


# --- the design -----------------------------------------------------------------------------


def _summary(kind, size, n=6, challenges=("delegation", "conflict")):
    given = [answer(f"u{i}", kind=kind, group_size=size, challenges=challenges) for i in range(n)]
    given = [dataclasses.replace(a, round="r") for a in given]
    return summarise(given, "r", "closed", 3)


def test_contrasting_surveys_get_contrasting_designs_with_reasons():
    ready = Readiness("Dana", True, 4, "fortnightly", 6, "2027-06-30")
    multi = {p.name: p for p in recommend(ready, _summary("multi-party", 4), protocols(), {})}
    quick = {p.name: p for p in recommend(ready, _summary("quick", 0), protocols(), {})}
    long = {p.name: p for p in recommend(ready, _summary("long-running", 5), protocols(), {})}
    assert multi["protocol"].recommended == "consultancy-protocol"
    assert quick["protocol"].recommended == "troika-consulting"
    assert long["protocol"].recommended == "action-learning-set"
    assert "6 people bring mostly complex dilemmas" in multi["protocol"].reason
    assert (multi["group_size"].recommended, quick["group_size"].recommended) == (4, 3)
    assert long["group_size"].recommended == 5
    assert quick["cadence"].recommended == "fortnightly"  # 2.2 x (45+25) min fits 4 h
    assert long["cadence"].recommended == "every 3 weeks"  # 2.2 x (90+25) min does not
    assert "the committed fortnightly rhythm needs 4.2 h" in long["cadence"].reason


def test_the_design_seeds_gaps_where_many_need_a_theme_that_few_notes_cover():
    ready = Readiness(hours_per_month=1)
    parts = {
        p.name: p for p in recommend(ready, _summary("quick", 0), protocols(), {"conflict": 5})
    }
    assert parts["themes"].recommended == ["conflict", "delegation"]
    assert parts["gaps"].recommended == ["delegation"]
    assert "6 people need it, 0 org note(s)" in parts["gaps"].reason
    assert "less than one session" in parts["cadence"].reason


def test_the_owner_accepts_or_changes_each_part_and_both_are_kept(fit):
    with pytest.raises(NotOwnerError):
        fit.design("sam")
    fit.choose("priya", "protocol")
    parts = {p.name: p for p in fit.choose("priya", "group_size", "5")}
    assert parts["protocol"].chosen == parts["protocol"].recommended == "troika-consulting"
    assert (parts["group_size"].recommended, parts["group_size"].chosen) == (3, 5)
    again = {p.name: p for p in fit.recommend("priya")}
    assert again["group_size"].chosen == 5  # a fresh recommendation keeps the owner's choice
    with pytest.raises(FitError):
        fit.choose("priya", "cadence", "hourly")


# --- forming with the survey ----------------------------------------------------------------


def test_survey_forming_meets_more_needs_and_finds_more_common_slots_breaking_no_rule():
    today, survey = compare_forming(36, seed=3)
    assert survey.top_need_met > today.top_need_met * 1.5
    assert survey.common_slot >= today.common_slot
    assert survey.common_slot >= survey.groups - 1
    assert survey.rule_breaks == today.rule_breaks == 0


def test_suggestions_say_which_needs_meet_strengths_and_flag_a_group_with_no_common_slot(
    fit, seeded
):
    fit.open_survey("priya")
    fit.answer_survey("sam", answer("sam", challenges=("delegation",), windows=("Mon morning",)))
    fit.answer_survey(
        "tomasz", answer("tomasz", strengths=("delegation",), windows=("Tue morning",))
    )
    fit.answer_survey("aisha", answer("aisha", windows=("Mon morning",)))
    (suggestion,) = seeded.programme.suggest("priya", ["sam", "tomasz", "aisha"], Rules(3))
    text = "\n".join(suggestion.reasons)
    assert "Needs meet strengths: delegation" in text
    assert "⚠ No common time window" in text
    survey_lines = [r for r in suggestion.reasons if "need" in r or "time" in r]
    assert not [r for r in survey_lines if any(n in r for n in ("Sam", "Tomasz", "Aisha"))]


def test_each_group_gets_the_protocol_its_members_answers_suit(fit, seeded):
    fit.open_survey("priya")
    for user in ("sam", "tomasz", "aisha"):
        fit.answer_survey(user, answer(user, kind="long-running"))
    for user in ("kwame", "lukas", "yuki"):
        fit.answer_survey(user, answer(user, kind="quick"))
    fit.choose("priya", "protocol", "grow")  # the design's choice, for groups too few answered
    pools = (["sam", "tomasz", "aisha"], ["kwame", "lukas", "yuki"], ["hannah", "ravi", "mei-ling"])
    protocols_of = {}
    for pool in pools:
        (suggestion,) = seeded.programme.suggest("priya", pool, Rules(3, apart_teams=False))
        protocols_of[pool[0]] = suggestion.reasons[-1]
        seeded.programme.confirm(
            "priya",
            [(pool[0] + "-trio", pool)],
            purpose="",
            cadence="monthly",
            protocol="per-group",
        )
    assert protocols_of["sam"] == (
        "Protocol for this group: Action learning set "
        "(3 of its members bring mostly long-running challenges I will work on for months)"
    )
    assert protocols_of["hannah"].endswith(
        "too few of its members answered to read them: the programme's choice)"
    )
    made = {g.name: g.protocol for g in seeded.groups.groups()}
    assert made == {
        "sam-trio": "action-learning-set",
        "kwame-trio": "troika-consulting",
        "hannah-trio": "grow",
    }


# --- calendars ------------------------------------------------------------------------------


def test_a_groups_calendar_parses_back_one_event_per_session_with_protocol_and_purpose():
    group = Group(
        "trio-1",
        ("a", "b", "c"),
        purpose="Hard conversations; with commas, and a long purpose " + "é" * 60,
        protocol="consultancy-protocol",
        schedule=(
            GroupSession("2026-12-08 15:00", "held"),
            GroupSession("2026-12-22 15:00"),
            GroupSession("2027-01-05 15:00", "cancelled"),
        ),
    )
    text = group_calendar(group, protocols()["consultancy-protocol"])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 2
    first = events[0]
    assert first.decoded("DTSTART").isoformat() == "2026-12-08T15:00:00"
    assert (first.decoded("DTEND") - first.decoded("DTSTART")).seconds == 65 * 60
    assert "Consultancy" in str(first["SUMMARY"])
    assert group.purpose in str(first["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 2


def test_a_calendar_is_for_the_groups_members_and_owners_only(seeded):
    seeded.programme.confirm(
        "priya",
        [("trio-a", ["sam", "tomasz", "aisha"])],
        purpose="p",
        cadence="monthly",
        protocol="troika-consulting",
        first_session="2026-12-08 15:00",
        sessions=2,
    )
    assert seeded.programme.calendar("sam", "trio-a").count("BEGIN:VEVENT") == 2
    assert "BEGIN:VCALENDAR" in seeded.programme.calendar("priya", "trio-a")
    with pytest.raises(NotOwnerError):
        seeded.programme.calendar("kwame", "trio-a")


# --- the pulse ------------------------------------------------------------------------------


def test_members_pulse_held_sessions_of_their_own_groups_only(seeded):
    seeded.programme.confirm(
        "priya",
        [("trio-a", ["sam", "tomasz", "aisha"])],
        purpose="p",
        cadence="monthly",
        protocol="troika-consulting",
        first_session="2026-12-08 15:00",
        sessions=2,
    )
    with pytest.raises(FitError):
        seeded.fit.answer_pulse("sam", "trio-a", "2026-12-08 15:00", 5, 5)  # not held yet
    seeded.programme.mark("priya", "trio-a", "2026-12-08 15:00", "held")
    with pytest.raises(FitError):
        seeded.fit.answer_pulse("kwame", "trio-a", "2026-12-08 15:00", 5, 5)
    with pytest.raises(FitError):
        seeded.fit.answer_pulse("sam", "trio-a", "2026-12-08 15:00", 6, 5)
    for user, score in (("sam", 4), ("tomasz", 5)):
        seeded.fit.answer_pulse(user, "trio-a", "2026-12-08 15:00", score, 3)
    assert seeded.fit.pulse("priya")[0].usefulness is None  # two people: hidden
    seeded.fit.answer_pulse("aisha", "trio-a", "2026-12-08 15:00", 3, 2)
    line, overall = seeded.fit.pulse("priya")
    assert (line.people, line.usefulness, line.openness) == (3, 4.0, 2.7)
    assert overall.people == 3
    with pytest.raises(NotOwnerError):
        seeded.fit.pulse("sam")


def test_pulse_lines_hide_every_group_below_the_threshold():
    answers = [PulseAnswer(u, "g1", "w", 5, 5) for u in "ab"] + [
        PulseAnswer(u, "g2", "w", 1, 1) for u in "cd"
    ]
    lines = pulse_lines(answers, ["g1", "g2"], 3)
    assert [ln.usefulness for ln in lines] == [None, None, 3.0]


# --- what a member or owner wrote is shown as text ------------------------------------------


@pytest.mark.parametrize(
    "payload", ["![t](http://evil.example/x.png)", "[Reset](http://evil.example/r)", "<img src=x>"]
)
def test_sponsor_and_survey_text_render_as_text_in_every_fit_view(payload):
    md = MarkdownIt("commonmark", {"html": True})
    readiness = Readiness(payload, True, 2)
    pages = [
        readiness_markdown(readiness, gaps(readiness)),
        my_survey_markdown(answer("sam", challenge_text=payload), False),
        design_markdown([Part("themes", [payload], payload, [payload])]),
        kickoff_pack(Group("g1"), protocols()["grow"], [], {}, readiness),
    ]
    for page in pages:
        rendered = md.render(page)
        assert "<a " not in rendered
        assert "<img" not in rendered


def test_a_backup_keeps_the_programme_fit_and_a_restore_brings_it_back(seeded, tmp_path):
    seeded.fit.save_readiness("priya", Readiness("Dana", True, 4))
    seeded.fit.open_survey("priya")
    seeded.fit.answer_survey("sam", answer("sam", challenge_text=CANARY))
    manifest = backup(seeded.settings, tmp_path / "b.tar.gz")
    assert "programme fit" in manifest["includes"]
    restore(tmp_path / "b.tar.gz", tmp_path / "restored")
    again = build_app(make_settings(tmp_path / "restored", embedding_provider="fake"))
    assert again.fit.my_survey("sam").challenge_text == CANARY
    assert again.fit.readiness("priya")[0].sponsor == "Dana"
