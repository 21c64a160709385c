"""build(cfg) -> BuildReport: calls the stages in order, nothing else."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.assets import load_static_files
from site_builder.content import load_articles
from site_builder.errors import Diagnostic, SiteError
from site_builder.feeds import render_feeds
from site_builder.indexes import build_site
from site_builder.ingest import IngestReport, ingest_seeds
from site_builder.model import SiteConfig, SourceLocation
from site_builder.output import WriteSummary, check_site_dirs, staged_output, write_files
from site_builder.render import make_env, render_site
from site_builder.search import SearchReport, run_search


@dataclass(frozen=True)
class BuildReport:
    ingest: IngestReport
    articles: int
    actors: int
    places: int
    written: WriteSummary
    diagnostics: tuple[Diagnostic, ...]
    timings: dict[str, float] = field(default_factory=dict)
    search: SearchReport | None = None
    """What Pagefind indexed; None when `search: false`."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


class BuildLocked(SiteError):
    """Another build of the same site is running."""


def build(cfg: SiteConfig) -> BuildReport:
    """The whole pipeline, under the site's build lock."""
    with build_lock(cfg):
        return _run_stages(cfg)


def _run_stages(cfg: SiteConfig) -> BuildReport:
    timings: dict[str, float] = {}
    with _timed(timings, "ingest"):
        ingest_report = ingest_seeds(cfg)
    with _timed(timings, "load"):
        articles, load_diagnostics = load_articles(cfg)
    site = build_site(cfg, articles, actors=(), places=())
    with _timed(timings, "render"):
        files = [*render_site(site, make_env(cfg)), *load_static_files(cfg)]
        files += render_feeds(site, [file.path for file in files])
    with _timed(timings, "write"), staged_output(cfg.path("output_dir")) as staging:
        written = write_files(files, staging)
        search = _index_search(cfg, staging, timings)
    return BuildReport(
        ingest=ingest_report,
        articles=len(site.articles),
        actors=len(site.actors),
        places=len(site.places),
        written=written,
        diagnostics=(*ingest_report.diagnostics, *load_diagnostics),
        timings=timings,
        search=search,
    )


def _index_search(cfg: SiteConfig, staging: Path, timings: dict[str, float]) -> SearchReport | None:
    """Pagefind over the staged site, before it replaces output/ (a failure leaves output/ as it was)."""
    if not cfg.search:
        return None
    with _timed(timings, "search"):
        return run_search(staging)


@contextmanager
def build_lock(cfg: SiteConfig) -> Iterator[None]:
    """One build at a time per site; a second one fails at once with a clear message.

    The folders a build writes are checked first: all inside the site, output/ apart.
    """
    check_site_dirs(cfg)
    lock_dir = cfg.path("cache_dir")
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(SourceLocation(f"{cfg.cache_dir}/build.lock"),
                              "another build of this site is running; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - start
