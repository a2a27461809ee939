"""The web app: signed-in tabs over the coach's services (no LangChain or Chroma in here)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.coaching.protocols import frameworks
from assistant.container import PeerCoach
from assistant.domain.notes import NOTE_TYPES
from assistant.ingest.readers import SUPPORTED_SUFFIXES
from ui.actions import Actions
from ui.programme import ProgrammeActions, my_groups_tab, programme_tab

STATUS_EVERY = 10.0  # seconds between model status refreshes
PREPARE_HINT = (
    "Describe the challenge you want to bring to your peer group. The coach asks a few "
    "questions, suggests a protocol, and writes a case brief with colleagues' know-how."
)
REFLECT_HINT = (
    "After a peer session: answer one question at a time. Your entry is private to you; "
    "you choose whether a lesson from it is shared."
)
CSS = """
.hint {color: var(--body-text-color-subdued);}
#brief details, #answer details, #peers details, #notes details {margin: 0.2em 0 0.2em 1em;}
"""


def build_ui(coach: PeerCoach) -> gr.Blocks:
    """Return the Gradio app wired to the coach's services."""
    act = Actions(coach)
    programme = ProgrammeActions(coach)
    chat_limit = coach.settings.ui_concurrency
    with gr.Blocks(title="Peer Coach") as demo:
        with gr.Row():
            gr.Markdown("# Peer Coach", elem_id="title")
            who = gr.Markdown(elem_id="who")
            if coach.settings.auth_mode == "password":  # behind a proxy, the proxy signs out
                gr.Button("Sign out", link="/logout", size="sm", scale=0, elem_id="sign-out")
        status = gr.Markdown(act.status(), elem_id="model-status")
        gr.Timer(STATUS_EVERY).tick(
            act.status, outputs=status, api_visibility="private", show_progress="hidden"
        )

        with gr.Tabs():
            with gr.Tab("Prepare", id="prepare", elem_id="tab-prepare"):
                gr.Markdown(PREPARE_HINT, elem_classes="hint")
                prepare_id = gr.State("")
                with gr.Row():
                    with gr.Column(scale=3):
                        prepare_chat = gr.Chatbot(height=460, elem_id="prepare-chat", label="Coach")
                        prepare_box = gr.Textbox(
                            placeholder="What is the challenge? (Enter to send)",
                            show_label=False,
                            elem_id="prepare-input",
                        )
                        with gr.Row():
                            prepare_go = gr.Button(
                                "Send", variant="primary", elem_id="prepare-send"
                            )
                            prepare_new = gr.Button("New session", elem_id="prepare-new")
                    with gr.Column(scale=2):
                        gr.Markdown("### Case brief")
                        brief = gr.Markdown(elem_id="brief")
                        brief_file = gr.DownloadButton(
                            "Export brief (.md)", visible=False, elem_id="brief-export"
                        )
                        brief_share = gr.Button(
                            "Count this brief in the programme's themes (never your name)",
                            size="sm",
                            elem_id="brief-share",
                        )
                        brief_shared = gr.Markdown(elem_id="brief-shared")
                prepare_out = [prepare_box, prepare_chat, prepare_id, brief, brief_file]
                prepare_in = [prepare_box, prepare_id, prepare_chat]
                _on_send(
                    prepare_go,
                    prepare_box,
                    act.prepare_send,
                    prepare_in,
                    prepare_out,
                    "prepare",
                    chat_limit,
                )
                brief_share.click(act.brief_share, prepare_id, brief_shared, api_name="brief_share")
                prepare_new.click(
                    act.prepare_new,
                    None,
                    [prepare_chat, prepare_id, brief, brief_file],
                    api_name="prepare_new",
                )

            with gr.Tab("Reflect", id="reflect", elem_id="tab-reflect"):
                gr.Markdown(REFLECT_HINT, elem_classes="hint")
                reflect_id, entry_id, lesson_id = gr.State(""), gr.State(""), gr.State("")
                with gr.Row():
                    framework = gr.Radio(
                        [(f.title, f.name) for f in frameworks().values()],
                        value="what-so-what-now-what",
                        label="Framework",
                        elem_id="framework",
                    )
                    reflect_new = gr.Button("Start a reflection", elem_id="reflect-start", scale=0)
                reflect_chat = gr.Chatbot(height=420, elem_id="reflect-chat", label="Coach")
                reflect_box = gr.Textbox(
                    placeholder="Your answer (Enter to send)",
                    show_label=False,
                    elem_id="reflect-input",
                )
                reflect_go = gr.Button("Send", variant="primary", elem_id="reflect-send")
                with gr.Group(visible=False, elem_id="lesson-offer") as offer:
                    consent = gr.Checkbox(
                        label="Yes: draft a lesson from this entry for me to edit. "
                        "Nothing is shared until I press Share.",
                        elem_id="lesson-consent",
                    )
                    draft_go = gr.Button("Draft a lesson", elem_id="lesson-draft")
                with gr.Group(visible=False, elem_id="lesson-editor") as editor:
                    lesson_title = gr.Textbox(label="Lesson title", elem_id="lesson-title")
                    lesson_text = gr.Textbox(label="Lesson", lines=6, elem_id="lesson-text")
                    with gr.Row():
                        lesson_to = gr.Dropdown(
                            [("The organisation", "org")],
                            value="org",
                            label="Share with",
                            allow_custom_value=True,  # the service checks group membership
                            elem_id="lesson-share-to",
                        )
                        share = gr.Button("Share", variant="primary", elem_id="lesson-share")
                        discard = gr.Button("Discard", elem_id="lesson-discard")
                lesson_msg = gr.Markdown(elem_id="lesson-message")
                reflect_new.click(
                    act.reflect_start,
                    framework,
                    [reflect_chat, reflect_id, entry_id, offer],
                    api_name="reflect_start",
                )
                reflect_out = [reflect_box, reflect_chat, reflect_id, entry_id, offer]
                reflect_in = [reflect_box, reflect_id, reflect_chat, framework]
                _on_send(
                    reflect_go,
                    reflect_box,
                    act.reflect_send,
                    reflect_in,
                    reflect_out,
                    "reflect",
                    chat_limit,
                )
                draft_go.click(
                    act.lesson_draft,
                    [entry_id, consent],
                    [lesson_id, lesson_title, lesson_text, editor],
                    api_name="lesson_draft",
                    concurrency_id="model",
                )
                share.click(
                    act.lesson_share,
                    [lesson_id, lesson_title, lesson_text, lesson_to],
                    lesson_msg,
                    api_name="lesson_share",
                )
                discard.click(
                    act.lesson_discard,
                    lesson_id,
                    [lesson_id, lesson_title, lesson_text, lesson_msg],
                    api_name="lesson_discard",
                )

            with gr.Tab("Find peers", id="peers", elem_id="tab-peers") as peers_tab:
                question = gr.Textbox(
                    label="What problem do you want help with?",
                    placeholder="e.g. My team keeps missing deadlines",
                    elem_id="find-input",
                )
                with gr.Row():
                    known_teams, known_tags = coach.search.facets()  # refreshed on opening the tab
                    teams = gr.Dropdown(
                        known_teams,
                        label="Teams",
                        multiselect=True,
                        allow_custom_value=True,
                        elem_id="find-teams",
                    )
                    tags = gr.Dropdown(
                        known_tags,
                        label="Tags",
                        multiselect=True,
                        allow_custom_value=True,
                        elem_id="find-tags",
                    )
                    types = gr.CheckboxGroup(
                        [t for t in NOTE_TYPES if t != "journal"],
                        label="Kinds",
                        elem_id="find-types",
                    )
                    since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id="find-since")
                find_go = gr.Button("Find peers", variant="primary", elem_id="find-go")
                with gr.Row():
                    with gr.Column():
                        gr.Markdown("### Colleagues who handled this")
                        peers_md = gr.Markdown(elem_id="peers")
                    with gr.Column():
                        gr.Markdown("### What they learned")
                        answer = gr.Markdown(elem_id="answer")
                        gr.Markdown("### Matching notes")
                        notes_md = gr.Markdown(elem_id="notes")
                find_in = [question, teams, tags, types, since]
                _on_send(
                    find_go,
                    question,
                    act.find,
                    find_in,
                    [answer, peers_md, notes_md],
                    "find_peers",
                    chat_limit,
                )
                peers_tab.select(act.facets, None, [teams, tags], api_visibility="private")

            with gr.Tab("My journal", id="journal", elem_id="tab-journal") as journal_tab:
                gr.Markdown("Only you can see this page.", elem_classes="hint")
                with gr.Row():
                    with gr.Column():
                        entries = gr.Dropdown(label="Journal entries", elem_id="entries")
                        entry_md = gr.Markdown(elem_id="entry")
                        with gr.Row():
                            confirm = gr.Checkbox(label="Yes, delete it", elem_id="delete-confirm")
                            delete = gr.Button(
                                "Delete entry", variant="stop", elem_id="entry-delete"
                            )
                        journal_msg = gr.Markdown()
                    with gr.Column():
                        table = gr.Dataframe(
                            headers=["Commitment", "By when", "Status"],
                            interactive=False,
                            label="Commitments",
                            elem_id="commitments",
                        )
                        open_items = gr.Dropdown(
                            label="Open commitment", elem_id="open-commitments"
                        )
                        with gr.Row():
                            done = gr.Button("Done", elem_id="commitment-done")
                            drop = gr.Button("Drop", elem_id="commitment-drop")
                        briefs = gr.Dropdown(label="Case briefs", elem_id="briefs")
                        brief_view = gr.Markdown(elem_id="brief-view")
                        brief_view_file = gr.DownloadButton("Export brief (.md)", visible=False)
                        gr.Markdown("### Lessons")
                        lessons_md = gr.Markdown(elem_id="lessons")
                        with gr.Row():
                            export_go = gr.Button("Prepare my data (.zip)", elem_id="export-go")
                            export_file = gr.DownloadButton(
                                "Download my data", visible=False, elem_id="export-file"
                            )
                journal_out = [entries, open_items, table, briefs, lessons_md]
                journal_tab.select(act.journal, None, journal_out, api_name="journal")
                entries.change(act.journal_open, entries, entry_md, api_name="journal_entry")
                export_go.click(act.export_mine, None, export_file, api_name="export_mine")
                delete.click(
                    act.journal_delete,
                    [entries, confirm],
                    [*journal_out, journal_msg, confirm],
                    api_name="journal_delete",
                )
                done.click(
                    _with(act.commitment_mark, "done"),
                    open_items,
                    journal_out,
                    api_name="commitment_done",
                )
                drop.click(
                    _with(act.commitment_mark, "dropped"),
                    open_items,
                    journal_out,
                    api_name="commitment_drop",
                )
                briefs.change(
                    act.brief_open, briefs, [brief_view, brief_view_file], api_name="brief"
                )

            with gr.Tab("Knowledge", id="knowledge", elem_id="tab-knowledge") as knowledge_tab:
                gr.Markdown(
                    "Upload notes you wrote (" + ", ".join(sorted(SUPPORTED_SUFFIXES)) + "). "
                    "You keep them current: a note is due for review a year after you last "
                    "verified it, and citations say when it is stale. "
                    "They are attributed to you and shared with whom you choose: only you, one "
                    "of your peer groups, or the organisation. Instruction-like text aimed at "
                    "the coach is neutralised.",
                    elem_classes="hint",
                )
                with gr.Row():
                    files = gr.File(
                        file_count="multiple",
                        label="Files",
                        elem_id="upload-files",
                        type="filepath",
                        scale=3,
                    )
                    upload_to = gr.Dropdown(
                        [("Only me", "private"), ("The organisation", "org")],
                        value="org",
                        label="Share with",
                        allow_custom_value=True,  # the service checks group membership
                        elem_id="upload-share-to",
                        scale=1,
                    )
                upload = gr.Button("Upload", variant="primary", elem_id="upload-go")
                upload_md = gr.Markdown(elem_id="upload-report")
                mine = gr.Dataframe(
                    headers=["Title", "Kind", "Date", "File", "Chunks", "Review"],
                    interactive=False,
                    label="Notes you own",
                    elem_id="my-notes",
                )
                with gr.Row():
                    owned = gr.Dropdown(label="Note to forget", elem_id="forget-choice")
                    verify = gr.Button("Mark verified today", elem_id="verify-go", scale=0)
                    forget = gr.Button("Forget", variant="stop", elem_id="forget-go", scale=0)
                upload.click(
                    act.upload, [files, upload_to], [upload_md, mine, owned], api_name="upload"
                )
                forget.click(act.forget, owned, [upload_md, mine, owned], api_name="forget")
                verify.click(
                    act.verify_mine, owned, [upload_md, mine, owned], api_name="verify_mine"
                )
                knowledge_tab.select(act.knowledge, None, [mine, owned], api_name="my_notes")
                knowledge_tab.select(  # a group joined since the page loaded is offered too
                    act.upload_choices, None, upload_to, api_visibility="private"
                )

            my_groups_tab(programme)
            owner_tab = programme_tab(programme)

        demo.load(act.whoami, None, who, api_visibility="private")
        demo.load(programme.owner_tab, None, owner_tab, api_visibility="private")
        demo.load(act.share_choices, None, [lesson_to, upload_to], api_visibility="private")
        demo.load(
            act.prepare_restore,
            None,
            [prepare_chat, prepare_id, brief, brief_file],
            api_visibility="private",
        )
        demo.load(
            act.reflect_restore,
            None,
            [reflect_chat, reflect_id, entry_id, offer],
            api_visibility="private",
        )
    return demo


def _on_send(
    button: gr.Button,
    box: gr.Textbox,
    handler: Callable[..., Any],
    inputs: list[Any],
    outputs: list[Any],
    api_name: str,
    limit: int,
) -> None:
    """Wire a chat's Send button (public API) and Enter in its box to one model handler."""
    for trigger, visible in ((button.click, "public"), (box.submit, "private")):
        trigger(
            handler,
            inputs,
            outputs,
            api_name=api_name if visible == "public" else None,
            api_visibility=visible,
            concurrency_limit=limit,
            concurrency_id="model",
        )


def _with(handler: Callable[..., Any], value: str) -> Callable[..., Any]:
    """Return the handler with its second argument fixed (e.g. a status)."""

    def bound(first: Any, request: gr.Request) -> Any:
        return handler(first, value, request)

    bound.__name__ = f"{handler.__name__}_{value}"
    return bound


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
        if not coach.users.users():
            raise SystemExit(
                "No one can sign in yet: add a user with `peercoach users add NAME` "
                "(or `peercoach users seed-demo`)."
            )
        sign_in = {
            "auth": coach.users.check,
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
                **sign_in,
            )
            break
        except OSError:
            if port or attempt == 4:
                raise
    # Only now: the model server binds a port of its own and must not take the app's.
    threading.Thread(target=coach.ask.warm_up, name="model-warm-up", daemon=True).start()
    port = chosen
    print(f"Peer Coach is running at http://{host}:{port}  (Ctrl+C to stop)", flush=True)  # noqa: T201
    if block:
        demo.block_thread()
    return demo
