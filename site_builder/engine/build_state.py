"""What the last successful build reported, and the digest of what it depended on besides
the site's inputs.

A CLI build whose inputs have no changes since the last successful build (changes.py: the
stat snapshot in the store's `inputs` record), with the same environment and output/ still
the folder that build left, has nothing to do: `build` then returns the stored report at
once. The environment digest covers the configuration (its repr, which holds
SOURCE_DATE_EPOCH's build date); today's date when no build date is set (undated seeds
take it); the package's source and the templates; the Python version and every installed
distribution's version (spaCy, its model, GeoNames data…). output/ is compared by identity
(device, inode) and by the (path, mode, size, mtime, inode) listing of its files, so a page
deleted or edited by hand makes the next build a normal one.

The state is the store's `last-build` record (store.py), keyed by the digest; it is removed
before any normal build and written after a successful one. Anything unreadable or
different means a normal build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import sys
from pathlib import Path
from typing import Any

from site_builder import store
from site_builder.model import SiteConfig
from site_builder.render.render_cache import output_identity

STATE_RECORD = "last-build"
STATUS_RECORD = "status"
"""What the last build found (every build writes it, a failed one too): deploy reads it."""
FORMAT = 2


def environment_digest(cfg: SiteConfig, sources: str) -> str:
    """What the build depends on besides the site's files: configuration, code, packages."""
    digest = hashlib.blake2b(digest_size=16)
    today = dt.date.today().isoformat() if cfg.build_date is None else ""
    packages = sorted(f"{d.metadata['Name']}=={d.version}"
                      for d in importlib.metadata.distributions())
    for part in (repr(cfg), today, os.environ.get("SOURCE_DATE_EPOCH", ""), sys.version,
                 sources, *packages):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\x00")
    return digest.hexdigest()


def site_digest(cfg: SiteConfig, environment: str) -> str:
    """The environment and output/ (its identity and listing); the site's own inputs are
    compared by the change detector (changes.py)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{environment}\x00".encode())
    out_dir = cfg.path("output_dir")
    digest.update(f"output\x00{output_identity(out_dir) or 'missing'}\x00".encode())
    _update_listing(digest, out_dir, cfg.output_dir)
    return digest.hexdigest()


def _update_listing(digest: Any, root: Path, label: str) -> None:
    """(relative path, mode, size, mtime, inode) of every entry under `root`, sorted; a
    file or folder that is missing or unreadable is recorded as such."""
    digest.update(f"[{label}]\x00".encode("utf-8", "surrogateescape"))
    try:
        info = os.lstat(root)
    except OSError:
        digest.update(b"missing\x00")
        return
    if not os.path.isdir(root) or os.path.islink(root):
        digest.update(_stat_line("", info))
        return
    for line in sorted(_walk(str(root), "")):
        digest.update(line)


def _walk(folder: str, prefix: str) -> list[bytes]:
    lines: list[bytes] = []
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        return [f"{prefix}\x00unreadable {exc.errno}\x00".encode("utf-8", "surrogateescape")]
    for entry in entries:
        name = prefix + entry.name
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            lines.append(f"{name}\x00gone\x00".encode("utf-8", "surrogateescape"))
            continue
        lines.append(_stat_line(name, info))
        if entry.is_dir(follow_symlinks=False):
            lines += _walk(entry.path, name + "/")
    return lines


def _stat_line(name: str, info: os.stat_result) -> bytes:
    return (f"{name}\x00{info.st_mode}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}\x00"
            .encode("utf-8", "surrogateescape"))


# --- the state file -------------------------------------------------------------------------

def load_summary(cfg: SiteConfig, digest: str) -> dict | None:
    """The summary stored by the last successful build if its digest is `digest`, else None."""
    summary = store.load(cfg, STATE_RECORD, (FORMAT, digest))
    return summary if isinstance(summary, dict) else None


def forget(cfg: SiteConfig) -> None:
    """Drop the stored state (before a normal build: it no longer describes output/)."""
    store.forget(cfg, STATE_RECORD)


def save_summary(cfg: SiteConfig, digest: str, summary: dict) -> None:
    """Store the digest of a successful build and its summary."""
    store.save(cfg, STATE_RECORD, (FORMAT, digest), summary)


def save_status(cfg: SiteConfig, diagnostics) -> None:
    """Record how the last build ended: its errors (first few), for `deploy --no-build`."""
    errors = [str(d) for d in diagnostics if d.is_error]
    store.save(cfg, STATUS_RECORD, FORMAT, (len(errors), tuple(errors[:3])))


def load_status(cfg: SiteConfig) -> tuple[int, tuple[str, ...]] | None:
    """(errors, first error lines) of the last build, or None when unknown or unreadable."""
    try:
        errors, first = store.load(cfg, STATUS_RECORD, FORMAT)
    except (TypeError, ValueError):
        return None
    if not isinstance(errors, int) or not isinstance(first, tuple):
        return None
    return errors, tuple(str(line) for line in first)
