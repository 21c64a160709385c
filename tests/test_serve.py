"""serve: pure helpers on tiny inputs, then the real server in a subprocess over real HTTP."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from tornado.websocket import websocket_connect

from site_builder import changes
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.curation import stamp
from site_builder.serve.serve import (
    RebuildResult,
    RebuildWatcher,
    SearchRefresher,
    ServeBuilder,
    apply_result,
    changed_paths,
    describe_template_error,
    edits_during_build,
    format_rebuild_line,
    is_loopback,
)
from site_builder.serve.serve_http import ServeState

REPO = Path(__file__).resolve().parent.parent
SEED = (
    "Une vue du port au petit matin, le 12 mars. / JEAN DUPONT / AFP\n\n"
    "La municipalité a annoncé mardi 12 mars un nouveau plan pour le port de commerce.\n\n"
    "Le maire a présenté le projet devant le conseil municipal réuni en séance.\n\n"
    "Les travaux commenceront au printemps, selon le calendrier publié par la mairie.\n"
)
SITE_YML = "search: false\nnlp_model: fr_core_news_sm\nbase_url: https://alice.github.io/demo/\n"


# --- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ({}, {}, ()),
    ({"a": (1, 1, 1)}, {"a": (1, 1, 1)}, ()),
    ({"a": (1, 1, 1)}, {"a": (2, 1, 1)}, ("a",)),
    ({"a": (1, 1, 1)}, {}, ("a",)),
    ({"b": (1, 1, 1)}, {"b": (1, 1, 1), "a": (1, 1, 1)}, ("a",)),
    ({"b": (1, 1, 1), "c": (1, 1, 1)}, {"b": (1, 2, 1)}, ("b", "c")),
])
def test_changed_paths_are_the_change_detectors_sorted(old, new, expected, tmp_path):
    assert changed_paths(tmp_path, old, new) == expected


def test_edits_during_build_leaves_out_what_the_build_wrote(tmp_path):
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "generated.md").write_text(stamp("---\ntitle: a\n---\ntexte\n"), encoding="utf-8")
    (articles / "edited.md").write_text(stamp("---\ntitle: b\n---\ntexte\n") + "ajout\n",
                                        encoding="utf-8")
    before = {"content/articles/generated.md": (1, 1, 1), "content/articles/edited.md": (1, 1, 1),
              "content/actors/gone.md": (1, 1, 1), "seeds/a.txt": (1, 1, 1), "site.yml": (1, 1, 1)}
    after = {"content/articles/generated.md": (2, 2, 1), "content/articles/edited.md": (2, 2, 1),
             "seeds/a.txt": (2, 1, 1), "seeds/new.txt": (2, 1, 2), "seeds/new/": (0, 0, 0),
             "site.yml": (1, 1, 1)}
    assert edits_during_build(tmp_path, before, after, "content") == (
        "content/articles/edited.md", "seeds/a.txt", "seeds/new.txt")


@pytest.mark.parametrize(("result", "line"), [
    (RebuildResult(("content/a.md",), 12, 153.4, 1),
     "Reconstruit (content/a.md) : 12 page(s), 1 article(s) analysé(s) en 153 ms"),
    (RebuildResult((), 2, 9.6), "Reconstruit (démarrage) : 2 page(s), 0 article(s) analysé(s) en 10 ms"),
    (RebuildResult(("a", "b", "c", "d", "e"), 1, 1.0),
     "Reconstruit (a, b, c (+2)) : 1 page(s), 0 article(s) analysé(s) en 1 ms"),
    (RebuildResult(("t.html",), 0, 5.0, errors=("t.html:1: x",)),
     "Échec de la reconstruction (t.html) : 1 erreur(s) en 5 ms ; le dernier site valide reste servi"),
])
def test_format_rebuild_line(result, line):
    assert format_rebuild_line(result) == line


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False),
])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_describe_template_error_names_file_and_line(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>\n{% if x %}\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")))
    with pytest.raises(jinja2.TemplateSyntaxError) as info:
        env.get_template("page.html")
    line = describe_template_error(info.value, tmp_path)
    assert line.startswith("templates/page.html:2: ")
    assert line.endswith("; fix the template and save again")


# --- the real server ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`python -m site_builder serve` in a subprocess, its output collected line by line."""

    def __init__(self, site: Path, port: int) -> None:
        self.port = port
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_line(lambda line: "Site servi sur" in line, timeout=120)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, predicate: Callable[[str], bool], *, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if predicate(line)]
            if found:
                return found[-1]
            if self.proc.poll() is not None:
                raise AssertionError("server exited:\n" + "\n".join(self.lines))
            time.sleep(0.05)
        raise AssertionError("timed out; server said:\n" + "\n".join(self.lines))

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, body, dict(response.getheaders())

    def raw(self, request_line: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(f"{request_line}\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def _reload_after(port: int, action: Callable[[], None], timeout: float = 90) -> dict:
    """Connect like livereload.js does, run `action`, return the next message from the server."""
    ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await ws.write_message(json.dumps(
        {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    hello = json.loads(await asyncio.wait_for(ws.read_message(), 10))
    assert hello["command"] == "hello"
    await ws.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
    await asyncio.sleep(0.3)
    action()
    message = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
    ws.close()
    return message


def _visible_text(page: str) -> str:
    """The page without tags: entity links may cut a sentence into pieces."""
    return re.sub(r"<[^>]+>", "", page)


def _write_later(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[ServerProcess, Path]]:
    site = tmp_path_factory.mktemp("serve") / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "seeds" / "port.txt").write_text(SEED, encoding="utf-8")
    (site / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (site / "secret.txt").write_text("TOP-SECRET-VALUE", encoding="utf-8")
    server = ServerProcess(site, _free_port())
    yield server, site
    server.stop()


def _article_url(site: Path) -> tuple[str, Path]:
    pages = sorted((site / "output" / "articles").glob("*/index.html"))
    assert pages, "the build wrote no article page"
    slug = pages[0].parent.name
    return f"/demo/articles/{slug}/", next((site / "content" / "articles").glob("*.md"))


@pytest.mark.slow
def test_serves_under_base_path_with_livereload_script(served):
    server, site = served
    status, body, headers = server.get("/demo/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "livereload.js" in body
    assert server.get("/")[0] == 302
    assert server.get(_article_url(site)[0])[0] == 200
    assert server.wait_for_line(lambda line: line.startswith("Reconstruit (démarrage) : "))



def _run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may hold this thread's loop."""
    outcome: dict[str, object] = {}

    def _target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the test's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=_target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")

@pytest.mark.slow
def test_edit_rebuilds_and_reloads(served):
    server, site = served
    url, article = _article_url(site)
    text = article.read_text(encoding="utf-8") + "\nUne phrase ajoutée pendant la prévisualisation.\n"
    message = _run_in_own_loop(_reload_after(server.port, _write_later(article, text)))
    assert message["command"] == "reload"
    assert "Une phrase ajoutée pendant la prévisualisation." in _visible_text(server.get(url)[1])
    line = server.wait_for_line(lambda line: line.startswith("Reconstruit (content/articles/"))
    assert " page(s), 1 article(s) analysé(s) en " in line and line.endswith(" ms")


@pytest.mark.slow
def test_template_error_shows_overlay_then_recovers(served):
    server, site = served
    url, _ = _article_url(site)
    broken = site / "templates" / "article.html"
    broken.parent.mkdir(exist_ok=True)
    _run_in_own_loop(_reload_after(server.port, _write_later(broken, "<p>\n{% if article %}\n<p>oups</p>\n")))
    status, body, _ = server.get(url)
    assert status == 200 and "site-builder-errors" in body, "\n".join(server.lines)
    assert re.search(r"templates/article\.html:\d+: ", body)
    assert "prévisualisation" in _visible_text(body)  # the site is still the last good one
    assert server.wait_for_line(lambda line: re.match(r"\s+templates/article\.html:\d+: ", line))
    _run_in_own_loop(_reload_after(server.port, lambda: broken.unlink()))
    status, body, _ = server.get(url)
    assert status == 200 and "site-builder-errors" not in body


@pytest.mark.slow
@pytest.mark.parametrize("target", [
    "/../../etc/passwd", "/demo/../../etc/passwd", "/demo/%2e%2e/%2e%2e/etc/passwd",
    "/demo/%2e%2e/secret.txt", "/demo/..%2f..%2fsecret.txt", "/demo/%2E%2E%2Fsecret.txt",
    str(Path("/etc/passwd")), "//etc/passwd", "/demo//etc/passwd", "/demo/..\\secret.txt",
])
def test_refuses_paths_outside_output(served, target):
    server, _ = served
    response = server.raw(f"GET {target} HTTP/1.1")
    status = int(response.split(b" ", 2)[1])
    assert status in (400, 403, 404)
    assert b"root:" not in response and b"TOP-SECRET-VALUE" not in response


@pytest.mark.slow
def test_symlink_out_of_output_is_not_followed(served):
    server, site = served
    (site / "output" / "leak.txt").symlink_to(site / "secret.txt")
    status, body, _ = server.get("/demo/leak.txt")
    assert status == 404 and "TOP-SECRET-VALUE" not in body


@pytest.mark.slow
@pytest.mark.usefixtures("french_messages")
def test_non_loopback_host_warns_and_busy_port_is_a_clear_error(make_project):
    site = make_project({"seeds/port.txt": SEED, "site.yml": SITE_YML})
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--site", str(site), "--host", "0.0.0.0",
                                           "--port", str(port)])
    assert result.exit_code == 1
    assert "attention : écoute sur 0.0.0.0 : toute personne du réseau peut lire le site" in \
        result.output  # a French site: its messages in French
    assert f"erreur : 0.0.0.0:{port}: impossible d'écouter là (" in result.output
    assert " ; choisissez un autre --port" in result.output


@pytest.mark.slow
@pytest.mark.browser
def test_open_tab_reloads_itself_and_shows_the_overlay(served):
    """In Debian's Chromium: livereload.js connects, and a save reloads the open tab."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian's Chromium is missing (/usr/bin/chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    server, site = served
    url, article = _article_url(site)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}{url}")
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                               " && window.LiveReload.connector._connectionDesired", timeout=20_000)
        time.sleep(0.5)
        text = article.read_text(encoding="utf-8") + "\nUn ajout vu par le navigateur.\n"
        article.write_text(text, encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Un ajout vu par le navigateur.')",
                               timeout=90_000)
        broken = site / "templates" / "article.html"
        broken.parent.mkdir(exist_ok=True)
        broken.write_text("{% if %}\n", encoding="utf-8")
        page.wait_for_selector("#site-builder-errors", state="visible", timeout=90_000)
        broken.unlink()
        page.wait_for_selector("#site-builder-errors", state="detached", timeout=90_000)
        browser.close()


@pytest.mark.slow
def test_serve_builder_keeps_one_model_across_rebuilds(make_project):
    site = make_project({"seeds/port.txt": SEED, "site.yml": SITE_YML})
    builder = ServeBuilder()
    first = builder(load_config(site))
    provider = builder.provider
    assert first.enriched == 1 and provider.is_loaded
    nlp = provider()
    article = next((site / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nLe maire a répondu.\n", encoding="utf-8")
    second = builder(load_config(site))
    assert second.enriched == 1
    assert builder.provider is provider and provider() is nlp
    assert builder(load_config(site)).enriched == 0  # unchanged: from the enrichment cache


@pytest.mark.slow
def test_the_watcher_sees_a_same_size_edit_within_the_timestamp_tick(make_project):
    site = make_project({"seeds/port.txt": SEED, "site.yml": SITE_YML})
    state, lines = ServeState(root=site), []
    watcher = RebuildWatcher(state, ServeBuilder(), lines.append)
    state.snapshot = changes.take_snapshot(load_config(site))
    apply_result(state, watcher.rebuild(()), lines.append)
    seed = site / "seeds" / "port.txt"
    seed.write_text(SEED.replace("mardi", "mercredi"), encoding="utf-8")
    state.snapshot = changes.take_snapshot(load_config(site))  # the watcher looked just now
    looked = seed.stat()
    seed.write_text(SEED.replace("mardi", "vendredi"), encoding="utf-8")  # same size, and in
    os.utime(seed, ns=(looked.st_atime_ns, looked.st_mtime_ns))  # the same tick: same stats
    assert seed.stat().st_size == looked.st_size
    assert watcher.poll_paths({str(seed)}) and watcher.pending is not None
    result = watcher.pending.result(timeout=120)
    assert result.changed == ("seeds/port.txt",) and not result.errors
    page = next((site / "output" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert "vendredi" in page
    watcher.executor.shutdown(wait=True)


@pytest.mark.slow
def test_serve_builder_leaves_pagefind_to_the_background(make_project):
    site = make_project({"seeds/port.txt": SEED, "site.yml": SITE_YML.replace("search: false", "search: true")})
    search = SearchRefresher(delay=0.05)
    builder = ServeBuilder(search)
    report = builder(load_config(site))
    assert report.search is None and report.search_stale
    bundle = site / "output" / "pagefind"
    assert not bundle.exists()  # the edit path never waits for Pagefind
    time.sleep(0.5)
    refreshed = search.last.result(timeout=120)
    assert refreshed is not None and refreshed.pages >= 1
    assert (bundle / "pagefind-entry.json").is_file()
    assert not list(site.glob(".output.*"))  # the snapshot is gone
    again = builder(load_config(site))
    assert not again.search_stale and again.search == refreshed  # nothing changed: index current
    search.close()
