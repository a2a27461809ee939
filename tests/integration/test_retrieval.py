"""Retrieval over the demo knowledge base with real embeddings."""

import pytest

from assistant.domain.notes import Note

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("question", "tag"),
    [
        ("My team keeps slipping its delivery dates. What can I do?", "missed-deadlines"),
        ("I have to tell a strong performer something they won't like", "hard-feedback"),
        ("I now manage people who were my peers last month", "managing-former-peers"),
        ("Two people on my team can't stand each other", "conflict"),
    ],
)
def test_a_manager_question_finds_notes_on_that_challenge(demo_coach, question, tag):
    docs = demo_coach.retriever.invoke(question)
    assert len({d.metadata["doc_id"] for d in docs}) == len(docs)  # one chunk per note
    tags = [d.metadata["tags"].split(",") for d in docs[:3]]
    assert any(tag in t for t in tags), [d.metadata["title"] for d in docs]
    assert all({"author", "date", "title", "team"} <= d.metadata.keys() for d in docs)


def test_off_topic_questions_find_nothing(demo_coach):
    assert demo_coach.retriever.invoke("What is the best recipe for lasagna?") == []


def test_private_and_group_notes_are_not_retrievable(coach):
    secret = "My private worry: I am thinking of quitting over missed deadlines"
    for visibility in ("private", "group"):
        note = Note(
            doc_id=f"kb/{visibility}.md",
            title="Journal",
            text=secret,
            author="Ana",
            visibility=visibility,
            type="journal",
        )
        coach.index.upsert_note(note, coach.ingest.chunker.split(note))
    public = Note(doc_id="kb/org.md", title="Deadlines", text="We missed deadlines.", author="Bo")
    coach.index.upsert_note(public, coach.ingest.chunker.split(public))
    docs = coach.retriever.invoke(secret)
    assert [d.metadata["doc_id"] for d in docs] == ["kb/org.md"]
