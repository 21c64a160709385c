"""Stable, ASCII, URL- and file-system-safe slugs shared by ingest and enrichment."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

MAX_SLUG_LENGTH = 80
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_APOSTROPHES = re.compile(r"[’'ʼ`]")


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`Bachar Al-Assad` -> `bachar-al-assad`, `Cœur Défense` -> `coeur-defense`,
    `Владимир Путин` -> `vladimir-putin`: every script transliterated (anyascii), an apostrophe
    dropped (`l’État` -> `letat`), cut on a hyphen boundary."""
    folded = anyascii(_APOSTROPHES.sub("", _without_symbols(text)))
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "sans-titre"


def _without_symbols(text: str) -> str:
    """Symbols (emoji, arrows, currency signs) name nothing: anyascii would spell them out
    (`🙂` -> `:slight_smile:`), so they are dropped; letters and digits of every script stay."""
    return "".join(" " if unicodedata.category(char).startswith("S") else char for char in text)


def is_slug(value: object) -> bool:
    """A slug as front matter must give one and every file name built from it may hold:
    lowercase ASCII letters, digits and single inner hyphens, at most MAX_SLUG_LENGTH (no
    `/`, `.`, `..`, nothing a path could climb out with). Values read from a cache go
    through the same rule."""
    return isinstance(value, str) and len(value) <= MAX_SLUG_LENGTH and bool(_SLUG.fullmatch(value))


def distinct_slugs(slug: str, name: str, key: str) -> tuple[str, ...]:
    """The slugs to try, in order, for a page whose natural slug may be taken by another:
    `slug`, then `slug-<name>` (what tells the pages apart, e.g. the seed's file name), then
    `slug-<8 hex digits of the SHA-256 of key>` (`key`: unique, e.g. the seed's path), then
    that with `-2` ... `-9` appended.

    Each candidate depends only on the page's own `slug`, `name` and `key`, never on the
    other pages, so a page keeps its slug whatever pages are added later."""
    tail = slugify(name, max_length=24)
    hashed = f"{slug}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"
    candidates = (slug, f"{slug}-{tail}", hashed, *(f"{hashed}-{n}" for n in range(2, 10)))
    return tuple(dict.fromkeys(candidates))
