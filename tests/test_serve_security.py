"""serve (issue 17): only this machine's pages may talk to the server. The real `site-builder
serve` in a subprocess, over real HTTP and a real websocket: Host header checked (DNS
rebinding), the live-reload websocket's Origin checked, no answer redirects off-site."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from site_builder.serve.serve_http import host_name, is_allowed_host, local_location

REPO = Path(__file__).resolve().parent.parent


# --- pure rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "bound", "allowed"), [
    ("localhost:8000", "127.0.0.1", True),
    ("127.0.0.1:8000", "127.0.0.1", True),
    ("127.0.0.1", "127.0.0.1", True),
    ("[::1]:8000", "127.0.0.1", True),
    ("127.5.6.7:8000", "127.0.0.1", True),
    ("LOCALHOST:8000", "127.0.0.1", True),
    (None, "127.0.0.1", True),
    ("evil.example", "127.0.0.1", False),
    ("evil.example:8000", "127.0.0.1", False),
    ("localhost.evil.example:8000", "127.0.0.1", False),
    ("127.0.0.1.nip.io:8000", "127.0.0.1", False),
    ("", "127.0.0.1", False),
    ("192.168.1.20:8000", "127.0.0.1", False),
    ("192.168.1.20:8000", "0.0.0.0", True),
    ("[fe80::1]:8000", "::", True),
    ("evil.example:8000", "0.0.0.0", False),
    ("preview.lan:8000", "preview.lan", True),
    ("192.168.1.20:8000", "192.168.1.20", True),
])
def test_is_allowed_host(header, bound, allowed):
    assert is_allowed_host(header, bound) is allowed


@pytest.mark.parametrize(("header", "name"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"), ("[::1]", "::1"),
    ("Example.ORG", "example.org"), ("::1", "::1"),
])
def test_host_name(header, name):
    assert host_name(header) == name


@pytest.mark.parametrize(("path", "location"), [
    ("/articles/un/", "/articles/un/"),
    ("//evil.example/", "/evil.example/"),
    ("///evil.example//x/", "/evil.example/x/"),
    ("/été/", "/%C3%A9t%C3%A9/"),
    ("/a b/", "/a%20b/"),
    ("demo/", "/demo/"),
])
def test_local_location_never_names_another_host(path, location):
    assert local_location(path) == location


# --- the real server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    """`site-builder serve` on an empty site (no spaCy needed) with a folder `docs/`."""
    site = tmp_path_factory.mktemp("serve-security") / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "static" / "docs").mkdir(parents=True)
    (site / "static" / "docs" / "index.html").write_text("<p>SITE-PAGE</p>", encoding="utf-8")
    (site / "site.yml").write_text("search: false\n", encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)})
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    deadline = time.monotonic() + 60
    while not any("Site servi sur" in line for line in lines):
        assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
        time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def _raw(port: int, target: str, host: str | None = None, extra: str = "") -> tuple[int, dict, bytes]:
    """One request as a browser (or an attacker) would send it, unnormalised."""
    host_line = "" if host is None else f"Host: {host}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\n{host_line}{extra}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "127.0.0.1"])
def test_own_host_names_are_served(server, host):
    status, _, body = _raw(server, "/docs/", host.format(port=server))
    assert status == 200 and b"SITE-PAGE" in body


@pytest.mark.parametrize("target", ["/", "/docs/", "/livereload.js", "/livereload", "/404.html"])
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "localhost.evil.example",
                                  "127.0.0.1.nip.io:{port}"])
def test_other_host_names_are_refused_dns_rebinding(server, target, host):
    status, headers, body = _raw(server, target, host.format(port=server))
    assert status == 403
    assert "location" not in headers
    assert b"SITE-PAGE" not in body and b"<html" not in body and b"LiveReload" not in body


def test_websocket_upgrade_from_another_host_is_refused(server):
    upgrade = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
    with socket.create_connection(("127.0.0.1", server), timeout=30) as sock:
        sock.sendall(f"GET /livereload HTTP/1.1\r\nHost: evil.example:{server}\r\n{upgrade}\r\n"
                     .encode())
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 403 "), answer


async def _handshake(port: int, origin: str | None) -> dict:
    headers = {"Origin": origin} if origin else {}
    ws = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers))
    await ws.write_message(json.dumps({"command": "hello", "protocols": [
        "http://livereload.com/protocols/official-7"]}))
    message = json.loads(await asyncio.wait_for(ws.read_message(), 10))
    ws.close()
    return message


@pytest.mark.parametrize("origin", [None, "http://127.0.0.1:{port}"])
def test_websocket_accepts_its_own_pages(server, origin):
    message = asyncio.run(_handshake(server, origin and origin.format(port=server)))
    assert message["command"] == "hello"


@pytest.mark.parametrize("origin", ["http://evil.example", "http://evil.example:{port}",
                                    "http://127.0.0.1:1", "null",
                                    "http://localhost:{port}"])
def test_websocket_refuses_other_origins(server, origin):
    with pytest.raises(HTTPClientError) as refused:
        asyncio.run(_handshake(server, origin.format(port=server)))
    assert refused.value.code == 403


def test_forcereload_is_not_an_endpoint(server):
    """livereload's /forcereload let any page make every open tab reload: not served."""
    status, _, body = _raw(server, "/forcereload?path=x", f"127.0.0.1:{server}")
    assert status == 404 and body != b"ok"


@pytest.mark.parametrize("target", [
    "//docs", "/%2Fdocs", "///docs", "//evil.example/", "//evil.example", "///evil.example/",
    "/%2F%2Fevil.example", "/%2f%2fevil.example/", "/\\evil.example", "/%5Cevil.example",
    "//evil.example/%2e%2e", "/docs//", "/./docs", "http://evil.example/", "//docs?x=1",
    "/docs/..//evil.example",
])
def test_no_redirect_leaves_the_site(server, target):
    status, headers, _ = _raw(server, target, f"127.0.0.1:{server}")
    location = headers.get("location", "")
    if 300 <= status < 400:
        assert location.startswith("/") and not location.startswith("//"), (target, location)
        assert "\\" not in location and "://" not in location
    else:
        assert not location


def test_folder_without_slash_redirects_on_this_host(server):
    for target in ("//docs", "/%2Fdocs", "/docs"):
        status, headers, _ = _raw(server, target, f"127.0.0.1:{server}")
        assert (status, headers.get("location")) == (301, "/docs/"), target
