"""`site-builder entities PATH`: what extraction finds in one file, as JSON or a table.

The JSON schema is documented in docs/entities.md; keys and order are stable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_builder.errors import ContentError
from site_builder.frontmatter import split_front_matter
from site_builder.model import ArticleEntities, Entity, EntityKind, SourceLocation

SCHEMA_VERSION = 1
_LABELS = {"person": "PER", "organisation": "ORG"}


def read_source_text(path: Path) -> str:
    """A seed's raw text (.txt), or a content file's body after its front matter (.md)."""
    location = SourceLocation(str(path))
    if not path.is_file():
        raise ContentError(location, "no such file; give the path of a seed (.txt) or article (.md)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(location, f"cannot read the file ({exc.strerror}); check its permissions") from None
    if b"\x00" in raw[:4096]:
        raise ContentError(location, "binary file, not a text; give a UTF-8 text file")
    text = _decode(raw)
    if path.suffix.lower() == ".md":
        _, text = split_front_matter(text, str(path))
    return text


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def build_report(source: str, model: str, result: ArticleEntities) -> dict[str, Any]:
    """The JSON-ready report: entities (sorted by type, slug), mentions and quotes in text order."""
    counts: dict[tuple[str, str], int] = {}
    for mention in result.mentions:
        key = (mention.kind.value, mention.slug)
        counts[key] = counts.get(key, 0) + 1
    return {
        "schema": SCHEMA_VERSION,
        "source": source,
        "model": model,
        "entities": [_entity(e, counts.get((e.kind.value, e.slug), 0)) for e in result.entities],
        "mentions": [{"text": m.text, "start": m.start, "end": m.end, "label": m.label,
                      "kind": _kind_of_label(m.label), "type": m.kind.value, "slug": m.slug}
                     for m in sorted(result.mentions, key=lambda m: (m.start, m.end))],
        "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                   for q in result.quotes],
    }


def _kind_of_label(label: str) -> str:
    return {"PER": "person", "ORG": "organisation"}.get(label, "place")


def _entity(entity: Entity, mentions: int) -> dict[str, Any]:
    is_actor = entity.kind is EntityKind.ACTOR
    geo = entity.geo
    return {
        "name": entity.name,
        "slug": entity.slug,
        "kind": entity.subkind if is_actor else "place",
        "type": entity.kind.value,
        "subkind": entity.subkind,
        "label": _LABELS.get(entity.subkind, "LOC"),
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "mentions": mentions,
        "geo": None if geo is None else {
            "latitude": geo.latitude, "longitude": geo.longitude,
            "country_code": geo.country_code or None, "geonames_id": geo.geonames_id},
    }


def format_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def format_table(report: dict[str, Any]) -> str:
    """One line per entity, then the quotes; for reading in a terminal."""
    rows = [("TYPE", "SOUS-TYPE", "NOM", "MENTIONS", "RÔLES / LIEU")]
    for entity in report["entities"]:
        geo = entity["geo"]
        extra = ", ".join(entity["roles"]) or (
            f"{geo['country_code'] or ''} {geo['latitude']:.2f},{geo['longitude']:.2f}" if geo else "")
        rows.append((entity["label"], entity["subkind"], entity["name"], str(entity["mentions"]), extra))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
             for row in rows]
    lines += [f"« {q['text']} » — {q['speaker'] or '?'}" for q in report["quotes"]]
    return "\n".join(line.rstrip() for line in lines)
