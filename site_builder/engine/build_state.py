"""What the last successful build reported, and the digest of what it depended on besides
the site's inputs.

A CLI build whose inputs have no changes since the last successful build (changes.py: the
stat snapshot in `<cache_dir>/inputs.json`), with the same environment and output/ still
the folder that build left, has nothing to do: `build` then returns the stored report at
once. The environment digest covers the configuration (its repr, which holds
SOURCE_DATE_EPOCH's build date); today's date when no build date is set (undated seeds
take it); the package's source and the templates; the Python version and every installed
distribution's version (spaCy, its model, GeoNames data…). output/ is compared by identity
(device, inode) and by the (path, mode, size, mtime, inode) listing of its files, so a page
deleted or edited by hand makes the next build a normal one.

The state is `<cache_dir>/last-build.json`; it is removed before any normal build and
written after a successful one. Anything unreadable or different means a normal build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path
from typing import Any

from site_builder.model import SiteConfig
from site_builder.render.render_cache import output_identity

STATE_FILE = "last-build.json"
STATUS_FILE = "last-status.json"
"""What the last build found (every build writes it, a failed one too): deploy reads it."""
FORMAT = 1


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
    try:
        data = json.loads((cfg.path("cache_dir") / STATE_FILE).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["digest"] != digest:
            return None
        summary = data["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return summary if isinstance(summary, dict) else None


def forget(cfg: SiteConfig) -> None:
    """Drop the stored state (before a normal build: it no longer describes output/)."""
    (cfg.path("cache_dir") / STATE_FILE).unlink(missing_ok=True)


def save_summary(cfg: SiteConfig, digest: str, summary: dict) -> None:
    """Store the digest of a successful build and its summary (temp file + rename)."""
    _write_json(cfg.path("cache_dir"), STATE_FILE,
                {"format": FORMAT, "digest": digest, "summary": summary})


def save_status(cfg: SiteConfig, diagnostics) -> None:
    """Record how the last build ended: its errors (first few), for `deploy --no-build`."""
    errors = [str(d) for d in diagnostics if d.is_error]
    data = {"format": FORMAT, "errors": len(errors), "first": errors[:3]}
    _write_json(cfg.path("cache_dir"), STATUS_FILE, data)


def load_status(cfg: SiteConfig) -> tuple[int, tuple[str, ...]] | None:
    """(errors, first error lines) of the last build, or None when unknown or unreadable."""
    try:
        data = json.loads((cfg.path("cache_dir") / STATUS_FILE).read_text(encoding="utf-8"))
        errors, first = data["errors"], data["first"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(errors, int) or not isinstance(first, list):
        return None
    return errors, tuple(str(line) for line in first)


def _write_json(cache_dir: Path, name: str, data: dict) -> None:
    """Temp file + rename; on failure (a full disk) the temp file is removed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f".{name}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_dir / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
