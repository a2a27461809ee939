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


def write_docx_bomb(path, *, megabytes: int, varied: bool = False):
    """Return a valid-looking DOCX whose document part expands to `megabytes` of XML."""
    import random
    import zipfile

    words = [f"w{i}" for i in range(5000)]
    rng = random.Random(7)

    source = write_docx(path.with_name("seed.docx"), "Seed", ["seed"], author="Mallory")
    with zipfile.ZipFile(source) as seed, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in seed.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, seed.read(item))
        head, _, tail = seed.read("word/document.xml").decode().partition("<w:body>")
        with out.open("word/document.xml", "w") as part:
            part.write((head + "<w:body>").encode())
            size = 0
            while size < megabytes * 1_000_000:
                text = " ".join(rng.choices(words, k=200)) if varied else "a" * 1000
                copies = 1 if varied else 1000
                block = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode() * copies
                part.write(block)
                size += len(block)
            part.write(b"</w:body></w:document>")
    return path


def test_a_docx_zip_bomb_is_skipped_before_it_is_decompressed(tmp_path):
    import tracemalloc

    bomb = write_docx_bomb(tmp_path / "bomb.docx", megabytes=320)
    assert bomb.stat().st_size < 2_000_000  # small on disk, 320 MB inside
    tracemalloc.start()
    try:
        with pytest.raises(NoteError, match="zip bomb"):
            read_file(bomb, "kb/bomb.docx", NoteDefaults(author="A"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # nothing was decompressed


def test_a_docx_with_too_much_xml_to_parse_is_refused_before_parsing(tmp_path):
    import tracemalloc

    big = write_docx_bomb(tmp_path / "big.docx", megabytes=24, varied=True)  # compresses ~3x
    tracemalloc.start()
    try:
        with pytest.raises(NoteError, match="bytes of XML to parse"):
            read_file(big, "kb/big.docx", NoteDefaults(author="A"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # refused from the zip's directory, nothing parsed


def test_text_extracted_from_a_docx_is_capped_like_a_markdown_file(tmp_path):
    long = write_docx_bomb(tmp_path / "long.docx", megabytes=3, varied=True)
    with pytest.raises(NoteError, match="extracted text is over the limit"):
        read_file(long, "kb/long.docx", NoteDefaults(author="A"))


def test_a_docx_zip_bomb_leaves_the_process_peak_memory_where_it_was(tmp_path):
    """The whole process's peak (RSS, C libraries included), measured in a fresh interpreter."""
    import subprocess
    import sys
    import textwrap

    bomb = write_docx_bomb(tmp_path / "bomb.docx", megabytes=320)
    code = textwrap.dedent(f"""
        import resource
        from pathlib import Path
        from assistant.domain.notes import NoteError
        from assistant.ingest.notes import NoteDefaults
        from assistant.ingest.readers import read_file
        import docx, zipfile  # what a real read loads, before the baseline is taken
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            read_file(Path({str(bomb)!r}), "kb/bomb.docx", NoteDefaults(author="A"))
            print("read", flush=True)
        except NoteError as exc:
            print("skipped:", exc, flush=True)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("grew_kb", after - before)
    """)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    lines = run.stdout.splitlines()
    assert lines[0].startswith("skipped:"), run.stdout
    assert "zip bomb" in lines[0], run.stdout
    assert int(lines[-1].split()[1]) < 20_000  # under 20 MB more than before (kB on Linux)
