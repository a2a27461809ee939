"""An upload's team comes from the uploader's profile; only a programme owner may name another."""

from assistant.container import build_app
from assistant.people.directory import User


def uploaded_team(coach, username: str, tmp_path) -> str:
    note = tmp_path / f"{username}-claim.md"
    note.write_text("---\nteam: Executive Board\n---\n# Board view\nWhat the board decided.\n")
    me = coach.accounts.me(username)
    report = coach.library.upload(username, me.name, [note], team=me.team)
    assert report.files[0].status == "added", report.files[0].reason
    [(_, meta)] = coach.index._get(where={"owner": username}, include=["metadatas"])
    return str(meta["team"])


def test_a_member_cannot_claim_another_team_in_front_matter(settings, tmp_path):
    coach = build_app(settings)
    coach.users.add(User("sam", "Sam Okafor", "Sales"), "sam-password-1")
    assert uploaded_team(coach, "sam", tmp_path) == "Sales"


def test_a_programme_owner_may_name_the_team_a_note_comes_from(settings, tmp_path):
    coach = build_app(settings)
    coach.users.add(User("priya", "Priya R", "Platform", "owner"), "priya-password-1")
    assert uploaded_team(coach, "priya", tmp_path) == "Executive Board"
