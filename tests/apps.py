"""Serving the real app on loopback for API and browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gradio as gr

from assistant.container import PeerCoach, build_app
from assistant.people.directory import DEMO_USERS
from tests.conftest import make_settings
from ui.app import Tabs, add_tabs, launch

PRIYA = (DEMO_USERS[0].user.username, DEMO_USERS[0].password)
SAM = (DEMO_USERS[1].user.username, DEMO_USERS[1].password)


def demo_coach_at(template: Path, data: Path, **overrides: object) -> PeerCoach:
    """Return a coach on a copy of the ingested demo data, with the demo users seeded."""
    if not data.exists():
        shutil.copytree(template, data)
    coach = build_app(make_settings(data, **overrides))
    coach.users.seed_demo()
    return coach


@contextmanager
def served(coach: PeerCoach) -> Iterator[gr.Blocks]:
    """Serve the app (sign-in on) on a free loopback port for the duration of the block."""
    demo = launch(coach, host="127.0.0.1", port=0, block=False)
    try:
        yield demo
    finally:
        demo.close()


def tabs_of(coach: PeerCoach) -> Tabs:
    """Return the app's tabs, laid out in a Blocks of their own, to call handlers directly."""
    with gr.Blocks() as demo:
        return add_tabs(coach, demo)


def as_user(username: str) -> gr.Request:
    """Return a request signed in as `username` (what Gradio passes to every handler)."""
    return gr.Request(username=username)
