from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.settings import Settings
from assistant.settings_docs import env_example, settings_table

REPO = Path(__file__).resolve().parents[2]


def test_every_field_is_described_and_the_docs_are_current():
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no description"
    hint = "run `.venv/bin/python -m assistant.settings_docs`"
    assert (REPO / ".env.example").read_text() == env_example(), hint
    assert settings_table() in (REPO / "README.md").read_text(), hint


def test_defaults_are_the_offline_embedded_stack(monkeypatch):
    for var in list(__import__("os").environ):
        if var.startswith("PEERCOACH_"):
            monkeypatch.delenv(var)
    s = Settings(_env_file=None)
    assert (s.llm_provider, s.embedding_provider, s.chroma_mode) == ("local", "local", "embedded")
    assert s.llm_api_key is None


def test_env_prefix_and_dotenv_file(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("PEERCOACH_LLM_PROVIDER=openai\nPEERCOACH_LLM_MODEL=qwen2.5:7b\n")
    monkeypatch.setenv("PEERCOACH_DATA_DIR", str(tmp_path / "d"))
    s = Settings(_env_file=env)
    assert s.llm_provider == "openai"
    assert s.llm_model == "qwen2.5:7b"
    assert s.chroma_path == tmp_path / "d" / "chroma"


def test_invalid_values_are_refused():
    with pytest.raises(ValidationError):
        Settings(_env_file=None, llm_provider="gpt5")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, llm_timeout=0)


def test_api_key_is_hidden_in_repr():
    s = Settings(_env_file=None, llm_api_key="sk-secret")
    assert "sk-secret" not in repr(s)


def test_readme_documents_every_setting_and_the_two_commands():
    readme = (REPO / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"`PEERCOACH_{name.upper()}`" in readme, f"{name} is not documented in README"
    assert "make run" in readme
    assert "make test" in readme
