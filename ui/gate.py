"""The app's front door: sign-in throttling, session lifetimes, same-origin posts, no API docs.

An ASGI middleware around Gradio's own app; the rules themselves live in
`assistant.people.signin`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from assistant.people.exports import ExportFolders
from assistant.people.signin import SessionClock, SignInThrottle
from assistant.people.uploads import UploadOwners

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = re.compile(r"^access-token-(?:unsecure-)?")
API_INFO = re.compile(rb"window\.gradio_api_info = .*?;</script>", re.S)
HIDDEN_DOCS = ("/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect")
FILE_ROUTE = re.compile(r"^/gradio_api/file[=/]")  # `file=PATH` and its older `file/PATH`
# Posts whose JSON body carries an event's inputs (file inputs name a cached path).
INPUT_ROUTE = re.compile(r"/(queue/join|call(/v2)?/[^/]+|run/[^/]+|api/[^/]+)/?$")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class GateRules:
    """What the gate enforces: None throttle/sessions when a proxy signs people in."""

    throttle: SignInThrottle | None
    sessions: SessionClock | None
    passive_triggers: set[int] = field(default_factory=set)  # e.g. the status line's timer
    exports: ExportFolders = field(default_factory=ExportFolders)
    proxy_header: str = ""  # proxy mode: the header naming the signed-in user
    uploads: UploadOwners | None = None  # who uploaded each cached file (kept in the data dir)
    download_grace: float = 60.0  # seconds an export stays after its first whole download


class SignInGate:
    """ASGI middleware: refuses cross-site posts, throttles sign-in, expires sessions."""

    def __init__(self, app: ASGIApp, rules: GateRules) -> None:
        self.app = app
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request (websockets and lifespan pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        method, path = scope["method"], scope["path"]
        if path in HIDDEN_DOCS:
            await _respond(send, 404, {"detail": "Not Found"})
            return
        if method not in SAFE_METHODS and not same_origin(headers):
            await _respond(send, 403, {"detail": "Cross-site request refused."})
            return
        body = b""
        inputs = method == "POST" and bool(INPUT_ROUTE.search(path))
        if method == "POST" and (inputs or path.rstrip("/").endswith(("/login", "/upload"))):
            body, receive = await _buffered(receive)  # a form, an event's inputs or an upload
        if path.rstrip("/") == "/login" and method == "POST":
            await self._login(scope, receive, send, body)
            return
        user = self._session(scope, headers, active=self._active(method, path, body))
        if FILE_ROUTE.match(path):
            await self._file(
                scope, receive, send, user, Path(unquote(path[len("/gradio_api/file=") :]))
            )
            return
        if inputs and self._foreign_files(body, user):
            await _respond(send, 403, {"detail": "That file is not yours."})
            return
        if path.rstrip("/") == "/gradio_api/upload" and user:
            send = self._record_uploads(send, user)
        await self.app(scope, receive, _secure_cookies(self._strip_api_info(send, bool(user))))

    async def _file(
        self, scope: Scope, receive: Receive, send: Send, user: str, file: Path
    ) -> None:
        """Serve a cached file to its owner only; an export is removed once downloaded."""
        export = bool(self.rules.exports.owner_hash(file))
        if self._owned_by_another(user, file):
            await _respond(send, 403, {"detail": "That file is not yours."})
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            done = message["type"] == "http.response.body" and not message.get("more_body")
            if done and export and status == 200 and scope["method"] == "GET":
                self._remove_later(file)  # downloaded: a repeated fetch (a client's) still works
            await send(message)

        await self.app(scope, receive, watch)

    def _owned_by_another(self, user: str, file: Path) -> bool:
        """Return True when a cached file is someone else's upload or export."""
        exports = self.rules.exports
        if exports.owner_hash(file) and not exports.is_users(user, file):
            return True
        uploader = self.rules.uploads.owner(file) if self.rules.uploads else ""
        return bool(uploader) and uploader != user

    def _foreign_files(self, body: bytes, user: str) -> bool:
        """Return True when an event's inputs name a file another user uploaded or exported."""
        try:
            found = json.loads(body or b"{}")
        except ValueError:
            return False  # Gradio refuses what is not JSON
        return any(
            self._owned_by_another(user, Path(text.split("file=", 1)[-1]))
            for text in _strings(found)
            if "/" in text and "\x00" not in text and len(text) < 4096
        )

    def _remove_later(self, file: Path) -> None:
        """Remove a downloaded export after the grace period (at once when it is 0)."""
        if self.rules.download_grace <= 0:
            file.unlink(missing_ok=True)
            return
        loop = asyncio.get_running_loop()
        loop.call_later(self.rules.download_grace, lambda: file.unlink(missing_ok=True))

    def _record_uploads(self, send: Send, user: str) -> Send:
        """Return a sender that notes who uploaded each file Gradio stored."""
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    try:
                        paths = json.loads(b"".join(chunks))
                    except ValueError:
                        paths = []
                    if isinstance(paths, list) and self.rules.uploads is not None:
                        self.rules.uploads.note([str(p) for p in paths], user)
            await send(message)

        return record

    def _active(self, method: str, path: str, body: bytes) -> bool:
        if method != "POST":
            return "." not in path.rsplit("/", 1)[-1] and not path.startswith("/gradio_api")
        if path.endswith("/queue/join"):
            try:
                trigger = json.loads(body or b"{}").get("trigger_id")
            except (ValueError, AttributeError):
                return True
            return trigger not in self.rules.passive_triggers
        return True

    def _session(self, scope: Scope, headers: dict[str, str], *, active: bool) -> str:
        """Return who the request's live session is ('' if none); end it in Gradio if expired."""
        if self.rules.proxy_header:
            return headers.get(self.rules.proxy_header.lower(), "")
        tokens: dict[str, str] | None = getattr(scope.get("app"), "tokens", None)
        token = _token(headers)
        if not token or tokens is None or token not in tokens:
            return ""
        if self.rules.sessions is None or self.rules.sessions.alive(token, active=active):
            return str(tokens[token])
        tokens.pop(token, None)  # Gradio now treats the request as signed out
        return ""

    async def _login(self, scope: Scope, receive: Receive, send: Send, body: bytes) -> None:
        throttle, sessions = self.rules.throttle, self.rules.sessions
        form = parse_qs(body.decode("utf-8", "replace"))
        username = (form.get("username") or [""])[0]
        address = (scope.get("client") or ("?", 0))[0]
        if throttle is not None:
            wait = throttle.wait(username, address)
            if wait > 0:
                detail = f"Too many wrong passwords: try again in {int(wait) + 1} seconds."
                await _respond(send, 429, {"detail": detail}, {"retry-after": str(int(wait) + 1)})
                return

        async def observe(message: Message) -> None:
            if message["type"] == "http.response.start" and throttle is not None:
                if message["status"] == 200:
                    throttle.succeeded(username)
                    token = _set_cookie_token(message)
                    if token and sessions is not None:
                        sessions.started(token, username.strip())
                elif message["status"] == 400:
                    throttle.failed(username, address)
            await send(message)

        await self.app(scope, receive, _secure_cookies(observe))

    def _strip_api_info(self, send: Send, signed_in: bool) -> Send:
        """Return a sender that drops the API description from pages served before sign-in."""
        if signed_in:
            return send
        start: Message | None = None
        chunks: list[bytes] = []

        async def strip(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = API_INFO.sub(b"window.gradio_api_info = {};</script>", b"".join(chunks))
            start["headers"] = [(k, v) for k, v in start["headers"] if k != b"content-length"]
            start["headers"].append((b"content-length", str(len(page)).encode()))
            await send(start)
            await send({"type": "http.response.body", "body": page})

        return strip


def _strings(value: Any) -> list[str]:
    """Return every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def same_origin(headers: dict[str, str]) -> bool:
    """Return False when a browser says the request comes from another site (Origin/Referer)."""
    claimed = headers.get("origin") or headers.get("referer")
    if not claimed:
        return True  # not a browser (a program using the API): CSRF needs a browser
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    return urlsplit(claimed).netloc == host


def _secure_cookies(send: Send) -> Send:
    """Return a sender that marks Gradio's session cookies SameSite=Lax instead of None."""

    async def rewrite(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [
                (k, v.replace(b"SameSite=none", b"SameSite=lax") if k == b"set-cookie" else v)
                for k, v in message.get("headers", [])
            ]
        await send(message)

    return rewrite


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _token(headers: dict[str, str]) -> str:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if TOKEN_COOKIE.match(name) and value:
            return value
    return ""


def _set_cookie_token(message: Message) -> str:
    for key, value in message.get("headers", []):
        if key == b"set-cookie":
            name, _, rest = value.decode("latin-1").partition("=")
            if TOKEN_COOKIE.match(name):
                return rest.split(";", 1)[0]
    return ""


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """Return a request's body and a receive that replays it to the app."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body, sent = b"".join(chunks), False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _respond(
    send: Send, status: int, content: dict[str, str], extra: dict[str, str] | None = None
) -> None:
    body = json.dumps(content).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
