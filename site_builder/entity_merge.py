"""build_tables(per_article, curated, stop_list): one actor and place table for the site.

Pure: the per-article extraction results are merged by (kind, slug); two places that share
a slug but not a GeoNames id get distinct slugs; hand-edited entity files then win field by
field (curation_edits.py: lists set in a file replace the generated ones, `*_add:` adds, a
corrected name keeps the old one as an alias); hidden and stop-listed entities leave every
table and article; `merge_into:` folds an entity into another. Everything is sorted, so the
result never depends on the order in which results arrived.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from site_builder.curation_edits import (
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
    index = AliasIndex()
    for result in per_article:
        index.change(alias_facts(result), 1)
    aliases = decide_aliases(index, index.keys(), protected_slugs(curated))
    slug_maps = [with_alias_renames(result, slug_map, aliases.renames)
                 for result, slug_map in zip(per_article, resolve_slugs(per_article), strict=True)]
    return tables_with_slugs(per_article, slug_maps, curated, stop_list,
                             ambiguous=aliases.ambiguous, index=index)


def tables_with_slugs(per_article: Sequence[ArticleEntities],
                      slug_maps: Sequence[dict[EntityKey, str]],
                      curated: Sequence[CuratedEntity], stop_list: Iterable[str], *,
                      ambiguous: dict[AliasKey, tuple[str, ...]] | None = None,
                      index: AliasIndex | None = None) -> Tables:
    """build_tables, given the site-wide slugs `resolve_slugs` and the aliases chose."""
    found = merge_entities(per_article, slug_maps)
    merged = apply_curated(found, curated)
    stopped = _stopped(stop_list)
    visible = {key: entity for key, entity in sorted(merged.items(), key=itemgetter(0))
               if not entity.hidden and not stopped(entity)}
    merges = merge_targets(curated, visible)
    kept = fold_merges(visible, merges, curated)
    fields = [_article_fields(result, slug_map, kept, merges)
              for result, slug_map in zip(per_article, slug_maps, strict=True)]
    return Tables(
        actors={slug: e for (is_place, slug), e in kept.items() if not is_place},
        places={slug: e for (is_place, slug), e in kept.items() if is_place},
        article_fields=fields, redirects=merges,
        curations=describe_curations(curated, found, kept, merges),
        duplicates=duplicates_report(ambiguous or {}, index, kept) if index else (),
    )


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
    article's facts can be added and taken away: merge_delta)."""

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


def resolve_slugs(per_article: Sequence[ArticleEntities]) -> list[dict[EntityKey, str]]:
    """Per article, the entities whose site-wide slug is not the extracted one:
    (kind, extracted slug) -> new slug. Most articles have none ({})."""
    ids: defaultdict[EntityKey, set[int]] = defaultdict(set)
    for result in per_article:
        for e in result.entities:
            if (identity := _identity(e)) is not None:
                ids[(e.kind, e.slug)].add(identity)
    shared = {key for key, found in ids.items() if len(found) > 1}
    if not shared:  # no slug names two GeoNames places: nothing renamed (the usual case)
        return [{} for _ in per_article]
    renames = _renames(_shared_counts(per_article, shared), _taken(per_article))
    return [_article_renames(result, renames) for result in per_article]


def _shared_counts(per_article: Sequence[ArticleEntities], shared: set[EntityKey]
                   ) -> Counter[tuple[EntityKind, str, int | None]]:
    """Mentions of each (kind, slug, GeoNames id) whose slug is shared by several places."""
    counts: Counter[tuple[EntityKind, str, int | None]] = Counter()
    for result in per_article:
        identities = {(e.kind, e.slug): _identity(e) for e in result.entities
                      if e.kind is _PLACE and (e.kind, e.slug) in shared}
        for key, identity in identities.items():
            counts[(*key, identity)] += 0
        if identities:
            counts.update((m.kind, m.slug, identities[(m.kind, m.slug)]) for m in result.mentions
                          if m.kind is _PLACE and (m.kind, m.slug) in identities)
    return counts


def _taken(per_article: Sequence[ArticleEntities]) -> set[Key]:
    """Every (is a place, slug) an entity or a mention uses: renamed slugs must avoid them."""
    taken = {(e.kind is _PLACE, e.slug) for r in per_article for e in r.entities}
    taken.update([(m.kind is _PLACE, m.slug) for r in per_article for m in r.mentions])
    return taken


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


# --- merge across articles ----------------------------------------------------------------

def merge_entities(per_article: Sequence[ArticleEntities],
                   slug_maps: Sequence[dict[EntityKey, str]]) -> dict[Key, Entity]:
    """One entity per (is a place, site-wide slug); `slug_maps` as resolve_slugs gives them."""
    groups: dict[Key, list[Entity]] = defaultdict(list)
    joined: dict[Key, list[Entity]] = defaultdict(list)
    for result, slug_map in zip(per_article, slug_maps, strict=True):
        for entity in result.entities:
            slug = slug_map.get((entity.kind, entity.slug), entity.slug) if slug_map else entity.slug
            key = (entity.kind is _PLACE, slug)
            (joined if is_joined(entity, slug) else groups)[key].append(_with_slug(entity, slug))
    return {key: merge_group(groups.get(key, []) + joined.get(key, []), joined=len(joined.get(key, ())))
            for key in groups.keys() | joined.keys()}


def is_joined(entity: Entity, slug: str) -> bool:
    """An actor whose site-wide slug is another's: a short form joined to its full entity
    (its name is an alias there, never the page's name while a full form exists)."""
    return entity.kind is EntityKind.ACTOR and slug != entity.slug


def _with_slug(item, slug: str):
    """`item` (Entity or Mention) with another slug; dataclasses.replace only when it differs
    (it is slow, and a cached build of 10,000 articles calls this for every mention)."""
    return item if item.slug == slug else dataclasses.replace(item, slug=slug)


def choose_subkind(subkinds: Counter[str], kind: EntityKind) -> str:
    """The majority subkind among those of `kind` (ties: fixed order). A short form joined
    from an actor never gives a place an actor's subkind (a place file could not say it)."""
    valid = {s: n for s, n in subkinds.items() if n > 0 and s in _SUBKINDS_OF[kind]}
    if not valid:
        return _SUBKINDS_OF[kind][-1]
    return min(valid, key=lambda s: (-valid[s], _SUBKIND_ORDER.get(s, 99), s))


_SUBKINDS_OF = {EntityKind.ACTOR: ACTOR_SUBKINDS, EntityKind.PLACE: PLACE_SUBKINDS}


def merge_group(group: Sequence[Entity], *, joined: int = 0) -> Entity:
    """Name and subkind by majority (ties: longer name, fixed subkind order), lists unioned,
    geo from the first article that linked it. The last `joined` entities are short forms
    joined to the group: their names count only when the group has no other."""
    names = Counter(e.name for e in group[:len(group) - joined] or group)
    name = min(names, key=lambda n: (-names[n], -len(n), n))
    subkind = choose_subkind(Counter(e.subkind for e in group), group[0].kind)
    aliases = _union([e.name for e in group], *(e.aliases for e in group), exclude=name)
    return dataclasses.replace(
        group[0], name=name, subkind=subkind, aliases=aliases,
        roles=_union(*(e.roles for e in group)),
        geo=next((e.geo for e in group if e.geo is not None), None),
    )


def _union(*lists: Iterable[str], exclude: str | None = None) -> tuple[str, ...]:
    values = {value for values in lists for value in values if value and value != exclude}
    return tuple(sorted(values, key=lambda v: (_fold(v), v)))


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Accent- and case-insensitive sort key: `élue` sorts before `maire`."""
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")


# --- the user's entity files --------------------------------------------------------------

def apply_curated(merged: dict[Key, Entity], curated: Sequence[CuratedEntity]) -> dict[Key, Entity]:
    """Hand-edited files win field by field; a hand-made file with no mention still counts."""
    result = dict(merged)
    for item in curated:
        if not item.is_hand_edited:
            continue
        key = (item.entity.kind is _PLACE, item.entity.slug)
        found = result.get(key)
        result[key] = item.entity if found is None else overlay(found, item)
    return result


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


def fold_merges(visible: dict[Key, Entity], merges: dict[Key, str],
                curated: Sequence[CuratedEntity]) -> dict[Key, Entity]:
    """`merge_into:`: each merged entity leaves the tables; its names become aliases of the
    one it went into, and its roles join them unless that one's file sets `roles:`."""
    if not merges:
        return visible
    kept = {key: entity for key, entity in visible.items() if key not in merges}
    into: defaultdict[Key, list[Entity]] = defaultdict(list)
    for key, slug in merges.items():
        into[(key[0], slug)].append(visible[key])
    fixed_roles = {(c.entity.kind is _PLACE, c.entity.slug) for c in curated
                   if c.is_hand_edited and "roles" in c.keys}
    for key, group in into.items():
        survivor = kept[key]
        names = [name for entity in group for name in (entity.name, *entity.aliases)]
        roles = survivor.roles if key in fixed_roles else \
            _union(survivor.roles, *(entity.roles for entity in group))
        kept[key] = dataclasses.replace(
            survivor, aliases=_union(survivor.aliases, names, exclude=survivor.name), roles=roles)
    return kept


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
