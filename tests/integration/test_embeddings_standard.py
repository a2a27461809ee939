"""LangChain's standard test suites for our local Embeddings class."""

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from assistant.models.embeddings import MiniLMEmbeddings, MiniLMEncoder

pytestmark = pytest.mark.integration


class TestMiniLMEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[MiniLMEmbeddings]:
        return MiniLMEmbeddings


class TestMiniLMEmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[MiniLMEmbeddings]:
        return MiniLMEmbeddings


def test_vectors_are_normalised_and_similar_texts_are_closer():
    emb = MiniLMEmbeddings()
    a, b, c = emb.embed_documents(
        ["My team keeps missing deadlines", "Our milestones keep slipping", "Pasta recipe"]
    )
    dot = lambda x, y: sum(i * j for i, j in zip(x, y, strict=True))  # noqa: E731
    assert abs(dot(a, a) - 1) < 1e-4
    assert dot(a, b) > dot(a, c) + 0.2


def test_batching_and_padding_do_not_change_vectors():
    encoder = MiniLMEncoder(batch_size=2)
    texts = ["short", "a much longer sentence about delegation and trust in teams", "mid length"]
    together = encoder.encode(texts)
    alone = [encoder.encode([t])[0] for t in texts]
    for x, y in zip(together, alone, strict=True):
        assert float(x @ y) > 0.9999
