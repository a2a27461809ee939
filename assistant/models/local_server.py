"""The embedded llama.cpp server (xllamacpp): started lazily, once per process, stopped at exit."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger(__name__)


class LocalModelError(RuntimeError):
    """The embedded model could not be started."""


class LocalModelServer:
    """Owns one llama.cpp server on loopback; `base_url()` starts it on first call."""

    def __init__(self, model_path: Path, *, context_tokens: int = 4096, threads: int = 2) -> None:
        self.model_path = model_path
        self.context_tokens = context_tokens
        self.threads = threads
        self._server: Any = None
        self._address: str | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Return whether the server has been started and not stopped."""
        return self._server is not None

    def base_url(self) -> str:
        """Return the OpenAI-compatible base URL, starting the server if needed."""
        with self._lock:
            if self._server is None:
                self._start()
            assert self._address is not None
            return self._address + "/v1"

    def _start(self) -> None:
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise LocalModelError("the embedded model needs xllamacpp: pip install -e .") from exc
        if not self.model_path.is_file():
            raise LocalModelError(f"model file not found: {self.model_path}")
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.n_ctx = self.context_tokens
        params.n_parallel = 1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.cache_prompt = True
        params.verbosity = 0  # errors only; llama.cpp otherwise logs every request to stderr
        started = time.monotonic()
        self._server = xllamacpp.Server(params)
        address = self._server.listening_address
        self._address = address if address.startswith("http") else f"http://{address}"
        self._wait_healthy()
        log.info("local model ready at %s in %.1fs", self._address, time.monotonic() - started)
        atexit.register(self.stop)

    def _wait_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self._address}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise LocalModelError(f"the local model did not become ready within {timeout:.0f}s")

    def stop(self) -> None:
        """Shut the server down (xllamacpp stops it when the object is released)."""
        with self._lock:
            server, self._server, self._address = self._server, None, None
        del server
