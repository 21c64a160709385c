"""build_tables(per_article, curated, stop_list): one actor and place table for the site.

Pure: the per-article extraction results are merged by (kind, slug); two places that share
a slug but not a GeoNames id get distinct slugs; hand-edited entity files then win field by
field (their lists are unioned with the generated ones); hidden and stop-listed entities
leave every table and article. Everything is sorted, so the result never depends on the
order in which results arrived.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from site_builder.model import (
    ACTOR_SUBKINDS,
    PLACE_SUBKINDS,
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Quote,
)
from site_builder.slugs import slugify

EntityKey = tuple[EntityKind, str]
_SUBKIND_ORDER = {name: rank for rank, name in enumerate(ACTOR_SUBKINDS + PLACE_SUBKINDS)}
_SCALAR_FIELDS = {"name": "name", "kind": "subkind", "hidden": "hidden"}


@dataclass(frozen=True)
class CuratedEntity:
    """An entity file from content/actors or content/places, as the user left it."""

    entity: Entity
    keys: frozenset[str]
    """The front-matter keys present in the file (those set by hand win)."""
    is_hand_edited: bool


@dataclass(frozen=True)
class Tables:
    actors: dict[str, Entity]
    places: dict[str, Entity]
    article_fields: list[dict[str, Any]]
    """Per article, in input order: actors, places, quotes, mentions (for dataclasses.replace)."""


def build_tables(per_article: Sequence[ArticleEntities], curated: Sequence[CuratedEntity],
                 stop_list: Iterable[str]) -> Tables:
    slug_maps = resolve_slugs(per_article)
    merged = merge_entities(per_article, slug_maps)
    merged = apply_curated(merged, curated)
    removed = {key for key, entity in merged.items() if entity.hidden or _is_stopped(entity, stop_list)}
    kept = {key: entity for key, entity in sorted(merged.items(), key=_sort_key)
            if key not in removed}
    fields = [_article_fields(result, slug_map, kept)
              for result, slug_map in zip(per_article, slug_maps, strict=True)]
    return Tables(
        actors={slug: e for (kind, slug), e in kept.items() if kind is EntityKind.ACTOR},
        places={slug: e for (kind, slug), e in kept.items() if kind is EntityKind.PLACE},
        article_fields=fields,
    )


def _sort_key(item: tuple[EntityKey, Entity]) -> tuple[str, str]:
    (kind, slug), _ = item
    return kind.value, slug


# --- slugs: same slug, different GeoNames place -> distinct slugs --------------------------

def _identity(entity: Entity) -> int | None:
    if entity.kind is EntityKind.PLACE and entity.geo is not None:
        return entity.geo.geonames_id
    return None


def resolve_slugs(per_article: Sequence[ArticleEntities]) -> list[dict[EntityKey, str]]:
    """Per article, (kind, extracted slug) -> the site-wide slug."""
    counts: Counter[tuple[EntityKind, str, int | None]] = Counter()
    for result in per_article:
        identities = {(e.kind, e.slug): _identity(e) for e in result.entities}
        for m in result.mentions:
            counts[(m.kind, m.slug, identities.get((m.kind, m.slug)))] += 1
        for key, identity in identities.items():
            counts[(*key, identity)] += 0
    renames = _renames(counts)
    return [{(e.kind, e.slug): renames.get((e.kind, e.slug, _identity(e)), e.slug)
             for e in result.entities} for result in per_article]


def _renames(counts: Counter) -> dict[tuple[EntityKind, str, int | None], str]:
    by_key: dict[EntityKey, list[int]] = defaultdict(list)
    for kind, slug, identity in counts:
        if identity is not None:
            by_key[(kind, slug)].append(identity)
    taken = {(kind, slug) for kind, slug, _ in counts}
    renames = {}
    for (kind, slug), ids in sorted(by_key.items(), key=lambda item: (item[0][0].value, item[0][1])):
        ranked = sorted(ids, key=lambda i: (-counts[(kind, slug, i)], i))
        for identity in ranked[1:]:
            new = _free_slug(f"{slug}-{identity}", kind, taken)
            renames[(kind, slug, identity)] = new
    return renames


def _free_slug(wanted: str, kind: EntityKind, taken: set[EntityKey]) -> str:
    slug, number = wanted, 2
    while (kind, slug) in taken:
        slug, number = f"{wanted}-{number}", number + 1
    taken.add((kind, slug))
    return slug


# --- merge across articles ----------------------------------------------------------------

def merge_entities(per_article: Sequence[ArticleEntities],
                   slug_maps: Sequence[dict[EntityKey, str]]) -> dict[EntityKey, Entity]:
    groups: dict[EntityKey, list[Entity]] = defaultdict(list)
    for result, slug_map in zip(per_article, slug_maps, strict=True):
        for entity in result.entities:
            slug = slug_map[(entity.kind, entity.slug)]
            groups[(entity.kind, slug)].append(_with_slug(entity, slug))
    return {key: merge_group(group) for key, group in groups.items()}


def _with_slug(item, slug: str):
    """`item` (Entity or Mention) with another slug; dataclasses.replace only when it differs
    (it is slow, and a cached build of 10,000 articles calls this for every mention)."""
    return item if item.slug == slug else dataclasses.replace(item, slug=slug)


def merge_group(group: Sequence[Entity]) -> Entity:
    """Name and subkind by majority (ties: longer name, fixed subkind order), lists unioned,
    geo from the first article that linked it."""
    names = Counter(e.name for e in group)
    name = min(names, key=lambda n: (-names[n], -len(n), n))
    subkinds = Counter(e.subkind for e in group)
    subkind = min(subkinds, key=lambda s: (-subkinds[s], _SUBKIND_ORDER.get(s, 99), s))
    aliases = _union([e.name for e in group], *(e.aliases for e in group), exclude=name)
    return dataclasses.replace(
        group[0], name=name, subkind=subkind, aliases=aliases,
        roles=_union(*(e.roles for e in group)),
        geo=next((e.geo for e in group if e.geo is not None), None),
    )


def _union(*lists: Iterable[str], exclude: str | None = None) -> tuple[str, ...]:
    values = {value for values in lists for value in values if value and value != exclude}
    return tuple(sorted(values, key=lambda v: (_fold(v), v)))


def _fold(text: str) -> str:
    """Accent- and case-insensitive sort key: `élue` sorts before `maire`."""
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")


# --- the user's entity files --------------------------------------------------------------

def apply_curated(merged: dict[EntityKey, Entity],
                  curated: Sequence[CuratedEntity]) -> dict[EntityKey, Entity]:
    """Hand-edited files win field by field; a hand-made file with no mention still counts."""
    result = dict(merged)
    for item in curated:
        if not item.is_hand_edited:
            continue
        key = (item.entity.kind, item.entity.slug)
        found = result.get(key)
        result[key] = item.entity if found is None else overlay(found, item)
    return result


def overlay(found: Entity, item: CuratedEntity) -> Entity:
    """`found` (generated) under the hand-edited file `item`: set fields win, lists merge."""
    own = item.entity
    fields = {attr: getattr(own, attr) for key, attr in _SCALAR_FIELDS.items() if key in item.keys}
    name = fields.get("name", found.name)
    return dataclasses.replace(
        found, **fields,
        aliases=_union(found.aliases, own.aliases, [found.name], exclude=name),
        roles=_union(found.roles, own.roles),
        geo=_overlay_geo(found.geo, own.geo, item.keys),
        body_md=own.body_md, source=own.source,
    )


def _overlay_geo(found: Geo | None, own: Geo | None, keys: frozenset[str]) -> Geo | None:
    if own is not None and {"latitude", "longitude"} <= keys:
        return own
    if found is None:
        return None
    changes: dict[str, Any] = {}
    if "country_code" in keys and own is not None:
        changes["country_code"] = own.country_code
    if "geonames_id" in keys and own is not None:
        changes["geonames_id"] = own.geonames_id
    return dataclasses.replace(found, **changes)


def _is_stopped(entity: Entity, stop_list: Iterable[str]) -> bool:
    for item in stop_list:
        if item.casefold() == entity.name.casefold() or slugify(item) == entity.slug:
            return True
    return False


# --- per-article fields -------------------------------------------------------------------

def _article_fields(result: ArticleEntities, slug_map: dict[EntityKey, str],
                    kept: dict[EntityKey, Entity]) -> dict[str, Any]:
    def final(kind: EntityKind, slug: str) -> str | None:
        new = slug_map.get((kind, slug), slug)
        return new if (kind, new) in kept else None

    mentions = tuple(sorted(
        (_with_slug(m, new) for m in result.mentions if (new := final(m.kind, m.slug)) is not None),
        key=lambda m: (m.start, m.end, m.kind.value, m.slug)))
    return {
        "mentions": mentions,
        "actors": _ranked(mentions, result, EntityKind.ACTOR, final),
        "places": _ranked(mentions, result, EntityKind.PLACE, final),
        "quotes": tuple(_quote(q, final) for q in result.quotes),
    }


def _ranked(mentions, result: ArticleEntities, kind: EntityKind, final) -> tuple[str, ...]:
    """Slugs of the article's entities of `kind`, most mentioned first, then by slug."""
    counts = Counter(m.slug for m in mentions if m.kind is kind)
    slugs = {new for e in result.entities if e.kind is kind and (new := final(kind, e.slug))}
    return tuple(sorted(slugs | set(counts), key=lambda s: (-counts[s], s)))


def _quote(quote: Quote, final) -> Quote:
    speaker = final(EntityKind.ACTOR, quote.speaker) if quote.speaker else None
    return quote if speaker == quote.speaker else dataclasses.replace(quote, speaker=speaker)
