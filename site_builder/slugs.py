"""Stable, ASCII, URL- and file-system-safe slugs shared by ingest and enrichment."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`Bachar Al-Assad` -> `bachar-al-assad`; accents folded, cut on a hyphen boundary."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "sans-titre"
