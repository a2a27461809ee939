"""Prepare, reflect, follow up and share a lesson, on the scripted model and real retrieval."""

import datetime as dt
import json
import re

import httpx
import openai
import pytest

from assistant.coaching.brief import brief_markdown
from assistant.coaching.lessons import ConsentRequiredError
from assistant.coaching.protocols import frameworks, match_protocol, protocols
from assistant.coaching.reflect import ReflectService
from assistant.memory.records import CaseBrief, CoachingSession, JournalEntry
from assistant.memory.store import NotFoundError
from assistant.retrieve.quotes import SECTION_LEADS

pytestmark = pytest.mark.integration
DOWN = openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:1/v1"))


def clarify(topic="the sprint deadlines"):
    """The model's part of a clarify turn: a few of the manager's words naming the case."""
    return json.dumps({"topic": topic})


# The brief's one model call: the framing question (every other field is the manager's words).
BRIEF = json.dumps({"framing_question": "How can I get the team to own their estimates?"})


@pytest.fixture
def app(demo_app):
    return demo_app


@pytest.fixture
def fake_model(demo_app):
    return demo_app.chat.get()


def test_prepare_clarifies_proposes_a_protocol_and_saves_a_cited_brief(app, fake_model):
    fake_model.enqueue(
        clarify(),
        json.dumps({"protocol": "troika-consulting"}),
        BRIEF,
    )
    turn = app.prepare.start("ana", "My team keeps missing sprint deadlines.")
    assert turn.text == (
        "Your team keeps missing sprint deadlines. "
        "What have you already tried with the sprint deadlines, and what happened?"
    )
    first_call = fake_model.history[0]
    assert first_call[0].type == "system"
    assert "You do not give advice" in first_call[0].content
    assert first_call[-1].content.startswith("My team keeps missing sprint deadlines.")
    fmt = fake_model.options[0]["response_format"]["json_schema"]
    assert list(fmt["schema"]["properties"]) == ["topic"]

    turn = app.prepare.reply("ana", turn.session_id, "I tried a buffer; it got eaten.")
    assert turn.stage == "clarify"
    assert turn.text.startswith("So you tried a buffer")
    assert "your peers" in turn.text  # the next gap: what help the manager wants
    turn = app.prepare.reply("ana", turn.session_id, "I'd like ideas on owning estimates.")
    assert turn.stage == "clarify"
    turn = app.prepare.reply("ana", turn.session_id, "If it goes on, the launch slips.")
    assert turn.stage == "protocol"
    assert "**Troika consulting**" in turn.text
    assert "It needs 3 people" in turn.text
    assert "you'd like ideas on owning estimates" in turn.text  # the reason is their words
    assert len(fake_model.history) == 2  # the topic once, then the protocol: code did the rest
    turn = app.prepare.reply("ana", turn.session_id, "ok")
    assert turn.done
    brief = turn.result
    assert isinstance(brief, CaseBrief)
    assert brief.protocol == "troika-consulting"
    assert brief.framing_question == "How can I get the team to own their estimates?"
    assert brief.situation == "My team keeps missing sprint deadlines."
    assert brief.tried == "I tried a buffer; it got eaten."
    assert brief.help_wanted == "I'd like ideas on owning estimates."
    assert brief.know_how
    assert all(k["doc_id"].startswith("knowledge/") for k in brief.know_how)
    for k in brief.know_how:  # the sentence of each note that bears on the case, whole
        assert k["sentence"].endswith((".", "!", "?", "…")), k
        lead = f"*{SECTION_LEADS[k['section']]}:* " if k["section"] else ""
        assert f"> {lead}{k['sentence']}" in brief_markdown(brief)  # led by what it says
    assert {k["section"] for k in brief.know_how} & {"tried", "happened", "learned"}
    assert brief.peers
    assert "ana" not in [p["name"] for p in brief.peers]
    assert app.prepare.briefs("ana")[0].id == brief.id
    assert "[1] " in turn.text
    assert "## Peers to invite" in turn.text
    assert app.prepare.briefs("bo") == []


def test_ready_skips_ahead_and_a_named_protocol_wins(app, fake_model):
    fake_model.enqueue(clarify(), json.dumps({"protocol": "action-learning-set"}), BRIEF)
    turn = app.prepare.start("ana", "I need to prepare a case about estimates.")
    turn = app.prepare.reply("ana", turn.session_id, "I'm ready for the brief")
    assert turn.stage == "protocol"
    turn = app.prepare.reply("ana", turn.session_id, "hmm, not sure")
    assert turn.stage == "protocol"  # neither yes nor a protocol: ask again, no model call
    turn = app.prepare.reply("ana", turn.session_id, "let's do troika")
    assert turn.result.protocol == "troika-consulting"
    assert turn.result.tried.startswith("Not discussed yet")


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
    fake_model.enqueue("not json", clarify("the deadlines"))
    turn = app.prepare.start("ana", "Deadlines again: the team missed the deadlines twice.")
    assert "with the deadlines" in turn.text
    assert len(fake_model.history) == 2


def reflect_through(app, fake_model, user="ana"):
    turn = app.reflect.start(user)
    assert turn.text.startswith("**What?**")
    fake_model.enqueue(
        json.dumps({"commitments": [{"what": "Ask the team to estimate the next sprint"}]})
    )
    turn = app.reflect.reply(
        user, turn.session_id, "I presented my estimation case; peers asked why I set the dates."
    )
    assert turn.text.startswith("You said peers asked why you set the dates.")  # built by code
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
    today = dt.date.today()
    monday = today + dt.timedelta(days=(0 - today.weekday()) % 7 or 7)
    assert f"Ask the team to estimate the next sprint (by {monday.isoformat()})" in turn.text
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


def test_a_fallback_commitment_is_not_cut_at_a_question_it_quotes(app, fake_model):
    turn = app.reflect.start("bo")
    fake_model.enqueue(DOWN, DOWN, DOWN, DOWN, DOWN, DOWN)
    step = (
        "I will ask 'what would you do?' before answering, starting Monday, "
        "and review escalations with both agents on Friday."
    )
    for answer in ["They escalate everything.", "I answer too fast.", step]:
        turn = app.reflect.reply("bo", turn.session_id, answer)
    assert turn.done
    [made] = app.journal.commitments("bo")
    assert made.what == step.rstrip(".")  # before: "I will ask 'what would you do"
    assert made.by_when  # dated from "Monday"


def test_a_dated_step_already_given_is_not_asked_again_and_dates_come_from_code(app, fake_model):
    wednesday = dt.date(2026, 12, 2)
    reflect = ReflectService(app.store, app.chat, app.prompts, today=lambda: wednesday)
    turn = reflect.start("ana")
    turn = reflect.reply("ana", turn.session_id, "I brought my case about Jonas and Mei.")
    fake_model.enqueue(json.dumps({"commitments": [{"what": "I'll check the counts on Tuesday"}]}))
    turn = reflect.reply(
        "ana",
        turn.session_id,
        "I have been acting as the referee, so they never had to talk to each other. "
        "I'll check the counts on Tuesday.",
    )
    assert turn.done  # "Now what?" is not asked: the answer already holds a dated step
    assert "referee" in turn.result.answers[-1]["answer"]
    [commitment] = app.journal.commitments("ana")
    assert commitment.by_when == "2026-12-08"  # Tuesday after Wednesday 2 December
    for line in [
        m["text"] for m in app.journal.sessions("ana")[0].messages if m["role"] == "coach"
    ]:
        assert "facilitat" not in line  # no interpretation the manager did not make


def test_a_commitment_copied_from_the_prompts_example_is_dropped_not_the_reply(app, fake_model):
    wednesday = dt.date(2026, 12, 2)
    reflect = ReflectService(app.store, app.chat, app.prompts, today=lambda: wednesday)
    turn = reflect.start("cy")
    turn = reflect.reply("cy", turn.session_id, "I brought my case about escalations.")
    said = "Starting Monday, I ask what they would do before I answer."  # no "I will": no fallback
    mine = "Ask what they would do before I answer, starting Monday"
    example = "I'll ask Ana for the counts on Tuesday"  # in prompts/reflect_commitments.md
    assert app.chat.guard.leaks(json.dumps({"what": example}))
    turn = reflect.reply("cy", turn.session_id, "I answer too fast.")
    reply = json.dumps({"commitments": [{"what": example}, {"what": mine}]})
    fake_model.enqueue(reply, reply)  # as the 1.5B model does: the example again on the retry
    turn = reflect.reply("cy", turn.session_id, said)
    assert turn.done
    assert [c.what for c in app.journal.commitments("cy")] == [mine]  # the right item, kept
    assert turn.model_error == ""  # before: refused whole, no commitment and a notice


def reflect_with(app, fake_model, user, action_plan, model_items):
    """Reflect to the end on a Wednesday; the model lists `model_items`; return the commitments."""
    reflect = ReflectService(app.store, app.chat, app.prompts, today=lambda: dt.date(2026, 12, 2))
    turn = reflect.start(user)
    turn = reflect.reply(user, turn.session_id, "I brought my case about priorities.")
    turn = reflect.reply(user, turn.session_id, "Everything changes every week.")
    fake_model.enqueue(json.dumps({"commitments": [{"what": w} for w in model_items]}))
    turn = reflect.reply(user, turn.session_id, action_plan)
    assert turn.done
    return sorted((c.what, c.by_when) for c in app.journal.commitments(user))


def test_a_commitment_the_model_dated_with_another_steps_date_is_the_managers_own(app, fake_model):
    said = (
        "Next Friday I'll bring her a one-page overview of the projects we dropped. "
        "By end of the month I want us to agree that priorities only change monthly."
    )
    joined = "I'll bring her a one-page overview of the projects we dropped by end of the month"
    agree = "Agree that priorities only change monthly by end of the month"
    made = reflect_with(app, fake_model, "dee", said, [joined, agree])
    assert made == [
        (agree, "2026-12-31"),
        ("I'll bring her a one-page overview of the projects we dropped", "2026-12-11"),
    ]  # before: the overview due on 31 December, as the model wrote it


def test_a_dated_step_the_model_left_out_is_added_from_the_managers_words(app, fake_model):
    said = (
        "Tomorrow I'll ask her for 20 minutes to understand what turnaround she needs. "
        "Then I want to pilot a fast-track lane with one designer."
    )
    made = reflect_with(app, fake_model, "eve", said, ["Pilot a fast-track lane with one designer"])
    assert made == [
        ("I'll ask her for 20 minutes to understand what turnaround she needs", "2026-12-03"),
        ("Pilot a fast-track lane with one designer", ""),
    ]  # before: only the pilot; the dated main step was lost


@pytest.mark.parametrize("model_items", [["joined"], None], ids=["model", "fallback"])
def test_two_steps_in_one_sentence_are_two_commitments_each_with_its_date(
    app, fake_model, model_items
):
    said = (
        "Tomorrow I'll tell them both that I will ask what they would do first, "
        "and by next Friday I'll review the escalations with each of them."
    )
    joined = said.removeprefix("Tomorrow ").rstrip(".")  # as the local model listed it
    items = [joined] if model_items else []  # no item: the manager's own "I'll" sentences
    made = reflect_with(app, fake_model, f"fay-{bool(model_items)}", said, items)
    assert made == [
        ("By next Friday I'll review the escalations with each of them", "2026-12-11"),
        ("I'll tell them both that I will ask what they would do first", "2026-12-03"),
    ]  # before: one commitment due next Friday; "tomorrow" was lost


def test_a_later_i_will_that_is_no_new_step_keeps_the_commitment_whole(app, fake_model):
    said = (
        "I'll tell them on Monday, and they know I'll listen. By end of the month, I'll ask Ines."
    )
    made = reflect_with(app, fake_model, "gus", said, ["By end of the month, I'll ask Ines"])
    assert made == [
        ("By end of the month, I'll ask Ines", "2026-12-31"),
        ("I'll tell them on Monday, and they know I'll listen", "2026-12-07"),
    ]


def test_a_plan_written_as_imperatives_gives_commitments(app, fake_model):
    said = (
        "Have an honest conversation with him about the gaps, with two concrete examples, "
        "and agree what needs to change. Then decide with HR what the next steps are by Friday."
    )
    made = reflect_with(app, fake_model, "hal", said, [])  # the model listed none
    assert made == [
        ("Decide with HR what the next steps are by Friday", "2026-12-04"),
        (
            "Have an honest conversation with him about the gaps, with two concrete examples, "
            "and agree what needs to change",
            "",
        ),
    ]  # before: "I found no commitment with a next step in it"


def test_only_the_action_answer_is_read_for_imperative_steps(app, fake_model):
    reflect = ReflectService(app.store, app.chat, app.prompts, today=lambda: dt.date(2026, 12, 2))
    turn = reflect.start("ida")
    turn = reflect.reply("ida", turn.session_id, "Tell me about it: the group was kind.")
    turn = reflect.reply("ida", turn.session_id, "Talk is cheap, I learned.")
    fake_model.enqueue(json.dumps({"commitments": []}))
    turn = reflect.reply("ida", turn.session_id, "Nothing concrete yet, to be honest.")
    assert turn.done
    assert app.journal.commitments("ida") == []


def test_gibbs_has_six_stages(app, fake_model):
    turn = app.reflect.start("ana", "gibbs")
    fake_model.enqueue(json.dumps({"commitments": []}))
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


DEFECTIVE = {  # what a model may write, one defect each
    "pronoun_flip": "You said I feel stuck and need to do more?",
    "coach_self_question": "What am I missing?",
    "placeholder": "You feel <feeling> about <situ>?",
    "cut_off": "How can I stop them being always 2?",
    "foreign_script": "How can I get my team to talk 你?",
    "judging": "What's wrong with you?",
}


@pytest.mark.parametrize("written", DEFECTIVE.values(), ids=DEFECTIVE.keys())
def test_whatever_the_model_writes_the_manager_sees_clean_replies(app, fake_model, written):
    fake_model.enqueue(
        json.dumps({"topic": written}),
        json.dumps({"protocol": "troika-consulting"}),
        json.dumps({"framing_question": written}),
    )
    said = "I keep putting off the hard conversation with my lead, and I feel stuck."
    turn = app.prepare.start("ana", said)
    shown = [turn.text]
    for message in ["I tried twice; it went nowhere.", "ready", "ok"]:
        turn = app.prepare.reply("ana", turn.session_id, message)
        shown.append(turn.text)
    checker = app.prepare.checker
    for reply in shown[:2]:
        assert checker.defects(reply, said) == [], reply
    framing = turn.result.framing_question
    assert re.match(r"^(How|What) [^?]+\?$", framing)
    assert re.search(r"\b(I|my)\b", framing)
    assert not {"placeholder", "cut_off", "foreign_script"} & {
        d.rule for d in checker.defects(framing, said)
    }
    if written != "What am I missing?":  # the one a manager could ask in their own voice
        assert written not in "".join(shown)


def test_a_question_is_never_asked_twice(app, fake_model):
    fake_model.enqueue(clarify("the deadlines"))
    turn = app.prepare.start("ana", "The team missed the deadlines three times.")
    asked = [turn.text.split(". ")[-1]]
    for message in ["Hmm.", "Not sure.", "I don't know."]:  # answers that file nothing new
        turn = app.prepare.reply("ana", turn.session_id, message)
        if turn.stage == "clarify":
            question = turn.text.split(". ")[-1]
            said = "The team missed the deadlines three times."
            assert not app.prepare.checker.repeats(question, asked, said), (question, asked)
            asked.append(question)
    assert turn.stage == "protocol"  # three questions at most, then it moves on
    assert len(asked) == 3
