"""Page fingerprints kept between builds: a page whose inputs did not change is not rendered.

A fingerprint is a digest of everything a page is made from: its template name, its
context dataclasses (repr), the site's templates and theme, and site_builder's own source
(a code change re-renders everything). The fingerprints of the last build are stored in
the store's `pages` record (plain strings, read and written in milliseconds) keyed by the
identity (device, inode) of the output folder they describe: the staged folder keeps its
inode when it is swapped in, so a build killed before the swap leaves fingerprints that no
longer match output/ and are ignored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder import changes, store
from site_builder.model import SiteConfig

PAGES_RECORD = "pages"
_PACKAGE = Path(__file__).resolve().parents[1]
FORMAT = 3
_DIGESTS: dict[str, tuple[changes.Stat, bytes]] = {}
"""Path -> (its trusted stat, digest of its bytes): what sources_digest read before."""
SHARED = "#shared"
"""Key of load_fingerprints' answer holding the shared fingerprint (no page has this path)."""


def fingerprint(*parts: object) -> str:
    """A short digest of `parts` (dataclasses, strings, tuples: their repr is stable)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def sources_digest(template_dirs: Iterable[Path]) -> str:
    """Digest of the templates (site and theme) and of the package's Python source.

    A file whose stat is the one read before in this process is not read again (serve
    digests them on every rebuild), unless it was too fresh to trust (changes.file_stat:
    a same-size edit within the timestamp's tick)."""
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(_PACKAGE.rglob("*.py"))
    for folder in template_dirs:
        if folder.is_dir() and not folder.is_symlink():  # a link out is refused by make_env
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path).encode() + b"\x00" + _file_digest(str(path)) + b"\x00")
    return digest.hexdigest()


def _file_digest(path: str) -> bytes:
    entry = changes.file_stat(path)
    known = _DIGESTS.get(path)
    if known is not None and changes.is_trusted(entry) and known[0] == entry:
        return known[1]
    with open(path, "rb") as handle:
        found = hashlib.blake2b(handle.read(), digest_size=16).digest()
    if changes.is_trusted(entry):  # a racy file is read again next time (changes.py's rule)
        _DIGESTS[path] = (entry, found)
    return found


def output_identity(folder: Path) -> str:
    """`device:inode` of a folder, or "" when it does not exist."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return ""
    return f"{info.st_dev}:{info.st_ino}"


def load_fingerprints(cfg: SiteConfig) -> dict[str, str]:
    """Output path -> fingerprint of the pages output/ holds now ({} when unknown or stale),
    and SHARED -> what every page's fingerprint shares (see save_fingerprints)."""
    out_dir = cfg.path("output_dir")
    try:
        shared, pages = store.load(cfg, PAGES_RECORD, (FORMAT, output_identity(out_dir)))
    except (TypeError, ValueError):
        return {}
    if not isinstance(pages, dict):
        return {}
    base = str(out_dir)
    found = {path: key for path, key in pages.items() if isinstance(path, str)
             and isinstance(key, str) and os.path.isfile(os.path.join(base, path))}
    if found and shared and isinstance(shared, str):
        found[SHARED] = shared
    return found


def save_fingerprints(cfg: SiteConfig, staging: Path, pages: Mapping[str, str],
                      shared: str = "") -> None:
    """Record the fingerprints of the site staged in `staging` (before it is swapped in), and
    `shared`, the part of them every page shares (loaded back as the SHARED entry)."""
    store.save(cfg, PAGES_RECORD, (FORMAT, output_identity(staging)), (shared, dict(pages)))
