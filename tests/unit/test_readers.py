import json

import pytest

from assistant.domain.notes import NoteError
from assistant.ingest.notes import NoteDefaults
from assistant.ingest.readers import read_file
from tests.fixtures import write_docx, write_pdf

DEFAULTS = NoteDefaults()


def test_plain_text_takes_metadata_from_defaults(tmp_path):
    path = tmp_path / "quarterly-review.txt"
    path.write_text("We moved the review to a written pre-read. Meetings got shorter.")
    [note] = read_file(
        path, "kb/quarterly-review.txt", NoteDefaults(author="Ana", team="Ops")
    ).notes
    assert (note.author, note.team, note.title) == ("Ana", "Ops", "quarterly-review")
    assert note.source_id == "kb/quarterly-review.txt"
    with pytest.raises(NoteError, match="no author"):
        read_file(path, "kb/q.txt", DEFAULTS)


def test_jsonl_records_become_notes_and_bad_lines_are_reported(tmp_path):
    path = tmp_path / "notes.jsonl"
    records = [
        {"id": "r1", "text": "Gave ranges, not dates.", "author": "Priya", "tags": ["estimation"]},
        {"id": "r2", "text": "Buffer.", "author": "Fatima", "visibility": "group", "group": "g1"},
        {"id": "r3", "text": "no author here"},
        {"id": "r1", "text": "duplicate id", "author": "X"},
        {"text": "no id", "author": "Y"},
    ]
    lines = [json.dumps(r) for r in records] + ["{not json", "[1, 2]", ""]
    path.write_text("\n".join(lines))
    result = read_file(path, "kb/notes.jsonl", DEFAULTS)
    assert [n.doc_id for n in result.notes] == ["kb/notes.jsonl#r1", "kb/notes.jsonl#r2"]
    assert [n.external_id for n in result.notes] == ["r1", "r2"]
    assert result.notes[0].tags == ("estimation",)
    assert (result.notes[1].visibility, result.notes[1].group) == ("group", "g1")
    assert [p.split(":")[0] for p in result.problems] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]
    assert "no author" in result.problems[0]
    assert "appears twice" in result.problems[1]


def test_jsonl_with_no_readable_record_is_skipped_whole(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n")
    with pytest.raises(NoteError, match="no readable record"):
        read_file(path, "kb/bad.jsonl", DEFAULTS)


def test_pdf_text_and_properties(tmp_path):
    path = write_pdf(
        tmp_path / "offsite.pdf",
        ["We ran the offsite as a troika consulting session.", "Everyone left with one action."],
        title="Offsite notes",
        author="Jonas Becker",
    )
    [note] = read_file(path, "kb/offsite.pdf", DEFAULTS).notes
    assert (note.title, note.author) == ("Offsite notes", "Jonas Becker")
    assert "troika consulting" in note.text


def test_broken_and_empty_pdfs_say_why(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(NoteError, match="PDF"):
        read_file(broken, "kb/broken.pdf", NoteDefaults(author="A"))
    blank = write_pdf(tmp_path / "blank.pdf", [], author="A")
    with pytest.raises(NoteError, match="no extractable text"):
        read_file(blank, "kb/blank.pdf", DEFAULTS)


def test_docx_headings_and_properties(tmp_path):
    path = write_docx(
        tmp_path / "handover.docx",
        "Handing over the on-call rota",
        ["I wrote the rota rules down first.", "Then I stepped back for a month."],
        author="Tomasz Wierzbicki",
    )
    [note] = read_file(path, "kb/handover.docx", DEFAULTS).notes
    assert (note.title, note.author) == ("Handing over the on-call rota", "Tomasz Wierzbicki")
    assert "## What I tried" in note.text
    assert "stepped back for a month" in note.text


def test_corrupt_docx_says_why(tmp_path):
    path = tmp_path / "corrupt.docx"
    path.write_bytes(b"PK\x03\x04 not a real zip")
    with pytest.raises(NoteError, match="DOCX cannot be read"):
        read_file(path, "kb/corrupt.docx", NoteDefaults(author="A"))


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"data")
    with pytest.raises(NoteError, match="unsupported file type .xlsx"):
        read_file(path, "kb/sheet.xlsx", DEFAULTS)
