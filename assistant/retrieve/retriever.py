"""The knowledge retriever: a LangChain BaseRetriever over the note index, visibility enforced."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.index.chroma_store import NoteIndex

# Until users and groups exist, only org-wide notes are retrievable by anyone.
VISIBLE_TO_EVERYONE = ("org",)


class KnowledgeRetriever(BaseRetriever):
    """Returns the best chunks per note for a query, only from notes the reader may see."""

    index: NoteIndex
    k: int = 5
    min_score: float = 0.0
    candidates_per_result: int = 3
    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        k = int(kwargs.get("k", self.k))
        where = {"visibility": {"$in": list(VISIBLE_TO_EVERYONE)}}
        hits = self.index.search(query, k * self.candidates_per_result, where=where)
        docs: list[Document] = []
        seen: set[str] = set()
        for hit in hits:  # best chunk of each note only, so k results are k different notes
            if hit.doc_id in seen or hit.score < self.min_score:
                continue
            seen.add(hit.doc_id)
            metadata = {**hit.metadata, "chunk_id": hit.chunk_id, "score": round(hit.score, 4)}
            docs.append(Document(id=hit.chunk_id, page_content=hit.text, metadata=metadata))
            if len(docs) == k:
                break
        return docs
