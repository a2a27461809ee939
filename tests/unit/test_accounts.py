"""The services the UI asks on a user's behalf answer only for that user."""

import pytest

from assistant.coaching.journal import JournalService
from assistant.memory.records import CaseBrief, CoachingSession
from assistant.memory.store import CoachStore
from assistant.people.access import Access
from assistant.people.accounts import Accounts
from assistant.people.directory import User, UserDirectory
from assistant.people.groups import Group, GroupDirectory


@pytest.fixture
def accounts(tmp_path):
    users = UserDirectory(tmp_path / "users.json")
    users.add(User("priya", "Priya R", "Platform", role="owner"), "pw-priya-long")
    users.add(User("sam", "Sam O", "Sales"), "pw-sam-long")
    groups = GroupDirectory(tmp_path / "groups.json")
    groups.save(Group("sales-leads", ("sam", "yuki")))
    return Accounts(users, Access(groups))


def test_an_account_is_the_signed_in_users_own(accounts):
    assert accounts.me("sam").name == "Sam O"
    assert accounts.me("sam").groups == ("sales-leads",)
    assert not accounts.me("sam").owner
    assert accounts.me("priya").owner
    assert accounts.me("priya").groups == ()
    assert accounts.me("ghost").name == "ghost"  # signed in by a proxy, not in the directory
    with pytest.raises(PermissionError, match="no signed-in user"):
        accounts.me("")


def test_sign_in_goes_through_accounts(accounts):
    assert accounts.anyone()
    assert accounts.check("sam", "pw-sam-long")
    assert not accounts.check("sam", "pw-priya-long")


def test_a_sessions_brief_is_found_only_for_its_author(tmp_path):
    store = CoachStore(tmp_path / "coach.sqlite3")
    journal = JournalService(store)
    brief = CaseBrief("cb-1", "priya", "s-1", "grow", "Leads argue", "How?", "-", "-")
    store.save(brief)
    store.save(CoachingSession("s-1", "priya", "prepare", state={"brief_id": "cb-1"}))
    store.save(CoachingSession("s-2", "priya", "reflect"))
    assert journal.brief_of_session("priya", "s-1") == brief
    assert journal.brief_of_session("sam", "s-1") is None  # not sam's session
    assert journal.brief_of_session("priya", "s-2") is None  # no brief yet
    assert journal.latest_session("priya", "prepare").id == "s-1"
    assert journal.latest_session("sam", "prepare") is None
    journal.delete_brief("priya", "cb-1")
    assert journal.brief_of_session("priya", "s-1") is None  # deleted since
