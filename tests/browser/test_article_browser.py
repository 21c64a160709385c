"""Article pages in Chromium: no `»`, `?`, `!`, `;` or `:` starting a line on a phone (French
no-break spaces), and the note shown when a page is opened from disk (file://) only."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import random
import threading
from pathlib import Path

import pytest

from site_builder.index.indexes import build_site
from site_builder.model import Article, SiteConfig, SourceLocation
from site_builder.render.assets import load_static_files
from site_builder.render.render import make_env, render_site

WORDS = "le port la ville un accord des travaux une réunion au nord selon les élus hier".split()


def _quoting_text(rng: random.Random) -> str:
    """Paragraphs of quotes and questions written with ordinary spaces (as wire copy is)."""
    paragraphs = []
    for _ in range(12):
        parts = []
        for _ in range(8):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7)))
            parts.append(rng.choice([f"« {words} »", f"{words} ?", f"{words} !", f"{words} :",
                                     f"{words} ;"]))
        paragraphs.append("Il dit " + " ".join(parts) + " fin.")
    return "\n\n".join(paragraphs) + "\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def quoting_site(tmp_path_factory: pytest.TempPathFactory):
    """A one-article site rendered without spaCy, served over HTTP."""
    root = tmp_path_factory.mktemp("quoting")
    cfg = SiteConfig(root=root, title="Revue")
    article = Article(SourceLocation("content/articles/a.md"), "a", "Un titre", dt.date(2024, 1, 1),
                      _quoting_text(random.Random(7)))
    site = build_site(cfg, [article], [], [])
    for file in [*render_site(site, make_env(cfg)), *load_static_files(cfg)]:
        path = root / "output" / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = file.content
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    server, thread = _serve(root / "output")
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/articles/a/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)

LINE_STARTS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('.prose'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    for (let i = 2; i < text.length; i++) {
      if (!'»?!;:'.includes(text[i]) || !/\\s/.test(text[i - 1]) || /\\s/.test(text[i - 2])) continue;
      const sign = document.createRange(), before = document.createRange();
      sign.setStart(node, i); sign.setEnd(node, i + 1);
      before.setStart(node, i - 2); before.setEnd(node, i - 1);
      const a = sign.getClientRects()[0], b = before.getClientRects()[0];
      found.push({sign: text[i], sameLine: Math.abs(a.top - b.top) < 2});
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_no_closing_sign_starts_a_line_on_a_phone(quoting_site, new_page, width) -> None:
    page, log = new_page(width=width)
    page.goto(quoting_site)
    signs = page.evaluate(LINE_STARTS)
    assert len(signs) > 80
    assert [s for s in signs if not s["sameLine"]] == []
    assert log.errors == []


def test_the_disk_note_shows_only_when_the_page_is_opened_from_disk(site, new_page) -> None:
    page, _ = new_page()
    page.goto(site.url())
    assert not page.locator(".file-warning").is_visible()
    page.goto((site.output / "index.html").as_uri())
    note = page.locator(".file-warning")
    assert note.is_visible()
    assert "site-builder serve" in note.inner_text()
    box = page.locator(".nav-button svg").bounding_box()
    assert box is not None and box["height"] < 40  # no giant ☰ without the stylesheet
