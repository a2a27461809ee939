import pytest

from assistant.domain.notes import NoteError
from assistant.ingest.notes import NoteDefaults
from assistant.ingest.readers import MAX_BYTES, read_file


def read_markdown(path, doc_id):
    [note] = read_file(path, doc_id, NoteDefaults()).notes
    return note


GOOD = """---
title: "Slipping milestones"
author: Ana Silva
team: Ops
date: 2026-01-02
type: lesson
tags: [Missed-Deadlines, estimation]
---
# Slipping milestones

We kept slipping. I gave ranges instead of dates.
"""


def test_reads_front_matter_and_body(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(GOOD)
    note = read_markdown(path, "kb/a.md")
    assert (note.title, note.author, note.team, note.date) == (
        "Slipping milestones",
        "Ana Silva",
        "Ops",
        "2026-01-02",
    )
    assert note.tags == ("missed-deadlines", "estimation")
    assert (note.type, note.visibility) == ("lesson", "org")
    assert note.text.startswith("# Slipping milestones")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        ("---\nauthor: Zoë\n---\nCafé".encode("latin-1"), "not UTF-8"),
        (b"---\ntitle: x\n---\nno author here", "no author"),
        (b"---\nauthor: [unclosed\n---\ntext", "not valid YAML"),
        (b"---\nauthor: A\n---\n", "no text"),
        (b"---\nauthor: A\ndate: soon\n---\ntext", "not a YYYY-MM-DD date"),
        (b"---\nauthor: A\nvisibility: group\n---\ntext", "no group"),
        (b"---\nauthor: A\ntype: memo\n---\ntext", "type 'memo'"),
        (b"---\nauthor: A\nvisibility: public\n---\ntext", "visibility 'public'"),
    ],
)
def test_bad_files_raise_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(NoteError, match=reason):
        read_markdown(path, "kb/bad.md")


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\nauthor: A\n---\n" + b"x" * (MAX_BYTES[".md"] + 1))
    with pytest.raises(NoteError, match="limit"):
        read_markdown(path, "kb/huge.md")
