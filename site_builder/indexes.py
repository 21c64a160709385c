"""build_site(cfg, articles, actors, places) -> Site: entity indexes, co-occurrences, sorting."""

from __future__ import annotations

import heapq
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from operator import neg

from site_builder.model import Article, Entity, EntityKind, Site, SiteConfig

log = logging.getLogger(__name__)

EntityKey = tuple[EntityKind, str]
Entities = Iterable[Entity] | Mapping[str, Entity]
MAX_COOCCURRENCES = 24
"""Entities kept per entity in Site.cooccurrences (the strongest links)."""


def build_site(cfg: SiteConfig, articles: Iterable[Article], actors: Entities,
               places: Entities) -> Site:
    """The read-only site model: articles newest first, visible entities by slug, indexes.

    `actors` and `places` are Entity iterables or `{slug: Entity}` mappings.
    """
    ordered = sort_articles(articles)
    visible = (_visible(actors), _visible(places))
    codes = [_article_codes(a, visible) for a in ordered]
    by_entity, counts = _index(ordered, codes)
    return Site(
        config=cfg,
        articles=ordered,
        actors=visible[0],
        places=visible[1],
        articles_by_entity={_entity_key(code): tuple(by_entity[code]) for code in sorted(by_entity)},
        mention_counts={_entity_key(code): counts[code] for code in sorted(counts)},
        cooccurrences=_cooccurrences(codes),
    )


Code = tuple[bool, str]
"""(is a place, slug): an EntityKey with a key cheap to hash and in the same order (actors
first, then by slug); the enum's hash is a Python function, called millions of times."""
_KINDS = (EntityKind.ACTOR, EntityKind.PLACE)
_PLACE = EntityKind.PLACE


def _entity_key(code: Code) -> EntityKey:
    return _KINDS[code[0]], code[1]


def sort_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Newest first; on the same day, by slug (A first) so the order never depends on disk."""
    by_slug = sorted(articles, key=lambda a: a.slug)
    return tuple(sorted(by_slug, key=lambda a: a.date, reverse=True))


def article_entity_keys(article: Article, entities: dict[EntityKind, dict[str, Entity]]
                        ) -> tuple[EntityKey, ...]:
    """Known, visible entities of an article: its front-matter lists plus its mentions."""
    visible = (entities[EntityKind.ACTOR], entities[EntityKind.PLACE])
    return tuple(_entity_key(code) for code in _article_codes(article, visible))


def _article_codes(article: Article, visible: tuple[dict[str, Entity], dict[str, Entity]]
                   ) -> tuple[Code, ...]:
    wanted = {(False, slug) for slug in article.actors}
    wanted.update([(True, slug) for slug in article.places])
    wanted.update([(m.kind is _PLACE, m.slug) for m in article.mentions])
    known = tuple(sorted(code for code in wanted if code[1] in visible[code[0]]))
    if len(known) < len(wanted) and log.isEnabledFor(logging.DEBUG):
        missing = sorted(f"{_KINDS[p].value}:{s}" for p, s in wanted if s not in visible[p])
        log.debug("%s: no visible entity page for %s", article.source, ", ".join(missing))
    return known


def _index(articles: tuple[Article, ...], codes: list[tuple[Code, ...]]
           ) -> tuple[dict[Code, list[str]], Counter[Code]]:
    """Article slugs per entity (in the order of `articles`, newest first), and mentions per
    entity (an article that lists an entity without offsets counts once)."""
    by_entity: dict[Code, list[str]] = {}
    counts: Counter[Code] = Counter()
    for article, article_codes in zip(articles, codes, strict=True):
        found = Counter([(m.kind is _PLACE, m.slug) for m in article.mentions])
        for code in article_codes:
            by_entity.setdefault(code, []).append(article.slug)
            counts[code] += found[code] or 1
    return by_entity, counts


def build_cooccurrences(entity_sets: Iterable[tuple[EntityKey, ...]]
                        ) -> dict[EntityKey, tuple[tuple[EntityKind, str, int], ...]]:
    """For each entity, the others sharing articles with it: most shared first, then by slug."""
    return _cooccurrences([tuple((kind is _PLACE, slug) for kind, slug in keys)
                           for keys in entity_sets])


def _cooccurrences(code_sets: list[tuple[Code, ...]]
                   ) -> dict[EntityKey, tuple[tuple[EntityKind, str, int], ...]]:
    codes = sorted({code for article_codes in code_sets for code in article_codes})
    number = {code: index for index, code in enumerate(codes)}  # ints: same order
    rows: defaultdict[int, Counter[int]] = defaultdict(Counter)
    for article_codes in code_sets:  # Counter.update counts ints in C: no pair tuples
        numbers = [number[code] for code in article_codes]
        for entity in numbers:
            rows[entity].update(numbers)
    keys = [(_KINDS[is_place], slug) for is_place, slug in codes]
    table = {}
    for entity in sorted(rows):
        row = rows[entity]
        del row[entity]  # an entity shares every one of its articles with itself
        if row:
            table[keys[entity]] = _ranked(row, keys)
    return table


def _ranked(row: Counter[int], keys: list[EntityKey]) -> tuple[tuple[EntityKind, str, int], ...]:
    """The MAX_COOCCURRENCES most shared, ties by key order (the numbers follow it)."""
    strongest = heapq.nsmallest(MAX_COOCCURRENCES, zip(map(neg, row.values()), row.keys(), strict=True))
    return tuple((*keys[index], -negative) for negative, index in strongest)


def _visible(entities: Entities) -> dict[str, Entity]:
    values = entities.values() if isinstance(entities, Mapping) else entities
    return {e.slug: e for e in sorted(values, key=lambda e: e.slug) if not e.hidden}
