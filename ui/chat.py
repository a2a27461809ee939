"""The one streaming helper of every chat: a coach call in a worker, its words shown as written."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any

import gradio as gr

from assistant.coaching.conversation import CoachTurn
from assistant.memory.store import NotFoundError
from assistant.texts import SESSION_GONE, SOMETHING_WENT_WRONG
from ui import render

log = logging.getLogger(__name__)
Chat = list[dict[str, Any]]
Update = dict[Any, Any]  # {component: value}; components left out stay as they are
CoachCall = Callable[[Callable[[str], None]], CoachTurn]


def said(role: str, text: str) -> dict[str, Any]:
    """Return one chat message."""
    return {"role": role, "content": text}


def required(message: str | None, hint: str) -> str:
    """Return the stripped message, or refuse an empty one with a hint of what to write."""
    message = (message or "").strip()
    if not message:
        raise gr.Error(hint)
    return message


def send_turn(
    box: gr.Textbox, chatbot: gr.Chatbot, message: str, chat: Chat, call: CoachCall
) -> Generator[Update, None, tuple[Chat, CoachTurn] | None]:
    """Yield the chat as the coach writes; return the finished chat and turn.

    The manager's message shows at once; on failure their words go back in the box and None is
    returned.
    """
    shown = [*chat, said("user", message)]
    yield {box: "", chatbot: [*shown, said("assistant", render.THINKING)]}
    turn = None
    for item in live(call):
        if isinstance(item, str):  # the coach's words as they are written
            yield {chatbot: [*shown, said("assistant", render.inert(item))]}
        else:
            turn = item
    if turn is None:  # keep the manager's words in the box to send again
        yield {box: message, chatbot: chat}
        return None
    return [*shown, said("assistant", render.turn_markdown(turn))], turn


def live(call: CoachCall) -> Iterator[str | CoachTurn | None]:
    """Run a coach call in a worker; yield its text as it is written, then the turn.

    The last item is the turn, or None when the call failed (the failure is shown the same way
    `guarded` shows it, from the request's own thread).
    """
    heard: queue.Queue[str] = queue.Queue()
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(call(heard.put))
        except BaseException as exc:  # handed back to the request's thread below
            outcome.append(exc)

    worker = threading.Thread(target=work, name="coach-turn", daemon=True)
    worker.start()
    while worker.is_alive() or not heard.empty():
        latest = None
        try:
            latest = heard.get(timeout=0.1)
            while not heard.empty():  # only the newest text matters
                latest = heard.get_nowait()
        except queue.Empty:
            continue
        yield latest
    result = outcome[0] if outcome else None
    if isinstance(result, BaseException):
        failure = result
        yield guarded(lambda: _raise(failure))
    else:
        yield result


def _raise(exc: BaseException) -> Any:
    raise exc


def guarded(call: Callable[[], Any]) -> Any:
    """Run a service call; show a clear message (and return None) when it fails."""
    try:
        return call()
    except NotFoundError:
        gr.Warning(SESSION_GONE)
    except ValueError as exc:
        gr.Warning(str(exc))
    except Exception as exc:  # never an error page: say what happened, keep what was typed
        log.exception("coach call failed")
        gr.Warning(SOMETHING_WENT_WRONG.format(error=type(exc).__name__))
    return None


def on_send(
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
