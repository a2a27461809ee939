"""The programme on the demo data and a real Chroma: form trios, launch, learn, verify, refuse."""

import datetime as dt
from dataclasses import replace

import pytest

from assistant.compose.grounded import Source
from assistant.domain.freshness import freshness
from assistant.ingest.library import NotYoursError
from assistant.memory.store import CoachStore
from assistant.people.groups import GroupError
from assistant.programme.demo import seed_demo_activity
from assistant.programme.forming import Rules
from assistant.programme.insights import due_for_review
from assistant.programme.report import learning_markdown, my_groups_markdown
from assistant.programme.service import NotOwnerError

pytestmark = pytest.mark.integration
SECRET = "Quokka-lantern-5512"  # only ever in a group note of trio members


@pytest.fixture
def coach(demo_app):
    demo_app.users.seed_demo()
    seed_demo_activity(demo_app.store)
    return demo_app


def form_trios(coach):
    suggestions = coach.programme.suggest("priya", [], Rules(3))
    created, warnings = coach.programme.confirm(
        "priya",
        [(s.name, s.members) for s in suggestions],
        purpose="Learn from each other",
        cadence="fortnightly",
        protocol="troika-consulting",
        first_session="2026-12-08 15:00",
    )
    return suggestions, created, warnings


def test_an_owner_forms_trios_with_reasons_confirms_and_exports_a_kickoff_pack(coach):
    suggestions, created, warnings = form_trios(coach)
    assert len(created) == 5
    assert not warnings
    users = {u.username: u for u in coach.users.users()}
    for s in suggestions:
        teams = {users[m].team for m in s.members}
        assert len(teams) == 3
        assert not any(users[a].manager == b for a in s.members for b in s.members)
        assert any("brings" in r for r in s.reasons)
    sam_group = next(g for g in created if "sam" in g.members)
    assert len(sam_group.schedule) == 6
    assert sam_group.formed == dt.date.today().isoformat()
    pack = coach.programme.kickoff("priya", sam_group.name)
    assert "# Kick-off pack" in pack
    assert "Troika consulting" in pack
    assert "Sam Okafor" in pack
    assert coach.programme.kickoff("sam", sam_group.name) == pack  # members may read theirs
    # Once formed, the people are no longer in the default pool.
    with pytest.raises(ValueError, match="0 people"):
        coach.programme.suggest("priya", [], Rules(3))


def test_the_learning_view_on_the_demo_data_shows_themes_gaps_and_group_counts(coach):
    form_trios(coach)
    view = coach.programme.learning("priya")
    names = [t.name for t in view.themes]
    assert "retention" in names
    assert "trust" in names
    assert [g.theme for g in view.gaps] == ["retention"]  # four people bring it; no note has it
    assert len(view.groups) == 5
    assert all(g.sessions_planned == 6 for g in view.groups)
    assert view.totals["reflections written"] == 6  # the demo's six journal entries...
    assert all(g.reflections is None for g in view.groups)  # ...but no trio has three writers
    text = learning_markdown(view)
    journal = coach.store.records_of("sam")["journal"][0].answers[0]["answer"]
    assert journal not in text
    assert "designer I rely on" not in text  # Sofia's brief was not shared


def test_the_owner_edits_a_group_and_is_warned_about_a_manager_with_a_report(coach):
    _, created, _ = form_trios(coach)
    group = created[0]
    saved, warnings = coach.programme.set_members("priya", group.name, ["priya", "tomasz", "sam"])
    assert saved.members == ("priya", "sam", "tomasz")
    assert warnings == [
        f"{group.name}: Priya Raghunathan manages Tomasz Wierzbicki",
        f"{group.name}: Priya Raghunathan and Tomasz Wierzbicki are both in Platform Engineering",
    ]
    with pytest.raises(GroupError, match="no such user"):
        coach.programme.set_members("priya", group.name, ["priya", "nobody"])
    with pytest.raises(GroupError, match="at least 2"):
        coach.programme.set_members("priya", group.name, ["priya"])


def test_members_are_refused_every_owner_action(coach):
    suggestions, created, _ = form_trios(coach)
    other = next(g for g in created if "sam" not in g.members)
    priyas = coach.index.notes({"owner": "priya"})[0]["doc_id"]
    for call in (
        lambda: coach.programme.suggest("sam", [], Rules(3)),
        lambda: coach.programme.confirm(
            "sam", [("x-1", ("sam", "yuki"))], purpose="", cadence="weekly", protocol="grow"
        ),
        lambda: coach.programme.learning("sam"),
        lambda: coach.programme.set_members("sam", other.name, ["sam", *other.members]),
        lambda: coach.programme.plan("sam", other.name, "2027-01-01 10:00", "weekly", 2),
        lambda: coach.programme.due_for_review("sam"),
        lambda: coach.programme.mark("sam", other.name, other.schedule[0].when, "held"),
        lambda: coach.programme.kickoff("sam", other.name),  # not their group
        lambda: coach.programme.verify("sam", priyas),  # not their note
    ):
        with pytest.raises(NotOwnerError):
            call()


def test_group_knowledge_is_for_its_members_only_not_even_the_owner(coach, tmp_path):
    _, created, _ = form_trios(coach)
    group = next(g for g in created if "sam" in g.members)
    assert "priya" not in group.members
    note = tmp_path / "our-norms.md"
    note.write_text(  # overdue for review: it would be on the owner's list if she could read it
        f"---\nreview_by: 2020-01-01\n---\n# Our group norms\n\nWe agreed {SECRET}: cameras on.\n"
    )
    report = coach.library.upload("sam", "Sam Okafor", [note], visibility="group", group=group.name)
    assert not report.skipped

    def finds(user):
        hits = coach.search.search(f"group norms {SECRET}", 5, coach.access.filters(user))
        return any(SECRET in h.text for h in hits)

    insider = next(m for m in group.members if m != "sam")
    assert finds("sam")
    assert finds(insider)
    assert not finds("priya")  # the programme owner is not a member
    assert not finds("tomasz")
    mine = coach.programme.my_groups(insider)
    assert [m.group.name for m in mine] == [group.name]
    assert "Our group norms" in my_groups_markdown(mine)
    assert group.name not in [m.group.name for m in coach.programme.my_groups("priya")]
    norms = coach.index.notes({"scope": f"group:{group.name}"})
    assert [d["title"] for d in due_for_review(norms, dt.date.today())] == ["Our group norms"]
    assert not [d for d in coach.programme.due_for_review("priya") if "norms" in d["title"]]
    # Taken out of the group, a member loses its knowledge at once.
    coach.groups.remove_members(group.name, insider)
    assert not finds(insider)
    # Trying to verify a note you cannot read says it is not there.
    group_doc = coach.index.notes({"scope": f"group:{group.name}"})[0]["doc_id"]
    with pytest.raises(GroupError, match="no note"):
        coach.programme.verify("priya", group_doc)


def test_verifying_a_stale_note_changes_its_citation(coach):
    due = coach.programme.due_for_review("priya")
    stale = next(d for d in due if d["status"] == "stale")
    hit = coach.index.notes({"doc_id": stale["doc_id"]})[0]
    assert freshness(hit).status == "stale"
    cite = Source(1, stale["doc_id"], hit["title"], hit["author"], "", "", "", 0.0, "")
    assert "stale" in replace(cite, review=freshness(hit).label()).label()
    # Its owner, not only a programme owner, may verify it.
    coach.programme.verify(stale["owner"], stale["doc_id"])
    after = coach.index.notes({"doc_id": stale["doc_id"]})[0]
    label = freshness(after).label()
    assert label == f"verified {dt.date.today().isoformat()}"
    assert stale["doc_id"] not in {d["doc_id"] for d in coach.programme.due_for_review("priya")}
    assert cite.label() == f"{hit['title']} — {hit['author']}"  # no review info: no label
    cited = coach.search.search(hit["title"], 3, coach.access.filters("sam"))
    assert any(m.doc_id == stale["doc_id"] and m.metadata.get("verified") for m in cited)


def test_a_shared_brief_joins_the_themes_and_an_unshared_one_does_not(coach):
    store: CoachStore = coach.store
    before = {b.id for b in store.shared_briefs()}
    sofia = store.find(type(store.shared_briefs()[0]), "sofia")[0]
    assert sofia.id not in before
    coach.prepare.share_brief("sofia", sofia.id)
    assert sofia.id in {b.id for b in store.shared_briefs()}
    coach.prepare.share_brief("sofia", sofia.id, share=False)
    assert {b.id for b in store.shared_briefs()} == before


def test_the_owners_overview_and_group_reads_are_for_owners_only(coach):
    _, created, _ = form_trios(coach)
    view = coach.programme.overview("priya")
    assert {g.name for g in view.groups} == {g.name for g in created}
    assert view.unplaced == []  # everyone is in a trio now
    assert len(view.people) == len(coach.programme.people("priya"))
    assert "Themes across shared lessons" in learning_markdown(view.learning)
    assert coach.programme.group("priya", created[0].name) == created[0]
    assert coach.programme.group("priya", "no-such-group") is None
    for call in (
        lambda: coach.programme.overview("sam"),
        lambda: coach.programme.people("sam"),
        lambda: coach.programme.groups("sam"),
        lambda: coach.programme.group("sam", created[0].name),  # not even their own group
    ):
        with pytest.raises(NotOwnerError):
            call()


def test_the_library_verifies_only_its_callers_own_notes(coach):
    priyas = coach.library.mine("priya")[0]["doc_id"]
    with pytest.raises(NotYoursError, match="not a note you own"):
        coach.library.verify("sam", priyas)
    with pytest.raises(NotYoursError):
        coach.library.verify("tomasz", priyas)  # he reports to priya: still not his note
    fields = coach.library.verify("priya", priyas, today=dt.date(2026, 12, 1))
    assert fields == {"verified": "2026-12-01", "review_by": "2027-12-01"}
    assert coach.index.notes({"doc_id": priyas})[0]["verified"] == "2026-12-01"
    assert coach.library.size() == coach.index.count()
