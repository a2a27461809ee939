"""The retrieval eval: its CLI contract, and the dev set result the README reports."""

import json

import pytest
from typer.testing import CliRunner

from evals.dev_corpus import DEV_DIR, dev_records
from evals.retrieval import evaluate_retrieval
from peercoach.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()
DEV = {name: DEV_DIR / f"dev-{name}.jsonl" for name in ("corpus", "queries", "qrels")}


def test_dev_corpus_is_the_demo_knowledge_base():
    lines = DEV["corpus"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == dev_records()


def test_dev_set_is_consistent():
    ids = {json.loads(line)["id"] for line in DEV["corpus"].read_text().splitlines()}
    queries = [json.loads(line) for line in DEV["queries"].read_text().splitlines()]
    qrels = [json.loads(line) for line in DEV["qrels"].read_text().splitlines()]
    assert len(queries) >= 40
    assert {q["query_id"] for q in qrels} == {q["id"] for q in queries}
    assert {q["doc_id"] for q in qrels} <= ids


def test_hybrid_beats_dense_only_and_bm25_only_on_the_dev_set():
    report = evaluate_retrieval(
        DEV["corpus"], DEV["queries"], DEV["qrels"], methods=("hybrid", "dense", "bm25")
    )
    hybrid, dense, bm25 = (report.results[m].metrics for m in ("hybrid", "dense", "bm25"))
    for metric in ("ndcg@10", "recall@10", "mrr@10", "expert_mrr@10"):
        assert hybrid[metric] > max(dense[metric], bm25[metric]), metric
    assert hybrid["ndcg@10"] > 0.8


def test_eval_cli_json_and_run_file(tmp_path):
    corpus = tmp_path / "c.jsonl"
    records = [
        {
            "id": "d1",
            "text": "We gave ranges instead of dates for the migration.",
            "author": "Priya",
        },
        {"id": "d2", "text": "Two engineers stopped talking; we mediated.", "author": "Sofia"},
        {
            "id": "d3",
            "text": "Hiring: a work sample beat the interview.",
            "author": "Ravi",
            "visibility": "private",
        },  # the eval indexes every record as org-visible
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records))
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "how to hire well"})
        + "\n"
        + json.dumps({"id": "q2", "text": "deadlines slipping"})
    )
    qrels = tmp_path / "r.jsonl"
    qrels.write_text(
        json.dumps({"query_id": "q1", "doc_id": "d3"})
        + "\n"
        + json.dumps({"query_id": "q2", "doc_id": "d1"})
    )
    run = tmp_path / "run.jsonl"
    result = runner.invoke(
        app,
        [
            "eval",
            "retrieval",
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--qrels",
            str(qrels),
            "--json",
            "--run-file",
            str(run),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["records"] == 3
    assert report["queries"] == 2
    assert report["methods"]["hybrid"]["recall@5"] == 1.0
    assert report["methods"]["hybrid"]["expert_hit@3"] == 1.0
    assert set(report["methods"]) == {"hybrid"}
    lines = [json.loads(line) for line in run.read_text().splitlines()]
    assert [line["query_id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["docs"][0] == "d3"
    assert lines[0]["experts"][0] == "Ravi"
    assert set(lines[0]) == {"query_id", "docs", "experts"}


def test_eval_cli_names_a_bad_line(tmp_path):
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"id": "d1", "text": "x"}\n')  # no author
    ok = tmp_path / "q.jsonl"
    ok.write_text('{"id": "q1", "text": "x"}\n')
    result = runner.invoke(
        app, ["eval", "retrieval", "--corpus", str(bad), "--queries", str(ok), "--qrels", str(ok)]
    )
    assert result.exit_code == 1
    assert "c.jsonl:1: missing author" in result.output
