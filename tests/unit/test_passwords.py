"""Password hashes: argon2id at OWASP's cost, parameters recorded, old hashes upgraded."""

import hashlib
import json

from argon2 import PasswordHasher, extract_parameters
from argon2.low_level import Type

from assistant.people import passwords
from assistant.people.directory import User, UserDirectory


def stored(directory: UserDirectory, username: str) -> dict:
    return json.loads(directory.path.read_text())["users"][username]


def test_a_new_hash_is_argon2id_meeting_owasp_and_records_its_parameters(tmp_path):
    directory = UserDirectory(tmp_path / "users.json")
    directory.add(User("lee", "Lee Park"), "correct horse")
    record = stored(directory, "lee")
    params = extract_parameters(record["hash"])
    assert record["hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")  # parameters in the hash
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024  # OWASP's minimum with t=2
    assert params.time_cost >= 2
    assert "salt" not in record
    assert directory.check("lee", "correct horse")
    assert not directory.check("lee", "correct horsE")


def test_an_old_scrypt_hash_still_signs_in_and_is_upgraded_to_argon2id(tmp_path):
    directory = UserDirectory(tmp_path / "users.json")
    directory.add(User("lee", "Lee Park", "Sales"), "old password")
    salt = bytes(range(16))
    legacy = hashlib.scrypt(b"old password", salt=salt, n=2**14, r=8, p=1, dklen=32)
    users = json.loads(directory.path.read_text())
    users["users"]["lee"] |= {"salt": salt.hex(), "hash": legacy.hex()}
    directory.path.write_text(json.dumps(users))
    assert not directory.check("lee", "wrong password")
    assert stored(directory, "lee")["hash"] == legacy.hex()  # a failed check changes nothing
    assert directory.check("lee", "old password")
    upgraded = stored(directory, "lee")
    assert upgraded["hash"].startswith("$argon2id$")
    assert "salt" not in upgraded
    assert upgraded["team"] == "Sales"  # the profile is kept
    assert directory.check("lee", "old password")
    assert not directory.check("lee", "wrong password")


def test_a_weaker_argon2_hash_is_rehashed_at_the_current_cost_on_sign_in(tmp_path):
    directory = UserDirectory(tmp_path / "users.json")
    directory.add(User("lee", "Lee Park"), "correct horse")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse")
    users = json.loads(directory.path.read_text())
    users["users"]["lee"]["hash"] = weak
    directory.path.write_text(json.dumps(users))
    assert directory.check("lee", "correct horse")
    assert stored(directory, "lee")["hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_unknown_user_or_a_garbled_hash_never_signs_in():
    assert not passwords.check(None, "anything").ok
    assert not passwords.check({"hash": "$argon2id$garbled"}, "anything").ok
