"""serve_site(root): build, serve output/ with livereload, rebuild on every change.

The server keeps the last good site: a failed build leaves output/ as it was (the build
is staged, see output.py) and every HTML page then carries an error overlay listing the
problems as `path:line: problem`, until the next good save (serve_http.py).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector, Server
from livereload.watcher import Watcher
from tornado import ioloop

from site_builder import changes
from site_builder.config import load_config
from site_builder.curation import FileState, get_file_state
from site_builder.engine.build import BuildMemo, BuildReport, build, refresh_search
from site_builder.enrich.enrich import ModelProvider
from site_builder.errors import BuildError, SiteError
from site_builder.messages_fr import message_language, shown
from site_builder.model import SiteConfig, SourceLocation
from site_builder.output.output import LiveOutput, folder_identity
from site_builder.output.search import SearchReport
from site_builder.render.render_memo import RenderMemo
from site_builder.serve.serve_events import FileEvents, relative_paths
from site_builder.serve.serve_http import GuardedApplication, LiveSocket, ServeState, SiteHandler

logger = logging.getLogger(__name__)

BuildFn = Callable[[SiteConfig], BuildReport]
Echo = Callable[[str], None]
POLL_SECONDS = 0.1
FULL_SCAN_SECONDS = 2.0
"""With file events, the whole site is still scanned this often (in case one was missed)."""
SEARCH_DELAY_SECONDS = 2.0
"""Quiet time after a rebuild before the search index is refreshed in the background."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False


@dataclass(frozen=True)
class RebuildResult:
    """What one rebuild did, for the one-line log and the error overlay."""

    changed: tuple[str, ...]
    pages: int
    millis: float
    enriched: int = 0
    """Articles that went through spaCy (the others came from the enrichment cache)."""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cfg: SiteConfig | None = None


# --- watching -----------------------------------------------------------------------------

UNSEEN: changes.Stat = (-1, -1, -1)
"""A snapshot entry no file has: the path differs from the disk at the next look."""


def watched_folders(cfg: SiteConfig) -> list[Path]:
    """seeds/, content/, templates/, static/ (they may not exist yet); site.yml is in the
    site folder, which is watched too (not recursively)."""
    return [cfg.path(name) for name in changes.INPUT_DIRS]


def changed_paths(root: Path, old: changes.Snapshot, new: changes.Snapshot) -> tuple[str, ...]:
    """The paths (files, and folders as `name/`) added, modified or removed, sorted."""
    return tuple(sorted(changes.diff(old, new, root).paths))


def edits_during_build(root: Path, before: changes.Snapshot, after: changes.Snapshot,
                       content_dir: str) -> tuple[str, ...]:
    """Files that moved while a build ran and that the build did not write itself.

    The build writes only generated content files, each carrying a curation stamp that
    matches its text; a content file that no longer matches its stamp was edited by hand.
    """
    prefix = content_dir.rstrip("/") + "/"
    return tuple(path for path in changed_paths(root, before, after) if not path.endswith("/")
                 and (not path.startswith(prefix) or _is_hand_edited(root / path)))


def _is_hand_edited(path: Path) -> bool:
    return path.is_file() and get_file_state(path) is FileState.HAND_EDITED


# --- building -----------------------------------------------------------------------------


class SearchRefresher:
    """Pagefind off the edit path: `schedule(cfg)` re-indexes output/ in a background thread
    `delay` seconds after the last request (a burst of saves gives one run), one run at a
    time; the previous index is served until the new one is swapped in."""

    def __init__(self, delay: float = SEARCH_DELAY_SECONDS) -> None:
        self.delay = delay
        self.last: Future | None = None
        """The latest run (tests wait on it)."""
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-search")

    def schedule(self, cfg: SiteConfig) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._submit, (cfg,))
            self._timer.daemon = True
            self._timer.start()

    def _submit(self, cfg: SiteConfig) -> None:
        with self._lock:
            self.last = self._executor.submit(_refresh_quietly, cfg)

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _refresh_quietly(cfg: SiteConfig) -> SearchReport | None:
    """refresh_search; a failure is logged (the previous index stays), never raised."""
    try:
        return refresh_search(cfg)
    except (SiteError, OSError) as exc:
        logger.warning("search index not refreshed: %s", exc)
        return None


class ServeBuilder:
    """The build the server runs on every change, with one spaCy model provider kept for the
    server's lifetime (a new one only when site.yml names another model), and a memo of
    parsed files and extraction results (a rebuild reads only the files that changed).

    Like the CLI, it stages every update and swaps it in atomically (output.update_live):
    only pages whose fingerprint changed are rendered and written, into a spare tree kept
    in step with output/ (a kill at any moment leaves one whole site), and a build with
    errors leaves output/ as it was. Pagefind runs afterwards, in the background
    (SearchRefresher)."""

    def __init__(self, search: SearchRefresher | None = None) -> None:
        self.provider: ModelProvider | None = None
        self.memo = BuildMemo()
        self.render_memo = RenderMemo()
        self.live = LiveOutput()
        """output/ as the last rebuild left it, and the spare tree the next one is staged in."""
        self.search = search or SearchRefresher()
        self.changed: set[str] | None = None
        """Files changed since the last build that ran to its end (None: not known)."""
        self._told = False

    def saw(self, changed: Iterable[str]) -> None:
        """The watcher's news: these files changed (relative to the site root). Once called,
        the caller must report every change before each build: the stages then look only at
        those files where they can (build's `changed`)."""
        self._told = True
        if self.changed is not None:
            self.changed.update(changed)

    def __call__(self, cfg: SiteConfig) -> BuildReport:
        if self.provider is None or self.provider.model_name != cfg.nlp_model:
            self.provider = ModelProvider(cfg.nlp_model)
        changed, self.changed = self.changed, None  # until this build ends, nothing is known
        if self.live.identity != folder_identity(cfg.path("output_dir")):
            self.render_memo.forget()  # output/ was replaced or removed: render it all again
        report = build(cfg, nlp_provider=self.provider, in_place=True, memo=self.memo,
                       render_memo=self.render_memo, live=self.live,
                       changed=frozenset(changed) if changed is not None else None)
        self.changed = set() if self._told else None
        if report.search_stale:
            self.search.schedule(cfg)
        return report


def run_build(root: Path, build_fn: BuildFn, changed: tuple[str, ...]) -> RebuildResult:
    """Reload the config and build; every user-facing failure becomes an error line."""
    start = time.perf_counter()
    cfg, report, errors = None, None, ()
    try:
        cfg = load_config(root)
        report = build_fn(cfg)
    except BuildError as exc:
        errors = tuple(str(d) for d in exc.diagnostics)
    except SiteError as exc:
        errors = (str(exc),)
    except jinja2.TemplateError as exc:
        errors = (describe_template_error(exc, root),)
    except OSError as exc:  # a full disk: the last good site stays served
        where = exc.filename if exc.filename is not None else "site-builder"
        errors = (f"{os.fsdecode(where)}: {exc.strerror or exc}; free some space (or fix the "
                  "permissions), then save again",)
    millis = (time.perf_counter() - start) * 1000
    lang = message_language(None if cfg is None else cfg.language)
    if report is None:
        return RebuildResult(changed, 0, millis, errors=tuple(shown(e, lang) for e in errors),
                             cfg=cfg)
    return RebuildResult(
        changed, report.rendered, millis, report.enriched, cfg=cfg,
        errors=tuple(shown(str(d), lang) for d in report.diagnostics if d.is_error),
        warnings=tuple(shown(str(d), lang) for d in report.diagnostics if not d.is_error))


def describe_template_error(exc: jinja2.TemplateError, root: Path) -> str:
    """`templates/x.html:3: problem; fix` from a Jinja error."""
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None) or "template"
    try:
        filename = Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    location = SourceLocation(str(filename), getattr(exc, "lineno", None))
    return f"{location}: {exc.message or type(exc).__name__}; fix the template and save again"


def format_rebuild_line(result: RebuildResult) -> str:
    """One line per rebuild: what changed, pages re-rendered, milliseconds."""
    shown = ", ".join(result.changed[:3]) + (f" (+{len(result.changed) - 3})"
                                               if len(result.changed) > 3 else "")
    what = shown or "démarrage"
    if result.errors:
        return f"Échec de la reconstruction ({what}) : {len(result.errors)} erreur(s) en " \
               f"{result.millis:.0f} ms ; le dernier site valide reste servi"
    return (f"Reconstruit ({what}) : {result.pages} page(s), {result.enriched} article(s) "
            f"analysé(s) en {result.millis:.0f} ms")

# --- the server ---------------------------------------------------------------------------


LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){'
    b'var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port'
    b'+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);"
    b"})();</script>"
)
"""livereload's loader snippet, as its Server.application writes it (same page, same port)."""


class _LiveScript(LiveScriptInjector):
    script = LIVE_SCRIPT


class _SiteServer(Server):
    """livereload's server (websocket, livereload.js, script injection) with our handler,
    each request's Host checked and the websocket's Origin (serve_http.GuardedApplication,
    LiveSocket); livereload's /forcereload, which any page could call, is left out."""

    def __init__(self, state: ServeState, watcher: Watcher) -> None:
        super().__init__(watcher=watcher)
        self.state = state

    def get_web_handlers(self, script: bytes) -> list:
        return [(r"/.*", SiteHandler, {"state": self.state, "live_script": script})]

    def application(self, port: int, host: str, liveport=None, debug=None,
                    live_css: bool = True) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        handlers = [(r"/livereload", LiveSocket), (r"/livereload.js", LiveReloadJSHandler),
                    *self.get_web_handlers(LIVE_SCRIPT)]
        app = GuardedApplication(handlers, bound_host=host, transforms=[_LiveScript])
        app.listen(port, address=host)


class RebuildWatcher(Watcher):
    """Polls the watched files; runs one build at a time in a worker thread; reloads browsers."""

    def __init__(self, state: ServeState, build_fn: BuildFn, echo: Echo) -> None:
        super().__init__()
        self.state, self.build_fn, self.echo = state, build_fn, echo
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-build")
        self.pending: Future | None = None
        self.events, self.has_events = FileEvents(), False
        self.last_scan, self.scan_cost = time.monotonic(), 0.0

    def start(self, callback: Callable[[], None]) -> bool:
        cfg = self._cfg_for_paths()
        self.has_events = self.events.start(self.state.root, watched_folders(cfg))
        ioloop.IOLoop.current().call_later(POLL_SECONDS, self._tick)
        return True

    def _tick(self) -> None:
        """Look at the files the system reported changed (if it does), and scan the whole site
        every 0.1 s (without file events) or 2 s (with them), or 10x the scan's cost on a big
        site (<= 10% CPU)."""
        try:
            self._look()
        finally:  # a failure here must not stop the watching
            delay = POLL_SECONDS if self.has_events else max(POLL_SECONDS, 10 * self.scan_cost)
            ioloop.IOLoop.current().call_later(delay, self._tick)

    def _look(self) -> None:
        paths, rescan = self.events.take()
        interval = FULL_SCAN_SECONDS if self.has_events else POLL_SECONDS
        if rescan or time.monotonic() - self.last_scan >= max(interval, 10 * self.scan_cost):
            started = time.perf_counter()
            if self.poll():
                self.scan_cost, self.last_scan = time.perf_counter() - started, time.monotonic()
            else:
                self.events.put_back(paths, rescan)
        elif paths and not self.poll_paths(paths):
            self.events.put_back(paths, False)

    def examine(self) -> tuple[None, None]:
        return None, None

    def poll(self) -> bool:
        """Scan every watched file; rebuild if one changed. False: a build is running."""
        if self.pending is not None:
            return False
        new = changes.take_snapshot(self._cfg_for_paths())
        self._start_build(new, changed_paths(self.state.root, self.state.snapshot, new))
        return True

    def poll_paths(self, paths: set[str]) -> bool:
        """Look at these files (absolute; the system's news) only; rebuild if one changed.
        False: a build is running."""
        if self.pending is not None:
            return False
        new = changes.update_snapshot(self._cfg_for_paths(), self.state.snapshot,
                                      relative_paths(self.state.root, paths))
        self._start_build(new, changed_paths(self.state.root, self.state.snapshot, new))
        return True

    def _start_build(self, new: changes.Snapshot, changed: tuple[str, ...]) -> None:
        """Build when a file changed; a folder alone (`name/`: made, its files not written
        yet) waits for its files, and goes with them."""
        if any(not path.endswith("/") for path in changed):
            self.state.snapshot = new
            loop = ioloop.IOLoop.current()
            self.pending = self.executor.submit(self.rebuild, changed, loop)
            self.pending.add_done_callback(lambda future: loop.add_callback(self.finish, future))

    def rebuild(self, changed: tuple[str, ...], loop: ioloop.IOLoop | None = None) -> RebuildResult:
        """Build; with `loop`, browsers are told to reload as soon as the site is built (then
        the files that moved meanwhile are looked for, which takes a scan of the site)."""
        if isinstance(self.build_fn, ServeBuilder):
            self.build_fn.saw(changed)
        before = self.state.snapshot
        result = run_build(self.state.root, self.build_fn, changed)
        if loop is not None:
            loop.add_callback(self.announce, result)
        cfg = result.cfg or self._cfg_for_paths()
        after = changes.take_snapshot(cfg)
        edits = edits_during_build(self.state.root, before, after, cfg.content_dir)
        # Forget what the user changed meanwhile, so that the next poll rebuilds for it.
        self.state.snapshot = {**after, **{path: UNSEEN for path in edits}}
        return result

    def finish(self, future: Future) -> None:
        self.pending = None
        try:
            future.result()  # announced by rebuild already
        except Exception:  # a bug in a stage: keep serving, show it, log the traceback
            logger.exception("the rebuild crashed")
            self.announce(RebuildResult((), 0, 0.0, errors=("site-builder: internal error "
                                                            "during the build; see the terminal",)))

    def announce(self, result: RebuildResult) -> None:
        """Show the rebuild's line and problems, and reload the open pages."""
        apply_result(self.state, result, self.echo)
        LiveReloadHandler.reload_waiters(result.changed[0] if result.changed else "*")

    def _cfg_for_paths(self) -> SiteConfig:
        return self.state.cfg or load_config_or_default(self.state.root)


def load_config_or_default(root: Path) -> SiteConfig:
    """The site's config, or the defaults while site.yml is broken (to know what to watch)."""
    try:
        return load_config(root)
    except SiteError:
        return SiteConfig(root=root.resolve())


def apply_result(state: ServeState, result: RebuildResult, echo: Echo) -> None:
    """Record a build's outcome in the server state and print its line and problems."""
    if result.cfg is not None and not (result.errors and state.cfg is not None):
        state.cfg = result.cfg
    state.errors = result.errors
    echo(format_rebuild_line(result))
    for line in (*result.errors, *result.warnings):
        echo(f"  {line}")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_site(root: Path, options: ServeOptions, echo: Echo, *,
               build_fn: BuildFn | None = None) -> None:
    """Build, then serve until interrupted (Ctrl-C)."""
    state = ServeState(root=root.resolve())
    builder = build_fn or ServeBuilder()
    watcher = RebuildWatcher(state, builder, echo)
    server = _SiteServer(state, watcher)
    try:  # listen first: a busy port fails at once, not after a long first build
        server.application(options.port, options.host, live_css=True)
    except OSError as exc:
        raise SiteError(SourceLocation(f"{options.host}:{options.port}"),
                        f"cannot listen there ({exc.strerror}); choose another --port") from None
    state.snapshot = changes.take_snapshot(load_config_or_default(root))
    apply_result(state, watcher.rebuild(()), echo)
    host = f"[{options.host}]" if ":" in options.host else options.host
    url = f"http://{host}:{options.port}{(state.cfg or load_config_or_default(root)).base_path}"
    echo(f"Site servi sur {url} (Ctrl-C pour arrêter)")
    try:
        _run_loop(url, options, watcher)
    finally:
        if isinstance(builder, ServeBuilder):
            builder.search.close()
            builder.live.drop_spare()


def _run_loop(url: str, options: ServeOptions, watcher: RebuildWatcher) -> None:
    loop = ioloop.IOLoop.current()
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (kill, systemd, docker stop) ends like Ctrl-C: the spare tree is removed.
        signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    if options.open_browser:
        loop.call_later(0.3, webbrowser.open, url)
    LiveReloadHandler.start_tasks()
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.events.stop()
        watcher.executor.shutdown(wait=True, cancel_futures=True)
