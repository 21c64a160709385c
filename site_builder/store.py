"""The one store of what a build keeps for the next: keyed results with the inputs they came from.

Each result is a named record under `.site-builder/store/` (`inputs`: the stat snapshot of
the inputs, `memo`: the parsed files and extraction results, `pages`: the page fingerprints,
`last-build`: the no-change shortcut's digest and summary, `status`: how the last build
ended). A record holds plain data only (tuples, lists, dicts, strings, numbers: marshal,
never pickle) with the key of the inputs it was computed from (a configuration, a digest,
an output folder's identity) and the identity of the folder it was written in, so that a
copied or cloned site does not trust another folder's records. `load` answers None for a
record that is missing, of another format or key, from another folder, larger than its
bound or unreadable: the caller then computes everything again, as on a first build. Files
are read as untrusted input (cache_files: regular files only, bounded, never through a link).
"""

from __future__ import annotations

import logging
import marshal
from pathlib import Path
from typing import Any

from site_builder.cache_files import (
    folder_identity,
    make_real_folder,
    read_cache_bytes,
    write_cache_bytes,
)
from site_builder.model import SiteConfig

STORE_DIR = "store"
FORMAT = 1
MAX_RECORD_BYTES = 1 << 32
FORMER_FILES = {"inputs": "inputs.json", "memo": "memo.marshal", "pages": "pages.marshal",
                "last-build": "last-build.json", "status": "last-status.json"}
"""What each record replaced directly under cache_dir: removed when the record is written."""
_LOG = logging.getLogger(__name__)


def record_path(cfg: SiteConfig, name: str) -> Path:
    return cfg.path("cache_dir") / STORE_DIR / f"{name}.marshal"


def load(cfg: SiteConfig, name: str, key: Any, max_bytes: int = MAX_RECORD_BYTES) -> Any | None:
    """The value saved under `name` with inputs `key` in this folder, else None."""
    path = record_path(cfg, name)
    try:
        data = read_cache_bytes(path, max_bytes)
        if data is None:
            return None
        fmt, stored_key, folder, value = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError) as exc:
        _LOG.warning("%s: unreadable store record (%s); computing it again", path, exc)
        return None
    if fmt != FORMAT or stored_key != key:
        return None
    if folder != _identity(path.parent):
        _LOG.info("%s: written in another folder (a copy of the site?); not used", path)
        return None
    return value


def save(cfg: SiteConfig, name: str, key: Any, value: Any) -> None:
    """Write the record atomically (temp file + rename); plain data only (ValueError otherwise)."""
    path = record_path(cfg, name)
    make_real_folder(path.parent)  # a link planted as store/ is removed, never written through
    data = marshal.dumps((FORMAT, key, _identity(path.parent), value))
    write_cache_bytes(path, path.with_name(f".{path.name}.tmp"), data)
    if name in FORMER_FILES:
        (cfg.path("cache_dir") / FORMER_FILES[name]).unlink(missing_ok=True)


def forget(cfg: SiteConfig, name: str) -> None:
    record_path(cfg, name).unlink(missing_ok=True)


def _identity(folder: Path) -> tuple[int, ...] | None:
    identity = folder_identity(folder)
    return None if identity is None else tuple(identity)
