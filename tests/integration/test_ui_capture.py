"""The Capture tab served on loopback and driven through gradio_client: only its author gets in."""

from __future__ import annotations

import gradio as gr
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.memory.store import NotFoundError
from tests.apps import PRIYA, SAM, as_user, demo_coach_at, served, tabs_of
from tests.integration.test_capture import ANSWERS
from tests.integration.test_ui_client import text_of

pytestmark = pytest.mark.integration
REFUSED = "not yours|not in the list of choices"


@pytest.fixture(scope="module")
def served_coach(demo_data_template, tmp_path_factory):
    return demo_coach_at(demo_data_template, tmp_path_factory.mktemp("capture") / "data")


@pytest.fixture(scope="module")
def app(served_coach):
    with served(served_coach) as demo:
        yield demo


def test_a_draft_is_its_authors_alone_until_approved(app, served_coach):
    priya = Client(app.local_url, auth=PRIYA, verbose=False)
    sam = Client(app.local_url, auth=SAM, verbose=False)
    chat = priya.predict(api_name="/capture_start")[0]
    assert "what happened" in text_of(chat[-1])
    for answer in ANSWERS:
        out = priya.predict(answer, chat, api_name="/capture")
        chat = out[1]
    title, text = out[2], out[3]  # box, chat, title, text, tags, pick, message
    assert "## What I learned" in text
    assert "Tobias" not in text
    session_id = served_coach.capture.latest("priya").id
    query = "sick parent on-call reviews came back"
    hits = served_coach.search.search(query, 5, served_coach.access.filters("priya"))
    assert not any(h.doc_id.startswith("cases/") for h in hits)  # not before approval

    listed = sam.predict(api_name="/capture_start")[4]["choices"]
    assert all(session_id != value for _, value in listed)
    with pytest.raises(AppError, match=REFUSED):  # the one endpoint that takes an interview id
        sam.predict(session_id, api_name="/capture_open")
    sam.predict(True, api_name="/capture_delete")  # deletes sam's own (his session's) interview
    # past the dropdown (a forged session id): the service itself refuses sam
    tab = tabs_of(served_coach).capture
    forged = [
        lambda: tab.open(session_id, as_user("sam")),
        lambda: tab.finish(session_id, as_user("sam")),
        lambda: tab.keep(session_id, "Mine", "x", [], as_user("sam")),
        lambda: tab.approve(session_id, "Mine", "x", [], "org", as_user("sam")),
        lambda: tab.delete(session_id, True, as_user("sam")),
    ]
    for call in forged:
        with pytest.raises(gr.Error, match="not yours"):
            call()
    list(tab.send("I take over", session_id, [], as_user("sam")))  # refused: "no longer there"
    with pytest.raises(NotFoundError):
        served_coach.capture.reply("sam", session_id, "I take over")
    session = served_coach.capture.latest("priya")
    assert all("I take over" not in m["text"] for m in session.messages)
    assert served_coach.capture.draft("priya", session_id).status == "draft"
    assert "· draft ·" in priya.predict(api_name="/journal")[5]  # listed in My journal
    assert "· draft ·" not in sam.predict(api_name="/journal")[5]

    priya.predict(session_id, api_name="/capture_open")
    out = priya.predict(title, text, ["trust"], "org", api_name="/capture_approve")
    assert "Saved for the organisation" in out[-1]
    hits = served_coach.search.search(query, 5, served_coach.access.filters("sam"))
    assert hits[0].doc_id == f"cases/priya/{session_id}"
    assert hits[0].metadata["author"] == served_coach.users.name_of("priya")
