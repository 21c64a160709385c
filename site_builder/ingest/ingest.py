"""ingest_seeds(cfg): seeds/*.txt and *.md -> content/articles/<date>-<slug>.md.

Each seed becomes one content file: YAML front matter (title, date, summary, caption, credit,
reading time, source and its SHA-256) and a Markdown body. The rules:

- a sidecar `seeds/<name>.yml` and the front matter of a `.md` seed win over what is derived;
- a content file edited by hand is never overwritten (curation stamp), only reported as kept;
- an unchanged seed (same SHA-256 as the file's `source_sha256`) leaves its file alone, so
  what later stages added to it (actors, places, quotes) stays;
- the generated file of a removed seed is removed; a hand-edited one is kept, with a warning;
- one bad seed gives one `path:line: problem; fix` diagnostic and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder.changes import DIRECTORY, Snapshot, Stat, is_trusted, take_snapshot
from site_builder.curation import (
    WriteOutcome,
    file_name,
    is_generated_text,
    stamped_name,
    write_generated,
)
from site_builder.errors import ContentError, Diagnostic, Severity
from site_builder.frontmatter import DELIMITER
from site_builder.ingest.seedarticle import Seed, build_content_file
from site_builder.model import SiteConfig, SourceLocation

log = logging.getLogger(__name__)

ARTICLES_DIR = "articles"
SEED_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".yml"
SIDECAR_SUFFIXES = (SIDECAR_SUFFIX, ".yaml")
_TRACKED_KEYS = ("source", "source_sha256", "sidecar_sha256")
MAX_SEED_BYTES = 8 * 1024 * 1024
"""Largest seed read (8 MiB, like the content files that load_articles accepts)."""
IngestMemo = dict[str, tuple[Any, Any]]
"""What a run learnt, for the next: `seed:<path>` -> (snapshot stats of the seed and its
sidecars, (sha256, sidecar sha256)); `content:<name>` -> (stat, ContentEntry fields). An
entry counts only while the snapshot (changes.py) holds the same stats."""


@dataclass(frozen=True)
class IngestReport:
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    """Content files edited by hand, left as they are."""
    diagnostics: tuple[Diagnostic, ...] = ()
    removed: tuple[str, ...] = ()
    """Generated content files whose seed is gone (or now makes another file), deleted."""


@dataclass(frozen=True)
class ContentEntry:
    """An existing content file, and which seed (if any) it was generated from."""

    name: str
    source: str = ""
    source_sha256: str = ""
    sidecar_sha256: str = ""
    is_hand_edited: bool = False


@dataclass
class _Run:
    """What one ingest run did so far (local to `ingest_seeds`)."""

    content_prefix: str
    """`content/articles/`, as the user sees it in messages."""
    claimed: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, list[str]] = field(default_factory=lambda: {
        "written": [], "unchanged": [], "kept": [], "removed": []})
    diagnostics: list[Diagnostic] = field(default_factory=list)
    memo: IngestMemo = field(default_factory=dict)
    """The previous run's memo (read only)."""
    snapshot: Snapshot = field(default_factory=dict)
    """The site's inputs as stat'ed before this run (changes.take_snapshot)."""
    fresh: IngestMemo = field(default_factory=dict)
    """This run's memo (what is still true at its end)."""


def ingest_seeds(cfg: SiteConfig, memo: IngestMemo | None = None, *,
                 snapshot: Snapshot | None = None) -> IngestReport:
    """Turn every seed into its content file; see the module docstring for the rules.

    The seeds and content files are those of `snapshot` (taken now when not given). With
    `memo`, a seed or content file whose snapshot stats are those of the last run is not
    read again: only the added and modified ones are (a full run is one with an empty memo)."""
    snapshot = take_snapshot(cfg) if snapshot is None else snapshot
    content_prefix = f"{cfg.content_dir.rstrip('/')}/{ARTICLES_DIR}/"
    folder = cfg.path("content_dir") / ARTICLES_DIR
    existing = load_content_index(folder, memo, snapshot, content_prefix)
    by_source: dict[str, list[ContentEntry]] = {}
    for entry in existing:
        by_source.setdefault(entry.source, []).append(entry)
    run = _Run(content_prefix=content_prefix,
               claimed={entry.name: "" for entry in by_source.pop("", [])}, memo=memo or {},
               snapshot=snapshot)
    seeds = [(source, by_source.pop(source, [])) for source in _list_seeds(cfg, run)]
    for source, entries in seeds:  # every existing file is claimed before any is written
        for entry in entries:
            run.claimed.setdefault(entry.name, source)
    for source, entries in seeds:  # one seed at a time: its text goes once written
        _apply(_plan(source, entries, cfg, run), folder, run)
    if cfg.path("seeds_dir").is_dir():  # no seeds folder at all: a mistake, not a deletion
        for entries in by_source.values():
            _remove_orphans(entries, folder, run)
    if memo is not None:
        _refresh_memo(memo, run, existing)
    return IngestReport(
        written=tuple(sorted(run.outcomes["written"])),
        unchanged=tuple(sorted(run.outcomes["unchanged"])),
        kept=tuple(sorted(run.outcomes["kept"])),
        removed=tuple(sorted(run.outcomes["removed"])),
        diagnostics=tuple(run.diagnostics),
    )


# --- what is there ---------------------------------------------------------------------------

def load_content_index(folder: Path, memo: IngestMemo | None, snapshot: Snapshot,
                       prefix: str) -> list[ContentEntry]:
    """Every content/articles/*.md of `snapshot` (paths under `prefix`) with the seed it came
    from (`source`), sorted by name; one whose stats are those in `memo` is not read again."""
    names = sorted(path[len(prefix):] for path, entry in snapshot.items()
                   if path.startswith(prefix) and path.endswith(".md") and entry != DIRECTORY
                   and "/" not in path[len(prefix):])
    return [_remembered_entry(folder, name, memo, snapshot[prefix + name]) for name in names]


def _remembered_entry(folder: Path, name: str, memo: IngestMemo | None, stat: Stat
                      ) -> ContentEntry:
    known = None if memo is None else memo.get(f"content:{name}")
    if known is not None and is_trusted(stat) and tuple(known[0]) == stat:
        return ContentEntry(*known[1])
    return _read_entry(folder / name)


def _refresh_memo(memo: IngestMemo, run: _Run, existing: list[ContentEntry]) -> None:
    """This run's seed digests, and the content files it read or knew, with the stats they
    had before it read them (those it wrote or removed are left to the next run)."""
    touched = set(run.outcomes["written"]) | set(run.outcomes["removed"])
    memo.clear()
    memo.update(run.fresh)
    for entry in existing:
        stat = None if entry.name in touched else run.snapshot.get(run.content_prefix + entry.name)
        if is_trusted(stat):
            memo[f"content:{entry.name}"] = (stat, (entry.name, entry.source, entry.source_sha256,
                                                    entry.sidecar_sha256, entry.is_hand_edited))


def _read_entry(path: Path) -> ContentEntry:
    """A file ingest did not make (no `source_sha256`), or a copy of one it made, counts as
    written by hand, from no seed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ContentEntry(name=path.name, is_hand_edited=True)
    tracked, name = read_tracked_keys(text), file_name(path)
    if "source_sha256" not in tracked or stamped_name(text) not in ("", name):
        # No seed's file, or a copy of one under another name: the user's, claiming no seed.
        return ContentEntry(name=path.name, is_hand_edited=not is_generated_text(text, name))
    return ContentEntry(name=path.name, is_hand_edited=not is_generated_text(text, name), **tracked)


def read_tracked_keys(text: str) -> dict[str, str]:
    """`source`, `source_sha256`, `sidecar_sha256` from front matter, without parsing it all."""
    head = text.split(f"\n{DELIMITER}\n", 1)[0] if text.startswith(DELIMITER + "\n") else ""
    found = {}
    for key in _TRACKED_KEYS:
        match = re.search(rf"^{key}:[ \t]*(.+?)[ \t]*$", head, flags=re.MULTILINE)
        value = _yaml_scalar(match.group(1)) if match else None
        if isinstance(value, str):
            found[key] = value
    return found


_PLAIN_SCALAR = re.compile(r"[\w./-]+")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_scalar(text: str) -> Any:
    if _PLAIN_SCALAR.fullmatch(text) and not text[0].isdigit():
        return text  # the usual `seeds/a.txt` or hex digest: no need to run YAML
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _list_seeds(cfg: SiteConfig, run: _Run) -> list[str]:
    """The seeds of the snapshot (as shown), sorted; a warning for every other entry."""
    prefix = cfg.seeds_dir.rstrip("/") + "/"
    listed = sorted(path[len(prefix):] for path in run.snapshot
                    if path.startswith(prefix) and "/" not in path[len(prefix):].rstrip("/"))
    names = [(name.rstrip("/"), name.endswith("/")) for name in listed if name]
    # editors' own files (`.x.swp`, `x~`) are not in the snapshot (changes.is_editor_file)
    seeds = [name for name, is_folder in names if not is_folder and _suffix(name) in SEED_SUFFIXES]
    stems = {os.path.splitext(name)[0] for name in seeds}
    for name, is_folder in names:
        if _suffix(name) in SEED_SUFFIXES and not is_folder:
            continue
        stem, shown = os.path.splitext(name)[0], prefix + name
        if is_folder:
            run.diagnostics.append(_warning(shown, "is a folder, and seeds are read "
                                            "from the seeds folder itself only; move its files up",
                                            line=None))
        elif _suffix(name) not in SIDECAR_SUFFIXES:
            run.diagnostics.append(_warning(shown, "is not a seed (.txt or .md) and is "
                                            "ignored; export it as text or move it out of the "
                                            "seeds folder"))
        elif stem not in stems:
            run.diagnostics.append(_warning(shown, f"has no seed next to it "
                                            f"({stem}.txt or {stem}.md); rename or "
                                            "delete it"))
    return [prefix + name for name in seeds]


def _suffix(name: str) -> str:
    stem, dot, suffix = name.lstrip(".").rpartition(".")
    return f".{suffix.lower()}" if dot else ""


def _shown(path: Path, cfg: SiteConfig) -> str:
    try:
        return path.relative_to(cfg.root).as_posix()
    except ValueError:
        return path.as_posix()


def _warning(path: str, message: str, line: int | None = 1) -> Diagnostic:
    return Diagnostic(SourceLocation(path, line), message, Severity.WARNING)


# --- what to do with each seed ---------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    source: str
    entries: tuple[ContentEntry, ...]
    name: str = ""
    text: str = ""
    """Front matter + body to write; empty when the existing file stays as it is."""
    diagnostics: tuple[Diagnostic, ...] = ()


def _plan(source: str, entries: list[ContentEntry], cfg: SiteConfig, run: _Run) -> _Plan:
    stats = _seed_stats(source, run.snapshot)
    known = run.memo.get(f"seed:{source}")
    if known is not None and tuple(known[0]) == stats and len(entries) == 1 \
            and not entries[0].is_hand_edited and (entries[0].source_sha256, entries[0].sidecar_sha256) == tuple(known[1]):
        run.fresh[f"seed:{source}"] = known
        return _Plan(source, tuple(entries), name=entries[0].name)
    try:
        seed = read_seed(cfg.root / source, cfg)
    except (ContentError, OSError) as exc:
        return _Plan(source, tuple(entries), diagnostics=(_as_diagnostic(exc, source),))
    if all(stat == "absent" or is_trusted(stat) for stat in stats):
        run.fresh[f"seed:{source}"] = (stats, (seed.sha256, seed.sidecar_sha256))
    hand_edited = [entry for entry in entries if entry.is_hand_edited]
    if hand_edited:
        return _Plan(source, tuple(entries),
                     diagnostics=_changed_warnings(seed, hand_edited, run.content_prefix))
    if len(entries) == 1 and _is_current(entries[0], seed):
        return _Plan(source, tuple(entries), name=entries[0].name)
    try:
        name, text, warnings = build_content_file(
            seed, cfg, today=_today(cfg), current={entry.name for entry in entries},
            is_taken=lambda name: run.claimed.get(name, source) != source)
    except ContentError as exc:
        return _Plan(source, tuple(entries), diagnostics=(exc.as_diagnostic(),))
    return _Plan(source, tuple(entries), name=name, text=text, diagnostics=warnings)


def _seed_stats(source: str, snapshot: Snapshot) -> tuple:
    """Snapshot stats of a seed and of its possible sidecars ("absent" when there is none)."""
    stem = source.rsplit(".", 1)[0]
    return (snapshot.get(source, "absent"), snapshot.get(stem + ".yml", "absent"),
            snapshot.get(stem + ".yaml", "absent"))


def read_seed(path: Path, cfg: SiteConfig) -> Seed:
    """The raw bytes of a seed and of its sidecar `<name>.yml`, if any."""
    raw = _read_inside_site(path, cfg)
    sidecars = [path.with_suffix(suffix) for suffix in SIDECAR_SUFFIXES]
    sidecar = next((candidate for candidate in sidecars if candidate.is_file()), sidecars[0])
    sidecar_raw = _read_inside_site(sidecar, cfg) if sidecar.is_file() else None
    return Seed(
        source=_shown(path, cfg),
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        is_markdown=path.suffix.lower() == ".md",
        sidecar=_shown(sidecar, cfg) if sidecar_raw is not None else "",
        sidecar_raw=sidecar_raw,
    )


def _read_inside_site(path: Path, cfg: SiteConfig) -> bytes:
    """The bytes of a seed file, refused when it links outside the site or is too big to read."""
    location = SourceLocation(_shown(path, cfg), 1)
    if not path.resolve().is_relative_to(cfg.root.resolve()):
        raise ContentError(location, "is a link to a file outside the site; copy the file into "
                           "the site instead")
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise ContentError(location, f"is {size / 2**20:.0f} MiB, larger than the "
                           f"{MAX_SEED_BYTES // 2**20} MiB a seed may be; split it into several "
                           "articles")
    return path.read_bytes()


def _is_current(entry: ContentEntry, seed: Seed) -> bool:
    return entry.source_sha256 == seed.sha256 and entry.sidecar_sha256 == seed.sidecar_sha256


def _changed_warnings(seed: Seed, hand_edited: list[ContentEntry],
                      prefix: str) -> tuple[Diagnostic, ...]:
    return tuple(
        _warning(seed.source, f"changed since {prefix}{entry.name} was generated, "
                 "but that file was edited by hand and is kept; copy the change into it by hand, "
                 "or delete it to regenerate it")
        for entry in hand_edited if not _is_current(entry, seed))


def _as_diagnostic(exc: ContentError | OSError, source: str) -> Diagnostic:
    if isinstance(exc, ContentError):
        return exc.as_diagnostic()
    return Diagnostic(SourceLocation(source), f"cannot be read ({exc.strerror}); check its "
                      "permissions")


def _today(cfg: SiteConfig) -> dt.date:
    return cfg.build_date.date() if cfg.build_date else dt.date.today()


# --- doing it --------------------------------------------------------------------------------

def _apply(plan: _Plan, folder: Path, run: _Run) -> None:
    run.diagnostics.extend(plan.diagnostics)
    kept = [entry.name for entry in plan.entries if entry.is_hand_edited]
    run.outcomes["kept"].extend(kept)
    if kept or not plan.name:
        return
    if not plan.text:
        run.outcomes["unchanged"].append(plan.name)
        return
    owner = run.claimed.setdefault(plan.name, plan.source)
    if owner != plan.source:
        run.diagnostics.append(_collision(plan, owner, run.content_prefix))
        return
    outcome = write_generated(folder / plan.name, plan.text)
    run.outcomes[outcome.value if outcome is not WriteOutcome.KEPT else "kept"].append(plan.name)
    stale = [entry for entry in plan.entries if entry.name != plan.name]
    _remove_generated(stale, folder, run)


def _collision(plan: _Plan, owner: str, prefix: str) -> Diagnostic:
    where = f"{prefix}{plan.name}"
    other = f"as {owner}" if owner else "which exists and comes from no seed"
    sidecar = re.sub(r"\.(txt|md)$", SIDECAR_SUFFIX, plan.source)
    return Diagnostic(SourceLocation(plan.source, 1),
                      f"makes the same content file {where} {other}; give it another `title` "
                      f"or `slug` in {sidecar}")


def _remove_orphans(entries: list[ContentEntry], folder: Path, run: _Run) -> None:
    """Content files whose seed is gone: generated ones go, hand-edited ones stay (warning)."""
    for entry in entries:
        if entry.is_hand_edited:
            run.outcomes["kept"].append(entry.name)
            run.diagnostics.append(_warning(
                f"{run.content_prefix}{entry.name}",
                f"its seed {entry.source} was removed, but this file was edited by hand and is "
                "kept; delete it if the article should go"))
    _remove_generated([entry for entry in entries if entry.name not in run.claimed], folder, run)


def _remove_generated(entries: list[ContentEntry], folder: Path, run: _Run) -> None:
    for entry in entries:
        if entry.is_hand_edited:
            continue
        (folder / entry.name).unlink(missing_ok=True)
        run.outcomes["removed"].append(entry.name)
        log.info("removed %s (its seed is gone or now makes another file)", entry.name)
