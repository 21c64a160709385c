"""Page fingerprints kept between builds: a page whose inputs did not change is not rendered.

A fingerprint is a digest of everything a page is made from: its template name, its
context dataclasses (repr), the site's templates and theme, and site_builder's own source
(a code change re-renders everything). The fingerprints of the last build are stored in
`<cache_dir>/pages.marshal` (plain strings, read and written in milliseconds) with the
identity (device, inode) of the output folder they describe: the staged folder keeps its inode when it is swapped in, so a build killed
before the swap leaves fingerprints that no longer match output/ and are ignored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder.model import SiteConfig

PAGES_FILE = "pages.marshal"
LEGACY_PAGES_FILE = "pages.json"
"""What versions before the marshal format wrote: removed, lest one of them trusts it later."""
_PACKAGE = Path(__file__).resolve().parent
FORMAT = 2
FRESH_SECONDS = 2.0
"""A file modified less than this before it is digested is not remembered (see sources_digest)."""
_DIGESTS: dict[str, tuple[int, int, bytes]] = {}
"""Path -> (mtime_ns, size, digest of its bytes): what sources_digest read before."""
SHARED = "#shared"
"""Key of load_fingerprints' answer holding the shared fingerprint (no page has this path)."""


def fingerprint(*parts: object) -> str:
    """A short digest of `parts` (dataclasses, strings, tuples: their repr is stable)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def sources_digest(template_dirs: Iterable[Path]) -> str:
    """Digest of the templates (site and theme) and of the package's Python source.

    A file whose (modification time, size) is the one read before in this process is not
    read again (serve digests them on every rebuild), unless it was modified less than
    FRESH_SECONDS before it was read (a same-size edit within the timestamp's tick)."""
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(_PACKAGE.glob("*.py"))
    for folder in template_dirs:
        if folder.is_dir() and not folder.is_symlink():  # a link out is refused by make_env
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path).encode() + b"\x00" + _file_digest(str(path)) + b"\x00")
    return digest.hexdigest()


def _file_digest(path: str) -> bytes:
    info = os.stat(path)
    known = _DIGESTS.get(path)
    if known is not None and known[:2] == (info.st_mtime_ns, info.st_size):
        return known[2]
    with open(path, "rb") as handle:
        found = hashlib.blake2b(handle.read(), digest_size=16).digest()
    if time.time() - info.st_mtime_ns / 1e9 >= FRESH_SECONDS:
        _DIGESTS[path] = (info.st_mtime_ns, info.st_size, found)
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
        data = marshal.loads((cfg.path("cache_dir") / PAGES_FILE).read_bytes())
        kind, identity, shared, pages = data
        if kind != FORMAT or identity != output_identity(out_dir) or not isinstance(pages, dict):
            return {}
    except (OSError, ValueError, EOFError, TypeError):
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
    cache_dir = cfg.path("cache_dir")
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = (FORMAT, output_identity(staging), shared, dict(pages))
    tmp = cache_dir / f"{PAGES_FILE}.{os.getpid()}.tmp"
    tmp.write_bytes(marshal.dumps(data))
    os.replace(tmp, cache_dir / PAGES_FILE)
    (cache_dir / LEGACY_PAGES_FILE).unlink(missing_ok=True)
