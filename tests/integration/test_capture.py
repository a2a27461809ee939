"""Capture a case: an interview on the scripted model, a private draft, an approved note found."""

import json

import pytest

from assistant.coaching.case_note import interview_steps
from assistant.memory.store import NotFoundError
from assistant.people.groups import Group

pytestmark = pytest.mark.integration

ANSWERS = [
    "Over six weeks in spring, Tobias Brenner stopped speaking up in planning and his tickets "
    "slipped. I felt uneasy because he had always been our strongest reviewer.",
    "The first moment was when he missed the release review. The second was when the team "
    "asked me to move his work to someone else.",
    "I noticed he logged in at odd hours and answered chat at midnight.",
    "I could escalate to HR, take work off him quietly, or ask him directly what had changed.",
    "I asked him directly in a walk, not in my office, because I wanted him to feel safe.",
    "He told me about a sick parent. We cut his on-call for two months and his reviews came back. "
    "You can reach him on tobias@example.com or +44 20 7946 0958.",
    "I would ask sooner next time. I waited three weeks because I was afraid to intrude.",
    "Ask about the person before you ask about the tickets, and do it somewhere neutral.",
]
PICK = json.dumps({"pick": 1})
NOTE = json.dumps(
    {"title": "Asking a quiet senior engineer what changed", "tags": ["trust", "missed-deadlines"]}
)


@pytest.fixture
def app(demo_app):
    return demo_app


@pytest.fixture
def fake_model(demo_app):
    return demo_app.chat.get()


def interview(app, model, user="kwame", answers=ANSWERS):
    """Run a whole interview on the scripted model; return the last turn."""
    turn = app.capture.start(user)
    for answer in answers:
        model.enqueue(PICK)
        if answer is answers[-1]:
            model.enqueue(NOTE)
        turn = app.capture.reply(user, turn.session_id, answer)
    return turn


def found(app, user, query="sick parent on-call reviews came back", k=5):
    return [m.doc_id for m in app.search.search(query, k, app.access.filters(user))]


def test_an_interview_asks_each_step_once_and_reflects_in_the_second_person(app, fake_model):
    turn = app.capture.start("kwame")
    steps = interview_steps()
    assert steps[0].question in turn.text
    asked = [steps[0].question]
    for answer, step in zip(ANSWERS[:-1], steps[1:], strict=True):
        fake_model.enqueue(PICK)
        turn = app.capture.reply("kwame", turn.session_id, answer)
        assert turn.text.endswith(step.question)
        reflected = turn.text.split("\n\n")[0]
        assert reflected.startswith(("You ", "So you", "Thank you"))
        assert not app.capture._checker.defects(turn.text, answer, asked)
        asked.append(step.question)
    assert len(set(asked)) == len(steps)  # no question asked twice
    sent = fake_model.history[-1][0].content
    assert ANSWERS[-2] in sent  # the model sees the latest answer only
    assert ANSWERS[0] not in sent


def test_an_approved_case_is_found_by_search_and_never_before(app, fake_model):
    turn = interview(app, fake_model)
    assert turn.done
    draft = turn.result
    assert draft.status == "draft"
    assert draft.title == "Asking a quiet senior engineer what changed"
    assert draft.tags == ["missed-deadlines"]  # "trust": the model's, not borne out by the words
    for part in ("## The situation", "## What I tried", "## What happened", "## What I learned"):
        assert part in draft.text
    for secret in ("Tobias", "Brenner", "tobias@example.com", "7946"):
        assert secret not in draft.text  # other people's names and contact details are out
    assert "I asked him directly in a walk" in draft.text  # the manager's own words
    assert draft.session_id not in str(found(app, "kwame"))  # not indexed, not even for its author
    assert not any(d.startswith("cases/") for d in found(app, "kwame") + found(app, "amara"))

    approved = app.capture.approve(
        "kwame",
        draft.session_id,
        title="Ask the quiet one what changed",
        text=draft.text + "\n\nA walk worked better than my office.",
        tags=["trust", "burnout", "not-a-tag"],
        visibility="org",
    )
    assert approved.status == "approved"
    assert approved.tags == ["trust", "burnout"]
    hits = app.search.search(
        "sick parent on-call reviews came back", 3, app.access.filters("amara")
    )
    top = hits[0]
    assert top.doc_id == approved.doc_id
    assert top.metadata["author"] == app.users.name_of("kwame")
    assert top.metadata["type"] == "case"
    assert top.metadata["date"]
    peers = app.peers_account.account("sick parent on-call reviews", app.access.filters("amara"))
    assert app.users.name_of("kwame") in [c.name for c in peers.colleagues]  # Find peers too
    with pytest.raises(ValueError, match="not yet approved"):
        app.capture.edit("kwame", draft.session_id, title="x", text="y")


def test_only_me_and_group_cases_reach_only_their_readers(app, fake_model):
    app.groups.save(Group("circle-1", ("kwame", "amara")))
    mine = interview(app, fake_model).result
    app.capture.approve(
        "kwame", mine.session_id, title=mine.title, text=mine.text, visibility="private"
    )
    assert any(d.startswith("cases/kwame/") for d in found(app, "kwame"))
    assert not any(d.startswith("cases/") for d in found(app, "amara"))
    other = interview(app, fake_model).result
    with pytest.raises(ValueError, match="not a member"):
        app.capture.approve(
            "kwame", other.session_id, title="t t t", text="x", visibility="group", group="ops"
        )
    app.capture.approve(
        "kwame", other.session_id, title="Group case", text=other.text,
        visibility="group", group="circle-1",
    )  # fmt: skip
    assert f"cases/kwame/{other.session_id}" in found(app, "amara")
    assert f"cases/kwame/{other.session_id}" not in found(app, "hannah")


def test_a_stranger_cannot_read_resume_edit_approve_or_delete_a_draft(app, fake_model):
    draft = interview(app, fake_model).result
    sid = draft.session_id
    calls = [
        lambda: app.capture.draft("amara", sid),
        lambda: app.capture.reply("amara", sid, "I take over"),
        lambda: app.capture.finish("amara", sid),
        lambda: app.capture.edit("amara", sid, title="Mine now", text="x"),
        lambda: app.capture.approve("amara", sid, title="Mine", text="x", visibility="org"),
        lambda: app.capture.delete("amara", sid),
    ]
    for call in calls:
        with pytest.raises(NotFoundError):
            call()
    assert app.capture.latest("amara") is None
    assert app.capture.draft("kwame", sid).status == "draft"
    assert not any(d.startswith("cases/") for d in found(app, "amara"))


def test_a_draft_is_resumed_edited_and_deleted(app, fake_model):
    turn = app.capture.start("kwame")
    fake_model.enqueue(PICK)
    app.capture.reply("kwame", turn.session_id, ANSWERS[0])
    resumed = app.capture.latest("kwame")  # after a reload: the interview as it was left
    assert resumed.id == turn.session_id
    assert resumed.state["step"] == 1
    fake_model.enqueue(NOTE)
    draft = app.capture.finish("kwame", turn.session_id)  # stop early: draft from what was said
    assert draft.status == "draft"
    assert "## The situation" in draft.text
    edited = app.capture.edit("kwame", draft.session_id, title="My title", text="My words.")
    assert app.capture.draft("kwame", draft.session_id).text == edited.text == "My words."
    app.capture.delete("kwame", draft.session_id)
    assert app.capture.latest("kwame") is None


def test_a_model_failure_keeps_the_answer_and_falls_back_in_code(app, fake_model):
    turn = app.capture.start("kwame")
    fake_model.enqueue("not json", "still not json")
    turn = app.capture.reply("kwame", turn.session_id, ANSWERS[0])
    assert turn.model_error
    assert turn.text.startswith(("You ", "So you", "Thank you"))
    assert app.capture.latest("kwame").state["answers"]["what_happened"] == ANSWERS[0]
