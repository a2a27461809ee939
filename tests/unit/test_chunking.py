from assistant.domain.notes import Note
from assistant.ingest.chunking import Chunker
from assistant.tokens import TokenCounter


def _note(text: str, doc_id: str = "kb/a.md") -> Note:
    return Note(doc_id=doc_id, title="T", text=text, author="A")


def test_chunks_respect_the_token_budget_and_ids_are_stable():
    counter = TokenCounter()
    chunker = Chunker(counter, chunk_tokens=60, overlap_tokens=10)
    text = "\n\n".join(f"Paragraph {i}. " + "We tried weekly check-ins. " * 8 for i in range(6))
    first = chunker.split(_note(text))
    assert len(first) > 3
    assert all(counter.count(c.text) <= 60 for c in first)
    again = chunker.split(_note(text))
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)


def test_ids_change_with_content_and_document():
    chunker = Chunker(TokenCounter(), chunk_tokens=100, overlap_tokens=0)
    a = chunker.split(_note("Same text."))[0].chunk_id
    assert chunker.split(_note("Other text."))[0].chunk_id != a
    assert chunker.split(_note("Same text.", doc_id="kb/b.md"))[0].chunk_id != a
