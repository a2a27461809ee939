"""Peer voting: a colleague is ranked by their best evidence, not by how much they wrote."""

import pytest

from assistant.retrieve.peers import VOTES, PeerFinder, rank_peers
from assistant.retrieve.search import NoteMatch


def match(doc: str, author: str, score: float) -> NoteMatch:
    meta = {"doc_id": doc, "author": author, "title": doc, "team": "Ops", "type": "case"}
    return NoteMatch(doc, doc + "#0", "text", meta, score, score, 0.0)


# One colleague wrote one note that fits closely; another wrote six that fit loosely.
FOCUSED = [match("kb/best", "Ana", 0.90)]
PROLIFIC = [match(f"kb/p{i}", "Bo", 0.55) for i in range(6)]


@pytest.mark.parametrize("vote", ["softmax", "combmax", "weighted", "best2mean"])
def test_best_evidence_wins_over_volume(vote):
    ranked = rank_peers(FOCUSED + PROLIFIC, 2, vote=vote)
    assert [p.name for p in ranked] == ["Ana", "Bo"]


@pytest.mark.parametrize("vote", ["combsum", "expcombsum"])
def test_summing_votes_reward_whoever_writes_most(vote):
    assert rank_peers(FOCUSED + PROLIFIC, 2, vote=vote)[0].name == "Bo"


def test_softmax_is_a_smooth_maximum():
    soft = VOTES["softmax"]
    assert soft([0.8]) == pytest.approx(0.8)
    assert soft([0.8, 0.79]) > soft([0.8]) > soft([0.79, 0.79]) - 0.07
    assert soft([0.8, 0.2]) == pytest.approx(0.8, abs=1e-2)  # a weak second note adds ~nothing


def test_an_unknown_vote_is_refused_by_name():
    with pytest.raises(ValueError, match="combmax"):
        PeerFinder(search=None, vote="majority")  # type: ignore[arg-type]


def test_the_excluded_reader_is_never_their_own_peer():
    assert [p.name for p in rank_peers(FOCUSED + PROLIFIC, 5, exclude="Ana")] == ["Bo"]
