"""Files of cache_dir, which a cloned site may ship: input, never trusted.

A cache file is read only when it is a regular file (not a link, a FIFO or a device) no
larger than a bound, and what it holds goes through the rules front matter goes through
(check_extraction: slugs by slugs.is_slug, every value of its type). A folder the cache
writes into is a real folder of cache_dir, never a link out of it. Anything else is a miss:
the value is recomputed, as on a first build.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import stat
from pathlib import Path

from site_builder.model import (
    ACTOR_SUBKINDS,
    PLACE_SUBKINDS,
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
)
from site_builder.slugs import is_slug

MAX_TEXT = 100_000
"""Longest name, alias, role, label or quotation a cache entry may hold."""
MAX_LIST = 10_000
"""Most aliases or roles of one entity in a cache entry."""
MAX_OFFSET = 1 << 40
_LOG = logging.getLogger(__name__)
_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_cache_bytes(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of `path`; None when it is missing, not a regular file (opened without
    following a link, so a FIFO cannot block and a link cannot lead out) or over max_bytes."""
    try:
        fd = os.open(path, _NO_FOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:  # ELOOP: a symbolic link; EACCES…
        _LOG.warning("%s: cache file not read (%s); recomputing it", path, exc.strerror)
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            _LOG.warning("%s: not a regular file of at most %d bytes; recomputing it",
                         path, max_bytes)
            return None
        data = handle.read(max_bytes + 1)
    return data if len(data) <= max_bytes else None


def write_cache_bytes(path: Path, tmp: Path, data: bytes) -> None:
    """Write `path` through `tmp` and a rename. The temporary file is created anew (O_EXCL:
    a link planted under its name is removed, never written through); on any failure (a
    full disk) it is removed and `path` is left as it was."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def make_real_folder(path: Path) -> None:
    """`path` as a real folder: a symbolic link planted there is removed (not what it points
    to), so that nothing the cache writes lands outside cache_dir."""
    if path.is_symlink():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def folder_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a folder: a copy of it (git clone, tar, cp -r) has another one."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


# --- values -------------------------------------------------------------------------------


def check_extraction(result: ArticleEntities) -> ArticleEntities:
    """`result` if every value is of its type and every slug a slug; ValueError otherwise."""
    for mention in result.mentions:
        _require(isinstance(mention, Mention) and _is_span(mention.start, mention.end)
                 and _is_text(mention.text) and _is_text(mention.label)
                 and is_slug(mention.slug) and isinstance(mention.kind, EntityKind), "mention")
    for entity in result.entities:
        check_entity(entity)
    for quote in result.quotes:
        _require(isinstance(quote, Quote) and _is_text(quote.text)
                 and (quote.speaker is None or is_slug(quote.speaker))
                 and _is_span(quote.start, quote.end)
                 and _is_span(quote.sentence_start, quote.sentence_end), "quote")
    return result


def check_entity(entity: Entity) -> Entity:
    """`entity` if it could have come from an entity file; ValueError otherwise."""
    subkinds = ACTOR_SUBKINDS if entity.kind is EntityKind.ACTOR else PLACE_SUBKINDS
    _require(isinstance(entity, Entity) and isinstance(entity.kind, EntityKind)
             and is_slug(entity.slug) and _is_text(entity.name) and bool(entity.name.strip())
             and isinstance(entity.subkind, str) and entity.subkind in subkinds
             and _are_texts(entity.aliases) and _are_texts(entity.roles)
             and (entity.geo is None or _is_geo(entity.geo))
             and isinstance(entity.hidden, bool) and isinstance(entity.body_md, str), "entity")
    return entity


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"a malformed {what}")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _are_texts(values: object) -> bool:
    return isinstance(values, tuple) and len(values) <= MAX_LIST and all(map(_is_text, values))


def _is_index(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_OFFSET


def _is_span(start: object, end: object) -> bool:
    return _is_index(start) and _is_index(end) and start <= end


def _is_geo(geo: object) -> bool:
    if not isinstance(geo, Geo):
        return False
    numbers = (geo.latitude, geo.longitude)
    return (all(type(n) is float and math.isfinite(n) for n in numbers)
            and -90 <= geo.latitude <= 90 and -180 <= geo.longitude <= 180
            and isinstance(geo.country_code, str) and len(geo.country_code) <= 8
            and (geo.geonames_id is None or _is_index(geo.geonames_id)))
