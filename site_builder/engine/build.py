"""build(cfg) -> BuildReport: calls the stages in order, nothing else."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from site_builder import changes
from site_builder.curation import sweep_folder
from site_builder.engine import build_state
from site_builder.engine.build_memo import BuildMemo, load_memo, save_memo
from site_builder.enrich.dask_enrich import make_dask_runner
from site_builder.enrich.enrich import EnrichResult, ModelProvider, Progress, enrich_articles
from site_builder.enrich.entity_files import (
    FOLDERS,
    EntityFilesReport,
    load_entity_files,
    write_article_entities,
    write_entity_files,
)
from site_builder.enrich.entity_merge import SuspectedDuplicate
from site_builder.errors import BuildError, Diagnostic, Severity, SiteError
from site_builder.index.indexes import IndexState, update_site
from site_builder.ingest.content import load_articles
from site_builder.ingest.ingest import ARTICLES_DIR, IngestReport, ingest_seeds
from site_builder.model import EntityKind, OutputFile, Site, SiteConfig, SourceLocation
from site_builder.output.output import (
    OUTPUT_MARKER,
    OUTPUT_MARKER_TEXT,
    LiveOutput,
    UpdateSummary,
    WriteSummary,
    check_site_dirs,
    check_unchanged,
    link_tree,
    mark_cache_dir,
    staged_output,
    swap_folder,
    sweep_leftovers,
    update_files,
    update_live,
)
from site_builder.output.search import BUNDLE_DIR, SearchReport, read_report, run_search
from site_builder.render.assets import add_static_files, load_static_files
from site_builder.render.feeds import render_feeds
from site_builder.render.open_data import OpenDataMemo, render_open_data
from site_builder.render.redirects import render_redirects
from site_builder.render.render import (
    THEME_DIR,
    RenderedPages,
    make_env,
    memo_env,
    render_pages,
    stream_pages,
)
from site_builder.render.render_cache import (
    PageRecord,
    load_fingerprints,
    load_pages,
    save_fingerprints,
    sources_digest,
)
from site_builder.render.render_memo import RenderMemo
from site_builder.site_lock import LockHeld, exclusive_lock


@dataclass(frozen=True)
class BuildReport:
    ingest: IngestReport
    articles: int
    actors: int
    places: int
    written: WriteSummary | UpdateSummary
    diagnostics: tuple[Diagnostic, ...]
    timings: dict[str, float] = field(default_factory=dict)
    search: SearchReport | None = None
    """What Pagefind indexed; None when `search: false` or when left to `refresh_search`."""
    search_stale: bool = False
    """An in-place (serve) build changed output/ and left its search index behind: run
    `refresh_search` (serve does it in the background)."""
    entity_files: EntityFilesReport = EntityFilesReport()
    """Actor/place files written, removed, and hand-edited ones kept (one line each)."""
    enriched: int = 0
    """Article texts that went through spaCy (the others came from the enrichment cache)."""
    rendered: int = 0
    """Pages rendered (the others were unchanged since the previous build: not rendered)."""
    is_unchanged: bool = False
    """Nothing was done: the inputs and output/ were those of the last successful build."""
    duplicates: tuple[SuspectedDuplicate, ...] = ()
    """Actors that may be one entity under two names (short form, several candidates)."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


class BuildLocked(SiteError):
    """Another build of the same site is running."""


def build(cfg: SiteConfig, *, nlp_provider: ModelProvider | None = None,
          progress: Progress | None = None, use_cache: bool = True,
          in_place: bool = False, memo: BuildMemo | None = None,
          render_memo: RenderMemo | None = None,
          changed: Collection[str] | None = None, live: LiveOutput | None = None) -> BuildReport:
    """The whole pipeline, under the site's build lock.

    `nlp_provider` loads spaCy lazily (serve passes one to keep the model across rebuilds);
    `progress(done, total)` is called as articles are enriched; `use_cache=False`
    (`--clean`) re-extracts every article. `in_place=True` (serve) stages the update in the
    spare tree `live` keeps (output.update_live: only the files that changed are written or
    re-linked, then one atomic exchange), and leaves Pagefind to `refresh_search`;
    `memo` keeps parsed files and extraction results from one build to the next (serve
    keeps one in memory); without it, the memo the last build saved in cache_dir is used
    and saved again. `render_memo` (serve) keeps the last rendered Site, so that only the
    pages an edit may touch are looked at. `changed` (serve, with `memo`): the files
    (relative to the site) the watcher saw modified since the build that left `memo`: only
    those (and the racy ones) are stat'ed again to update `memo.snapshot` (changes.py).
    """
    with build_lock(cfg), _frozen_gc():
        sweep_leftovers(cfg)
        for folder in (ARTICLES_DIR, *FOLDERS.values()):
            sweep_folder(cfg.path("content_dir") / folder)
        transient = in_place and live is None
        live = LiveOutput() if transient else live
        try:
            if in_place or memo is not None or render_memo is not None or not use_cache:
                report = _run_stages(cfg, nlp_provider or ModelProvider(cfg.nlp_model), progress,
                                     use_cache, live if in_place else None, memo, render_memo,
                                     changed)
            else:
                report = _build_unless_unchanged(cfg, nlp_provider, progress)
        except BuildError as exc:
            build_state.save_status(cfg, exc.diagnostics)
            raise
        except SiteError as exc:
            build_state.save_status(cfg, (exc.as_diagnostic(),))
            raise
        finally:
            if transient:
                live.drop_spare()
        build_state.save_status(cfg, report.diagnostics)
        return report


def _build_unless_unchanged(cfg: SiteConfig, nlp_provider: ModelProvider | None,
                            progress: Progress | None) -> BuildReport:
    """The CLI build: nothing at all when the inputs and output/ are exactly those the last
    successful build left (build_state), otherwise the whole pipeline, then its state."""
    start = time.perf_counter()
    environment = build_state.environment_digest(
        cfg, sources_digest([cfg.path("templates_dir"), THEME_DIR]))
    snapshot = changes.take_snapshot(cfg)
    if not changes.diff(changes.load_snapshot(cfg), snapshot, cfg.root):
        summary = build_state.load_summary(cfg, build_state.site_digest(cfg, environment))
        report = None if summary is None else _decode_summary(summary)
        if report is not None:
            return dataclasses.replace(report, timings={"unchanged": time.perf_counter() - start})
    build_state.forget(cfg)
    report = _run_stages(cfg, nlp_provider or ModelProvider(cfg.nlp_model), progress,
                         snapshot=snapshot)
    build_state.save_summary(cfg, build_state.site_digest(cfg, environment),
                             _encode_summary(report))
    return report


def _encode_summary(r: BuildReport) -> dict:
    """What a shortcut build reports again: counts, kept files, diagnostics, search."""
    return {"articles": r.articles, "actors": r.actors, "places": r.places,
            "files": [r.written.written, r.written.total_bytes],
            "content": sorted({*r.ingest.written, *r.ingest.unchanged}),
            "kept": list(r.ingest.kept), "entities_kept": list(r.entity_files.kept),
            "diagnostics": [[d.location.path, d.location.line, d.message, d.severity.value]
                            for d in r.diagnostics],
            "search": None if r.search is None else [r.search.pages, list(r.search.languages)],
            "duplicates": [[d.short, d.slug, list(d.candidates), d.articles] for d in r.duplicates]}


def _decode_summary(s: dict) -> BuildReport | None:
    """The report of a build that had nothing to do, or None if `s` is not well formed."""
    try:
        files, search = s["files"], s["search"]
        diagnostics = tuple(Diagnostic(SourceLocation(path, line), message, Severity(severity))
                            for path, line, message, severity in s["diagnostics"])
        return BuildReport(
            ingest=IngestReport(unchanged=tuple(s["content"]), kept=tuple(s["kept"])),
            articles=int(s["articles"]), actors=int(s["actors"]), places=int(s["places"]),
            written=UpdateSummary(int(files[0]), int(files[1]), int(files[0]), (), ()),
            diagnostics=diagnostics,
            search=None if search is None else SearchReport(int(search[0]), tuple(search[1])),
            entity_files=EntityFilesReport(kept=tuple(s["entities_kept"])),
            is_unchanged=True,
            duplicates=tuple(SuspectedDuplicate(str(short), str(slug), tuple(map(str, candidates)),
                                                int(articles))
                             for short, slug, candidates, articles in s.get("duplicates", ())))
    except (KeyError, TypeError, ValueError, IndexError):
        return None


@contextmanager
def _frozen_gc() -> Iterator[None]:
    """What exists before the build (serve's model and memos) is left out of the cyclic
    garbage collector's scans while it runs: they cost half of a one-edit rebuild."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _run_stages(cfg: SiteConfig, nlp_provider: ModelProvider | None = None,
                progress: Progress | None = None, use_cache: bool = True,
                live: LiveOutput | None = None, memo: BuildMemo | None = None,
                render_memo: RenderMemo | None = None,
                changed: Collection[str] | None = None,
                snapshot: changes.Snapshot | None = None) -> BuildReport:
    timings: dict[str, float] = {}
    is_saved = memo is None  # the CLI: the memo comes from cache_dir and goes back there
    with _timed(timings, "memo"):
        memo = load_memo(cfg) if memo is None else memo
        before = memo.copy() if is_saved else None
        gc.freeze()  # the memo read (a million objects at 10,000 articles) lives through the build
    with _timed(timings, "changes"):
        snapshot, changed = _inputs(cfg, memo, None if is_saved or not use_cache else changed,
                                    snapshot)
    with _timed(timings, "ingest"):
        ingest_report, snapshot = _ingest(cfg, memo, snapshot)
    with _timed(timings, "load"):
        articles, load_diagnostics = load_articles(cfg, memo.articles, snapshot=snapshot)
    with _timed(timings, "enrich"):
        enriched, entity_report, entity_diagnostics = _enrich(
            cfg, articles, nlp_provider, progress, use_cache, memo, not is_saved, changed)
    del articles  # replaced by the enriched ones
    snapshot = changes.update_snapshot(cfg, snapshot, (
        *entity_report.written, *entity_report.removed, *entity_report.articles_written))
    if is_saved:  # saved now, and let go: rendering needs none of it
        if memo != before:
            with _timed(timings, "memo_save"):
                save_memo(cfg, memo)
        changes.save_snapshot(cfg, snapshot)
        memo = before = None
    else:
        memo.snapshot = snapshot
    found = (*ingest_report.diagnostics, *load_diagnostics, *entity_diagnostics,
             *enriched.diagnostics)
    if any(d.is_error for d in found) and _has_published(cfg):  # output/ stays the last good site
        return BuildReport(ingest=ingest_report, articles=len(enriched.articles),
                           actors=len(enriched.actors), places=len(enriched.places),
                           written=UpdateSummary(0, 0, 0, (), ()),
                           diagnostics=(*found, _unpublished(cfg, found)), timings=timings,
                           entity_files=entity_report, enriched=enriched.extracted)
    with _timed(timings, "index"):
        site = update_site(IndexState() if memo is None else memo.index, cfg, enriched.articles,
                           enriched.actors, enriched.places)
    redirects = render_redirects(cfg, enriched.redirects, {
        EntityKind.ACTOR: enriched.actors, EntityKind.PLACE: enriched.places})
    try:
        rendered, written, search, static_diagnostics = _render_and_write(
            cfg, site, live, timings, render_memo, redirects=redirects)
    except BaseException:
        if render_memo is not None:  # its pages did not reach output/
            render_memo.forget()
        raise
    stale = live is not None and cfg.search and (not written.is_unchanged or search is None)
    return BuildReport(
        ingest=ingest_report,
        articles=len(site.articles),
        actors=len(site.actors),
        places=len(site.places),
        written=written,
        diagnostics=(*ingest_report.diagnostics, *load_diagnostics, *entity_diagnostics,
                     *enriched.diagnostics, *static_diagnostics),
        timings=timings,
        search=search,
        search_stale=stale,
        entity_files=entity_report,
        enriched=enriched.extracted,
        rendered=len(rendered.files),
        duplicates=enriched.duplicates,
    )


def _has_published(cfg: SiteConfig) -> bool:
    """Whether output/ holds a site a build published. A first build with errors publishes the
    articles that are fine (there is nothing to unpublish); later ones are all or nothing."""
    return os.path.lexists(cfg.path("output_dir") / OUTPUT_MARKER)


def _unpublished(cfg: SiteConfig, found: Iterable[Diagnostic]) -> Diagnostic:
    errors = sum(d.is_error for d in found)
    return Diagnostic(SourceLocation(f"{cfg.output_dir}/"),
                      f"left as it was: the build found {errors} error(s), so no page was "
                      "published, changed or removed; fix them and build again",
                      Severity.WARNING)


def _inputs(cfg: SiteConfig, memo: BuildMemo, changed: Collection[str] | None,
            snapshot: changes.Snapshot | None) -> tuple[changes.Snapshot, frozenset[str] | None]:
    """The inputs now, and (serve, told by its watcher what moved) the paths changed since
    the build that left `memo`: then only those and the racy ones are stat'ed again."""
    if snapshot is not None or changed is None or not memo.snapshot:
        return changes.take_snapshot(cfg) if snapshot is None else snapshot, None
    fresh = changes.update_snapshot(cfg, memo.snapshot, changed)
    return fresh, changes.diff(memo.snapshot, fresh, cfg.root).paths


def _ingest(cfg: SiteConfig, memo: BuildMemo, snapshot: changes.Snapshot
            ) -> tuple[IngestReport, changes.Snapshot]:
    """The ingest report (only the added and modified seeds read), and the snapshot with the
    content files it wrote or removed stat'ed again."""
    report = ingest_seeds(cfg, memo.seeds, snapshot=snapshot)
    prefix = f"{cfg.content_dir.rstrip('/')}/{ARTICLES_DIR}/"
    touched = [prefix + name for name in (*report.written, *report.removed)]
    return report, changes.update_snapshot(cfg, snapshot, touched) if touched else snapshot


def _render_and_write(cfg: SiteConfig, site: Site, live: LiveOutput | None,
                      timings: dict[str, float], render_memo: RenderMemo | None, *,
                      redirects: list[OutputFile]):
    """Render, then write; `redirects` (merged entities' old URLs) come after the feeds, so
    that they are not in the sitemap."""
    with _timed(timings, "render"):  # a stream of pages is rendered while it is written
        rendered, static = _render(cfg, site, render_memo), load_static_files(cfg)
        static_diagnostics: list[Diagnostic] = []
        if render_memo is not None:  # every page's path is a key of its fingerprints
            data, reused = _open_data(site, render_memo.open_data), render_memo.open_data.reused
            pages = [*rendered.files, *render_feeds(
                site, [*rendered.fingerprints, *(str(file.path) for file in static)],
                render_memo.feeds), *_unless_reused(data, reused), *redirects]
            files, static_diagnostics = add_static_files(pages, static, cfg.static_dir)
            rendered = replace(rendered, kept=(*rendered.kept, *reused)) if data else rendered
        elif isinstance(rendered.files, list):
            pages = rendered.files + render_feeds(
                site, [*rendered.kept, *(file.path for file in [*rendered.files, *static])])
            pages += [*_open_data(site), *redirects]
            files, static_diagnostics = add_static_files(pages, static, cfg.static_dir)
        else:
            files = _then_feeds(site, rendered, static, cfg.static_dir, static_diagnostics,
                                redirects=redirects)
    with _timed(timings, "write"):
        written, search = _write(cfg, files, rendered, live, timings)
    return rendered, written, search, static_diagnostics


def _unless_reused(files: list[OutputFile], reused: tuple[PurePosixPath, ...]) -> list[OutputFile]:
    """The open-data files made again (those reused from the last build in this process are
    in output/ already: written as kept pages, neither encoded nor compared)."""
    skip = set(reused)
    return [file for file in files if file.path not in skip] if skip else files


def _open_data(site: Site, memo: OpenDataMemo | None = None) -> list[OutputFile]:
    """The open-data files, unless site.yml turns them off (`open_data: false`)."""
    return render_open_data(site, memo) if site.config.open_data else []


def _then_feeds(site: Site, rendered: RenderedPages, static: list[OutputFile], static_dir: str,
                diagnostics: list[Diagnostic], *, redirects: list[OutputFile]
                ) -> Iterator[OutputFile]:
    """The streamed pages as they come, then the feeds and static files (which need the paths
    of every page); the diagnostics about static files go to `diagnostics`.

    The open-data files come after the last page, not made in a thread meanwhile: a thread
    busy in Python holds the GIL for 5 ms at a time, and each of the writer threads' system
    calls would then wait for it (the pages pile up, the render workers stall)."""
    paths = list(rendered.kept)
    for page in rendered.files:
        paths.append(page.path)
        yield page
    feeds = [*render_feeds(site, [*paths, *(file.path for file in static)]),
             *_open_data(site), *redirects]
    placeholders = [OutputFile(path, "") for path in paths]
    files, found = add_static_files([*placeholders, *feeds], static, static_dir)
    diagnostics.extend(found)
    yield from files[len(placeholders):]


def _write(cfg: SiteConfig, files: Iterable[OutputFile], rendered: RenderedPages,
           live: LiveOutput | None, timings: dict[str, float]
           ) -> tuple[UpdateSummary, SearchReport | None]:
    """Update output/ (staged in a clone, or in serve's spare tree) and its search index.

    When output/ already holds exactly these files (and its search index), nothing is staged:
    a build that changes nothing writes nothing."""
    keep = (BUNDLE_DIR,) if cfg.search else ()
    out_dir = cfg.path("output_dir")
    marker = OutputFile(PurePosixPath(OUTPUT_MARKER), OUTPUT_MARKER_TEXT)
    files = [*files, marker] if isinstance(files, list) else itertools.chain(files, [marker])
    if live is not None:
        spare = cfg.path("cache_dir") / f"serve-spare-{os.getpid()}-"
        written, folder = update_live(files, out_dir, spare, live, keep=keep, kept=rendered.kept)
        save_fingerprints(cfg, folder, rendered.fingerprints, rendered.shared_key)
        return written, _current_search(cfg, folder, written)
    unchanged = None
    if isinstance(files, list) and \
            (not cfg.search or (out_dir / BUNDLE_DIR / "pagefind-entry.json").is_file()):
        unchanged = check_unchanged(files, out_dir, keep=keep, kept=rendered.kept)
    if unchanged is not None:
        save_fingerprints(cfg, out_dir, rendered.fingerprints, rendered.shared_key,
                          _record(rendered))
        return unchanged, _index_search(cfg, out_dir, timings, unchanged)
    with staged_output(out_dir, clone=True) as staging:
        written = update_files(files, staging, keep=keep, kept=rendered.kept)
        search = _index_search(cfg, staging, timings, written)
        save_fingerprints(cfg, staging, rendered.fingerprints, rendered.shared_key,
                          _record(rendered))
    return written, search


def _record(rendered: RenderedPages) -> PageRecord | None:
    """What the CLI's pages read (the next CLI build looks only at those that read a change)."""
    return None if rendered.record is None else rendered.record()


def _current_search(cfg: SiteConfig, out_dir: Path, written: UpdateSummary) -> SearchReport | None:
    """In place (serve), Pagefind is left to refresh_search; the index, if still current."""
    entry = out_dir / BUNDLE_DIR / "pagefind-entry.json"
    return read_report(entry.parent) if cfg.search and written.is_unchanged and entry.is_file() \
        else None


def refresh_search(cfg: SiteConfig) -> SearchReport:
    """Re-index output/ with Pagefind while it stays served (serve runs this in the background).

    Pagefind indexes a hard-link snapshot of output/ (serve replaces files by rename, so the
    snapshot never changes under it); the new bundle then takes the old one's place in one
    atomic exchange. The snapshot is in cache_dir, named with this process's id: a build
    sweeps it once this process is gone."""
    out_dir = cfg.path("output_dir")
    cache_dir = cfg.path("cache_dir")
    cache_dir.mkdir(parents=True, exist_ok=True)
    snapshot = Path(tempfile.mkdtemp(prefix=f"search-{os.getpid()}-", dir=cache_dir))
    try:
        link_tree(out_dir, snapshot)
        shutil.rmtree(snapshot / BUNDLE_DIR, ignore_errors=True)
        report = run_search(snapshot)
        os.chmod(snapshot / BUNDLE_DIR, 0o755)
        swap_folder(snapshot / BUNDLE_DIR, out_dir / BUNDLE_DIR)
        return report
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def _render(cfg: SiteConfig, site: Site, render_memo: RenderMemo | None = None) -> RenderedPages:
    """The pages whose fingerprint changed since the build that made output/; with the memo of
    the previous render in this process (serve), only the pages the change may touch."""
    sources = sources_digest([cfg.path("templates_dir"), THEME_DIR])
    if render_memo is None:
        previous, known = load_pages(cfg)
        return stream_pages(site, make_env(cfg), previous=previous, sources=sources, known=known)
    # Once the memo holds a render, it knows what output/ holds: the pages file is not read.
    previous = load_fingerprints(cfg) if render_memo.site is None else {}
    return render_pages(site, memo_env(cfg, render_memo, sources), previous=previous,
                        sources=sources, memo=render_memo)


def _enrich(cfg: SiteConfig, articles, nlp_provider: ModelProvider | None,
            progress: Progress | None, use_cache: bool = True, memo: BuildMemo | None = None,
            keep_tables: bool = False, changed: Collection[str] | None = None
            ) -> tuple[EnrichResult, EntityFilesReport, list[Diagnostic]]:
    """Entities of every article (cache, local spaCy or Dask), then the entity files;
    `keep_tables` (serve): the entity tables are updated where the changes touch them;
    `changed` (serve): entity files not among them are those the memo knows."""
    memo = memo or BuildMemo()
    changed_paths = None if changed is None else {str(cfg.root / path) for path in changed}
    curated, diagnostics = load_entity_files(cfg, memo.entity_files, changed_paths)
    runner = make_dask_runner(cfg.scheduler) if cfg.scheduler else None
    result = enrich_articles(cfg, articles, nlp_provider or ModelProvider(cfg.nlp_model),
                             curated=curated, progress=progress, runner=runner,
                             use_cache=use_cache, memo=memo.extractions,
                             assembled=memo.assembled, merge=memo.merge if keep_tables else None)
    report = write_entity_files(cfg, result.actors, result.places, curated,
                                memo.written_entities, changed_paths, curations=result.curations)
    written = write_article_entities(cfg, articles, result.articles,
                                     memo.checked_articles if keep_tables else None)
    for shown in (*report.written, *report.removed, *written):  # what the memo read is gone
        memo.entity_files.pop(str(cfg.root / shown), None)
        memo.articles.pop(str(cfg.root / shown), None)
    return result, dataclasses.replace(report, articles_written=written), diagnostics


def _index_search(cfg: SiteConfig, staging: Path, timings: dict[str, float],
                  written: UpdateSummary) -> SearchReport | None:
    """Pagefind over the staged site, before it replaces output/ (a failure leaves output/ as it was).

    Skipped when no file changed and the previous index is there; otherwise the cloned index
    is removed first (Pagefind must not write through inodes the previous site shares)."""
    if not cfg.search:
        return None
    bundle = staging / BUNDLE_DIR
    if written.is_unchanged and (bundle / "pagefind-entry.json").is_file():
        return read_report(bundle)
    shutil.rmtree(bundle, ignore_errors=True)
    with _timed(timings, "search"):
        return run_search(staging)


@contextmanager
def build_lock(cfg: SiteConfig) -> Iterator[None]:
    """One build at a time per site; a second one fails at once with a clear message.

    The folders a build writes are checked first (output.check_site_dirs): all inside the
    site, apart from the sources, and output/ and the cache new or made by a build.
    """
    out_dir = cfg.path("output_dir")
    check_site_dirs(cfg, is_known_output=out_dir.is_dir() and not os.path.lexists(
        out_dir / OUTPUT_MARKER) and bool(load_fingerprints(cfg)))
    lock_dir = cfg.path("cache_dir")
    mark_cache_dir(lock_dir)
    try:
        with exclusive_lock(lock_dir / "build.lock"):
            yield
    except LockHeld:
        raise BuildLocked(SourceLocation(f"{cfg.cache_dir}/build.lock"),
                          "another build of this site is running; wait for it to finish") from None


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - start
