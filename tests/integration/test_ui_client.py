"""The Gradio app served on loopback and driven through gradio_client."""

import pytest
from gradio_client import Client

from ui.app import launch

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def served(demo_coach):
    demo = launch(demo_coach, host="127.0.0.1", port=0, block=False)
    yield demo
    demo.close()


def test_ask_through_the_api_streams_a_cited_reply(served, demo_coach):
    client = Client(served.local_url, verbose=False)
    job = client.submit("My team keeps missing deadlines. What did others try?", api_name="/ask")
    outputs = list(job)  # every streamed update
    final = job.result()
    assert len(outputs) > 2
    assert "[1]" in final
    assert "Sources" in final
    assert "<details>" in final  # each source expands to its excerpt
    model = demo_coach.chat.get()
    assert "My question: My team keeps missing deadlines" in model.history[-1][-1].content


def test_ui_imports_no_langchain_or_chroma():
    import ast
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.startswith(("langchain", "chromadb"))], path
