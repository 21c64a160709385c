"""MergeState: entity_merge.build_tables kept up to date article by article (serve).

A long-lived process (serve) rebuilds after one article changed. build_tables would merge
every article's entities again (seconds at 10,000 articles); `update_tables` redoes only
what the changed articles touch:

- the merged entity of every (kind, slug) a changed article names, before or after;
- the per-article fields (mentions, actors, places, quotes) of the changed articles, and,
  when an entity enters or leaves the tables, of the articles that refer to it.

It gives exactly what build_tables gives for the same input (property-tested), and falls
back to build_tables when that is simpler than being clever: the first build, other
settings (hand-edited entity files, stop list), articles added or removed, many changes
at once, or a changed article that names a slug two GeoNames places share (which of them
keeps the slug depends on every article), or one that may be chosen for such a place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from site_builder.entity_merge import (
    CuratedEntity,
    EntityKey,
    Key,
    Tables,
    _article_fields,
    _identity,
    _stopped,
    _with_slug,
    merge_group,
    overlay,
    resolve_slugs,
    tables_with_slugs,
)
from site_builder.model import ArticleEntities, Entity, EntityKind

MAX_CHANGED = 64
"""Changed articles above which the tables are merged again from scratch."""
_PLACE = EntityKind.PLACE


@dataclass
class MergeState:
    """What the last merge saw and made; `update_tables` keeps it current."""

    per_article: list[ArticleEntities] = field(default_factory=list)
    slug_maps: list[dict[EntityKey, str]] = field(default_factory=list)
    """Per article, as resolve_slugs gave them (kept as they are by every update)."""
    shared: set[Key] = field(default_factory=set)
    """(is a place, slug) of the slugs several GeoNames places share."""
    curated: tuple[CuratedEntity, ...] = ()
    stop_list: tuple[str, ...] = ()
    tables: Tables | None = None
    groups: dict[Key, dict[int, Entity]] = field(default_factory=dict)
    """(is a place, site-wide slug) -> {article index: that article's entity}."""
    identities: dict[Key, Counter[int]] = field(default_factory=dict)
    """(is a place, extracted slug) -> GeoNames ids of its places, counted per article."""
    kept: dict[Key, Entity] = field(default_factory=dict)
    """The visible entities (the tables' content), sorted by key."""

    def forget(self) -> None:
        self.tables = None


def update_tables(state: MergeState, per_article: Sequence[ArticleEntities],
                  curated: Sequence[CuratedEntity], stop_list: Iterable[str]) -> Tables:
    """build_tables(per_article, curated, stop_list), from `state` when it allows; `state`
    then describes this merge."""
    curated, stop_list = tuple(curated), tuple(stop_list)
    try:
        changed = _changed_indexes(state, per_article, curated, stop_list)
        if changed is None or not _apply(state, per_article, changed):
            return _rebuild(state, per_article, curated, stop_list)
        return state.tables
    except BaseException:  # a half-updated state must not be trusted next time
        state.forget()
        raise


def _changed_indexes(state: MergeState, per_article: Sequence[ArticleEntities],
                     curated: tuple[CuratedEntity, ...], stop_list: tuple[str, ...]
                     ) -> list[int] | None:
    """Indexes of the articles whose result changed, or None: merge from scratch."""
    if state.tables is None or len(per_article) != len(state.per_article) \
            or curated != state.curated or stop_list != state.stop_list:
        return None
    changed = [i for i, (old, new) in enumerate(zip(state.per_article, per_article, strict=True))
               if old is not new and old != new]
    return changed if len(changed) <= MAX_CHANGED else None


def _rebuild(state: MergeState, per_article: Sequence[ArticleEntities],
             curated: tuple[CuratedEntity, ...], stop_list: tuple[str, ...]) -> Tables:
    slug_maps = resolve_slugs(per_article)
    tables = tables_with_slugs(per_article, slug_maps, curated, stop_list)
    state.per_article, state.curated, state.stop_list = list(per_article), curated, stop_list
    state.slug_maps, state.groups, state.identities = slug_maps, {}, {}
    for index, result in enumerate(per_article):
        _add(state, index, result)
    state.shared = {key for key, found in state.identities.items() if len(found) > 1}
    state.kept = {**{(False, slug): e for slug, e in tables.actors.items()},
                  **{(True, slug): e for slug, e in tables.places.items()}}
    state.tables = tables
    return tables


def _apply(state: MergeState, per_article: Sequence[ArticleEntities], changed: list[int]) -> bool:
    """Move `state` to `per_article`, whose results differ at `changed`; False (state left
    unusable) when a changed article names a slug several GeoNames places share."""
    if any(_near_shared(state, key) for index in changed
           for result in (state.per_article[index], per_article[index]) for key in _keys(result)):
        state.tables = None
        return False
    touched: set[Key] = set()
    for index in changed:
        touched |= _remove(state, index, state.per_article[index])
        state.per_article[index] = per_article[index]
        touched |= _add(state, index, per_article[index])
    if _has_shared_slug(state, touched):
        state.tables = None
        return False
    entered, left = _update_kept(state, touched)
    refer = _referring(state, entered | left) if entered or left else set()
    _update_tables(state, set(changed) | refer, reorder=bool(entered or left))
    return True


def _keys(result: ArticleEntities) -> set[Key]:
    """Every (is a place, slug) an article's entities and mentions use."""
    keys = {(e.kind is _PLACE, e.slug) for e in result.entities}
    keys.update([(m.kind is _PLACE, m.slug) for m in result.mentions])
    return keys


def _near_shared(state: MergeState, key: Key) -> bool:
    """Whether `key` is a shared slug, or may be a new slug made from one (`slug-ID[-N]`)."""
    return key in state.shared or any(
        is_place == key[0] and key[1].startswith(f"{slug}-") for is_place, slug in state.shared)


def _add(state: MergeState, index: int, result: ArticleEntities) -> set[Key]:
    """Add an article's entities to their groups (under their site-wide slugs)."""
    slug_map, keys = state.slug_maps[index], set()
    for entity in result.entities:
        if (identity := _identity(entity)) is not None:
            state.identities.setdefault((True, entity.slug), Counter())[identity] += 1
        slug = slug_map.get((entity.kind, entity.slug), entity.slug) if slug_map else entity.slug
        key = (entity.kind is _PLACE, slug)
        state.groups.setdefault(key, {})[index] = _with_slug(entity, slug)
        keys.add(key)
    return keys


def _remove(state: MergeState, index: int, result: ArticleEntities) -> set[Key]:
    """Take a changed article's entities out (it names no shared slug: no renaming)."""
    keys = set()
    for entity in result.entities:
        key = (entity.kind is _PLACE, entity.slug)
        group = state.groups[key]
        del group[index]
        if not group:
            del state.groups[key]
        if (identity := _identity(entity)) is not None:
            state.identities[key][identity] -= 1
            state.identities[key] = +state.identities[key]  # drops the zero counts
        keys.add(key)
    return keys


def _has_shared_slug(state: MergeState, keys: Iterable[Key]) -> bool:
    """Whether one of `keys` names places of two GeoNames ids (renaming is site-wide)."""
    return any(len(state.identities.get(key, ())) > 1 for key in keys)


def _update_kept(state: MergeState, touched: set[Key]) -> tuple[set[Key], set[Key]]:
    """Merge the entities of `touched` again; the keys that entered and left the tables."""
    hand_edited = {(c.entity.kind is _PLACE, c.entity.slug): c for c in state.curated
                   if c.is_hand_edited}
    stopped = _stopped(state.stop_list)
    entered, left = set(), set()
    for key in touched:
        entity = _merged(state.groups.get(key), hand_edited.get(key))
        is_kept = entity is not None and not entity.hidden and not stopped(entity)
        was_kept = key in state.kept
        if is_kept:
            state.kept[key] = entity
        elif was_kept:
            del state.kept[key]
        if is_kept != was_kept:
            (entered if is_kept else left).add(key)
    return entered, left


def _merged(group: dict[int, Entity] | None, own: CuratedEntity | None) -> Entity | None:
    """What merge_entities and apply_curated make of one key (articles in input order)."""
    found = merge_group([group[index] for index in sorted(group)]) if group else None
    if own is None:
        return found
    return own.entity if found is None else overlay(found, own)


def _referring(state: MergeState, keys: set[Key]) -> set[int]:
    """Articles naming one of `keys` in their entities, mentions or quotes (`keys` name
    no shared slug, so the articles' renamed slugs do not matter)."""
    return {index for index, result in enumerate(state.per_article) if _refers(result, keys)}


def _refers(result: ArticleEntities, keys: set[Key]) -> bool:
    return not _keys(result).isdisjoint(keys) \
        or any((False, q.speaker) in keys for q in result.quotes if q.speaker)


def _update_tables(state: MergeState, indexes: set[int], *, reorder: bool) -> None:
    if reorder:
        state.kept = dict(sorted(state.kept.items(), key=itemgetter(0)))
    fields: list[dict[str, Any]] = list(state.tables.article_fields)
    for index in indexes:
        fields[index] = _article_fields(state.per_article[index], state.slug_maps[index], state.kept)
    state.tables = Tables(
        actors={slug: e for (is_place, slug), e in state.kept.items() if not is_place},
        places={slug: e for (is_place, slug), e in state.kept.items() if is_place},
        article_fields=fields,
    )
