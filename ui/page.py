"""What every page carries beyond Gradio's own: titles, landmarks and the reply announcer."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.theme import PAGE_CSS

APP_NAME = "Peer Coach"
# Blocks whose finished text is read out to screen readers, once, when their event ends.
ANNOUNCED = ("prepare-chat", "reflect-chat", "capture-chat", "answer")

SCRIPT = """
(() => {
  if (window.peerCoachPage) return;
  window.peerCoachPage = true;
  const APP = "__APP__", WATCHED = __WATCHED__;
  const busy = {}, said = {};
  let announcer = null, queued = false, acted = false;
  // Only replies the manager asked for are read out, not the conversation restored on load.
  for (const kind of ["keydown", "pointerdown"]) {
    document.addEventListener(kind, () => { acted = true; }, {capture: true});
  }
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.id = "coach-announcer";
      announcer.className = "sr-only";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    announcer.textContent = text;
  }
  function signInPage(password) {
    document.title = "Sign in · " + APP;
    const main = password.closest(".main");
    if (main) main.setAttribute("role", "main");
    if (main && !main.querySelector("h1")) {
      const heading = document.createElement("h1");
      heading.className = "sr-only";
      heading.textContent = APP;
      main.prepend(heading);
    }
    password.setAttribute("autocomplete", "current-password");
    const user = main && main.querySelector("input[type=text]");
    if (user) user.setAttribute("autocomplete", "username");
  }
  function finished(id) {
    const block = document.getElementById(id);
    if (!block) return;
    const tracker = block.querySelector(":scope > [data-testid=status-tracker]");
    if (tracker && !tracker.classList.contains("hide")) { busy[id] ||= acted; return; }
    if (!busy[id]) return;
    busy[id] = false;
    const chat = block.querySelector("[role=log]");
    const bots = block.querySelectorAll(".bot");
    const last = chat ? bots[bots.length - 1] : block.querySelector(".prose");
    const text = ((last && last.innerText) || "").trim();
    if (text && text !== said[id]) { said[id] = text; announce(text); }
  }
  function tidy() {
    queued = false;
    const tab = document.querySelector("[role=tablist] [role=tab][aria-selected=true]");
    const password = document.querySelector("input[type=password]");
    if (tab) document.title = tab.textContent.trim() + " · " + APP;
    else if (password) signInPage(password);
    // The chat logs stay quiet while a reply streams in; the announcer reads the finished one.
    document.querySelectorAll("[role=log][aria-live]:not([aria-live=off])")
      .forEach((log) => log.setAttribute("aria-live", "off"));
    // Gradio names the upload button differently from its visible text: its text names it.
    document.querySelectorAll("button.upload-container[aria-label]")
      .forEach((button) => button.removeAttribute("aria-label"));
    WATCHED.forEach(finished);
  }
  function later() {
    if (!queued) { queued = true; setTimeout(tidy, 150); }
  }
  new MutationObserver(later).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
    attributeFilter: ["class", "aria-selected", "aria-live", "aria-label"],
  });
  later();
})();
""".replace("__APP__", APP_NAME).replace("__WATCHED__", json.dumps(list(ANNOUNCED)))

HEAD = f"<style>{PAGE_CSS}</style><script>{SCRIPT}</script>"


class SignInHead:
    """ASGI middleware: gives Gradio's sign-in page a title and the page script it lacks.

    Gradio renders its sign-in page without the app's `head`, so the page has no title, main
    landmark or level-one heading; the same script that serves the app adds them.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass every request through; add the head to the sign-in page's HTML."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            page = with_sign_in_head(bytes(body))
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, hold)


def with_sign_in_head(page: bytes) -> bytes:
    """Return the page with a title and the page script when it is the sign-in page."""
    if b'"auth_required":true' not in page or b"</head>" not in page:
        return page
    extra = f"<title>Sign in · {APP_NAME}</title>{HEAD}".encode()
    return page.replace(b"</head>", extra + b"</head>", 1)
