"""The users file: salted hashes, checks, adding and removing, demo seeding."""

import json
import stat

import pytest

from assistant.people.directory import DEMO_USERS, User, UserDirectory, UserError


@pytest.fixture
def directory(tmp_path):
    return UserDirectory(tmp_path / "users.json")


def test_a_password_is_stored_salted_and_hashed_and_checks_in_both_directions(directory):
    directory.add(User("lee", "Lee Park", "Sales"), "correct horse")
    directory.add(User("kim", "Kim Ito"), "correct horse")
    raw = directory.path.read_text()
    assert "correct horse" not in raw
    records = json.loads(raw)["users"]
    assert records["lee"]["hash"] != records["kim"]["hash"]  # same password, different salt
    assert stat.S_IMODE(directory.path.stat().st_mode) == 0o600
    assert directory.check("lee", "correct horse")
    assert not directory.check("lee", "correct horsE")
    assert not directory.check("kim", "")
    assert not directory.check("nobody", "correct horse")


def test_names_roles_and_removal(directory):
    directory.add(User("lee", "Lee Park", "Sales", "owner"), "password1")
    assert directory.get("lee") == User("lee", "Lee Park", "Sales", "owner")
    assert directory.name_of("lee") == "Lee Park"
    assert directory.name_of("stranger") == "stranger"
    assert directory.username_for("Lee Park") == "lee"
    directory.remove("lee")
    assert directory.get("lee") is None
    assert not directory.check("lee", "password1")
    with pytest.raises(UserError, match="no user"):
        directory.remove("lee")


@pytest.mark.parametrize(
    ("user", "password", "reason"),
    [
        (User("Lee Park", "Lee"), "password1", "username"),
        (User("l", "Lee"), "password1", "username"),
        (User("lee", "Lee", role="admin"), "password1", "role"),
        (User("lee", "Lee"), "short", "at least 8"),
    ],
)
def test_bad_users_are_refused_with_the_reason(directory, user, password, reason):
    with pytest.raises(UserError, match=reason):
        directory.add(user, password)
    assert directory.users() == []


def test_adding_twice_needs_replace(directory):
    directory.add(User("lee", "Lee"), "password1")
    with pytest.raises(UserError, match="already exists"):
        directory.add(User("lee", "Lee"), "password2")
    directory.add(User("lee", "Lee P."), "password2", replace=True)
    assert directory.check("lee", "password2")
    assert not directory.check("lee", "password1")


def test_seeding_the_demo_adds_the_missing_and_keeps_a_changed_password(directory):
    assert [d.user.username for d in directory.seed_demo()] == [d.user.username for d in DEMO_USERS]
    priya = DEMO_USERS[0]
    assert directory.check(priya.user.username, priya.password)
    directory.add(priya.user, "a-new-secret", replace=True)
    assert directory.seed_demo() == []
    assert directory.check(priya.user.username, "a-new-secret")
    assert not directory.check(priya.user.username, priya.password)
