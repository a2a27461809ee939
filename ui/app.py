"""The web app: the header and the tabs assembled behind sign-in (no LangChain or Chroma here)."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant.container import PeerCoach
from assistant.people.signin import SessionClock, SignInThrottle
from ui.downloads import EXPORTS
from ui.gate import GateRules, SignInGate
from ui.header import Header
from ui.page import APP_NAME, HEAD, SignInHead
from ui.tabs.capture import CaptureTab
from ui.tabs.find_peers import FindPeersTab
from ui.tabs.groups import GroupsTab
from ui.tabs.journal import JournalTab
from ui.tabs.knowledge import KnowledgeTab
from ui.tabs.prepare import PrepareTab
from ui.tabs.programme import ProgrammeTab
from ui.tabs.reflect import ReflectTab
from ui.tabs.session_run import SessionRunTab
from ui.tabs.survey import SurveyTab
from ui.theme import CSS, theme


@dataclass(frozen=True)
class Tabs:
    """The app's tabs, each given only the services it uses."""

    prepare: PrepareTab
    reflect: ReflectTab
    find_peers: FindPeersTab
    journal: JournalTab
    knowledge: KnowledgeTab
    groups: GroupsTab
    programme: ProgrammeTab
    survey: SurveyTab
    capture: CaptureTab
    session: SessionRunTab


def add_tabs(coach: PeerCoach, demo: gr.Blocks) -> Tabs:
    """Lay out the header and every tab inside `demo` and wire them to the coach's services."""
    limit = coach.settings.ui_concurrency
    Header(
        coach.accounts,
        coach.chat,
        coach.library.size,
        sign_out=coach.settings.auth_mode == "password",
    ).build(demo)
    tabs = Tabs(
        prepare=PrepareTab(
            coach.prepare,
            coach.journal,
            min_people=coach.settings.programme_min_people,
            chat_limit=limit,
        ),
        reflect=ReflectTab(
            coach.reflect, coach.journal, coach.lessons, coach.accounts, chat_limit=limit
        ),
        find_peers=FindPeersTab(
            coach.search,
            coach.peers_account,
            coach.synthesis,
            coach.access,
            coach.accounts,
            chat_limit=limit,
        ),
        journal=JournalTab(coach.journal, coach.prepare, coach.userdata, coach.capture),
        knowledge=KnowledgeTab(coach.library, coach.accounts),
        groups=GroupsTab(coach.programme),
        programme=ProgrammeTab(coach.programme, coach.accounts, coach.fit),
        survey=SurveyTab(coach.fit),
        capture=CaptureTab(coach.capture, coach.accounts, chat_limit=limit),
        session=SessionRunTab(coach.sessions, coach.prepare, coach.accounts),
    )
    with gr.Tabs(overflow_behavior="wrap"):  # every tab one tap away, on a phone too
        tabs.prepare.build(demo)
        tabs.reflect.build(demo)
        tabs.capture.build(demo)
        tabs.find_peers.build()
        tabs.journal.build()
        tabs.knowledge.build(demo)
        tabs.groups.build()
        tabs.session.build(demo)
        tabs.survey.build(demo)
        tabs.programme.build(demo)
    return tabs


def build_ui(coach: PeerCoach) -> gr.Blocks:
    """Return the Gradio app wired to the coach's services."""
    # Gradio's cache (uploads, exports) is emptied of files over an hour old every 15 minutes.
    with gr.Blocks(title=APP_NAME, delete_cache=(900, 3600)) as demo:
        add_tabs(coach, demo)
    return demo


def gate_rules(coach: PeerCoach, demo: gr.Blocks) -> GateRules:
    """Return what the front door enforces, from the settings (a proxy signs people in itself)."""
    settings = coach.settings
    timers = {b._id for b in demo.blocks.values() if isinstance(b, gr.Timer)}
    if settings.auth_mode == "proxy":
        return GateRules(None, None, timers, EXPORTS, settings.proxy_user_header, coach.uploads)
    throttle = SignInThrottle(
        per_account=settings.signin_max_failures,
        per_address=settings.signin_max_failures_per_address,
        lockout=settings.signin_lockout_seconds,
    )
    sessions = SessionClock(
        idle=settings.session_idle_minutes * 60, lifetime=settings.session_max_hours * 3600
    )
    return GateRules(throttle, sessions, timers, EXPORTS, uploads=coach.uploads)


def free_port(host: str) -> int:
    """Return a port that is free on `host` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def launch(coach: PeerCoach, *, host: str, port: int, block: bool = True) -> gr.Blocks:
    """Serve the app behind sign-in, print its address, and start the model in the background."""
    demo = build_ui(coach)
    demo.queue(default_concurrency_limit=coach.settings.ui_concurrency)
    sign_in: dict[str, Any]
    if coach.settings.auth_mode == "proxy":
        header = coach.settings.proxy_user_header
        sign_in = {"auth_dependency": lambda request: request.headers.get(header) or None}
    else:
        if not coach.accounts.anyone():
            raise SystemExit(
                "No one can sign in yet: add a user with `peercoach users add NAME` "
                "(or `peercoach users seed-demo`)."
            )
        sign_in = {
            "auth": coach.accounts.check,
            "auth_message": "Sign in to Peer Coach. Your journal is private to you.",
        }
    chosen = port
    for attempt in range(5):  # a picked free port can be taken before Gradio binds it
        chosen = port or free_port(host)
        try:
            demo.launch(
                server_name=host,
                server_port=chosen,
                prevent_thread_lock=True,
                show_error=True,
                quiet=True,
                footer_links=[],
                max_file_size="50mb",
                css=CSS,
                theme=theme(),
                head=HEAD,
                app_kwargs={
                    "middleware": [
                        Middleware(SignInGate, rules=gate_rules(coach, demo)),
                        Middleware(SignInHead),
                    ],
                    "openapi_url": None,
                    "docs_url": None,
                    "redoc_url": None,
                },
                **sign_in,
            )
            break
        except OSError:
            if port or attempt == 4:
                raise
    # Only now: the model server binds a port of its own and must not take the app's.
    threading.Thread(target=coach.ask.warm_up, name="model-warm-up", daemon=True).start()
    threading.Thread(target=coach.peers_account.warm_up, name="quotes-warm-up", daemon=True).start()
    port = chosen
    print(f"Peer Coach is running at http://{host}:{port}  (Ctrl+C to stop)", flush=True)  # noqa: T201
    if block:
        demo.block_thread()
    return demo
