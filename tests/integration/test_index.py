"""Real Chroma and MiniLM: ingest is idempotent, edits replace, bad files are skipped."""

import json
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
    private = "visibility: private\nowner: ana"
    note.write_text(note.read_text().replace("visibility: org", private, 1))
    report = coach.ingest.ingest_path(kb)
    assert report.count("updated") == 1
    metas = coach.index.collection.get(where={"doc_id": f"kb/{note.name}"})["metadatas"]
    assert {(m["visibility"], m["scope"]) for m in metas} == {("private", "user:ana")}


def test_a_private_note_without_an_owner_is_refused(coach, tmp_path):
    (tmp_path / "p.md").write_text("---\nauthor: Ana\nvisibility: private\n---\nMy worry.\n")
    report = coach.ingest.ingest_path(tmp_path)
    assert report.count("skipped") == 1
    assert "needs an owner" in report.files[0].reason
    assert coach.index.count() == 0


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


def test_a_parser_crash_skips_that_file_only(coach, tmp_path, monkeypatch):
    from assistant.ingest import pipeline

    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.md").write_text("---\nauthor: Ana\n---\nGood note.\n")
    (folder / "b.md").write_text("---\nauthor: Bo\n---\nAnother good note.\n")
    real = pipeline.read_file

    def explode_on_a(path, source_id, defaults):
        if path.name == "a.md":
            raise RecursionError("parser bug")
        return real(path, source_id, defaults)

    monkeypatch.setattr(pipeline, "read_file", explode_on_a)
    report = coach.ingest.ingest_path(folder)
    assert [(f.path.name, f.status) for f in report.files] == [
        ("a.md", "skipped"),
        ("b.md", "added"),
    ]
    assert "RecursionError: parser bug" in report.files[0].reason


def test_every_format_in_one_folder_is_searchable(coach, tmp_path):
    from tests.fixtures import write_docx, write_pdf

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\nauthor: Ana\n---\nWe tried a written pre-read for reviews.\n"
    )
    (folder / "b.txt").write_text("---\nauthor: Bo\n---\nStand-ups moved to async updates.\n")
    records = [{"id": "j1", "text": "Shadowing calls sped up onboarding.", "author": "Cy"}]
    (folder / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    write_pdf(folder / "d.pdf", ["Troika consulting helped with the reorg."], author="Di")
    write_docx(folder / "e.docx", "Delegating the rota", ["I let the team own it."], author="Ed")
    report = coach.ingest.ingest_path(folder)
    assert report.count("added") == 5, report.files
    titles = {m.metadata["author"] for m in coach.search.search("onboarding shadowing calls", 5)}
    assert "Cy" in titles
    assert coach.search.search("troika reorg", 1)[0].metadata["author"] == "Di"


def test_jsonl_edits_add_update_and_forget_records(coach, tmp_path):
    path = tmp_path / "kb" / "log.jsonl"
    path.parent.mkdir()
    one = {"id": "r1", "text": "Ranges, not dates.", "author": "Priya"}
    two = {"id": "r2", "text": "A visible buffer.", "author": "Fatima"}
    path.write_text(json.dumps(one) + "\n" + json.dumps(two) + "\n")
    assert coach.ingest.ingest_path(path).files[0].status == "added"
    path.write_text(json.dumps({**one, "text": "Ranges with a confidence level."}) + "\n")
    outcome = coach.ingest.ingest_path(path).files[0]
    assert (outcome.status, outcome.notes) == ("updated", 1)
    docs = coach.index.collection.get(include=["documents"])["documents"]
    assert docs == ["Ranges with a confidence level."]
    assert coach.ingest.forget("kb/log.jsonl") == 1
    assert coach.index.count() == 0


def test_progress_is_reported_in_bytes_within_a_large_file(coach, tmp_path, monkeypatch):
    from assistant.ingest import pipeline

    monkeypatch.setattr(pipeline, "BATCH_NOTES", 10)
    path = tmp_path / "kb" / "many.jsonl"
    path.parent.mkdir()
    rows = [
        {"id": f"r{i}", "text": f"Lesson number {i} about delegation.", "author": "Ana"}
        for i in range(35)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    steps: list[int] = []
    coach.ingest.ingest_path(path.parent, on_bytes=steps.append)
    assert len([s for s in steps if s > 0]) == 4  # one step per batch of 10 notes
    assert sum(steps) == pipeline.input_bytes(path.parent) == path.stat().st_size
