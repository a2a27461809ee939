"""Hybrid search, filters and peer finding over the demo knowledge base (real Chroma + MiniLM)."""

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.retriever import KnowledgeRetriever

pytestmark = pytest.mark.integration

FILTERS = [
    SearchFilters(teams=("Sales",)),
    SearchFilters(tags=("hard-feedback", "conflict")),
    SearchFilters(types=("lesson",)),
    SearchFilters(since="2026-01-01"),
    SearchFilters(until="2025-06-30", types=("case", "session-note")),
    SearchFilters(teams=("Finance", "Data & Analytics"), since="2025-03-01", until="2026-12-31"),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_chroma_where_and_python_filter_select_the_same_chunks(demo_coach, filters):
    collection = demo_coach.index.collection
    by_where = set(collection.get(where=filters.where(), include=[])["ids"])
    everything = collection.get(include=["metadatas"])
    by_python = {
        cid
        for cid, meta in zip(everything["ids"], everything["metadatas"], strict=True)
        if filters.matches(meta)
    }
    assert by_where == by_python
    assert by_where  # each filter selects something on the demo data


@pytest.mark.parametrize("method", ["hybrid", "dense", "bm25"])
@pytest.mark.parametrize("filters", FILTERS)
def test_every_result_passes_the_filters(demo_coach, filters, method):
    matches = demo_coach.search.search(
        "how do I handle a difficult conversation", 10, filters, method
    )
    assert matches
    assert all(filters.matches(m.metadata) for m in matches)


def test_one_result_per_note_best_first(demo_coach):
    matches = demo_coach.search.search("missed deadlines and slipping dates", 10)
    assert len({m.doc_id for m in matches}) == len(matches) == 10
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_keyword_only_detail_is_found_by_hybrid(demo_coach):
    # "feedback sandwich" is a phrase only one note uses; the keyword side should pin it.
    top = demo_coach.search.search("feedback sandwich", 1)[0]
    assert "sandwich" in top.metadata["title"].lower()


def test_private_notes_never_reach_search_or_peers(coach):
    from assistant.domain.notes import Note

    secret = Note(
        "kb/j.md",
        "Journal",
        "I want to quit; missed deadlines everywhere.",
        "Zed",
        type="journal",
        visibility="private",
    )
    public = Note("kb/o.md", "Deadlines", "We missed deadlines and fixed estimation.", "Bo")
    for note in (secret, public):
        coach.index.upsert_note(note, coach.ingest.chunker.split(note))
    for method in ("hybrid", "dense", "bm25"):
        assert [
            m.doc_id for m in coach.search.search("quit missed deadlines", 5, method=method)
        ] == ["kb/o.md"]
        assert [p.name for p in coach.peers.find("quit missed deadlines", 5, method=method)] == [
            "Bo"
        ]


def test_keyword_index_sees_writes_from_another_process(coach, settings):
    from assistant.container import build_app
    from assistant.domain.notes import Note

    assert coach.search.search("zeppelin", 3) == []
    other = build_app(settings)  # a second process's view of the same store
    note = Note("kb/z.md", "Zeppelin rollout", "The zeppelin rollout slipped twice.", "Ana")
    other.index.upsert_note(note, other.ingest.chunker.split(note))
    assert [m.doc_id for m in coach.search.search("zeppelin", 3, method="bm25")] == ["kb/z.md"]


def test_peers_come_with_evidence_and_a_reason(demo_coach):
    found = demo_coach.peers.find("my team keeps missing its delivery dates", 3)
    assert len(found) == 3
    for peer in found:
        assert peer.evidence
        assert all(m.metadata["author"] == peer.name for m in peer.evidence)
        assert peer.why.startswith("Wrote the ")
        assert peer.evidence[0].metadata["title"] in peer.why
    excluded = demo_coach.peers.find(
        "my team keeps missing its delivery dates", 3, exclude=found[0].name
    )
    assert found[0].name not in [p.name for p in excluded]


class TestKnowledgeRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _demo(self, demo_coach):
        type(self)._search = demo_coach.search

    @property
    def retriever_constructor(self) -> type[KnowledgeRetriever]:
        return KnowledgeRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"search": type(self)._search}

    @property
    def retriever_query_example(self) -> str:
        return "How do I give hard feedback to a strong performer?"


def test_a_reader_who_may_see_little_of_a_large_index_still_finds_it(coach):
    from assistant.domain.notes import Note
    from assistant.retrieve.search import OVERFETCH

    others = [
        Note(
            f"kb/z{n}.md",
            f"Zed {n}",
            f"Private worry {n} about missed deadlines.",
            "Zed",
            visibility="private",
            owner="zed",
        )
        for n in range(coach.search.candidates * OVERFETCH + 20)
    ]
    public = Note("kb/org.md", "Deadlines", "We missed deadlines and fixed estimation.", "Bo")
    coach.ingest.ingest_notes([*others, public])
    for method in ("dense", "hybrid"):
        found = coach.search.search("missed deadlines worry", 5, method=method)
        assert [m.doc_id for m in found] == ["kb/org.md"]
    as_zed = coach.search.search("missed deadlines worry", 5, coach.access.filters("zed"))
    assert len(as_zed) == 5


def test_a_large_keyword_index_is_rebuilt_in_the_background(coach, monkeypatch):
    import threading
    import time

    from assistant.domain.notes import Note
    from assistant.index.keyword import KeywordIndex
    from assistant.retrieve.search import HybridSearch

    first = Note("kb/a.md", "Zeppelin rollout", "The zeppelin rollout slipped twice.", "Ana")
    coach.ingest.ingest_notes([first])
    keyword = KeywordIndex(coach.index, sync_limit=0)  # every index counts as large here
    search = HybridSearch(coach.index, keyword)
    assert [m.doc_id for m in search.search("zeppelin", 3, method="bm25")] == ["kb/a.md"]

    second = Note("kb/b.md", "Walrus rollout", "The walrus rollout slipped once.", "Bo")
    coach.ingest.ingest_notes([second])
    release = threading.Event()
    reading = coach.index.chunks

    def slow_chunks(*args, **kwargs):  # the rebuild waits until the test lets it go
        release.wait(30)
        return reading(*args, **kwargs)

    monkeypatch.setattr(coach.index, "chunks", slow_chunks)
    started = time.monotonic()
    stale = search.search("walrus", 3, method="bm25")
    assert time.monotonic() - started < 5  # the reader did not wait for the rebuild
    assert stale == []  # served from the previous build
    meanwhile = search.search("walrus rollout slipped", 3)  # hybrid: the dense side finds it
    assert "kb/b.md" in [m.doc_id for m in meanwhile]
    release.set()
    keyword.wait()
    assert [m.doc_id for m in search.search("walrus", 3, method="bm25")] == ["kb/b.md"]
    assert keyword.current().generation == coach.index.generation()
