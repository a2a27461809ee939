"""The web app: a streaming chat over the coach's services (no LangChain or Chroma in here)."""

from __future__ import annotations

import html
import socket
import threading
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.answer.ask import Reply
from assistant.compose.grounded import Turn
from assistant.container import PeerCoach

SOURCES_MARK = "**\N{BOOKS} "  # opens the sources block, so history can drop it
EXAMPLES = [
    "My team keeps missing deadlines. What have colleagues tried?",
    "How do I give hard feedback to someone who thinks they are doing well?",
    "I was just promoted to manage my former peers. Where do I start?",
    "Two people on my team are in open conflict. How did others handle it?",
]


def render_reply(reply: Reply) -> str:
    """Return the reply as markdown: text, then expandable sources once it is complete."""
    if not reply.done:
        return reply.text or "…"
    parts = [reply.text]
    if reply.sources:
        items = []
        for s in reply.sources_in_order():
            excerpt = html.escape(s.excerpt[:600]).replace("\n", "<br>")
            items.append(
                f"<details><summary>[{s.number}] {html.escape(s.label())}</summary>"
                f"<small>{excerpt}</small></details>"
            )
        parts.append(f"{SOURCES_MARK}{reply.sources_heading()}**\n\n" + "\n".join(items))
    if reply.model_error:
        parts.append(f"<small>Model unavailable: {html.escape(reply.model_error)}</small>")
    return "\n\n".join(parts)


def _turns(history: list[Any]) -> list[Turn]:
    turns = []
    for message in history:
        role = message.get("role") if isinstance(message, dict) else None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # gradio 6 may send content as a list of parts
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
        if role in ("user", "assistant") and isinstance(content, str):
            text = content.split("\n\n" + SOURCES_MARK)[0]  # the model sees answers, not sources
            turns.append(Turn(role=role, text=text))
    return turns


def build_ui(coach: PeerCoach) -> gr.Blocks:
    """Return the Gradio app wired to the coach's services."""

    def chat(message: str, history: list[Any]) -> Iterator[str]:
        if not message.strip():
            yield "Please type a question."
            return
        for reply in coach.ask.stream(message, _turns(history)):
            yield render_reply(reply)

    status = f"**Model:** {coach.chat.label} · **Knowledge base:** {coach.index.count()} chunks"
    with gr.Blocks(title="Peer Coach") as demo:
        gr.Markdown(
            "# Peer Coach\nAsk about a leadership challenge; answers draw on what your "
            "colleagues have learned, with each source cited."
        )
        gr.Markdown(status, elem_id="model-status")
        gr.ChatInterface(
            chat,
            examples=EXAMPLES,
            run_examples_on_click=False,
            chatbot=gr.Chatbot(height=520, elem_id="chat", label="Coach"),
            api_name="ask",
            concurrency_limit=coach.settings.ui_concurrency,
        )
    return demo


def free_port(host: str) -> int:
    """Return a port that is free on `host` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def launch(coach: PeerCoach, *, host: str, port: int, block: bool = True) -> gr.Blocks:
    """Serve the app, print its address, and start the model in the background."""
    demo = build_ui(coach)
    demo.queue(default_concurrency_limit=coach.settings.ui_concurrency)
    port = port or free_port(host)
    threading.Thread(target=coach.ask.warm_up, name="model-warm-up", daemon=True).start()
    demo.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=True,
        show_error=True,
        quiet=True,
        footer_links=[],
    )
    print(f"Peer Coach is running at http://{host}:{port}  (Ctrl+C to stop)", flush=True)  # noqa: T201
    if block:
        demo.block_thread()
    return demo
