"""Page fingerprints kept between builds: a page whose inputs did not change is not rendered.

A fingerprint is a digest of everything a page is made from: its template name, its
context dataclasses (repr), the site's templates and theme, and site_builder's own source
(a code change re-renders everything). The fingerprints of the last build are stored in
`<cache_dir>/pages.json` with the identity (device, inode) of the output folder they
describe: the staged folder keeps its inode when it is swapped in, so a build killed
before the swap leaves fingerprints that no longer match output/ and are ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder.model import SiteConfig

PAGES_FILE = "pages.json"
_PACKAGE = Path(__file__).resolve().parent
FORMAT = 1
SHARED = "#shared"
"""Key of load_fingerprints' answer holding the shared fingerprint (no page has this path)."""


def fingerprint(*parts: object) -> str:
    """A short digest of `parts` (dataclasses, strings, tuples: their repr is stable)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def sources_digest(template_dirs: Iterable[Path]) -> str:
    """Digest of the templates (site and theme) and of the package's Python source."""
    digest = hashlib.blake2b(digest_size=16)
    files = sorted(_PACKAGE.glob("*.py"))
    for folder in template_dirs:
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path).encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


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
        data = json.loads((cfg.path("cache_dir") / PAGES_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("output") != output_identity(out_dir):
            return {}
        pages = data["pages"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    found = {path: key for path, key in pages.items()
             if isinstance(key, str) and (out_dir / path).is_file()}
    if found and data.get("shared") and isinstance(data["shared"], str):
        found[SHARED] = data["shared"]
    return found


def save_fingerprints(cfg: SiteConfig, staging: Path, pages: Mapping[str, str],
                      shared: str = "") -> None:
    """Record the fingerprints of the site staged in `staging` (before it is swapped in), and
    `shared`, the part of them every page shares (loaded back as the SHARED entry)."""
    cache_dir = cfg.path("cache_dir")
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "output": output_identity(staging), "shared": shared,
            "pages": dict(sorted(pages.items()))}
    tmp = cache_dir / f"{PAGES_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, cache_dir / PAGES_FILE)
