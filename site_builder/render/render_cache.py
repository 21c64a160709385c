"""Page fingerprints kept between builds: a page whose inputs did not change is not rendered.

With them, a `PageRecord` of what each page job read from the Site (render_reads) and a digest
of each value read: the next CLI build re-runs only the jobs that read a key whose digest
changed (as serve does with the Site kept in memory), the others' pages are kept unlooked at.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder import changes, store
from site_builder.model import EntityKind, SiteConfig

PAGES_RECORD = "pages"
_PACKAGE = Path(__file__).resolve().parents[1]
FORMAT = 4
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


@dataclass(frozen=True)
class PageRecord:
    """What the render that made output/ read: each job's pages and reads (in job order), and
    the digest of every key read (render_reads.read_digests), under the shared fingerprint and
    the configuration it was made with."""

    shared: str
    config: str
    paths: dict[tuple[str, ...], tuple[str, ...]]
    """Job -> the output paths of its pages."""
    reads: dict[tuple[str, ...], tuple[Any, ...]]
    """Job -> the keys it read."""
    digests: dict[Any, bytes]
    """Key read -> digest of its value then (absent: it had none)."""


def load_fingerprints(cfg: SiteConfig) -> dict[str, str]:
    """Output path -> fingerprint of the pages output/ holds now ({} when unknown or stale),
    and SHARED -> what every page's fingerprint shares (see save_fingerprints)."""
    return load_pages(cfg)[0]


def load_pages(cfg: SiteConfig) -> tuple[dict[str, str], PageRecord | None]:
    """load_fingerprints' answer, and the record of what the pages read (None: unknown)."""
    out_dir = cfg.path("output_dir")
    try:
        shared, pages, record = store.load(cfg, PAGES_RECORD, (FORMAT, output_identity(out_dir)))
    except (TypeError, ValueError):
        return {}, None
    if not isinstance(pages, dict):
        return {}, None
    base = str(out_dir)
    found = {path: key for path, key in pages.items() if isinstance(path, str)
             and isinstance(key, str) and os.path.isfile(os.path.join(base, path))}
    if found and shared and isinstance(shared, str):
        found[SHARED] = shared
    return found, _decode_record(record) if found else None


def save_fingerprints(cfg: SiteConfig, staging: Path, pages: Mapping[str, str],
                      shared: str = "", record: PageRecord | None = None) -> None:
    """Record the fingerprints of the site staged in `staging` (before it is swapped in), and
    `shared`, the part of them every page shares (loaded back as the SHARED entry), and what
    its pages read."""
    store.save(cfg, PAGES_RECORD, (FORMAT, output_identity(staging)),
               (shared, dict(pages), None if record is None else _encode_record(record)))


def _encode_record(record: PageRecord) -> tuple:
    """Plain data: the keys read listed once, each job's reads as indexes into that list."""
    table: dict[Any, int] = {}
    jobs = [(job, paths, tuple(table.setdefault(key, len(table)) for key in record.reads[job]))
            for job, paths in record.paths.items()]
    keys = list(table)
    return (record.shared, record.config, list(map(_plain_key, keys)),
            [record.digests.get(key) for key in keys], jobs)


def _decode_record(data: object) -> PageRecord | None:
    """The record, or None when it is missing or not what _encode_record writes."""
    try:
        shared, config, plain, digests, jobs = data  # type: ignore[misc]
        keys = [_read_key(key) for key in plain]
        if not (isinstance(shared, str) and isinstance(config, str) and len(digests) == len(keys)
                and all(d is None or isinstance(d, bytes) for d in digests)):
            return None
        paths, reads = {}, {}
        for job, pages, indexes in jobs:
            if not (isinstance(job, tuple) and all(isinstance(part, str) for part in job)
                    and all(isinstance(page, str) for page in pages)
                    and all(type(i) is int and 0 <= i < len(keys) for i in indexes)):
                return None
            paths[job], reads[job] = tuple(pages), tuple(keys[i] for i in indexes)
        found = {key: digest for key, digest in zip(keys, digests, strict=True) if digest}
        return PageRecord(shared, config, paths, reads, found)
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def _plain_key(key: Any) -> Any:
    """A read key as plain data (an entity kind as `["kind", value]`)."""
    if isinstance(key, EntityKind):
        return ["kind", key.value]
    if isinstance(key, tuple):
        return tuple(map(_plain_key, key))
    return key


def _read_key(plain: Any) -> Any:
    if isinstance(plain, list) and len(plain) == 2 and plain[0] == "kind":
        return EntityKind(plain[1])
    if isinstance(plain, tuple):
        return tuple(map(_read_key, plain))
    if plain is None or isinstance(plain, (str, int)):  # ("actor", None): a quote's missing speaker
        return plain
    raise ValueError(f"not a read key: {plain!r}"[:200])
