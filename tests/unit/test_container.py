import pytest
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

from assistant.container import build_app, build_chat_model, build_embeddings
from assistant.models.chat import ModelConfigError
from assistant.models.embeddings import MiniLMEmbeddings
from assistant.models.fake import ScriptedChatModel
from assistant.models.fake_embeddings import HashingEmbeddings
from tests.conftest import make_settings


def test_fake_provider_builds_the_scripted_model(tmp_path):
    handle = build_chat_model(make_settings(tmp_path))
    assert not handle.ready
    assert isinstance(handle.get(), ScriptedChatModel)
    assert handle.get() is handle.get()  # built once
    assert str(handle.label) == "fake · scripted"


def test_local_provider_is_lazy(tmp_path):
    handle = build_chat_model(make_settings(tmp_path, llm_provider="local"))
    assert handle.label.kind == "local"
    assert not handle.ready


def test_openai_provider_points_chat_openai_at_any_compatible_server(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = make_settings(
        tmp_path,
        llm_provider="openai",
        llm_base_url="http://127.0.0.1:11434/v1",
        llm_model="qwen2.5:7b",
        llm_timeout=7,
        llm_seed=11,
    )
    handle = build_chat_model(settings)
    assert handle.label.kind == "remote"
    assert "qwen2.5:7b" in str(handle.label)
    model = handle.get()
    assert isinstance(model, ChatOpenAI)
    assert str(model.openai_api_base) == "http://127.0.0.1:11434/v1"
    assert (model.model_name, model.request_timeout) == ("qwen2.5:7b", 7)
    assert model.seed == 11  # sent with every request: the same prompt, the same reply


def test_openai_without_key_or_server_names_the_setting_at_first_use(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    handle = build_chat_model(make_settings(tmp_path, llm_provider="openai"))
    with pytest.raises(ModelConfigError, match="PEERCOACH_LLM_API_KEY"):
        handle.get()


def test_embedding_switch(tmp_path, monkeypatch):
    embedder, space = build_embeddings(make_settings(tmp_path))
    assert isinstance(embedder, MiniLMEmbeddings)
    assert space == "all-MiniLM-L6-v2-onnx-int8"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    embedder, space = build_embeddings(make_settings(tmp_path, embedding_provider="openai"))
    assert isinstance(embedder, OpenAIEmbeddings)
    assert space == "openai-text-embedding-3-small"
    embedder, space = build_embeddings(make_settings(tmp_path, embedding_provider="fake"))
    assert isinstance(embedder, HashingEmbeddings)
    assert space == "fake-hashing-384"


def test_fake_embeddings_are_deterministic_unit_vectors_that_share_words():
    embedder = HashingEmbeddings()
    deadlines, again, sandwich, empty = embedder.embed_documents(
        ["We keep missing deadlines", "We keep missing deadlines", "feedback sandwich", ""]
    )
    assert deadlines == again
    assert embedder.embed_query("We keep missing deadlines") == deadlines
    assert all(abs(sum(v * v for v in vec) - 1) < 1e-9 for vec in (deadlines, sandwich, empty))
    query = embedder.embed_query("missing deadlines again")
    assert _cosine(query, deadlines) > _cosine(query, sandwich)


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_build_app_wires_one_model_into_the_ask_service(tmp_path):
    app = build_app(make_settings(tmp_path, embedding_provider="fake"))
    assert app.ask._chat is app.chat
    assert app.retriever.search is app.search
    assert app.peers._search is app.search
    assert app.settings.chroma_path.is_dir()


def test_the_container_hands_the_reply_screen_to_the_model_handle(tmp_path):
    class Screen:
        def screen(self, reply, users_own_text=""):
            raise AssertionError("not called here")

        def leaks(self, reply):
            return "secret" in reply

    screen = Screen()
    handle = build_chat_model(make_settings(tmp_path), screen)
    assert handle.guard is screen
    assert build_chat_model(make_settings(tmp_path)).guard is None


def test_prepare_gets_the_history_budget_from_the_settings(tmp_path):
    app = build_app(make_settings(tmp_path, embedding_provider="fake", history_tokens=123))
    assert app.prepare._history_tokens == 123
