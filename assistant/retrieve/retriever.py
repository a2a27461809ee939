"""The knowledge retriever: a LangChain BaseRetriever over hybrid search, one result per note."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.search import HybridSearch, NoteMatch


class KnowledgeRetriever(BaseRetriever):
    """Returns the best chunk of each of the k best notes the reader may see."""

    search: HybridSearch
    k: int = 5
    min_score: float = 0.0  # notes whose cosine similarity is below this are left out
    filters: SearchFilters = SearchFilters()
    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        k = int(kwargs.get("k", self.k))
        filters = kwargs.get("filters", self.filters)
        matches = self.search.search(query, k, filters)
        return [as_document(m) for m in matches if m.dense >= self.min_score]


def as_document(match: NoteMatch) -> Document:
    """Return a search match as a LangChain Document carrying its scores."""
    metadata = {
        **match.metadata,
        "chunk_id": match.chunk_id,
        "score": round(match.score, 4),
        "dense": round(match.dense, 4),
        "keyword": round(match.keyword, 4),
    }
    return Document(id=match.chunk_id, page_content=match.text, metadata=metadata)
