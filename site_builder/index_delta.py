"""IndexState: indexes.build_site kept up to date article by article (serve).

After an edit of one article, build_site would sort every article and index every entity
again (seconds at 10,000 articles). `update_site` starts from the last Site instead: the
changed articles take their places in the order, and only the entries of the entities
they name, before or after the edit, are counted again (articles per entity, mentions,
co-occurrences).

It gives exactly what build_site gives for the same input (property-tested), and falls
back to build_site for the first build, another configuration, articles added, removed,
renamed or moved in the order (a new date), or many changed articles (an entity that
appears or disappears changes the articles naming it).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from site_builder.indexes import (
    _KINDS,
    MAX_COOCCURRENCES,
    Code,
    Entities,
    _article_codes,
    _entity_key,
    _visible,
    build_site,
)
from site_builder.model import Article, Entity, EntityKind, Site, SiteConfig

MAX_CHANGED = 64
"""Changed articles above which the site is indexed again from scratch."""
_PLACE = EntityKind.PLACE


@dataclass
class IndexState:
    """The last Site and what it was built from; `update_site` keeps it current."""

    site: Site | None = None
    by_slug: dict[str, Article] = field(default_factory=dict)
    """Article slug -> the Article given last time."""
    position: dict[str, int] = field(default_factory=dict)
    """Article slug -> its index in site.articles."""
    codes: dict[str, tuple[Code, ...]] = field(default_factory=dict)
    """Article slug -> the visible entities it names."""

    def forget(self) -> None:
        self.site = None


def update_site(state: IndexState, cfg: SiteConfig, articles: Sequence[Article],
                actors: Entities, places: Entities) -> Site:
    """build_site(cfg, articles, actors, places), from `state` when it allows."""
    try:
        visible = (_visible(actors), _visible(places))
        changed = _changed_articles(state, cfg, articles, visible)
        if changed is None:
            return _rebuild(state, cfg, articles, visible)
        state.site = _apply(state, changed, visible)
        return state.site
    except BaseException:  # a half-updated state must not be trusted next time
        state.forget()
        raise


def _changed_articles(state: IndexState, cfg: SiteConfig, articles: Sequence[Article],
                      visible: tuple[dict[str, Entity], dict[str, Entity]]) -> list[Article] | None:
    """The articles that are not those of last time, or that name an entity that came or
    went, each keeping its place in the order; None when the site must be indexed from
    scratch."""
    site = state.site
    if site is None or site.config != cfg or len(articles) != len(state.by_slug):
        return None
    changed, seen = [], set()
    for article in articles:
        before = state.by_slug.get(article.slug)
        if before is article:
            continue
        if before is None or before.date != article.date:
            return None
        changed.append(article)
        seen.add(article.slug)
    moved = _entities_moved(site, visible)
    if moved:
        changed += [a for a in _naming(articles, site, moved) if a.slug not in seen]
    return changed if len(changed) <= MAX_CHANGED else None


def _entities_moved(site: Site, visible: tuple[dict[str, Entity], dict[str, Entity]]) -> set[Code]:
    """(is a place, slug) of the entities that entered or left the visible tables."""
    moved: set[Code] = set()
    for is_place, (old, new) in enumerate(((site.actors, visible[0]), (site.places, visible[1]))):
        if old.keys() != new.keys():
            moved |= {(bool(is_place), slug) for slug in old.keys() ^ new.keys()}
    return moved


def _naming(articles: Sequence[Article], site: Site, codes: set[Code]) -> list[Article]:
    """Articles whose visible entities may change with `codes`: those that named one of them
    (by the index) and those whose front matter or mentions name one."""
    named = {slug for code in codes for slug in site.articles_by_entity.get(_entity_key(code), ())}
    slugs = {slug for _, slug in codes}
    return [a for a in articles if a.slug in named or not slugs.isdisjoint(a.actors)
            or not slugs.isdisjoint(a.places) or any(m.slug in slugs for m in a.mentions)]


def _rebuild(state: IndexState, cfg: SiteConfig, articles: Sequence[Article],
             visible: tuple[dict[str, Entity], dict[str, Entity]]) -> Site:
    site = build_site(cfg, articles, visible[0], visible[1])
    state.site = site
    state.by_slug = {article.slug: article for article in articles}
    if len(state.by_slug) != len(articles):  # two articles with one slug: no shortcut
        state.site = None
    state.position = {article.slug: index for index, article in enumerate(site.articles)}
    state.codes = {article.slug: _article_codes(article, visible) for article in site.articles}
    return site


def _apply(state: IndexState, changed: list[Article],
           visible: tuple[dict[str, Entity], dict[str, Entity]]) -> Site:
    site = state.site
    ordered = list(site.articles)
    mentions: Counter[Code] = Counter()
    moved: dict[Code, tuple[set[str], set[str]]] = {}
    """Code -> (slugs of the articles that no longer name it, of those that now do)."""
    for article in changed:
        slug, old_codes = article.slug, state.codes[article.slug]
        new_codes = _article_codes(article, visible)
        mentions.subtract(_mention_counts(state.by_slug[slug], old_codes))
        mentions.update(_mention_counts(article, new_codes))
        for code in set(old_codes).symmetric_difference(new_codes):
            moved.setdefault(code, (set(), set()))[code in new_codes].add(slug)
        ordered[state.position[slug]] = state.by_slug[slug] = article
        state.codes[slug] = new_codes
    by_entity = _by_entity(site.articles_by_entity, moved, state.position)
    touched = {code for article in changed for code in state.codes[article.slug]} | moved.keys()
    return replace(
        site, articles=tuple(ordered), actors=visible[0], places=visible[1],
        articles_by_entity=by_entity,
        mention_counts=_counts(site.mention_counts, mentions, by_entity),
        cooccurrences=_cooccurrences(state, site.cooccurrences, by_entity, touched)
        if moved else site.cooccurrences)


def _mention_counts(article: Article, codes: tuple[Code, ...]) -> Counter[Code]:
    """What `article` adds to Site.mention_counts (as indexes._index counts it)."""
    found = Counter([(m.kind is _PLACE, m.slug) for m in article.mentions])
    return Counter({code: found[code] or 1 for code in codes})


def _sorted_by_code(table: dict) -> dict:
    """`table` (keyed by EntityKey) in build_site's order: actors first, then by slug."""
    return dict(sorted(table.items(), key=lambda item: (item[0][0] is _PLACE, item[0][1])))


def _by_entity(before: dict[tuple[EntityKind, str], tuple[str, ...]],
               moved: dict[Code, tuple[set[str], set[str]]], position: dict[str, int]
               ) -> dict[tuple[EntityKind, str], tuple[str, ...]]:
    """Site.articles_by_entity after articles stopped or started naming entities."""
    if not moved:
        return before
    table, keys_changed = dict(before), False
    for code, (gone, added) in moved.items():
        key = _entity_key(code)
        slugs = [slug for slug in table.get(key, ()) if slug not in gone] + sorted(added)
        keys_changed |= (key in table) != bool(slugs)
        if slugs:
            table[key] = tuple(sorted(slugs, key=position.__getitem__))
        else:
            del table[key]
    return _sorted_by_code(table) if keys_changed else table


def _counts(before: dict[tuple[EntityKind, str], int], delta: Counter[Code],
            by_entity: dict[tuple[EntityKind, str], tuple[str, ...]]
            ) -> dict[tuple[EntityKind, str], int]:
    """Site.mention_counts plus `delta`, with the keys (and order) of `by_entity`."""
    counts = dict(before)
    for code, change in delta.items():
        if change:
            key = _entity_key(code)
            counts[key] = counts.get(key, 0) + change
    return counts if list(counts) == list(by_entity) else {key: counts[key] for key in by_entity}


def _cooccurrences(state: IndexState, before: dict, by_entity: dict, touched: Iterable[Code]
                   ) -> dict[tuple[EntityKind, str], tuple[tuple[EntityKind, str, int], ...]]:
    """Site.cooccurrences with the rows of `touched` counted again from their articles."""
    table, keys_changed = dict(before), False
    for code in touched:
        key = _entity_key(code)
        row = _row(code, by_entity.get(key, ()), state.codes)
        keys_changed |= (key in table) != bool(row)
        if row:
            table[key] = row
        else:
            table.pop(key, None)
    return _sorted_by_code(table) if keys_changed else table


def _row(code: Code, slugs: Iterable[str], codes: dict[str, tuple[Code, ...]]
         ) -> tuple[tuple[EntityKind, str, int], ...]:
    """The entities sharing articles with `code`, most shared first, then in code order."""
    shared: Counter[Code] = Counter()
    for slug in slugs:
        shared.update(codes[slug])
    del shared[code]
    strongest = heapq.nsmallest(MAX_COOCCURRENCES, ((-count, other) for other, count in shared.items()))
    return tuple((_KINDS[other[0]], other[1], -negative) for negative, other in strongest)
