"""Chroma behind an authenticating TLS proxy: the client's TLS, CA and header settings work."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.container import build_app
from tests.conftest import KNOWLEDGE, make_settings
from tests.integration.test_chroma_server import chroma_server
from ui.app import free_port

pytestmark = pytest.mark.integration
TOKEN = "Bearer s3cret-proxy-token"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Return (certificate, key) for 127.0.0.1, made with openssl for this test only."""
    cert, key = folder / "proxy.pem", folder / "proxy.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


async def relay(reader, writer, upstream: int, seen: list[str]) -> None:
    """Serve one request: refuse it without the token, else pass it to Chroma and back."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        fields = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        body = await reader.readexactly(int(fields.get("content-length", 0)))
        seen.append(fields.get("authorization", ""))
        if fields.get("authorization") != TOKEN:
            writer.write(
                b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            )
            return
        kept = [ln for ln in lines[1:] if ln and not ln.lower().startswith("connection:")]
        request = "\r\n".join([lines[0], *kept, "connection: close", "", ""]).encode("latin-1")
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
        up_writer.write(request + body)
        await up_writer.drain()
        writer.write(await up_reader.read())
        up_writer.close()
    finally:
        await writer.drain()
        writer.close()


@contextmanager
def tls_proxy(cert: Path, key: Path, upstream: int) -> Iterator[tuple[int, list[str]]]:
    """Run a TLS-terminating proxy needing the Authorization token, in front of `upstream`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    port, seen, loop = free_port("127.0.0.1"), [], asyncio.new_event_loop()
    started = threading.Event()

    async def main() -> None:
        server = await asyncio.start_server(
            lambda r, w: relay(r, w, upstream, seen), "127.0.0.1", port, ssl=context
        )
        started.set()
        async with server:
            await server.serve_forever()

    def run() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(main())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield port, seen
    finally:
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        thread.join(5)


def test_the_app_reaches_chroma_through_an_authenticating_tls_proxy(tmp_path):
    cert, key = self_signed(tmp_path)
    upstream = free_port("127.0.0.1")
    with (
        chroma_server(tmp_path / "server", upstream),
        tls_proxy(cert, key, upstream) as (port, seen),
    ):
        common = {"chroma_mode": "http", "chroma_host": "127.0.0.1", "chroma_port": port}
        with pytest.raises(Exception, match="(?i)certificate|ssl|could not connect"):  # noqa: PT011
            build_app(make_settings(tmp_path / "a", **common, chroma_ssl=True)).index.count()
        assert not seen  # the self-signed certificate was refused before any request
        with pytest.raises(Exception):  # noqa: B017, PT011  # the proxy answers 401
            build_app(
                make_settings(tmp_path / "b", **common, chroma_ssl=True, chroma_ca_file=cert)
            ).index.count()
        assert seen  # the request reached the proxy, which refused it without the token
        assert TOKEN not in seen
        coach = build_app(
            make_settings(
                tmp_path / "c", **common, chroma_ssl=True, chroma_ca_file=cert,
                chroma_headers={"Authorization": TOKEN},
            )
        )  # fmt: skip
        report = coach.ingest.ingest_path(KNOWLEDGE / "priya-ranges-not-dates.md")
        assert not report.skipped
        assert coach.search.search("estimates as ranges", 3)
        assert set(seen[-3:]) == {TOKEN}
