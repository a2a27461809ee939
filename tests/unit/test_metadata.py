"""Note metadata: one typed record, stored as the flat dict Chroma keeps and read back whole."""

from assistant.domain.chunks import Chunk
from assistant.domain.freshness import freshness
from assistant.domain.metadata import NoteMetadata, chunk_metadata
from assistant.domain.notes import Note
from assistant.retrieve.filters import SearchFilters

NOTE = Note(
    "kb/a.md",
    "Ranges, not dates",
    "text",
    "Priya",
    team="Platform",
    date="2026-03-04",
    tags=("estimates", "stakeholders"),
    visibility="group",
    group="platform-leads",
    owner="priya",
    verified="2026-03-05",
)


def test_the_stored_form_keeps_every_key_search_and_the_ui_read():
    stored = chunk_metadata(NOTE, Chunk("c-1", NOTE.doc_id, 2, "text"), "fp")
    assert stored == {
        "doc_id": "kb/a.md",
        "source_id": "kb/a.md",
        "external_id": "",
        "position": 2,
        "title": "Ranges, not dates",
        "author": "Priya",
        "team": "Platform",
        "date": "2026-03-04",
        "date_num": 20260304,
        "tags": "estimates,stakeholders",
        "type": "case",
        "visibility": "group",
        "group": "platform-leads",
        "scope": "group:platform-leads",
        "source": "",
        "owner": "priya",
        "verified": "2026-03-05",
        "review_by": "",
        "fingerprint": "fp",
        "flags": "",
        "tag:estimates": True,
        "tag:stakeholders": True,
    }


def test_a_stored_record_reads_back_as_the_same_typed_record():
    typed = NoteMetadata.of(NOTE, 2, "fp")
    assert NoteMetadata.from_stored(typed.stored()) == typed


def test_missing_or_empty_keys_read_as_empty():
    assert NoteMetadata.from_stored({"title": None, "position": None}) == NoteMetadata()


def test_filters_and_freshness_read_the_typed_record_and_the_dict_alike():
    typed = NoteMetadata.of(NOTE)
    scopes = ("group:platform-leads",)
    scoped = SearchFilters(tags=("estimates",), since="2026-01-01", scopes=scopes)
    assert scoped.matches(typed)
    assert scoped.matches(typed.stored())
    assert not SearchFilters(tags=("hiring",), scopes=scoped.scopes).matches(typed.stored())
    assert freshness(typed) == freshness(typed.stored())
