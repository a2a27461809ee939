"""The quote eval: Find peers' quotes say what colleagues tried and what happened (held out)."""

import pytest
from typer.testing import CliRunner

from assistant.retrieve.quotes import ELLIPSIS
from evals.dev_corpus import DEV_DIR, dev_records
from evals.quotes import evaluate_quotes, in_split
from peercoach.cli import app

pytestmark = pytest.mark.integration
DEV = {name: DEV_DIR / f"dev-{name}.jsonl" for name in ("corpus", "queries", "qrels")}


def test_the_splits_part_the_queries():
    assert in_split("q01", "tune")
    assert not in_split("q01", "held-out")
    assert in_split("q02", "held-out")
    assert not in_split("q02", "tune")
    assert in_split("q02", "all")


@pytest.fixture(scope="module")
def held_out():
    return evaluate_quotes(DEV["corpus"], DEV["queries"], DEV["qrels"], split="held-out")


def test_quotes_by_section_say_what_was_tried_not_the_situation_again(held_out):
    before, after = (held_out[name].metrics for name in held_out)
    assert after["know_how"] >= 0.9 > before["know_how"]
    assert after["situation"] < before["situation"] / 2
    assert after["relevant_note"] >= before["relevant_note"] - 0.05  # not bought with relevance
    assert after["quotes_per_colleague"] >= 1.0


def test_every_quote_read_is_a_sentence_of_the_corpus(held_out):
    corpus = " ".join(" ".join(str(r["text"]).split()) for r in dev_records())
    for result in held_out.values():
        assert result.shown
        for quote in result.shown:
            assert quote["quote"].removesuffix(ELLIPSIS) in corpus


def test_the_cli_rejects_an_unknown_split():
    result = CliRunner().invoke(
        app, ["eval", "quotes", *(f"--{k}={v}" for k, v in DEV.items()), "--split", "random"]
    )
    assert result.exit_code != 0
    assert "--split must be one of" in result.output
