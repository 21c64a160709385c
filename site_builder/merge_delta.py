"""MergeState: entity_merge.build_tables kept up to date article by article (serve).

A long-lived process (serve) rebuilds after one article changed. build_tables would merge
every article's entities again (seconds at 10,000 articles); `update_tables` redoes only
what the changed articles touch:

- the counts that decide which of several GeoNames places sharing a slug keeps it (mentions
  per place, slugs in use), kept up to date; if the choice changes, everything is merged
  again, since it renames places in other articles;
- the merged entity of every (kind, slug) a changed article names, before or after;
- the per-article fields (mentions, actors, places, quotes) of the changed articles, and,
  when an entity enters or leaves the tables, of the articles that refer to it.

It gives exactly what build_tables gives for the same input (property-tested), and merges
from scratch for the first build, other settings (hand-edited entity files, stop list),
articles added or removed, a `merge_into:` in an entity file, or many changes at once.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from site_builder.curation_edits import describe_curations, has_merges
from site_builder.entity_merge import (
    AliasIndex,
    AliasKey,
    CuratedEntity,
    EntityKey,
    Key,
    Tables,
    _article_fields,
    _article_renames,
    _fold,
    _identity,
    _renames,
    _stopped,
    _with_slug,
    alias_facts,
    choose_subkind,
    decide_aliases,
    duplicates_report,
    is_joined,
    overlay,
    protected_slugs,
    tables_with_slugs,
    with_alias_renames,
)
from site_builder.model import ArticleEntities, Entity, EntityKind, Geo

MAX_CHANGED = 64
"""Changed articles above which the tables are merged again from scratch."""
_PLACE = EntityKind.PLACE


@dataclass
class MergeState:
    """What the last merge saw and made; `update_tables` keeps it current."""

    per_article: list[ArticleEntities] = field(default_factory=list)
    slug_maps: list[dict[EntityKey, str]] = field(default_factory=list)
    """Per article: (kind, extracted slug) -> site-wide slug, where they differ."""
    curated: tuple[CuratedEntity, ...] = ()
    stop_list: tuple[str, ...] = ()
    tables: Tables | None = None
    groups: dict[Key, Group] = field(default_factory=dict)
    """(is a place, site-wide slug) -> what the articles naming it say of it."""
    identities: dict[str, Counter[int]] = field(default_factory=dict)
    """Place slug (as extracted) -> GeoNames ids of the places, counted per article."""
    place_mentions: Counter[tuple[str, int]] = field(default_factory=Counter)
    """(place slug, GeoNames id) -> mentions of that place in all articles."""
    taken: Counter[Key] = field(default_factory=Counter)
    """(is a place, slug) of every entity and mention -> articles using it."""
    shared: set[str] = field(default_factory=set)
    """Place slugs several GeoNames places share."""
    renames: dict[tuple[EntityKind, str, int | None], str] = field(default_factory=dict)
    """(kind, slug, GeoNames id) -> the slug of a place that does not keep the shared one."""
    kept: dict[Key, Entity] = field(default_factory=dict)
    """The visible entities (the tables' content), sorted by key."""
    aliases: AliasIndex = field(default_factory=AliasIndex)
    """Short and full forms of the actors, counted per article (entity_merge.alias_facts)."""
    alias_renames: dict[tuple[AliasKey, str], str] = field(default_factory=dict)
    """Short forms joined to their one full entity (entity_merge.decide_aliases)."""
    ambiguous: dict[AliasKey, tuple[str, ...]] = field(default_factory=dict)
    """Short forms that several full entities could be (the duplicates report)."""

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
            or curated != state.curated or stop_list != state.stop_list or has_merges(curated):
        return None  # merge_into: merged entities move other articles' mentions
    changed = [i for i, (old, new) in enumerate(zip(state.per_article, per_article, strict=True))
               if old is not new and old != new]
    return changed if len(changed) <= MAX_CHANGED else None


def _rebuild(state: MergeState, per_article: Sequence[ArticleEntities],
             curated: tuple[CuratedEntity, ...], stop_list: tuple[str, ...]) -> Tables:
    state.per_article, state.curated, state.stop_list = list(per_article), curated, stop_list
    state.identities, state.place_mentions, state.taken = {}, Counter(), Counter()
    for result in per_article:
        _count(state, result, 1)
    state.shared = {slug for slug, ids in state.identities.items() if len(ids) > 1}
    state.renames = _current_renames(state)
    state.aliases = AliasIndex()
    for result in per_article:
        state.aliases.change(alias_facts(result), 1)
    decisions = decide_aliases(state.aliases, state.aliases.keys(), protected_slugs(curated))
    state.alias_renames, state.ambiguous = decisions.renames, decisions.ambiguous
    state.slug_maps = [_slug_map(state, result) for result in per_article]
    tables = tables_with_slugs(per_article, state.slug_maps, curated, stop_list,
                               ambiguous=state.ambiguous, index=state.aliases)
    state.groups = {}
    for index, result in enumerate(per_article):
        _group(state, index, result, add=True)
    state.kept = {**{(False, slug): e for slug, e in tables.actors.items()},
                  **{(True, slug): e for slug, e in tables.places.items()}}
    state.tables = tables
    return tables


def _apply(state: MergeState, per_article: Sequence[ArticleEntities], changed: list[int]) -> bool:
    """Move `state` to `per_article`, whose results differ at `changed`; False (`state`
    left to be rebuilt) when the changes rename places in other articles."""
    touched: set[Key] = set()
    alias_keys: set[AliasKey] = set()
    for index in changed:
        old, new = state.per_article[index], per_article[index]
        _count(state, old, -1)
        _count(state, new, 1)
        _update_shared(state, old, new)
        alias_keys |= _change_aliases(state, old, new)
        touched |= _group(state, index, old, add=False)
        state.per_article[index] = new
    if _current_renames(state) != state.renames or not _same_aliases(state, alias_keys):
        state.tables = None
        return False
    for index in changed:
        result = state.per_article[index]
        state.slug_maps[index] = _slug_map(state, result)
        touched |= _group(state, index, result, add=True)
    entered, left = _update_kept(state, touched)
    refer = _referring(state, entered | left) if entered or left else set()
    _update_tables(state, set(changed) | refer, reorder=bool(entered or left))
    return True


def _slug_map(state: MergeState, result: ArticleEntities) -> dict[EntityKey, str]:
    places = _article_renames(result, state.renames) if state.renames else {}
    return with_alias_renames(result, places, state.alias_renames)


# --- short forms of actors: joined when one full entity, reported when several ------------

def _change_aliases(state: MergeState, old: ArticleEntities, new: ArticleEntities) -> set[AliasKey]:
    """Move one article's facts in the alias index; the keys they touch."""
    old_facts, new_facts = alias_facts(old), alias_facts(new)
    state.aliases.change(old_facts, -1)
    state.aliases.change(new_facts, 1)
    return {key for _, key, _ in old_facts ^ new_facts}


def _same_aliases(state: MergeState, keys: set[AliasKey]) -> bool:
    """Decide `keys` again; False (merge again) when a short form joins another entity.
    A change of the ambiguous ones only changes the report."""
    if not keys:
        return True
    decisions = decide_aliases(state.aliases, keys, protected_slugs(state.curated))
    before = {item: slug for item, slug in state.alias_renames.items() if item[0] in keys}
    if decisions.renames != before:
        return False
    for key in keys:
        state.ambiguous.pop(key, None)
    state.ambiguous.update(decisions.ambiguous)
    return True


# --- what decides renaming: GeoNames ids per slug, mentions per place, slugs in use --------

def _count(state: MergeState, result: ArticleEntities, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one article's share of the counts."""
    places = {e.slug: identity for e in result.entities
              if e.kind is _PLACE and (identity := _identity(e)) is not None}
    for slug, identity in places.items():
        ids = state.identities.setdefault(slug, Counter())
        ids[identity] += sign
        if not ids[identity]:
            del ids[identity]
        state.place_mentions[(slug, identity)] += sign * sum(
            1 for m in result.mentions if m.kind is _PLACE and m.slug == slug)
    for key in _keys(result):
        state.taken[key] += sign
        if not state.taken[key]:
            del state.taken[key]


def _update_shared(state: MergeState, *results: ArticleEntities) -> None:
    for result in results:
        for e in result.entities:
            if e.kind is _PLACE and _identity(e) is not None:
                if len(state.identities.get(e.slug, ())) > 1:
                    state.shared.add(e.slug)
                else:
                    state.shared.discard(e.slug)


def _current_renames(state: MergeState) -> dict[tuple[EntityKind, str, int | None], str]:
    """What resolve_slugs would rename, from the counts (same rules: entity_merge._renames)."""
    if not state.shared:
        return {}
    counts = Counter({(_PLACE, slug, identity): state.place_mentions[(slug, identity)]
                      for slug in state.shared for identity in state.identities[slug]})
    return _renames(counts, set(state.taken))


def _keys(result: ArticleEntities) -> set[Key]:
    """Every (is a place, slug) an article's entities and mentions use."""
    keys = {(e.kind is _PLACE, e.slug) for e in result.entities}
    keys.update([(m.kind is _PLACE, m.slug) for m in result.mentions])
    return keys


# --- groups of entities by site-wide slug, and the merged entities ------------------------

@dataclass
class Group:
    """What the articles naming one entity say of it, counted so that adding or taking away
    one article's entity costs that entity, not the group (a country named by thousands)."""

    members: dict[int, Entity] = field(default_factory=dict)
    """Article index -> that article's entity."""
    names: Counter[str] = field(default_factory=Counter)
    joined_names: Counter[str] = field(default_factory=Counter)
    """Names of short forms joined to the group (entity_merge.is_joined): the page's name
    only while no member has another."""
    joined: set[int] = field(default_factory=set)
    """Article indexes whose member is a joined short form."""
    subkinds: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)
    """Every name and alias the articles give."""
    roles: Counter[str] = field(default_factory=Counter)
    geos: dict[int, Geo] = field(default_factory=dict)
    """Article index -> the position that article gives, if any."""

    def change(self, index: int, entity: Entity, sign: int, *, joined: bool = False) -> None:
        if sign > 0:
            self.members[index] = entity
            if entity.geo is not None:
                self.geos[index] = entity.geo
            if joined:
                self.joined.add(index)
        else:
            del self.members[index]
            self.geos.pop(index, None)
            self.joined.discard(index)
        _add(self.joined_names if joined else self.names, (entity.name,), sign)
        _add(self.subkinds, (entity.subkind,), sign)
        _add(self.spellings, [v for v in (entity.name, *entity.aliases) if v], sign)
        _add(self.roles, [v for v in entity.roles if v], sign)

    def merged(self) -> Entity:
        """merge_group over the members in article order, from the counts."""
        names = self.names or self.joined_names
        name = min(names, key=lambda n: (-names[n], -len(n), n))
        own = [index for index in self.members if index not in self.joined]
        base = self.members[min(own or self.members)]
        return dataclasses.replace(
            base, name=name, subkind=choose_subkind(self.subkinds, base.kind),
            aliases=tuple(sorted((v for v in self.spellings if v != name), key=_sort_key)),
            roles=tuple(sorted(self.roles, key=_sort_key)),
            geo=self.geos[min(self.geos)] if self.geos else None,
        )


def _add(counter: Counter[str], values, sign: int) -> None:
    for value in set(values):
        counter[value] += sign
        if not counter[value]:
            del counter[value]


def _sort_key(value: str) -> tuple[str, str]:
    return _fold(value), value


def _group(state: MergeState, index: int, result: ArticleEntities, *, add: bool) -> set[Key]:
    """Put an article's entities in (or take them out of) their groups; their keys."""
    slug_map, keys = state.slug_maps[index], set()
    for entity in result.entities:
        slug = slug_map.get((entity.kind, entity.slug), entity.slug) if slug_map else entity.slug
        key = (entity.kind is _PLACE, slug)
        group = state.groups.setdefault(key, Group())
        group.change(index, _with_slug(entity, slug), 1 if add else -1,
                     joined=is_joined(entity, slug))
        if not group.members:
            del state.groups[key]
        keys.add(key)
    return keys


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


def _merged(group: Group | None, own: CuratedEntity | None) -> Entity | None:
    """What merge_entities and apply_curated make of one key (articles in input order)."""
    found = group.merged() if group is not None else None
    if own is None:
        return found
    return own.entity if found is None else overlay(found, own)


def _referring(state: MergeState, keys: set[Key]) -> set[int]:
    """Articles naming one of `keys` in their entities, mentions or quotes."""
    return {index for index, (result, slug_map) in enumerate(zip(state.per_article,
                                                                  state.slug_maps, strict=True))
            if _refers(result, slug_map, keys)}


def _refers(result: ArticleEntities, slug_map: dict[EntityKey, str], keys: set[Key]) -> bool:
    named = _keys(result) | {(False, q.speaker) for q in result.quotes if q.speaker}
    named |= {(kind is _PLACE, new) for (kind, _), new in slug_map.items()}
    return not named.isdisjoint(keys)


def _update_tables(state: MergeState, indexes: set[int], *, reorder: bool) -> None:
    if reorder:
        state.kept = dict(sorted(state.kept.items(), key=itemgetter(0)))
    fields: list[dict[str, Any]] = list(state.tables.article_fields)
    for index in indexes:
        fields[index] = _article_fields(state.per_article[index], state.slug_maps[index], state.kept)
    state.tables = Tables(
        actors={slug: e for (is_place, slug), e in state.kept.items() if not is_place},
        places={slug: e for (is_place, slug), e in state.kept.items() if is_place},
        article_fields=fields, curations=_curations(state),
        duplicates=duplicates_report(state.ambiguous, state.aliases, state.kept),
    )


def _curations(state: MergeState) -> dict[str, str]:
    """What each hand-edited file did (entity_merge.tables_with_slugs, without merges)."""
    found = {key: group.merged() for c in state.curated if c.is_hand_edited
             and (group := state.groups.get(key := (c.entity.kind is _PLACE, c.entity.slug)))}
    return describe_curations(state.curated, found, state.kept, {})
