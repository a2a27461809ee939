"""Real Chroma and MiniLM: ingest is idempotent, edits replace, bad files are skipped."""

import shutil

import pytest
from chromadb.api.types import DefaultEmbeddingFunction

from assistant.container import build_app
from assistant.index.chroma_client import embedded_client
from assistant.index.chroma_store import collection_name
from assistant.models.embeddings import MODEL_ID, MiniLMEmbeddingFunction
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.integration


@pytest.fixture
def kb(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def test_reingest_changes_nothing_and_an_edit_replaces_old_chunks(coach, kb):
    first = coach.ingest.ingest_path(kb)
    assert first.count("added") == len(list(kb.glob("*.md")))
    chunks = coach.index.count()
    again = coach.ingest.ingest_path(kb)
    assert again.count("unchanged") == len(again.files)
    assert coach.index.count() == chunks

    note = sorted(kb.glob("*.md"))[0]
    head, _, _ = note.read_text().partition("\n# ")
    rewritten = "# Rewritten\n\nOnly this sentence about quarterly planning remains."
    note.write_text(head + "\n" + rewritten + "\n")
    edited = coach.ingest.ingest_path(kb)
    assert edited.count("updated") == 1
    doc_id = f"kb/{note.name}"
    stored = coach.index.collection.get(where={"doc_id": doc_id}, include=["documents"])
    assert stored["documents"] == [rewritten]

    removed = coach.ingest.forget(doc_id)
    assert removed == 1
    assert coach.index.collection.get(where={"doc_id": doc_id})["ids"] == []


def test_metadata_only_edit_updates_without_re_embedding(coach, kb):
    coach.ingest.ingest_path(kb)
    note = sorted(kb.glob("*.md"))[1]
    note.write_text(note.read_text().replace("visibility: org", "visibility: private", 1))
    report = coach.ingest.ingest_path(kb)
    assert report.count("updated") == 1
    metas = coach.index.collection.get(where={"doc_id": f"kb/{note.name}"})["metadatas"]
    assert {m["visibility"] for m in metas} == {"private"}


def test_bad_files_are_reported_by_name_and_the_rest_is_ingested(coach, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("---\nauthor: Ana\n---\nGave ranges, not dates.\n")
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin1.md").write_bytes("---\nauthor: Zoë\n---\nCafé".encode("latin-1"))
    (folder / "notes.txt").write_text("plain text, but nobody signed it")
    (folder / "table.csv").write_text("a,b\n1,2\n")  # not a supported kind: not even listed
    report = coach.ingest.ingest_path(folder)
    skipped = {f.path.name: f.reason for f in report.skipped}
    assert set(skipped) == {"empty.md", "binary.md", "latin1.md", "notes.txt"}
    assert "no author" in skipped["notes.txt"]
    assert "empty" in skipped["empty.md"]
    assert "binary" in skipped["binary.md"]
    assert "UTF-8" in skipped["latin1.md"]
    assert report.count("added") == 1


def test_a_crash_mid_ingest_then_a_rerun_leaves_one_copy(settings, kb, monkeypatch):
    app = build_app(settings)
    calls = {"n": 0}
    real = app.index.upsert_notes

    def crash_on_fifth(batch):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt("simulated crash")
        return real(batch)

    monkeypatch.setattr(app.index, "upsert_notes", crash_on_fifth)
    with pytest.raises(KeyboardInterrupt):
        app.ingest.ingest_path(kb)
    monkeypatch.undo()
    rerun = build_app(settings)
    report = rerun.ingest.ingest_path(kb)
    assert report.count("unchanged") == 4
    ids = rerun.index.collection.get(include=[])["ids"]
    assert len(ids) == len(set(ids))
    expected = sum(f.chunks for f in report.files)
    assert rerun.index.count() == expected


def test_collection_reopens_offline_with_the_registered_embedding_function(
    settings, no_network, monkeypatch
):
    app = build_app(settings)
    app.ingest.ingest_path(KNOWLEDGE / sorted(p.name for p in KNOWLEDGE.glob("*.md"))[0])

    def refuse(self, input):  # Chroma's default would download a model
        raise AssertionError("Chroma's default embedding function was used")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", refuse)
    collection = embedded_client(settings.chroma_path).get_collection(collection_name(MODEL_ID))
    stored = collection.configuration_json["embedding_function"]
    assert stored["name"] == MiniLMEmbeddingFunction.name()
    result = collection.query(query_texts=["missing deadlines"], n_results=1)  # embeds via Chroma
    assert result["ids"][0]
    assert no_network == []
