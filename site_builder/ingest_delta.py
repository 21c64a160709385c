"""ingest_changed(...): ingest_seeds for a rebuild after a few seeds or content files were
modified (serve).

`serve` knows which files changed since its last build (its watcher compares every file's
modification time and size). When they are only existing seeds, or existing content files
of a seed, each still making the content file it made last time, only those seeds and files
are read (and the seeds' content files written); the outcome of every other seed is the
one of the last run. Anything else (a seed added or removed, a sidecar, a content file of
no seed, a seed now making another content file) returns None: then ingest_seeds runs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.ingest import (
    ARTICLES_DIR,
    SEED_SUFFIXES,
    ContentEntry,
    IngestMemo,
    IngestReport,
    _apply,
    _plan,
    _read_entry,
    _Run,
)
from site_builder.model import SiteConfig


@dataclass
class IngestState:
    """The last run's report and content files by seed (kept by serve between builds)."""

    report: IngestReport | None = None
    entries: dict[str, ContentEntry] = field(default_factory=dict)
    """Seed path (as shown) -> its one content file (generated, or edited by hand)."""
    seeds: dict[str, str] = field(default_factory=dict)
    """Content file name -> the seed in `entries` it belongs to."""

    def remember(self, report: IngestReport, entries: dict[str, ContentEntry]) -> None:
        self.report, self.entries = report, entries
        self.seeds = {entry.name: source for source, entry in entries.items()}

    def forget(self) -> None:
        self.report, self.entries, self.seeds = None, {}, {}


def ingest_changed(cfg: SiteConfig, memo: IngestMemo, state: IngestState,
                   changed: Collection[str]) -> IngestReport | None:
    """The run's report, having read only the seeds and content files among `changed`
    (paths relative to the site); None when that cannot give what a full run gives."""
    affected = _affected(cfg, state, changed)
    if affected is None:
        return None
    folder = cfg.path("content_dir") / ARTICLES_DIR
    run = _Run(content_prefix=f"{cfg.content_dir}/{ARTICLES_DIR}/", memo=memo)
    plans = [_plan(cfg.root / source, source, [entry], cfg, run) for source, entry in affected.items()]
    if any(plan.name and plan.name != affected[plan.source].name for plan in plans):
        return None  # the seed now makes another file: claims and removals are site-wide
    for plan in plans:
        run.claimed[affected[plan.source].name] = plan.source
        _apply(plan, folder, run)
    names = {entry.name for entry in affected.values()}
    _update_memo(memo, run, names)
    report = _merged_report(state.report, run, {*affected, *(run.content_prefix + n for n in names)},
                            names)
    if all(source in run.made for source in affected):
        state.remember(report, {**state.entries, **run.made})
    else:  # a seed unreadable now: look at everything next time
        state.forget()
    return report


def _affected(cfg: SiteConfig, state: IngestState, changed: Collection[str]
              ) -> dict[str, ContentEntry] | None:
    """Seed -> its content file's entry (read again if it changed), for every seed a change
    touches; None when a change is not an existing seed or content file of one."""
    if state.report is None:
        return None
    seeds_prefix = cfg.seeds_dir.rstrip("/") + "/"
    content_prefix = f"{cfg.content_dir.rstrip('/')}/{ARTICLES_DIR}/"
    affected: dict[str, ContentEntry] = {}
    for path in sorted(changed):
        if not (cfg.root / path).is_file():
            return None
        if _is_in(path, seeds_prefix) and Path(path).suffix.lower() in SEED_SUFFIXES \
                and path in state.entries:
            affected.setdefault(path, state.entries[path])
        elif _is_in(path, content_prefix) and path.endswith(".md") \
                and (source := state.seeds.get(path[len(content_prefix):])) is not None:
            entry = _read_entry(cfg.root / path)
            if entry.source and entry.source != source:
                return None
            affected[source] = entry
        else:
            return None
    return affected


def _is_in(path: str, prefix: str) -> bool:
    return path.startswith(prefix) and "/" not in path[len(prefix):]


def _update_memo(memo: IngestMemo, run: _Run, names: set[str]) -> None:
    """The seeds' new digests; their content files, just written or edited, are read again
    next time."""
    for name in names:
        memo.pop(f"content:{name}", None)
    memo.update(run.fresh)


def _merged_report(previous: IngestReport, run: _Run, paths: set[str], names: set[str]
                   ) -> IngestReport:
    """The last report, with the outcomes of the content files `names` and the diagnostics
    about `paths` (their seeds and files) replaced by this run's."""
    outcomes = run.outcomes
    others = [name for name in (*previous.written, *previous.unchanged) if name not in names]
    return IngestReport(
        written=tuple(sorted(outcomes["written"])),
        unchanged=tuple(sorted([*others, *outcomes["unchanged"]])),
        kept=tuple(sorted({*(n for n in previous.kept if n not in names), *outcomes["kept"]})),
        diagnostics=(*(d for d in previous.diagnostics if d.location.path not in paths),
                     *run.diagnostics),
        removed=(),
    )
