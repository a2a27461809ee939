"""Forming groups, schedules, kick-off packs, freshness and the aggregate learning view."""

import dataclasses
import datetime as dt
import sqlite3
from itertools import combinations

import pytest

from assistant.coaching.protocols import protocols
from assistant.domain.freshness import freshness, verification
from assistant.memory.records import CaseBrief, Commitment, JournalEntry
from assistant.memory.store import CoachStore
from assistant.people.directory import DEMO_USERS, User, UserDirectory, UserError
from assistant.people.groups import Group, GroupDirectory, GroupError, GroupSession
from assistant.programme.experience import Experience, experience_of
from assistant.programme.forming import FormingError, Rules, conflicts, suggest_groups
from assistant.programme.insights import Theme, learning_view
from assistant.programme.kickoff import kickoff_pack
from assistant.programme.report import learning_markdown
from assistant.programme.schedule import meeting_times
from assistant.programme.themes import themes_in

TODAY = dt.date(2026, 12, 1)
PEOPLE = [d.user for d in DEMO_USERS]


def note(owner, tags, *, scope="org", kind="case", doc="", **extra):
    return {
        "doc_id": doc or f"{owner}/{tags}",
        "owner": owner,
        "author": owner.title(),
        "tags": tags,
        "scope": scope,
        "type": kind,
        "date": "2026-06-01",
        **extra,
    }


# --- forming -------------------------------------------------------------------------------


def test_trios_keep_teams_and_managers_apart_and_place_everyone_once():
    experience = {u.username: Experience(u, 2, {f"topic-{u.username}": 2}) for u in PEOPLE}
    rules = Rules(3)
    groups = suggest_groups(PEOPLE, experience, rules)
    placed = [m for g in groups for m in g.members]
    assert sorted(placed) == sorted(u.username for u in PEOPLE)
    assert len(groups) == len(PEOPLE) // 3
    assert all(len(g.members) == 3 for g in groups)
    by_name = {u.username: u for u in PEOPLE}
    for group in groups:
        people = [by_name[m] for m in group.members]
        assert not [c for a, b in combinations(people, 2) for c in conflicts(a, b, rules)]
        assert any(r.startswith("Three different teams") for r in group.reasons)
        assert any("brings topic-" in r for r in group.reasons)


def test_the_demo_pool_has_managers_and_reports_that_a_naive_split_would_pair():
    rules = Rules(3, apart_teams=False)
    bosses = [(u.manager, u.username) for u in PEOPLE if u.manager]
    assert len(bosses) >= 5
    groups = suggest_groups(PEOPLE, {}, rules)
    for group in groups:
        for boss, report in bosses:
            assert not {boss, report} <= set(group.members)


def test_an_impossible_pool_is_formed_anyway_and_says_which_rule_it_broke():
    team = [User(f"p{i}", f"Person {i}", "Sales") for i in range(3)]
    (group,) = suggest_groups(team, {}, Rules(3))
    assert any(r.startswith("⚠") and "both in Sales" in r for r in group.reasons)
    (relaxed,) = suggest_groups(team, {}, Rules(3, apart_teams=False))
    assert not any(r.startswith("⚠") for r in relaxed.reasons)


def test_complementary_experience_beats_overlap():
    a, b, c, d = (User(x, x.upper(), f"team-{x}") for x in "abcd")
    experience = {
        "a": Experience(a, 3, {"hiring": 3}),
        "b": Experience(b, 3, {"hiring": 3}),
        "c": Experience(c, 3, {"conflict": 3}),
        "d": Experience(d, 3, {"conflict": 3}),
    }
    groups = suggest_groups([a, b, c, d], experience, Rules(2))
    assert {frozenset(g.members) for g in groups} == {frozenset("ac"), frozenset("bd")} or {
        frozenset(g.members) for g in groups
    } == {frozenset("ad"), frozenset("bc")}


def test_a_pool_smaller_than_a_group_is_refused():
    with pytest.raises(FormingError, match="cannot make a group of 3"):
        suggest_groups(PEOPLE[:2], {}, Rules(3))


def test_experience_counts_org_notes_only_never_group_or_private_ones():
    users = [User("ann", "Ann"), User("bob", "Bob")]
    notes = [
        note("ann", "hiring,conflict"),
        note("ann", "secret-topic", scope="user:ann"),
        note("bob", "group-topic", scope="group:x"),
        {**note("", "budget"), "author": "Bob"},  # attributed by name when there is no owner
    ]
    found = experience_of(users, notes)
    assert found["ann"].notes == 1
    assert set(found["ann"].topics) == {"hiring", "conflict"}
    assert found["bob"].notes == 1
    assert set(found["bob"].topics) == {"budget"}


# --- people and groups ---------------------------------------------------------------------


def test_roles_and_managers_are_set_by_the_directory(tmp_path):
    users = UserDirectory(tmp_path / "users.json")
    users.add(User("lee", "Lee"), "password1")
    users.add(User("kim", "Kim", manager="lee"), "password1")
    assert users.get("kim").manager == "lee"
    assert not users.is_owner("lee")
    assert users.set_role("lee", "owner").role == "owner"
    assert users.is_owner("lee")
    assert users.check("lee", "password1")  # a role change keeps the password
    with pytest.raises(UserError, match="role must be"):
        users.set_role("lee", "admin")
    with pytest.raises(UserError, match="themselves"):
        users.set_manager("kim", "kim")
    with pytest.raises(UserError, match="no user"):
        users.set_manager("kim", "nobody")
    assert users.set_manager("kim", "").manager == ""


def test_a_group_schedule_is_kept_sorted_and_sessions_are_marked(tmp_path):
    groups = GroupDirectory(tmp_path / "groups.json")
    groups.save(Group("trio-1", ("b", "a", "c")))
    groups.plan_sessions("trio-1", "2026-12-15 15:00", "2026-12-01 15:00")
    group = groups.mark_session("trio-1", "2026-12-01 15:00", "held")
    assert [s.when for s in group.schedule] == ["2026-12-01 15:00", "2026-12-15 15:00"]
    assert group.held() == 1
    assert [s.when for s in group.upcoming("2026-12-02 09:00")] == ["2026-12-15 15:00"]
    assert groups.get("trio-1") == group  # it survives a re-read
    with pytest.raises(GroupError, match="not a time"):
        groups.plan_sessions("trio-1", "next tuesday")
    with pytest.raises(GroupError, match="no session"):
        groups.mark_session("trio-1", "2027-01-01 10:00", "held")
    with pytest.raises(GroupError, match="status must be"):
        groups.mark_session("trio-1", "2026-12-15 15:00", "skipped")


def test_meeting_times_follow_the_cadence():
    assert meeting_times("2026-12-08 15:00", "fortnightly", 3) == [
        "2026-12-08 15:00",
        "2026-12-22 15:00",
        "2027-01-05 15:00",
    ]
    assert meeting_times("2027-01-31 09:30", "monthly", 2) == [
        "2027-01-31 09:30",
        "2027-02-28 09:30",
    ]
    assert meeting_times("2026-12-08 15:00", "every 3 weeks", 2)[1] == "2026-12-29 15:00"
    with pytest.raises(GroupError, match="cadence"):
        meeting_times("2026-12-08 15:00", "now and then", 2)


def test_the_store_adds_a_column_a_newer_record_has(tmp_path):
    path = tmp_path / "coach.sqlite3"
    conn = sqlite3.connect(path)
    old = [f.name for f in dataclasses.fields(CaseBrief) if f.name not in ("id", "shared")]
    conn.execute(f"CREATE TABLE briefs (id TEXT PRIMARY KEY, {', '.join(old)})")
    conn.execute(
        "INSERT INTO briefs (id, user, situation, know_how, peers, created)"
        " VALUES ('b1', 'u', 's', '[]', '[]', 'x')"
    )
    conn.commit()
    conn.close()
    store = CoachStore(path)
    assert not store.get(CaseBrief, "u", "b1").shared
    assert store.shared_briefs() == []


# --- kick-off pack -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(protocols()))
def test_a_kickoff_pack_covers_how_roles_timings_norms_and_first_questions(name):
    protocol = protocols()[name]
    members = PEOPLE[:3]
    group = Group(
        "trio-1",
        tuple(m.username for m in members),
        purpose="new managers",
        cadence="fortnightly",
        protocol=name,
        schedule=(GroupSession("2026-12-08 15:00"),),
    )
    experience = {members[0].username: Experience(members[0], 2, {"estimation": 2})}
    pack = kickoff_pack(group, protocol, members, experience)
    for heading in ("How a session runs", "Roles", "Timings", "Confidentiality", "first session"):
        assert heading.lower() in pack.lower()
    assert protocol.title in pack
    assert f"{protocol.minutes} min" in pack
    assert all(m.name in pack for m in members)
    assert "2026-12-08 15:00" in pack
    assert "fortnightly" in pack
    assert f"{members[0].name}, what did you learn about estimation" in pack
    first_step = next(ln for ln in protocol.guide.splitlines() if ln.startswith("1. "))
    assert first_step in pack  # the protocol's timed steps
    roles = protocol.guide.split("## Roles", 1)[1].split("##", 1)[0].strip()
    assert roles.splitlines()[0] in pack
    confidentiality = protocol.guide.split("## Confidentiality", 1)[1].strip().splitlines()[0]
    assert confidentiality.lstrip("- ") in pack


# --- freshness -----------------------------------------------------------------------------


def test_a_note_is_verified_until_its_review_date_then_stale():
    assert freshness({"date": "2026-06-01"}, TODAY).status == "unreviewed"
    assert freshness({"date": "2025-06-01"}, TODAY).status == "stale"  # a year after its date
    verified = {"date": "2025-06-01", **verification(dt.date(2026, 6, 30))}
    fresh = freshness(verified, TODAY)
    assert fresh.status == "verified"
    assert fresh.label() == "verified 2026-06-30"
    assert fresh.review_by == "2027-06-30"
    explicit = freshness({"date": "2026-01-01", "review_by": "2026-11-30"}, TODAY)
    assert explicit.status == "stale"
    assert "review was due 2026-11-30" in explicit.label()
    soon = freshness({"verified": "2026-01-01", "review_by": "2026-12-20"}, TODAY)
    assert soon.status == "verified"
    assert soon.due_within(TODAY)
    assert not freshness({"verified": "2026-11-01"}, TODAY).due_within(TODAY)


# --- the learning view ---------------------------------------------------------------------

CANARY = "Zanzibar-umbrella-7731"  # a phrase only private records contain


def brief(user, text, shared, n):
    return CaseBrief(f"cb-{user}-{n}", user, "", "grow", text, "How?", "-", "-", shared=shared)


def private_record_of(store, user, n):
    """A journal entry and an open commitment full of a theme word and the canary."""
    entry = JournalEntry(
        f"je-{user}-{n}",
        user,
        "",
        "gibbs",
        [
            {
                "stage": "what",
                "title": "What?",
                "question": "?",
                "answer": f"{CANARY} retention quit",
            }
        ],
        created="2026-11-30T10:00:00+00:00",
    )
    store.save(entry)
    store.save(Commitment(f"cm-{user}-{n}", user, entry.id, f"{CANARY}: stop the attrition"))


def view_of(store, groups=(), notes=(), users="abcd", min_people=3):
    people = [User(u, f"Person {u}") for u in users]
    return learning_view(store, groups, list(notes), people, min_people=min_people, today=TODAY)


def test_private_journal_text_never_reaches_the_learning_view(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    for user in "abcd":
        private_record_of(store, user, 1)
        store.save(brief(user, f"{CANARY}: my best people resign and quit", "", 1))  # not shared
    group = Group("trio-1", ("a", "b", "c"), formed="2026-11-01")
    view = view_of(store, [group])
    shown = learning_markdown(view) + repr(view)
    assert CANARY not in shown
    assert "retention" not in shown  # a theme only private records carry is not a theme
    (activity,) = view.groups
    assert activity.reflections == 3
    assert activity.open_commitments == 3
    # The positive control: once shared, briefs do count (and still show no text).
    for user in "abc":
        store.save(brief(user, f"{CANARY}: my best people resign and quit", "yes", 2))
    shared = view_of(store, [group])
    assert [t.name for t in shared.themes] == ["retention"]
    assert [g.theme for g in shared.gaps] == ["retention"]
    assert CANARY not in learning_markdown(shared) + repr(shared)


def test_nothing_from_fewer_than_the_minimum_number_of_people_is_shown(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    lessons = [note(u, "delegation", kind="lesson", doc=f"{u}-l") for u in ("a", "b")]
    pair = Group("pair-1", ("a", "b"), formed="2026-11-01")
    for user in "ab":
        private_record_of(store, user, 1)
    view = view_of(store, [pair], lessons)
    assert view.themes == []
    (activity,) = view.groups
    assert activity.reflections is None
    assert activity.open_commitments is None
    assert activity.sessions_held is None
    assert view.totals["reflections written"] is None  # two people wrote: too few to count
    text = learning_markdown(view)
    assert "delegation" not in text
    assert "hidden" in text
    assert view.totals["lessons shared with the organisation"] is None
    lessons.append(note("c", "delegation", kind="lesson", doc="c-l"))
    private_record_of(store, "c", 1)
    more = view_of(store, [pair], lessons)
    assert more.themes == [Theme("delegation", 3, 3, None, None)]
    assert more.totals["reflections written"] == 3
    assert more.totals["lessons shared with the organisation"] == 3
    assert view_of(store, [pair], lessons, min_people=4).themes == []


def test_a_gap_is_a_problem_many_bring_with_little_know_how(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    for n, user in enumerate("abc"):
        store.save(brief(user, "Deadlines keep slipping and my estimates are wrong", "yes", n))
    covered = [note(x, "missed-deadlines") for x in ("x", "y")]
    view = view_of(store, notes=covered)
    assert {t.name for t in view.themes} == {"estimation", "missed-deadlines"}
    assert [g.theme for g in view.gaps] == ["estimation"]  # two notes cover deadlines


def test_a_group_shows_record_counts_only_when_enough_of_its_members_wrote(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    held = (GroupSession("2026-11-10 15:00", "held"),)
    trio = Group("trio-1", ("a", "b", "c"), formed="2026-11-01", schedule=held)
    for user in "ab":  # two of three wrote: their counts would point at the third
        private_record_of(store, user, 1)
    (activity,) = view_of(store, [trio]).groups
    assert activity.sessions_held == 1  # the group is big enough for its sessions to show
    assert activity.reflections is None
    assert activity.open_commitments is None
    private_record_of(store, "c", 1)
    (activity,) = view_of(store, [trio]).groups
    assert (activity.reflections, activity.open_commitments) == (3, 3)


def test_a_theme_needs_enough_people_in_one_source_and_shows_only_that_sources_counts(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    lessons = [note(u, "hiring", kind="lesson", doc=f"{u}-l") for u in "ab"]
    for n, user in enumerate("cd"):
        store.save(brief(user, "I keep making the wrong hire", "yes", n))
    assert view_of(store, notes=lessons).themes == []  # 2 + 2 people: neither source alone is 3
    store.save(brief("a", "Hiring again after a bad hire", "yes", 9))
    (theme,) = view_of(store, notes=lessons).themes
    assert theme == Theme("hiring", None, None, 3, 3)  # the 2 lesson authors stay unseen


@pytest.mark.parametrize(
    ("people", "size", "sizes"),
    [(15, 3, [3, 3, 3, 3, 3]), (16, 3, [4, 3, 3, 3, 3]), (5, 3, [3, 2]), (11, 6, [6, 5])],
)
def test_left_over_people_join_groups_or_form_one_smaller_group(people, size, sizes):
    pool = [User(f"u{i}", f"U{i}", f"team-{i}") for i in range(people)]
    groups = suggest_groups(pool, {}, Rules(size))
    assert sorted((len(g.members) for g in groups), reverse=True) == sizes


def test_theme_words_match_whole_words_unless_marked_as_prefixes():
    assert themes_in("She might quit, and two resigned") == {"retention"}
    assert themes_in("It is quite hard to notice") == set()
    assert themes_in("my trusty estimates") == {"estimation"}
