"""build_site(cfg, articles, actors, places) -> Site: entity indexes, co-occurrences, sorting."""

from __future__ import annotations

import heapq
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

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
    entities = {EntityKind.ACTOR: _visible(actors), EntityKind.PLACE: _visible(places)}
    keys_by_article = {a.slug: article_entity_keys(a, entities) for a in ordered}
    return Site(
        config=cfg,
        articles=ordered,
        actors=entities[EntityKind.ACTOR],
        places=entities[EntityKind.PLACE],
        articles_by_entity=build_articles_by_entity(ordered, keys_by_article),
        mention_counts=build_mention_counts(ordered, keys_by_article),
        cooccurrences=build_cooccurrences(keys_by_article.values()),
    )


def sort_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Newest first; on the same day, by slug (A first) so the order never depends on disk."""
    by_slug = sorted(articles, key=lambda a: a.slug)
    return tuple(sorted(by_slug, key=lambda a: a.date, reverse=True))


def article_entity_keys(article: Article, entities: dict[EntityKind, dict[str, Entity]]
                        ) -> tuple[EntityKey, ...]:
    """Known, visible entities of an article: its front-matter lists plus its mentions."""
    wanted = {(EntityKind.ACTOR, slug) for slug in article.actors}
    wanted |= {(EntityKind.PLACE, slug) for slug in article.places}
    wanted |= {(m.kind, m.slug) for m in article.mentions}
    known = tuple(sorted((k for k in wanted if k[1] in entities[k[0]]), key=_key_order))
    if len(known) < len(wanted):
        missing = sorted(f"{k[0].value}:{k[1]}" for k in wanted if k[1] not in entities[k[0]])
        log.debug("%s: no visible entity page for %s", article.source, ", ".join(missing))
    return known


def build_articles_by_entity(articles: tuple[Article, ...],
                             keys_by_article: dict[str, tuple[EntityKey, ...]]
                             ) -> dict[EntityKey, tuple[str, ...]]:
    """(kind, slug) -> article slugs, in the order of `articles` (newest first)."""
    index: dict[EntityKey, list[str]] = {}
    for article in articles:
        for key in keys_by_article[article.slug]:
            index.setdefault(key, []).append(article.slug)
    return {key: tuple(index[key]) for key in sorted(index, key=_key_order)}


def build_mention_counts(articles: tuple[Article, ...],
                         keys_by_article: dict[str, tuple[EntityKey, ...]]) -> dict[EntityKey, int]:
    """Mentions per entity; an article that lists an entity without offsets counts once."""
    counts: Counter[EntityKey] = Counter()
    for article in articles:
        found = Counter((m.kind, m.slug) for m in article.mentions)
        for key in keys_by_article[article.slug]:
            counts[key] += max(found[key], 1)
    return {key: counts[key] for key in sorted(counts, key=_key_order)}


def build_cooccurrences(entity_sets: Iterable[tuple[EntityKey, ...]]
                        ) -> dict[EntityKey, tuple[tuple[EntityKind, str, int], ...]]:
    """For each entity, the others sharing articles with it: most shared first, then by slug."""
    sets = list(entity_sets)
    keys = sorted({key for keys in sets for key in keys}, key=_key_order)
    number = {key: index for index, key in enumerate(keys)}  # ints: cheap to hash, same order
    pairs: Counter[tuple[int, int]] = Counter()
    for article_keys in sets:  # Counter.update counts in C
        pairs.update(combinations(sorted(number[key] for key in article_keys), 2))
    links: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), count in pairs.items():
        links[a].append((-count, b))
        links[b].append((-count, a))
    return {keys[index]: _ranked(links[index], keys) for index in sorted(links)}


def _ranked(links: list[tuple[int, int]], keys: list[EntityKey]
            ) -> tuple[tuple[EntityKind, str, int], ...]:
    """The MAX_COOCCURRENCES most shared, ties by key order (the numbers follow it)."""
    return tuple((*keys[index], -negative)
                 for negative, index in heapq.nsmallest(MAX_COOCCURRENCES, links))


def _visible(entities: Entities) -> dict[str, Entity]:
    values = entities.values() if isinstance(entities, Mapping) else entities
    return {e.slug: e for e in sorted(values, key=lambda e: e.slug) if not e.hidden}


def _key_order(key: EntityKey) -> tuple[str, str]:
    return key[0].value, key[1]
