"""The composition root: the only place that decides which model, embedder and store are used."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.answer.ask import AskService
from assistant.answer.synthesis import SynthesisService
from assistant.coaching.capture import CaptureService
from assistant.coaching.checks import ReplyChecker
from assistant.coaching.journal import JournalService
from assistant.coaching.lessons import LessonService
from assistant.coaching.prepare import PrepareService
from assistant.coaching.reflect import ReflectService
from assistant.compose.grounded import GroundedPromptBuilder
from assistant.compose.prompts import PromptLibrary
from assistant.index.chroma_client import embedded_client, http_client
from assistant.index.chroma_store import NoteIndex
from assistant.index.keyword import KeywordIndex
from assistant.ingest.chunking import Chunker
from assistant.ingest.kept import KeptPassages
from assistant.ingest.library import KnowledgeLibrary
from assistant.ingest.pipeline import IngestService
from assistant.memory.store import CoachStore
from assistant.models.chat import ChatModelHandle, ModelLabel, ReplyScreen, resolve_api_key
from assistant.people.access import Access
from assistant.people.accounts import Accounts
from assistant.people.directory import UserDirectory
from assistant.people.groups import GroupDirectory
from assistant.people.uploads import UploadOwners
from assistant.people.userdata import UserData
from assistant.programme.fit import FitService
from assistant.programme.fitstore import FitStore
from assistant.programme.service import ProgrammeService
from assistant.programme.session_run import SessionRuns
from assistant.programme.session_runner import SessionRunner
from assistant.programme.themes import THEMES, themes_in
from assistant.retrieve.meaning import Meaning
from assistant.retrieve.peers import PeerFinder
from assistant.retrieve.peers_account import QUOTE_CACHE, PeersAccountService
from assistant.retrieve.quotes import QuotePicker
from assistant.retrieve.retriever import KnowledgeRetriever
from assistant.retrieve.rewrite import QueryRewriter
from assistant.retrieve.search import HybridSearch
from assistant.safety.output import ReplyGuard
from assistant.settings import Settings
from assistant.storage.lock import hold_data_dir
from assistant.tokens import TokenCounter


@dataclass
class PeerCoach:
    """Every service of the app, wired from one Settings object."""

    settings: Settings
    prompts: PromptLibrary
    chat: ChatModelHandle
    index: NoteIndex
    search: HybridSearch
    peers: PeerFinder
    retriever: KnowledgeRetriever
    ingest: IngestService
    ask: AskService
    peers_account: PeersAccountService
    synthesis: SynthesisService | None  # None when `find_peers_synthesis` is off
    prepare: PrepareService
    reflect: ReflectService
    journal: JournalService
    lessons: LessonService
    library: KnowledgeLibrary
    users: UserDirectory
    groups: GroupDirectory
    access: Access
    store: CoachStore
    userdata: UserData
    uploads: UploadOwners  # who uploaded each file the web app cached
    programme: ProgrammeService
    accounts: Accounts
    fit: FitService
    capture: CaptureService
    sessions: SessionRunner


def build_chat_model(settings: Settings, guard: ReplyScreen | None = None) -> ChatModelHandle:
    """Return a lazy handle on the chat model chosen by `llm_provider`, screening with `guard`."""
    timeout = settings.llm_timeout
    match settings.llm_provider:
        case "fake":
            from assistant.models.fake import ScriptedChatModel

            label = ModelLabel("fake", "scripted")
            return ChatModelHandle(ScriptedChatModel, label, timeout, guard)
        case "local":
            path = settings.local_model_path
            label = ModelLabel(
                "local", path.name if path else "qwen2.5-coder-1.5b-instruct (Q4_K_M)"
            )
            return ChatModelHandle(lambda: _local_chat_model(settings), label, timeout, guard)
        case "openai":
            where = settings.llm_base_url or "api.openai.com"
            label = ModelLabel("remote", f"{settings.llm_model} @ {where}")
            return ChatModelHandle(
                lambda: _openai_chat_model(settings, settings.llm_base_url), label, timeout, guard
            )
    raise ValueError(f"unknown llm_provider {settings.llm_provider!r}")


def _local_chat_model(settings: Settings) -> BaseChatModel:
    from assistant.models.local_server import LocalModelServer
    from assistant.models.weights import prepare_pinned_model

    path = settings.local_model_path or prepare_pinned_model(settings.models_dir)
    server = LocalModelServer(
        path, context_tokens=settings.local_context_tokens, threads=settings.local_threads
    )
    model = _openai_chat_model(settings, server.base_url(), api_key="local")
    model._peercoach_server = server  # type: ignore[attr-defined]  # keeps the server alive
    return model


def _openai_chat_model(
    settings: Settings, base_url: str | None, api_key: str | None = None
) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    secret = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    key = api_key or resolve_api_key(secret, base_url)
    return ChatOpenAI(
        model=settings.llm_model if api_key is None else "local",
        base_url=base_url,
        api_key=key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        seed=settings.llm_seed,
        max_completion_tokens=settings.llm_max_tokens,
        streaming=True,
    )


def build_embeddings(settings: Settings) -> tuple[Embeddings, str]:
    """Return the embedder chosen by `embedding_provider` and an id naming its vector space."""
    match settings.embedding_provider:
        case "local":
            from assistant.models.embeddings import MODEL_ID, MiniLMEmbeddings

            return MiniLMEmbeddings(), MODEL_ID
        case "openai":
            from langchain_openai import OpenAIEmbeddings

            secret = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
            base_url = settings.embedding_base_url or settings.llm_base_url
            key = resolve_api_key(secret, base_url)
            embedder = OpenAIEmbeddings(  # type: ignore[call-arg]  # aliases of openai_api_*
                model=settings.embedding_model,
                base_url=base_url,
                api_key=key,
                check_embedding_ctx_length=False,
            )
            return embedder, f"openai-{settings.embedding_model}"
        case "fake":
            from assistant.models.fake_embeddings import FAKE_MODEL_ID, HashingEmbeddings

            return HashingEmbeddings(), FAKE_MODEL_ID
    raise ValueError(f"unknown embedding_provider {settings.embedding_provider!r}")


def build_index(settings: Settings) -> NoteIndex:
    """Return the note index on the Chroma chosen by `chroma_mode`."""
    embeddings, embedding_id = build_embeddings(settings)
    if settings.chroma_mode == "http":
        client = http_client(
            settings.chroma_host,
            settings.chroma_port,
            ssl=settings.chroma_ssl,
            ca_file=settings.chroma_ca_file,
            headers=settings.chroma_headers,
        )
    else:
        client = embedded_client(settings.chroma_path)
    function = None
    if settings.embedding_provider == "local":
        from assistant.models.embeddings import MiniLMEmbeddingFunction

        function = MiniLMEmbeddingFunction()
    files = settings.chroma_path if settings.chroma_mode == "embedded" else None
    return NoteIndex(
        client, embeddings, embedding_id=embedding_id, embedding_function=function, files=files
    )


def build_app(settings: Settings | None = None) -> PeerCoach:
    """Return every service wired from settings (read from the environment when omitted)."""
    settings = settings or Settings()
    hold_data_dir(settings.data_dir)  # one writer process per data dir
    counter = TokenCounter(settings.tokenizer)
    prompts = PromptLibrary()
    index = build_index(settings)
    keyword = KeywordIndex(index)
    search = HybridSearch(
        index,
        keyword,
        keyword_weight=settings.keyword_weight,
        candidates=settings.search_candidates,
    )
    retriever = KnowledgeRetriever(
        search=search, k=settings.retrieve_k, min_score=settings.min_relevance
    )
    chunker = Chunker(counter, settings.chunk_tokens, settings.chunk_overlap_tokens)
    builder = GroundedPromptBuilder(
        prompts,
        counter,
        context_tokens=settings.context_tokens,
        history_tokens=settings.history_tokens,
        marking=settings.note_marking,
    )
    guard = ReplyGuard(prompts.get(name).text for name in prompts.names())
    chat = build_chat_model(settings, guard)
    rewriter = QueryRewriter(chat, prompts, counter, use_model=settings.rewrite_follow_ups)
    peers = PeerFinder(search, vote=settings.peer_vote)
    kept = KeptPassages(settings.data_dir / "kept-passages.json")
    uploads = UploadOwners(settings.data_dir / "uploads.json")
    ingest = IngestService(index, chunker, kept=kept.of)
    store = CoachStore(settings.data_dir / "coach.sqlite3")
    users = UserDirectory(settings.users_path)
    groups = GroupDirectory(settings.groups_path)
    access = Access(groups)
    fit = FitStore(settings.programme_fit_path)
    runs = SessionRuns(settings.session_runs_path)
    meaning = Meaning(index.embeddings.embed_documents)
    checker = ReplyChecker(similarity=meaning.similarity)
    peers_account = PeersAccountService(
        search,
        peers,
        QuotePicker(
            Meaning(index.embeddings.embed_documents, cache_size=QUOTE_CACHE),
            per_colleague=settings.quotes_per_colleague,
        ),
        min_relevance=settings.min_relevance,
    )
    return PeerCoach(
        settings=settings,
        prompts=prompts,
        chat=chat,
        index=index,
        search=search,
        peers=peers,
        retriever=retriever,
        ingest=ingest,
        ask=AskService(retriever, builder, chat, rewriter, checked=settings.answer_checks),
        peers_account=peers_account,
        synthesis=SynthesisService(chat, prompts, checker) if settings.synthesis_on() else None,
        prepare=PrepareService(
            store,
            chat,
            prompts,
            counter,
            peers_account,
            history_tokens=settings.history_tokens,
            name_of=users.name_of,
            filters_for=access.filters,
            checker=checker,
            groups_of=lambda user: [(g.name, len(g.members)) for g in groups.groups_of(user)],
        ),
        reflect=ReflectService(store, chat, prompts, checker=checker),
        journal=JournalService(store),
        lessons=LessonService(
            store,
            chat,
            prompts,
            ingest,
            keyword.authors,
            name_of=users.name_of,
            groups_of=access.groups_of,
            scrub_pii=settings.scrub_lessons,
        ),
        library=KnowledgeLibrary(
            ingest, index, groups_of=access.groups_of, is_owner=users.is_owner, kept=kept
        ),
        users=users,
        groups=groups,
        access=access,
        store=store,
        userdata=UserData(
            store, index, users, groups, kept=kept, fit=fit, runs=runs, uploads=uploads
        ),
        uploads=uploads,
        programme=ProgrammeService(
            users,
            groups,
            access,
            index,
            store,
            min_people=settings.programme_min_people,
            fit=fit,
        ),
        accounts=Accounts(users, access),
        fit=FitService(users, groups, index, fit, min_people=settings.programme_min_people),
        capture=CaptureService(
            store,
            chat,
            prompts,
            lambda note: ingest.ingest_notes([note]),
            checker=checker,
            known_names=keyword.authors,
            name_of=users.name_of,
            groups_of=access.groups_of,
            vocabulary=lambda: tuple(THEMES),
            tags_in=themes_in,
        ),
        sessions=SessionRunner(
            groups,
            runs,
            store,
            lambda note: ingest.ingest_notes([note]),
            name_of=users.name_of,
        ),
    )
