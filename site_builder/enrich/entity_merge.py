"""update_tables(state, per_article, curated, stop_list): one actor and place table for the site.

The per-article extraction results are merged by (kind, slug); two places that share a
slug but not a GeoNames id get distinct slugs; hand-edited entity files then win field by
field (curation_edits.py: lists set in a file replace the generated ones, `*_add:` adds, a
corrected name keeps the old one as an alias); hidden and stop-listed entities leave every
table and article; `merge_into:` folds an entity into another. Everything is sorted, so the
result never depends on the order in which results arrived.

One implementation, written as a collector (Sphinx's clear_doc / process_doc): `MergeState`
holds each article's contribution to counted evidence (names, kinds, aliases, roles and
positions per entity, GeoNames ids and mentions per place slug, short and full forms);
an article that went is retracted, one that came is contributed, and only the entities
whose counts, entity file or visibility changed are merged again, by `Group.merged`. A
full build (`build_tables`) is the same code from an empty state; serve keeps the state.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from site_builder.enrich.curation_edits import (
    CurationEdits,
    curated_lists,
    describe_curations,
    merge_targets,
)
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
Key = tuple[bool, str]
"""(is a place, slug): the tables' own key; the enum's hash is a Python function, and a
10,000-article site hashes keys millions of times. False < True: actors sort first."""
_PLACE = EntityKind.PLACE
_SUBKIND_ORDER = {name: rank for rank, name in enumerate(ACTOR_SUBKINDS + PLACE_SUBKINDS)}
_SCALAR_FIELDS = {"name": "name", "kind": "subkind", "hidden": "hidden"}


@dataclass(frozen=True)
class CuratedEntity:
    """An entity file from content/actors or content/places, as the user left it."""

    entity: Entity
    keys: frozenset[str]
    """The front-matter keys present in the file (those set by hand win)."""
    is_hand_edited: bool
    edits: CurationEdits = CurationEdits()
    """`aliases_add:`, `roles_add:`, `merge_into:` (curation_edits.py)."""
    copied_from: str = ""
    """`actors/x.md` when the file is a generated one copied, untouched, under another name."""


@dataclass(frozen=True)
class SuspectedDuplicate:
    """A short form (`Dupont`, `RCQ`) that several full entities of the site could be: left
    as its own page, for the user to settle in an entity file."""

    short: str
    """The short entity's name."""
    slug: str
    candidates: tuple[str, ...]
    """Slugs of the full entities it could stand for, most articles first."""
    articles: int
    """Articles naming the short form (the ranking)."""

    @property
    def fix(self) -> str:
        """The line to put in the entity file of the right candidate."""
        return f"content/actors/{self.candidates[0]}.md: aliases_add: [{self.short}]"


@dataclass(frozen=True)
class Tables:
    actors: dict[str, Entity]
    places: dict[str, Entity]
    article_fields: list[dict[str, Any]]
    """Per article, in input order: actors, places, quotes, mentions (for dataclasses.replace)."""
    redirects: dict[Key, str] = dataclasses.field(default_factory=dict)
    """(is a place, slug merged into another) -> the slug it went into (`merge_into:`)."""
    curations: dict[str, str] = dataclasses.field(default_factory=dict)
    """Source of each hand-edited entity file -> one line saying what it did."""
    duplicates: tuple[SuspectedDuplicate, ...] = ()
    """Short forms left apart because several entities could be meant, most articles first."""


def build_tables(per_article: Sequence[ArticleEntities], curated: Sequence[CuratedEntity],
                 stop_list: Iterable[str]) -> Tables:
    """The tables from an empty state: every article is new."""
    return update_tables(MergeState(), per_article, curated, stop_list)


@dataclass
class Contribution:
    """One article's share of the merge, as it was counted (what retracting it takes away)."""

    slot: int
    result: ArticleEntities
    facts: frozenset[AliasFact]
    slug_map: dict[EntityKey, str] | None = None
    """(kind, extracted slug) -> site-wide slug where they differ; None: not in the groups."""
    refs: frozenset[Key] = frozenset()
    """Site-wide keys its entities, mentions and quotes name (its fields depend on them)."""
    fields: dict[str, Any] | None = None


@dataclass
class MergeState:
    """The collector: each article's contribution to the counts, and what the counts decide.
    `update_tables` retracts the articles that went, contributes those that came, and merges
    again only the entities whose counts, entity file or visibility changed."""

    slots: dict[int, Contribution] = dataclasses.field(default_factory=dict)
    order: list[int] = dataclasses.field(default_factory=list)
    """Slots in input order (the first article's geo wins)."""
    position: dict[int, int] = dataclasses.field(default_factory=dict)
    next_slot: int = 0
    slugs: PlaceSlugs = dataclasses.field(default_factory=lambda: PlaceSlugs())
    aliases: AliasIndex = dataclasses.field(default_factory=lambda: AliasIndex())
    by_slug: dict[Key, set[int]] | None = None
    """(is a place, extracted slug) -> slots naming it (those a new site-wide slug moves)."""
    renames: dict[tuple[EntityKind, str, int | None], str] = dataclasses.field(default_factory=dict)
    alias_renames: dict[tuple[AliasKey, str], str] = dataclasses.field(default_factory=dict)
    ambiguous: dict[AliasKey, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    protected: frozenset[str] = frozenset()
    groups: dict[Key, Group] = dataclasses.field(default_factory=dict)
    refs: dict[Key, set[int]] | None = None
    """Site-wide key -> slots whose fields name it."""
    found: dict[Key, Entity] = dataclasses.field(default_factory=dict)
    """Merged from the counts, before the entity files."""
    curated: tuple[CuratedEntity, ...] = ()
    hand: dict[Key, CuratedEntity] = dataclasses.field(default_factory=dict)
    stop_list: tuple[str, ...] = ()
    visible: dict[Key, Entity] = dataclasses.field(default_factory=dict)
    merges: dict[Key, str] = dataclasses.field(default_factory=dict)
    kept: dict[Key, Entity] = dataclasses.field(default_factory=dict)
    actors: dict[str, Entity] = dataclasses.field(default_factory=dict)
    places: dict[str, Entity] = dataclasses.field(default_factory=dict)
    """The kept entities by kind, sorted by slug."""
    tables: Tables | None = None

    def clear(self) -> None:
        self.__dict__.update(MergeState().__dict__)


def update_tables(state: MergeState, per_article: Sequence[ArticleEntities],
                  curated: Sequence[CuratedEntity], stop_list: Iterable[str]) -> Tables:
    """The tables of `per_article`; `state` (empty, or the last call's) then describes them."""
    enabled = gc.isenabled()
    gc.disable()  # thousands of counters that live on, no cycles: gc passes cost more than the merge
    try:
        return _update(state, per_article, tuple(curated), tuple(stop_list))
    except BaseException:  # a half-updated state must not be trusted next time
        state.clear()
        raise
    finally:
        if enabled:
            gc.enable()


def _update(state: MergeState, per_article: Sequence[ArticleEntities],
            curated: tuple[CuratedEntity, ...], stop_list: tuple[str, ...]) -> Tables:
    added, removed = _match(state, per_article)
    touched: set[Key] = set()
    alias_keys: set[AliasKey] = set()
    for contribution in removed:
        touched |= _retract(state, contribution)
        alias_keys.update(key for _, key, _ in contribution.facts)
    for slot in added:
        _count(state, state.slots[slot], 1)
        alias_keys.update(key for _, key, _ in state.slots[slot].facts)
    outdated = set(added) | _decide(state, alias_keys, protected_slugs(curated))
    for slot in outdated:
        touched |= _regroup(state, state.slots[slot])
    for key in touched:
        group = state.groups.get(key)
        state.found[key] = group.merged(state.position.__getitem__) if group else None
        if group is None:
            del state.found[key]
    visible = _refresh_visible(state, touched, curated, stop_list)
    moved, reorder = _refresh_kept(state, visible)
    if len(outdated) < len(state.slots):  # else every article's fields are made again anyway
        outdated |= _referring(state, moved)
    for slot in outdated:
        item = state.slots[slot]
        item.fields = _article_fields(item.result, item.slug_map, state.kept, state.merges)
    return _tables(state, reorder=reorder)


def _match(state: MergeState, per_article: Sequence[ArticleEntities]
           ) -> tuple[list[int], list[Contribution]]:
    """Slots of the new articles, and the contributions of those gone; an article that is
    the same object as before, in the same order relative to the others, keeps its slot."""
    old = state.order
    start, end = 0, min(len(old), len(per_article))
    while start < end and state.slots[old[start]].result is per_article[start]:
        start += 1
    tail = 0
    while tail < end - start and state.slots[old[-1 - tail]].result is per_article[-1 - tail]:
        tail += 1
    middle = old[start:len(old) - tail]
    known: dict[int, deque[int]] = defaultdict(deque)
    for slot in middle:
        known[id(state.slots[slot].result)].append(slot)
    order, added, last = [], [], -1
    for result in per_article[start:len(per_article) - tail]:
        queue = known.get(id(result))
        while queue and state.position[queue[0]] < last:
            queue.popleft()
        if queue:
            slot = queue.popleft()
            last = state.position[slot]
        else:
            slot, state.next_slot = state.next_slot, state.next_slot + 1
            state.slots[slot] = Contribution(slot, result, alias_facts(result))
            added.append(slot)
        order.append(slot)
    if not added and order == middle:
        return [], []
    still = set(order)
    removed = [state.slots.pop(slot) for slot in middle if slot not in still]
    state.order = old[:start] + order + old[len(old) - tail:]
    state.position = {slot: i for i, slot in enumerate(state.order)}
    return added, removed


def _count(state: MergeState, item: Contribution, sign: int) -> None:
    """Add (1) or take away (-1) an article's evidence: places, short forms, slugs named."""
    state.slugs.change(item.result, sign)
    state.aliases.change(item.facts, sign)
    if state.by_slug is not None:
        for entity in item.result.entities:
            _move(state.by_slug, (entity.kind is _PLACE, entity.slug), item.slot, sign)


def _move(index: dict[Key, set[int]], key: Key, slot: int, sign: int) -> None:
    if sign > 0:
        index.setdefault(key, set()).add(slot)
    elif (slots := index.get(key)) is not None:
        slots.discard(slot)
        if not slots:
            del index[key]


def _retract(state: MergeState, item: Contribution) -> set[Key]:
    _count(state, item, -1)
    return _ungroup(state, item)


def _decide(state: MergeState, alias_keys: set[AliasKey], protected: frozenset[str]) -> set[int]:
    """Decide again what the changed counts may change (which place keeps a shared slug,
    which short form joins which entity); the slots whose site-wide slugs that moves."""
    renames = state.slugs.renames()
    moved = {(True, slug) for (_, slug, _), _ in renames.items() ^ state.renames.items()} \
        if renames is not state.renames else set()
    state.renames = renames
    if protected != state.protected:  # an entity file now keeps a short form apart, or not
        alias_keys = alias_keys | set(state.aliases.shorts) | set(state.ambiguous) | \
            {key for key, _ in state.alias_renames}
        state.protected = protected
    decisions = decide_aliases(state.aliases, alias_keys, protected)
    before = {item: slug for item, slug in state.alias_renames.items() if item[0] in alias_keys}
    moved |= {(False, short) for (_, short), _ in before.items() ^ decisions.renames.items()}
    for item in before:
        del state.alias_renames[item]
    state.alias_renames.update(decisions.renames)
    for key in alias_keys:
        state.ambiguous.pop(key, None)
    state.ambiguous.update(decisions.ambiguous)
    return _naming(state, moved) if moved else set()


def _naming(state: MergeState, keys: set[Key]) -> set[int]:
    """Slots of the articles with an entity of extracted slug in `keys` (the index is made
    when first needed: a first build never needs it)."""
    if state.by_slug is None:
        state.by_slug = {}
        for item in state.slots.values():
            for entity in item.result.entities:
                _move(state.by_slug, (entity.kind is _PLACE, entity.slug), item.slot, 1)
    return {slot for key in keys for slot in state.by_slug.get(key, ())}


def _referring(state: MergeState, keys: set[Key]) -> set[int]:
    """Slots of the articles whose fields name one of `keys` (index made when first needed)."""
    if state.refs is None:
        state.refs = refs = {}
        for item in state.slots.values():
            item.refs = _refs(item.result, item.slug_map)
            for key in item.refs:
                if (slots := refs.get(key)) is None:
                    refs[key] = {item.slot}
                else:
                    slots.add(item.slot)
    return {slot for key in keys for slot in state.refs.get(key, ())}


def _regroup(state: MergeState, item: Contribution) -> set[Key]:
    """Take an article's entities out of their groups (if in) and put them in again under
    the site-wide slugs decided now; the keys of the groups changed."""
    touched = _ungroup(state, item) if item.slug_map is not None else set()
    places = _article_renames(item.result, state.renames) if state.renames else {}
    item.slug_map = slug_map = with_alias_renames(item.result, places, state.alias_renames)
    groups, slot = state.groups, item.slot
    for entity in item.result.entities:
        slug = slug_map.get((entity.kind, entity.slug), entity.slug) if slug_map else entity.slug
        key = (entity.kind is _PLACE, slug)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group()
        if slug is entity.slug:  # the usual case: the extracted slug is the site's
            group.change(slot, entity, 1)
        else:
            group.change(slot, _with_slug(entity, slug), 1, joined=is_joined(entity, slug))
        touched.add(key)
    if state.refs is not None:
        item.refs = _refs(item.result, slug_map)
        for key in item.refs:
            _move(state.refs, key, item.slot, 1)
    return touched


def _ungroup(state: MergeState, item: Contribution) -> set[Key]:
    touched = set()
    slug_map = item.slug_map or {}
    for entity in item.result.entities:
        key = (entity.kind is _PLACE, slug_map.get((entity.kind, entity.slug), entity.slug))
        group = state.groups[key]
        group.change(item.slot, group.members[item.slot], -1,
                     joined=item.slot in group.joined)
        if not group.members:
            del state.groups[key]
        touched.add(key)
    if state.refs is not None:
        for key in item.refs:
            _move(state.refs, key, item.slot, -1)
    item.slug_map, item.refs = None, frozenset()
    return touched


def _refs(result: ArticleEntities, slug_map: dict[EntityKey, str]) -> frozenset[Key]:
    """The site-wide keys an article's fields look up (_article_fields)."""
    named = {(m.kind is _PLACE, m.slug) for m in result.mentions}
    named.update([(e.kind is _PLACE, e.slug) for e in result.entities])
    named.update([(False, q.speaker) for q in result.quotes if q.speaker])
    if not slug_map:
        return frozenset(named)
    kinds = {True: _PLACE, False: EntityKind.ACTOR}
    return frozenset((is_place, slug_map.get((kinds[is_place], slug), slug))
                     for is_place, slug in named)


def _refresh_visible(state: MergeState, touched: set[Key], curated: tuple[CuratedEntity, ...],
                     stop_list: tuple[str, ...]) -> set[Key]:
    """Entity files over the merged entities, hidden and stop-listed ones left out, for the
    keys whose counts, file or stop list changed; the keys whose visible entity changed."""
    keys = set(touched)
    if curated != state.curated:
        hand = {(c.entity.kind is _PLACE, c.entity.slug): c for c in curated if c.is_hand_edited}
        keys |= {key for key in hand.keys() | state.hand.keys()
                 if hand.get(key) != state.hand.get(key)}
        state.curated, state.hand = curated, hand
    if stop_list != state.stop_list:
        keys |= state.found.keys() | state.hand.keys()
        state.stop_list = stop_list
    stopped = _stopped(stop_list)
    changed = set()
    for key in keys:
        entity = with_curation(state.found.get(key), state.hand.get(key))
        if entity is not None and (entity.hidden or stopped(entity)):
            entity = None
        if entity != state.visible.get(key):
            changed.add(key)
            if entity is None:
                del state.visible[key]
            else:
                state.visible[key] = entity
    return changed


def _refresh_kept(state: MergeState, changed: set[Key]) -> tuple[set[Key], bool]:
    """`merge_into:` over the visible entities, for the keys changed and every merged or
    receiving one; the keys whose presence in the tables or merge target changed, and
    whether any key came or went (the tables are then sorted again)."""
    merges = merge_targets(state.curated, state.visible)
    into: defaultdict[Key, list[Key]] = defaultdict(list)
    for key, slug in merges.items():
        into[(key[0], slug)].append(key)
    moved = {key for key in merges.keys() | state.merges.keys()
             if merges.get(key) != state.merges.get(key)}
    keys = changed | moved | into.keys() | {(key[0], slug) for key, slug in state.merges.items()}
    fixed_roles = {key for key, c in state.hand.items() if "roles" in c.keys}
    came_or_went = set()
    for key in keys:
        entity = None if key in merges else state.visible.get(key)
        if entity is not None and key in into:
            entity = fold_merged(entity, [state.visible[k] for k in into[key]],
                                 fixed_roles=key in fixed_roles)
        if (key in state.kept) != (entity is not None):
            came_or_went.add(key)
        table = state.places if key[0] else state.actors
        if entity is None:
            state.kept.pop(key, None)
            table.pop(key[1], None)
        else:
            state.kept[key] = table[key[1]] = entity
    state.merges = merges
    return moved | came_or_went, bool(came_or_went)


def _tables(state: MergeState, *, reorder: bool) -> Tables:
    if reorder:
        state.actors = dict(sorted(state.actors.items(), key=itemgetter(0)))
        state.places = dict(sorted(state.places.items(), key=itemgetter(0)))
    state.tables = Tables(
        actors=dict(state.actors), places=dict(state.places),
        article_fields=[state.slots[slot].fields for slot in state.order],
        redirects=dict(state.merges),
        curations=describe_curations(state.curated, state.found, state.kept, state.merges),
        duplicates=duplicates_report(state.ambiguous, state.aliases, state.kept),
    )
    return state.tables


# --- one page per entity: short forms across articles -------------------------------------

AliasKey = tuple[str, str]
"""("surname", folded word) or ("acronym", ACRONYM): what a short form and its full forms share."""
AliasFact = tuple[bool, AliasKey, str]
"""(is the full form, key, slug) of one actor of one article."""
_ACRONYM_NAME = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_NAME_WORD = re.compile(r"[^\W\d_][\w'-]*")
_PARTICLES = frozenset("al el ben bin ibn abu de du des da di van von der den la le ould".split())
_MINOR_WORDS = _PARTICLES | frozenset("d l et en pour sur a au aux the of and".split())


def alias_facts(result: ArticleEntities) -> frozenset[AliasFact]:
    """What one article says of its actors' short and full forms: a one-word person is a
    short form of the persons whose name ends with that word; an acronym-named organisation
    a short form of the organisations with that acronym as alias or as initials."""
    facts: set[AliasFact] = set()
    for entity in result.entities:
        if entity.kind is not EntityKind.ACTOR:
            continue
        short = short_key(entity)
        if short is not None:
            facts.add((False, short, entity.slug))
        elif entity.subkind == "person":
            core = _core_words(entity.name)
            if len(core) > 1:
                facts.add((True, ("surname", core[-1]), entity.slug))
        elif entity.subkind == "organisation":
            acronyms = {a for a in entity.aliases if _ACRONYM_NAME.match(a)}
            if len(_core_words(entity.name)) > 1:
                acronyms.add(_initials(entity.name))
            facts.update((True, ("acronym", a), entity.slug) for a in acronyms if len(a) > 1)
    return frozenset(facts)


def short_key(entity: Entity) -> AliasKey | None:
    """The key of an actor that is a short form: a one-word person, an acronym-named
    organisation; None for any other."""
    if entity.kind is not EntityKind.ACTOR:
        return None
    if entity.subkind == "organisation" and _ACRONYM_NAME.match(entity.name):
        return ("acronym", entity.name)
    if entity.subkind == "person" and not entity.name.isupper():
        core = _core_words(entity.name)
        if len(core) == 1:
            return ("surname", core[0])
    return None


@functools.lru_cache(maxsize=1 << 16)
def _core_words(name: str) -> tuple[str, ...]:
    """Folded words of a name without particles: `Bachar al-Assad` -> ('bachar', 'assad')."""
    words = (part for word in _NAME_WORD.findall(_fold(name)) for part in re.split(r"[-']", word))
    return tuple(word for word in words if word and word not in _PARTICLES)


def _initials(name: str) -> str:
    """`Racing club de Quimper` -> `RCQ`; `Union sportive Saint-Malo` -> `USSM`."""
    words = (part for word in _NAME_WORD.findall(name) for part in re.split(r"[-']", word))
    return "".join(word[0].upper() for word in words
                   if word and _fold(word) not in _MINOR_WORDS)


@dataclass
class AliasIndex:
    """Per alias key, the short and the full forms' slugs, each counted in articles (so an
    article's facts can be added and taken away: MergeState)."""

    shorts: dict[AliasKey, Counter[str]] = dataclasses.field(default_factory=dict)
    fulls: dict[AliasKey, Counter[str]] = dataclasses.field(default_factory=dict)

    def change(self, facts: Iterable[AliasFact], sign: int) -> None:
        for is_full, key, slug in facts:
            table = self.fulls if is_full else self.shorts
            counts = table.setdefault(key, Counter())
            counts[slug] += sign
            if not counts[slug]:
                del counts[slug]
                if not counts:
                    del table[key]

    def keys(self) -> set[AliasKey]:
        return set(self.shorts)


@dataclass(frozen=True)
class AliasDecisions:
    renames: dict[tuple[AliasKey, str], str]
    """(key, actor slug) of a short form -> slug of the one full entity it stands for."""
    ambiguous: dict[AliasKey, tuple[str, ...]]
    """Alias key -> the full entities' slugs, where there are several (most articles first)."""


def decide_aliases(index: AliasIndex, keys: Iterable[AliasKey],
                   protected: frozenset[str]) -> AliasDecisions:
    """For each key: one full form -> its short forms join it (unless a hand-edited file
    keeps the short one apart); several -> ambiguous, reported, nothing merged."""
    renames: dict[tuple[AliasKey, str], str] = {}
    ambiguous: dict[AliasKey, tuple[str, ...]] = {}
    for key in sorted(keys):
        shorts = index.shorts.get(key)
        fulls = {slug: n for slug, n in index.fulls.get(key, {}).items()
                 if not shorts or slug not in shorts}
        if not shorts or not fulls:
            continue
        if len(fulls) == 1:
            (target,) = fulls
            renames.update({(key, slug): target for slug in shorts if slug not in protected})
        else:
            ambiguous[key] = tuple(sorted(fulls, key=lambda slug: (-fulls[slug], slug)))
    return AliasDecisions(renames, ambiguous)


def protected_slugs(curated: Sequence[CuratedEntity]) -> frozenset[str]:
    """Actors whose hand-edited file says what they are: never merged into another."""
    return frozenset(c.entity.slug for c in curated
                     if c.is_hand_edited and c.entity.kind is EntityKind.ACTOR)


def with_alias_renames(result: ArticleEntities, slug_map: dict[EntityKey, str],
                       renames: dict[tuple[AliasKey, str], str]) -> dict[EntityKey, str]:
    """An article's slug map (places renamed by resolve_slugs) plus its short actors (not
    one whose full entity the article names too: the article keeps them apart)."""
    if not renames:
        return slug_map
    own = {e.slug for e in result.entities if e.kind is EntityKind.ACTOR}
    found = {}
    for entity in result.entities:
        target = renames.get((key, entity.slug)) if (key := short_key(entity)) else None
        if target is not None and target not in own:
            found[(entity.kind, entity.slug)] = target
            own.add(target)  # two short forms of one article never join the same entity
    return {**slug_map, **found} if found else slug_map


def duplicates_report(ambiguous: dict[AliasKey, tuple[str, ...]], index: AliasIndex,
                      kept: dict[Key, Entity]) -> tuple[SuspectedDuplicate, ...]:
    """Each short form left apart with the full entities it could be, most articles first."""
    found = []
    for key, fulls in ambiguous.items():
        candidates = tuple(slug for slug in fulls if (False, slug) in kept)
        for slug, articles in index.shorts.get(key, {}).items():
            entity = kept.get((False, slug))
            if entity is not None and len(candidates) > 1:
                found.append(SuspectedDuplicate(entity.name, slug, candidates, articles))
    return tuple(sorted(found, key=lambda d: (-d.articles, d.slug, d.candidates)))


# --- slugs: same slug, different GeoNames place -> distinct slugs --------------------------

def _identity(entity: Entity) -> int | None:
    if entity.kind is EntityKind.PLACE and entity.geo is not None:
        return entity.geo.geonames_id
    return None


@dataclass
class PlaceSlugs:
    """What decides which of several GeoNames places sharing a slug keeps it, counted per
    article: the GeoNames ids per place slug, the mentions per place, the slugs in use."""

    identities: dict[str, Counter[int]] = dataclasses.field(default_factory=dict)
    mentions: dict[tuple[str, int], int] = dataclasses.field(default_factory=dict)
    taken: Counter[Key] = dataclasses.field(default_factory=Counter)
    """(is a place, slug) of every entity and mention -> articles using it."""
    shared: set[str] = dataclasses.field(default_factory=set)
    """Place slugs several GeoNames places share."""
    decided: dict[tuple[EntityKind, str, int | None], str] | None = None
    """`renames()` while nothing it reads has changed."""

    def change(self, result: ArticleEntities, sign: int) -> None:
        places = {e.slug: identity for e in result.entities
                  if e.kind is _PLACE and (identity := _identity(e)) is not None}
        if places:
            named = Counter([m.slug for m in result.mentions if m.kind is _PLACE])
        for slug, identity in places.items():
            ids = self.identities.setdefault(slug, Counter())
            ids[identity] += sign
            if not ids[identity]:
                del ids[identity]
            _add(self.mentions, (slug, identity), sign * named[slug])
            if len(ids) > 1 or slug in self.shared:
                self.decided = None
                (self.shared.add if len(ids) > 1 else self.shared.discard)(slug)
        keys = {(e.kind is _PLACE, e.slug) for e in result.entities}
        keys.update([(m.kind is _PLACE, m.slug) for m in result.mentions])
        if sign > 0:
            if self.decided is not None and not keys <= self.taken.keys():
                self.decided = None  # a slug now in use
            self.taken.update(keys)
            return
        for key in keys:
            _add(self.taken, key, -1)
            if key not in self.taken:
                self.decided = None  # a slug now free

    def renames(self) -> dict[tuple[EntityKind, str, int | None], str]:
        """(kind, slug, GeoNames id) -> the slug of each place that does not keep its own."""
        if self.decided is None:
            counts = Counter({(_PLACE, slug, identity): self.mentions.get((slug, identity), 0)
                              for slug in self.shared for identity in self.identities[slug]})
            self.decided = _renames(counts, set(self.taken)) if counts else {}
        return self.decided


def resolve_slugs(per_article: Sequence[ArticleEntities]) -> list[dict[EntityKey, str]]:
    """Per article, the places whose site-wide slug is not the extracted one:
    (kind, extracted slug) -> new slug. Most articles have none ({})."""
    places = PlaceSlugs()
    for result in per_article:
        places.change(result, 1)
    renames = places.renames()
    return [_article_renames(result, renames) if renames else {} for result in per_article]


def _renames(counts: Counter, taken: set[Key]) -> dict[tuple[EntityKind, str, int | None], str]:
    by_key: dict[EntityKey, list[int]] = defaultdict(list)
    for kind, slug, identity in counts:
        if identity is not None:
            by_key[(kind, slug)].append(identity)
    renames = {}
    for (kind, slug), ids in sorted(by_key.items(), key=lambda item: (item[0][0].value, item[0][1])):
        ranked = sorted(ids, key=lambda i: (-counts[(kind, slug, i)], i))
        for identity in ranked[1:]:
            renames[(kind, slug, identity)] = _free_slug(f"{slug}-{identity}", kind, taken)
    return renames


def _article_renames(result: ArticleEntities, renames: dict) -> dict[EntityKey, str]:
    slugs = {(e.kind, e.slug): renames.get((e.kind, e.slug, _identity(e)), e.slug)
             for e in result.entities}
    return {key: slug for key, slug in slugs.items() if slug != key[1]}


def _free_slug(wanted: str, kind: EntityKind, taken: set[Key]) -> str:
    slug, number = wanted, 2
    while (kind is _PLACE, slug) in taken:
        slug, number = f"{wanted}-{number}", number + 1
    taken.add((kind is _PLACE, slug))
    return slug



# --- merge across articles: one entity from the counts of its group -----------------------

@dataclass
class Group:
    """What the articles naming one entity say of it, counted so that adding or taking away
    one article's entity costs that entity, not the group (a country named by thousands)."""

    members: dict[int, Entity] = dataclasses.field(default_factory=dict)
    """Article slot -> that article's entity."""
    names: dict[str, int] = dataclasses.field(default_factory=dict)
    joined_names: dict[str, int] = dataclasses.field(default_factory=dict)
    """Names of short forms joined to the group (is_joined): the page's name only while no
    member has another."""
    joined: set[int] = dataclasses.field(default_factory=set)
    subkinds: dict[str, int] = dataclasses.field(default_factory=dict)
    spellings: Counter[str] = dataclasses.field(default_factory=Counter)
    """Every name and alias the articles give."""
    roles: Counter[str] = dataclasses.field(default_factory=Counter)
    geos: dict[int, Geo] = dataclasses.field(default_factory=dict)
    """Article slot -> the position that article gives, if any."""

    def change(self, slot: int, entity: Entity, sign: int, *, joined: bool = False) -> None:
        spellings = {entity.name, *entity.aliases} if entity.aliases else {entity.name}
        spellings.discard("")
        roles = set(entity.roles)
        roles.discard("")
        if sign < 0:
            self._retract(slot, entity, spellings, roles)
            return
        self.members[slot] = entity
        if entity.geo is not None:
            self.geos[slot] = entity.geo
        if joined:
            self.joined.add(slot)
        names = self.joined_names if joined else self.names
        names[entity.name] = names.get(entity.name, 0) + 1
        self.subkinds[entity.subkind] = self.subkinds.get(entity.subkind, 0) + 1
        self.spellings.update(spellings)  # Counter.update: counted in C
        if roles:
            self.roles.update(roles)

    def _retract(self, slot: int, entity: Entity, spellings: set[str], roles: set[str]) -> None:
        del self.members[slot]
        self.geos.pop(slot, None)
        _add(self.joined_names if slot in self.joined else self.names, entity.name, -1)
        self.joined.discard(slot)
        _add(self.subkinds, entity.subkind, -1)
        for value in spellings:
            _add(self.spellings, value, -1)
        for value in roles:
            _add(self.roles, value, -1)

    def merged(self, position: Callable[[int], int]) -> Entity:
        """Name and subkind by majority (ties: longer name, fixed subkind order), lists
        unioned, geo and other fields from the first article (`position`: slot -> rank);
        joined short forms' names count only when the group has no other."""
        names = self.names or self.joined_names
        name = min(names, key=lambda n: (-names[n], -len(n), n))
        own = [slot for slot in self.members if slot not in self.joined] if self.joined \
            else self.members
        base = self.members[min(own or self.members, key=position)]
        return dataclasses.replace(
            base, name=name, subkind=choose_subkind(self.subkinds, base.kind),
            aliases=tuple(sorted((v for v in self.spellings if v != name), key=_sort_key)),
            roles=tuple(sorted(self.roles, key=_sort_key)),
            geo=self.geos[min(self.geos, key=position)] if self.geos else None,
        )


def _add(counts: dict, value, sign: int) -> None:
    count = counts.get(value, 0) + sign
    if count:
        counts[value] = count
    else:
        counts.pop(value, None)


def merge_group(group: Sequence[Entity], *, joined: int = 0) -> Entity:
    """The merged entity of `group` (in article order); its last `joined` entities are
    short forms joined to it."""
    counts = Group()
    for slot, entity in enumerate(group):
        counts.change(slot, entity, 1, joined=slot >= len(group) - joined)
    return counts.merged(int)


def is_joined(entity: Entity, slug: str) -> bool:
    """An actor whose site-wide slug is another's: a short form joined to its full entity
    (its name is an alias there, never the page's name while a full form exists)."""
    return entity.kind is EntityKind.ACTOR and slug != entity.slug


def _with_slug(item, slug: str):
    """`item` (Entity or Mention) with another slug; dataclasses.replace only when it differs
    (it is slow, and a cached build of 10,000 articles calls this for every mention)."""
    return item if item.slug == slug else dataclasses.replace(item, slug=slug)


def choose_subkind(subkinds: Mapping[str, int], kind: EntityKind) -> str:
    """The majority subkind among those of `kind` (ties: fixed order). A short form joined
    from an actor never gives a place an actor's subkind (a place file could not say it)."""
    valid = {s: n for s, n in subkinds.items() if n > 0 and s in _SUBKINDS_OF[kind]}
    if not valid:
        return _SUBKINDS_OF[kind][-1]
    return min(valid, key=lambda s: (-valid[s], _SUBKIND_ORDER.get(s, 99), s))


_SUBKINDS_OF = {EntityKind.ACTOR: ACTOR_SUBKINDS, EntityKind.PLACE: PLACE_SUBKINDS}


def _union(*lists: Iterable[str], exclude: str | None = None) -> tuple[str, ...]:
    values = {value for values in lists for value in values if value and value != exclude}
    return tuple(sorted(values, key=_sort_key))


def _sort_key(value: str) -> tuple[str, str]:
    return _fold(value), value


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Accent- and case-insensitive sort key: `élue` sorts before `maire`."""
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")


# --- the user's entity files --------------------------------------------------------------

def with_curation(found: Entity | None, item: CuratedEntity | None) -> Entity | None:
    """A hand-edited file wins field by field; a hand-made file with no mention still counts."""
    if item is None:
        return found
    return item.entity if found is None else overlay(found, item)


def overlay(found: Entity, item: CuratedEntity) -> Entity:
    """`found` (generated) under the hand-edited file `item`: set fields win, lists set in
    the file replace the generated ones (curation_edits.curated_lists)."""
    own = item.entity
    fields = {attr: getattr(own, attr) for key, attr in _SCALAR_FIELDS.items() if key in item.keys}
    name = fields.get("name", found.name)
    aliases, roles = curated_lists(found, item)
    return dataclasses.replace(
        found, **fields, aliases=_union(*aliases, exclude=name), roles=_union(*roles),
        geo=_overlay_geo(found.geo, own.geo, item.keys),
        body_md=own.body_md, source=own.source,
    )


def fold_merged(survivor: Entity, group: Sequence[Entity], *, fixed_roles: bool) -> Entity:
    """`merge_into:`: the names of the entities merged into `survivor` become its aliases,
    and their roles join its own unless its file sets `roles:` (`fixed_roles`)."""
    names = [name for entity in group for name in (entity.name, *entity.aliases)]
    roles = survivor.roles if fixed_roles else \
        _union(survivor.roles, *(entity.roles for entity in group))
    return dataclasses.replace(
        survivor, aliases=_union(survivor.aliases, names, exclude=survivor.name), roles=roles)


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


def _stopped(stop_list: Iterable[str]):
    """entity -> whether the stop list names it (by name, any case, or by slug)."""
    stop_list = tuple(stop_list)
    names = {item.casefold() for item in stop_list}
    slugs = {slugify(item) for item in stop_list}
    if not names:
        return lambda entity: False
    return lambda entity: entity.name.casefold() in names or entity.slug in slugs



# --- per-article fields -------------------------------------------------------------------

def _article_fields(result: ArticleEntities, slug_map: dict[EntityKey, str],
                    kept: dict[Key, Entity], merges: dict[Key, str] | None = None
                    ) -> dict[str, Any]:
    def final(kind: EntityKind, slug: str) -> str | None:
        new = slug_map.get((kind, slug), slug) if slug_map else slug
        if merges:
            new = merges.get((kind is _PLACE, new), new)
        return new if (kind is _PLACE, new) in kept else None

    if slug_map or merges:
        found = [_with_slug(m, new) for m in result.mentions
                 if (new := final(m.kind, m.slug)) is not None]
    else:  # nothing renamed: the same Mention objects, those of kept entities
        found = [m for m in result.mentions if (m.kind is _PLACE, m.slug) in kept]
    mentions = tuple(sorted(found, key=lambda m: (m.start, m.end, m.kind is _PLACE, m.slug)))
    return {
        "mentions": mentions,
        "actors": _ranked(mentions, result, EntityKind.ACTOR, final),
        "places": _ranked(mentions, result, EntityKind.PLACE, final),
        "quotes": tuple(_quote(q, final) for q in result.quotes),
    }


def _ranked(mentions, result: ArticleEntities, kind: EntityKind, final) -> tuple[str, ...]:
    """Slugs of the article's entities of `kind`, most mentioned first, then by slug."""
    counts = Counter([m.slug for m in mentions if m.kind is kind])
    slugs = {new for e in result.entities if e.kind is kind and (new := final(kind, e.slug))}
    return tuple(sorted(slugs | set(counts), key=lambda s: (-counts[s], s)))


def _quote(quote: Quote, final) -> Quote:
    speaker = final(EntityKind.ACTOR, quote.speaker) if quote.speaker else None
    return quote if speaker == quote.speaker else dataclasses.replace(quote, speaker=speaker)
