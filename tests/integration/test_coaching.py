"""Prepare, reflect, follow up and share a lesson, on the scripted model and real retrieval."""

import json

import httpx
import openai
import pytest

from assistant.coaching.lessons import ConsentRequiredError
from assistant.coaching.protocols import frameworks, match_protocol, protocols
from assistant.memory.records import CaseBrief, CoachingSession, JournalEntry
from assistant.memory.store import NotFoundError

pytestmark = pytest.mark.integration
DOWN = openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:1/v1"))


def clarify(
    reflection="You said the team keeps missing dates.", question="What have you tried so far?"
):
    return json.dumps({"reflection": reflection, "question": question})


BRIEF = json.dumps(
    {
        "situation": "My team commits to 40 points and delivers 25, sprint after sprint.",
        "framing_question": "How can I get the team to own their estimates?",
        "tried": "A buffer, which got eaten.",
        "help_wanted": "Ways others made estimates the team's own.",
    }
)


@pytest.fixture
def app(demo_app):
    return demo_app


@pytest.fixture
def fake_model(demo_app):
    return demo_app.chat.get()


def test_prepare_clarifies_proposes_a_protocol_and_saves_a_cited_brief(app, fake_model):
    fake_model.enqueue(
        clarify(),
        clarify(question="What would good look like?"),
        clarify(question="How do you want your peers to help?"),
        json.dumps({"protocol": "troika-consulting", "why": "You want many ideas fast."}),
        BRIEF,
    )
    turn = app.prepare.start("ana", "My team keeps missing sprint deadlines.")
    assert turn.text == "You said the team keeps missing dates. What have you tried so far?"
    first_call = fake_model.history[0]
    assert first_call[0].type == "system"
    assert "You do not give advice" in first_call[0].content
    assert first_call[-1].content == "My team keeps missing sprint deadlines."
    fmt = fake_model.options[0]["response_format"]["json_schema"]
    assert fmt["schema"]["properties"]["question"]["pattern"].startswith("^(What|How)")

    turn = app.prepare.reply("ana", turn.session_id, "A buffer; it got eaten.")
    assert turn.stage == "clarify"
    turn = app.prepare.reply("ana", turn.session_id, "Them owning their estimates.")
    turn = app.prepare.reply("ana", turn.session_id, "Ideas from people who fixed this.")
    assert turn.stage == "protocol"
    assert "**Troika consulting**" in turn.text
    turn = app.prepare.reply("ana", turn.session_id, "ok")
    assert turn.done
    brief = turn.result
    assert isinstance(brief, CaseBrief)
    assert brief.protocol == "troika-consulting"
    assert brief.framing_question == "How can I get the team to own their estimates?"
    assert brief.know_how
    assert all(k["doc_id"].startswith("knowledge/") for k in brief.know_how)
    assert brief.peers
    assert "ana" not in [p["name"] for p in brief.peers]
    assert app.prepare.briefs("ana")[0].id == brief.id
    assert "[1] " in turn.text
    assert "## Peers to invite" in turn.text
    assert app.prepare.briefs("bo") == []


def test_ready_skips_ahead_and_a_named_protocol_wins(app, fake_model):
    fake_model.enqueue(
        clarify(), json.dumps({"protocol": "grow", "why": "You want a next step."}), BRIEF
    )
    turn = app.prepare.start("ana", "I need to prepare a case about estimates.")
    turn = app.prepare.reply("ana", turn.session_id, "I'm ready for the brief")
    assert turn.stage == "protocol"
    turn = app.prepare.reply("ana", turn.session_id, "hmm, not sure")
    assert turn.stage == "protocol"  # neither yes nor a protocol: ask again, no model call
    turn = app.prepare.reply("ana", turn.session_id, "let's do an action learning set")
    assert turn.result.protocol == "action-learning-set"


def test_prepare_survives_a_model_that_is_down(app, fake_model):
    fake_model.enqueue(DOWN, DOWN)
    turn = app.prepare.start("ana", "My team keeps missing deadlines.")
    assert turn.model_error
    assert turn.text.endswith("?")
    turn = app.prepare.reply("ana", turn.session_id, "ready")
    fake_model.enqueue(DOWN, DOWN)
    turn = app.prepare.reply("ana", turn.session_id, "ok")
    assert turn.done
    assert turn.result.situation == "My team keeps missing deadlines."  # the manager's own words


def test_invalid_json_is_retried_once(app, fake_model):
    fake_model.enqueue("not json", clarify())
    turn = app.prepare.start("ana", "Deadlines again.")
    assert turn.text.startswith("You said")
    assert len(fake_model.history) == 2


def reflect_through(app, fake_model, user="ana"):
    turn = app.reflect.start(user)
    assert turn.text.startswith("**What?**")
    fake_model.enqueue(
        json.dumps({"reflection": "You noticed the peers asked why you set dates."}),
        json.dumps({"reflection": "You realised you do not trust the numbers."}),
        json.dumps(
            {
                "commitments": [
                    {"what": "Ask the team to estimate the next sprint", "by_when": "2026-12-01"}
                ]
            }
        ),
    )
    turn = app.reflect.reply(
        user, turn.session_id, "I presented my estimation case; peers asked why I set the dates."
    )
    assert turn.text.startswith("You noticed the peers asked why you set dates.")
    assert "**So what?**" in turn.text
    turn = app.reflect.reply(
        user, turn.session_id, "I do not trust the team's numbers and they can tell."
    )
    turn = app.reflect.reply(
        user, turn.session_id, "I will ask the team to estimate the next sprint by Monday."
    )
    assert turn.done
    return turn


def test_reflect_saves_a_private_entry_with_commitments_that_come_back(app, fake_model):
    turn = reflect_through(app, fake_model)
    entry = turn.result
    assert isinstance(entry, JournalEntry)
    assert [a["stage"] for a in entry.answers] == ["what", "so_what", "now_what"]
    assert entry.answers[1]["answer"] == "I do not trust the team's numbers and they can tell."
    assert "Ask the team to estimate the next sprint (by 2026-12-01)" in turn.text
    [commitment] = app.journal.commitments("ana", "open")

    fake_model.enqueue(clarify())
    again = app.prepare.start("ana", "New case: a conflict in the team.")
    assert [c.id for c in again.follow_ups] == [commitment.id]
    assert again.text.startswith("Before we start, last time you committed to:")
    app.journal.mark("ana", commitment.id, "done")
    later = app.reflect.start("ana")
    assert later.follow_ups == []


def test_commitments_fall_back_to_the_managers_own_sentences(app, fake_model):
    turn = app.reflect.start("ana")
    fake_model.enqueue(DOWN, DOWN, DOWN, DOWN, DOWN, DOWN)
    for answer in [
        "It went fine.",
        "I talk too much.",
        "I will listen first in the next 1:1. Then see.",
    ]:
        turn = app.reflect.reply("ana", turn.session_id, answer)
    assert turn.done
    assert [c.what for c in app.journal.commitments("ana")] == [
        "I will listen first in the next 1:1"
    ]


def test_gibbs_has_six_stages(app, fake_model):
    turn = app.reflect.start("ana", "gibbs")
    fake_model.enqueue(
        *[json.dumps({"reflection": "You said so."})] * 5, json.dumps({"commitments": []})
    )
    for n in range(6):
        turn = app.reflect.reply("ana", turn.session_id, f"answer {n}")
    assert [a["stage"] for a in turn.result.answers][-1] == "action_plan"
    with pytest.raises(ValueError, match="no reflection framework"):
        app.reflect.start("ana", "nope")


def test_another_user_can_reach_none_of_it(app, fake_model):
    entry = reflect_through(app, fake_model).result
    [commitment] = app.journal.commitments("ana")
    session_id = entry.session_id
    assert app.journal.entries("bo") == []
    assert app.journal.commitments("bo") == []
    for attempt in (
        lambda: app.journal.entry("bo", entry.id),
        lambda: app.journal.delete("bo", entry.id),
        lambda: app.journal.mark("bo", commitment.id, "dropped"),
        lambda: app.reflect.reply("bo", session_id, "hijack"),
        lambda: app.prepare.reply("bo", session_id, "hijack"),
        lambda: app.lessons.draft("bo", entry.id, consent=True),
    ):
        with pytest.raises(NotFoundError):
            attempt()
    stolen = CoachingSession(session_id, "bo", "reflect")
    with pytest.raises(NotFoundError):
        app.journal._store.save(stolen)  # cannot overwrite another user's record by id
    assert app.journal.entry("ana", entry.id).answers == entry.answers
    assert app.journal.commitments("ana")[0].status == "open"


def test_lesson_needs_consent_then_approval_before_anyone_can_find_it(app, fake_model):
    entry = reflect_through(app, fake_model, user="Priya Raghunathan").result
    calls = len(fake_model.history)
    with pytest.raises(ConsentRequiredError):
        app.lessons.draft("Priya Raghunathan", entry.id, consent=False)
    assert len(fake_model.history) == calls  # nothing was sent to the model
    fake_model.enqueue(
        json.dumps(
            {
                "title": "Let the team own the estimate",
                "lesson": "Priya asked Marta Kowalski (marta@example.com, +44 20 7946 0958) "
                "to estimate. "
                "When the team set its own numbers, the sprint held.",
                "tags": ["estimation", "delegation"],
            }
        )
    )
    draft = app.lessons.draft("Priya Raghunathan", entry.id, consent=True)
    assert "marta@example.com" not in draft.text
    assert "7946" not in draft.text
    assert "Marta Kowalski" not in draft.text
    assert "Priya" not in draft.text
    assert draft.status == "draft"
    assert (
        app.search.search("team set its own numbers sprint held", 3)[0].metadata["type"] != "lesson"
    )

    lesson = app.lessons.approve(
        "Priya Raghunathan", draft.id, text="When my team set its own estimates, the sprint held."
    )
    assert lesson.status == "approved"
    top = app.search.search("team set its own estimates sprint held", 1)[0]
    assert top.doc_id == lesson.doc_id
    assert top.metadata["author"] == "Priya Raghunathan"
    assert top.metadata["type"] == "lesson"
    # the private journal itself never entered the index
    assert not any(
        m.metadata.get("type") == "journal"
        for m in app.search.search("I do not trust the team's numbers", 10)
    )


def test_protocols_and_frameworks_are_complete():
    assert set(protocols()) == {
        "consultancy-protocol",
        "troika-consulting",
        "action-learning-set",
        "grow",
    }
    for protocol in protocols().values():
        assert protocol.minutes > 0
        assert "## Steps" in protocol.guide
        assert "## Confidentiality" in protocol.guide
    assert set(frameworks()) == {"what-so-what-now-what", "gibbs"}
    assert match_protocol("let's use troika") == protocols()["troika-consulting"]
    assert match_protocol("GROW please") == protocols()["grow"]
    assert match_protocol("sounds good") is None


def test_deleting_an_entry_removes_its_commitments(app, fake_model):
    entry = reflect_through(app, fake_model).result
    app.journal.delete("ana", entry.id)
    assert app.journal.entries("ana") == []
    assert app.journal.commitments("ana") == []
    with pytest.raises(NotFoundError):
        app.journal.entry("ana", entry.id)


def test_sessions_and_briefs_can_be_listed_and_deleted_by_their_owner_only(app, fake_model):
    fake_model.enqueue(clarify(), json.dumps({"protocol": "grow", "why": "A next step."}), BRIEF)
    turn = app.prepare.start("ana", "Estimates again.")
    app.prepare.reply("ana", turn.session_id, "ready")
    brief = app.prepare.reply("ana", turn.session_id, "ok").result
    assert [s.id for s in app.journal.sessions("ana")] == [turn.session_id]
    assert app.journal.sessions("bo") == []
    with pytest.raises(NotFoundError):
        app.journal.delete_brief("bo", brief.id)
    with pytest.raises(NotFoundError):
        app.journal.delete_session("bo", turn.session_id)
    app.journal.delete_brief("ana", brief.id)
    app.journal.delete_session("ana", turn.session_id)
    assert app.prepare.briefs("ana") == []
    assert app.journal.sessions("ana") == []


@pytest.mark.parametrize(
    ("message", "ready"),
    [
        ("ready", True),
        ("I'm ready for the brief", True),
        ("that's it", True),
        ("I have done nothing about it so far", False),
        ("There is not enough time in the sprint", False),
    ],
)
def test_only_a_short_request_moves_on_to_the_brief(message, ready):
    from assistant.coaching.prepare import wants_brief

    assert wants_brief(message) is ready


@pytest.mark.parametrize(
    ("message", "yes"),
    [
        ("ok", True),
        ("Sounds good", True),
        ("yes please", True),
        ("hmm, not sure", False),
        ("no, something else", False),
        ("I'd rather not", False),
    ],
)
def test_agreement_respects_negation(message, yes):
    from assistant.coaching.prepare import agrees

    assert agrees(message) is yes


def test_a_judging_question_never_reaches_the_manager(app, fake_model):
    fake_model.enqueue(clarify(question="What's wrong with you?"))
    turn = app.prepare.start("ana", "I keep putting off the hard conversation.")
    assert "wrong with you" not in turn.text
    assert turn.text.endswith("What matters most to you about this right now?")
