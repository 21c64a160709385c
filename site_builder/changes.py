"""The one change detector: a stat snapshot of the site's inputs, diffed with the last one.

A snapshot maps each input path (relative to the site) under seeds/, content/, templates/,
static/ and site.yml to the file's (mtime_ns, size, inode), or `DIRECTORY`. A full build
diffs against an empty snapshot: every file is "added". The racy rule lives here only: a
file modified less than 2 s before it was stat'ed (a same-size edit within the timestamp
tick would go unseen) gets a digest of its bytes, vouches for no memo entry, and is
unchanged next time only if its bytes are too. The CLI keeps the snapshot in the store's
`inputs` record (store.py: plain data, ignored when missing, corrupt or from another
folder); serve keeps it in memory and stats again only its watcher's paths and racy ones.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from site_builder import store
from site_builder.model import SiteConfig

RACY_NS = 2_000_000_000
Stat = tuple
"""(st_mtime_ns, st_size, st_ino), and a digest of the bytes when the file was too fresh to
trust its stats (racy)."""
Snapshot = dict[str, Stat]
DIRECTORY: Stat = (0, 0, 0)
INPUT_DIRS = ("seeds_dir", "content_dir", "templates_dir", "static_dir")
CONFIG_FILES = ("site.yml", "site.yaml")
SNAPSHOT_RECORD = "inputs"
FORMAT = 2
MAX_SNAPSHOT_BYTES = 1 << 30


@dataclass(frozen=True)
class Changes:
    """Paths added, modified and removed between two snapshots."""

    added: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    @property
    def paths(self) -> frozenset[str]:
        return self.added | self.modified | self.removed

    def __bool__(self) -> bool:
        return bool(self.added or self.modified or self.removed)


def file_stat(path: Path | str) -> Stat | None:
    """The stat of a regular file (links followed), racy-marked; None when it is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _stat(info, time.time_ns(), str(path)) if stat.S_ISREG(info.st_mode) else None


def is_trusted(entry: Stat | None) -> bool:
    """Whether a stat may vouch for a file's content (present, not racy)."""
    return entry is not None and len(entry) == 3


def _stat(info: os.stat_result, now: int, path: str) -> Stat:
    stats = info.st_mtime_ns, info.st_size, info.st_ino
    return (*stats, _digest(path)) if now - info.st_mtime_ns < RACY_NS else stats


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError:
        return ""


def is_editor_file(name: str) -> bool:
    """An editor's own file beside the user's (hidden, lock or backup: `.x.swp`, `#x#`, `x~`):
    never an input, so that its writes start no build."""
    return name.startswith((".", "#")) or name.endswith("~")


def input_paths(cfg: SiteConfig) -> list[str]:
    """The folders and files a build reads, relative to the site."""
    return [*(getattr(cfg, name).rstrip("/") for name in INPUT_DIRS), *CONFIG_FILES]


def take_snapshot(cfg: SiteConfig) -> Snapshot:
    """Every input file and folder as it is now."""
    snapshot: Snapshot = {}
    now = time.time_ns()
    for relative in input_paths(cfg):
        _add(cfg.root, relative, snapshot, now)
    return snapshot


def _add(root: Path, relative: str, snapshot: Snapshot, now: int) -> None:
    path = os.path.join(root, relative)
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        snapshot[relative] = _stat(info, now, path)
    elif stat.S_ISDIR(info.st_mode):
        snapshot[relative + "/"] = DIRECTORY
        if not os.path.islink(path):
            _add_folder(path, relative, snapshot, now)


def _add_folder(folder: str, relative: str, snapshot: Snapshot, now: int) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if is_editor_file(entry.name):
            continue
        name = f"{relative}/{entry.name}"
        try:  # a link counts as what it points to; a linked folder is never followed (loops)
            if entry.is_dir():
                snapshot[name + "/"] = DIRECTORY
                if not entry.is_symlink():
                    _add_folder(entry.path, name, snapshot, now)
            elif entry.is_file():
                snapshot[name] = _stat(entry.stat(), now, entry.path)
        except OSError:  # gone while we looked: the next snapshot sees it gone
            continue


def update_snapshot(cfg: SiteConfig, previous: Snapshot, paths: Iterable[str]) -> Snapshot:
    """`previous` with `paths` (relative; watcher news) and its racy entries stat'ed again."""
    fresh = dict(previous)
    now = time.time_ns()
    for relative in {*paths, *(path for path, entry in previous.items() if len(entry) > 3)}:
        relative = relative.rstrip("/")
        fresh.pop(relative, None)
        if fresh.pop(relative + "/", None) is not None:  # a folder: its files go with it
            for known in [key for key in fresh if key.startswith(relative + "/")]:
                del fresh[known]
        if _is_input(cfg, relative):
            _add(cfg.root, relative, fresh, now)
            _add_parents(cfg, relative, fresh)
    return fresh


def _add_parents(cfg: SiteConfig, relative: str, snapshot: Snapshot) -> None:
    """The folders above a new file, as a full scan lists them."""
    parent = relative.rpartition("/")[0]
    while parent and parent + "/" not in snapshot and _is_input(cfg, parent) \
            and os.path.isdir(os.path.join(cfg.root, parent)):
        snapshot[parent + "/"] = DIRECTORY
        parent = parent.rpartition("/")[0]


def _is_input(cfg: SiteConfig, relative: str) -> bool:
    return any(relative == top or relative.startswith(top + "/")
               and not any(map(is_editor_file, relative[len(top) + 1:].split("/")))
               for top in input_paths(cfg))


def diff(old: Snapshot, new: Snapshot, root: Path | None = None) -> Changes:
    """What changed from `old` to `new` (folders included, as `name/`); a file racy in `old`
    is unchanged only if its stats and its bytes (read under `root`) are those it had."""
    return Changes(added=frozenset(new.keys() - old.keys()),
                   removed=frozenset(old.keys() - new.keys()),
                   modified=frozenset(path for path, entry in new.items()
                                      if path in old and _is_modified(old[path], entry, root, path)))


def _is_modified(old: Stat, new: Stat, root: Path | None, path: str) -> bool:
    if len(old) == 3 or old[:3] != new[:3]:
        return old != new
    if len(new) > 3:
        return old[3] != new[3]
    return root is None or old[3] != _digest(os.path.join(root, path))


# --- the file (CLI) ------------------------------------------------------------------------

def load_snapshot(cfg: SiteConfig) -> Snapshot:
    """The snapshot the last build saved, or an empty one (then everything is added)."""
    files = store.load(cfg, SNAPSHOT_RECORD, FORMAT, MAX_SNAPSHOT_BYTES)
    try:
        return {str(path): _entry(entry) for path, entry in files.items()} if files else {}
    except (ValueError, TypeError, AttributeError):
        return {}


def _entry(value: tuple) -> Stat:
    mtime, size, ino, *digest = value
    if len(digest) > 1 or not all(isinstance(item, str) for item in digest):
        raise ValueError(f"not a snapshot entry: {value!r}"[:200])
    return (int(mtime), int(size), int(ino), *digest)


def save_snapshot(cfg: SiteConfig, snapshot: Snapshot) -> None:
    store.save(cfg, SNAPSHOT_RECORD, FORMAT, snapshot)
