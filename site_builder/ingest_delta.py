"""ingest_changed(...): ingest_seeds for a rebuild after a few seeds were modified (serve).

`serve` knows which files changed since its last build (its watcher compares every file's
modification time and size). When they are only existing seeds, each still making the
content file it made last time, only those seeds are read and their content files
written; the outcome of every other seed is the one of the last run. Anything else (a seed
added or removed, a sidecar, a content file edited by hand, a seed now making another
content file or two seeds claiming one) returns None: then ingest_seeds runs as usual.
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
    _Run,
)
from site_builder.model import SiteConfig


@dataclass
class IngestState:
    """The last run's report and content files by seed (kept by serve between builds)."""

    report: IngestReport | None = None
    entries: dict[str, ContentEntry] = field(default_factory=dict)
    """Seed path (as shown) -> the one generated content file it made."""

    def remember(self, report: IngestReport, entries: dict[str, ContentEntry]) -> None:
        self.report, self.entries = report, entries

    def forget(self) -> None:
        self.report, self.entries = None, {}


def ingest_changed(cfg: SiteConfig, memo: IngestMemo, state: IngestState,
                   changed: Collection[str]) -> IngestReport | None:
    """The run's report, having read only the seeds among `changed` (paths as shown, relative
    to the site); None when that cannot give what a full run gives."""
    seeds = _changed_seeds(cfg, state, changed)
    if seeds is None:
        return None
    folder = cfg.path("content_dir") / ARTICLES_DIR
    run = _Run(content_prefix=f"{cfg.content_dir}/{ARTICLES_DIR}/", memo=memo)
    plans = [_plan(cfg.root / source, source, [state.entries[source]], cfg, run) for source in seeds]
    if any(plan.name != state.entries[plan.source].name for plan in plans):
        return None  # the seed now makes another file: claims and removals are site-wide
    for plan in plans:
        run.claimed[plan.name] = plan.source
        _apply(plan, folder, run)
    _update_memo(memo, run, seeds, state)
    report = _merged_report(state.report, run, seeds, {state.entries[s].name for s in seeds})
    if all(source in run.made for source in seeds):
        state.remember(report, {**state.entries, **run.made})
    else:  # a seed unreadable now, or its file edited meanwhile: look at everything next time
        state.forget()
    return report


def _changed_seeds(cfg: SiteConfig, state: IngestState, changed: Collection[str]
                   ) -> list[str] | None:
    """The changed seeds, if every change is a seed known from the last run (else None)."""
    if state.report is None:
        return None
    prefix = cfg.seeds_dir.rstrip("/") + "/"
    seeds = sorted(changed)
    for path in seeds:
        if not path.startswith(prefix) or "/" in path[len(prefix):] \
                or Path(path).suffix.lower() not in SEED_SUFFIXES or path not in state.entries \
                or not (cfg.root / path).is_file():
            return None
    return seeds


def _update_memo(memo: IngestMemo, run: _Run, seeds: list[str], state: IngestState) -> None:
    """The seeds' new digests; their content files, just written, are read again next time."""
    for source in seeds:
        memo.pop(f"seed:{source}", None)
        memo.pop(f"content:{state.entries[source].name}", None)
    memo.update(run.fresh)


def _merged_report(previous: IngestReport, run: _Run, seeds: list[str], names: set[str]
                   ) -> IngestReport:
    """The last report, with the outcomes and diagnostics of `seeds` (making `names`) replaced."""
    outcomes = run.outcomes
    others = [name for name in (*previous.written, *previous.unchanged) if name not in names]
    return IngestReport(
        written=tuple(sorted(outcomes["written"])),
        unchanged=tuple(sorted([*others, *outcomes["unchanged"]])),
        kept=tuple(sorted({*previous.kept, *outcomes["kept"]})),
        diagnostics=(*(d for d in previous.diagnostics if d.location.path not in seeds),
                     *run.diagnostics),
        removed=(),
    )
