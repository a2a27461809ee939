"""Who uploaded each cached file: remembered across restarts, removed with the uploader."""

from pathlib import Path

from assistant.people.uploads import UploadOwners


def cached(cache: Path, name: str) -> Path:
    folder = cache / name.split(".")[0]
    folder.mkdir(parents=True)
    (folder / name).write_text("private")
    return folder / name


def test_an_owner_is_remembered_by_a_new_register_on_the_same_file(tmp_path):
    cache = tmp_path / "cache"
    mine = cached(cache, "worry.md")
    UploadOwners(tmp_path / "uploads.json", cache).note([str(mine)], "sam")
    restarted = UploadOwners(tmp_path / "uploads.json", cache)
    assert restarted.owner(mine) == "sam"
    assert restarted.owner(str(mine.parent / ".." / mine.parent.name / mine.name)) == "sam"
    assert restarted.owner(cache / "other.md") == ""


def test_entries_for_files_gone_are_dropped_on_the_next_upload(tmp_path):
    cache = tmp_path / "cache"
    owners = UploadOwners(tmp_path / "uploads.json", cache)
    old = cached(cache, "old.md")
    owners.note([str(old)], "sam")
    old.unlink()  # Gradio's cache dropped it after an hour
    owners.note([str(cached(cache, "new.md"))], "priya")
    assert "old.md" not in (tmp_path / "uploads.json").read_text()


def test_remove_user_deletes_their_files_only_and_only_inside_the_cache(tmp_path):
    cache = tmp_path / "cache"
    sams, priyas = cached(cache, "sam.md"), cached(cache, "priya.md")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("not the cache's")
    owners = UploadOwners(tmp_path / "uploads.json", cache)
    owners.note([str(sams), str(outside)], "sam")
    owners.note([str(priyas)], "priya")
    assert UploadOwners(tmp_path / "uploads.json", cache).remove_user("sam") == 1
    assert not sams.exists()
    assert not sams.parent.exists()
    assert priyas.exists()
    assert outside.exists()
    assert "sam" not in (tmp_path / "uploads.json").read_text()
