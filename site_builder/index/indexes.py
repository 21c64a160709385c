"""The index stage: Site (articles newest first, visible entities, articles and mentions per
entity, co-occurrences), kept as the sum of each article's contribution.

As Sphinx's environment collectors do (clear_doc / process_doc), `update_site` retracts what
each article gone or changed contributed, adds what each new or changed article contributes,
and computes again only the Site entries these touch. A fresh IndexState is an empty site:
a full build is the same code given every article (`build_site`), and one edit costs the
entities that article names, whatever it changed (text, entities, date, slug).

A contribution does not depend on the entity tables: the entities an article names count
whether or not they have a page, and visibility only filters what Site shows, so an entity
that comes or goes touches its own entries and the co-occurrence rows naming it, no article.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from site_builder.model import Article, Entity, EntityKind, Site, SiteConfig

log = logging.getLogger(__name__)

EntityKey = tuple[EntityKind, str]
Entities = Iterable[Entity] | Mapping[str, Entity]
MAX_COOCCURRENCES = 24
"""Entities kept per entity in Site.cooccurrences (the strongest links)."""

Code = tuple[bool, str]
"""(is a place, slug): an EntityKey with a key cheap to hash and in the same order (actors
first, then by slug); the enum's hash is a Python function, called millions of times."""
Visible = tuple[dict[str, Entity], dict[str, Entity]]
"""The actors and the places that have a page, by slug; indexed by Code[0]."""
_KINDS = (EntityKind.ACTOR, EntityKind.PLACE)
_PLACE = EntityKind.PLACE


@dataclass(frozen=True)
class Contribution:
    """What one article adds to the site-wide tables."""

    rank: tuple[int, str]
    """(minus the day number, slug): sorting these puts articles newest first, then by slug."""
    mentions: dict[Code, int]
    """Every entity the article names (front matter or text) -> its mentions (1 when only listed)."""


@dataclass
class IndexState:
    """The site-wide tables as the sum of the contributions of the articles given last time."""

    articles: dict[str, Article] = field(default_factory=dict)
    contributions: dict[str, Contribution] = field(default_factory=dict)
    """Article slug -> what it contributed."""
    order: list[tuple[int, str]] = field(default_factory=list)
    """The contributions' ranks, sorted."""
    naming: dict[Code, set[tuple[int, str]]] = field(default_factory=dict)
    """Entity -> ranks of the articles naming it."""
    counts: Counter[Code] = field(default_factory=Counter)
    numbers: dict[Code, int] = field(default_factory=dict)
    """Entity -> its number in `shared` (ints: counted in C, and of no concern to the GC)."""
    codes: list[Code] = field(default_factory=list)
    """Number -> entity."""
    shared: dict[int, Counter[int]] = field(default_factory=dict)
    """Entity number -> each other entity's -> articles naming both."""
    site: Site | None = None
    """The last Site made: its entries not touched since are given again."""


@dataclass
class _Stale:
    """What may differ from the last Site: the entities whose entry in each table may have
    changed, and whether the article order did."""

    members: set[Code] = field(default_factory=set)
    counts: set[Code] = field(default_factory=set)
    rows: set[Code] = field(default_factory=set)
    is_reordered: bool = False

    def note(self, old: Contribution | None, new: Contribution | None) -> None:
        before, after = old.mentions if old else {}, new.mentions if new else {}
        codes, moved = before.keys() | after.keys(), before.keys() ^ after.keys()
        self.counts.update(code for code in codes if before.get(code) != after.get(code))
        is_reordered = (old and old.rank) != (new and new.rank)
        self.is_reordered |= is_reordered
        self.members |= codes if is_reordered else moved  # members are listed in rank order
        if moved:
            self.rows |= codes


def build_site(cfg: SiteConfig, articles: Iterable[Article], actors: Entities,
               places: Entities) -> Site:
    """The Site of these articles and entities, from an empty state (CLI builds, tests).

    `actors` and `places` are Entity iterables or `{slug: Entity}` mappings.
    """
    return update_site(IndexState(), cfg, tuple(articles), actors, places)


def update_site(state: IndexState, cfg: SiteConfig, articles: Sequence[Article],
                actors: Entities, places: Entities) -> Site:
    """The Site of these articles and entities; `state` then holds their contributions."""
    given = _by_slug(articles)
    visible = (_visible(actors), _visible(places))
    try:
        stale = _collect(state, given, visible)
        _note_visibility(stale, state, visible)
        state.site = _site(state, cfg, given, visible, stale)
    except BaseException:  # a half-updated state must not be trusted: start again from empty
        vars(state).update(vars(IndexState()))
        raise
    return state.site


def _by_slug(articles: Sequence[Article]) -> dict[str, Article]:
    given = {article.slug: article for article in articles}
    if len(given) != len(articles):
        twice = sorted(slug for slug, n in Counter(a.slug for a in articles).items() if n > 1)
        raise ValueError(f"articles share the slugs {twice}; content.load_articles refuses them")
    return given


def _collect(state: IndexState, given: dict[str, Article], visible: Visible) -> _Stale:
    """Retract and contribute each article that is gone, new or no longer equal."""
    stale = _Stale()
    for slug in state.articles.keys() - given.keys():
        _swap(state, slug, None, stale)
    for slug, article in given.items():
        before = state.articles.get(slug)
        if before is not article and before != article:  # `is`: the unchanged ones, at once
            _swap(state, slug, article, stale)
            if log.isEnabledFor(logging.DEBUG):
                _log_unshown(article, state.contributions[slug], visible)
    state.articles = given
    return stale


def _swap(state: IndexState, slug: str, article: Article | None, stale: _Stale) -> None:
    old = state.contributions.pop(slug, None)
    new = None if article is None else _contribution(article)
    if old is not None:
        _retract(state, old)
    if new is not None:
        state.contributions[slug] = new
        _contribute(state, new)
    stale.note(old, new)


def _contribution(article: Article) -> Contribution:
    mentions = dict.fromkeys([(False, slug) for slug in article.actors], 1)
    mentions.update(dict.fromkeys([(True, slug) for slug in article.places], 1))
    mentions.update(Counter([(m.kind is _PLACE, m.slug) for m in article.mentions]))
    return Contribution((-article.date.toordinal(), article.slug), mentions)


def _contribute(state: IndexState, contribution: Contribution) -> None:
    state.counts.update(contribution.mentions)
    for code in contribution.mentions:
        naming = state.naming.get(code)
        if naming is None:
            naming = state.naming[code] = set()
        naming.add(contribution.rank)
    numbers = _numbers(state, contribution)
    for number in numbers:
        row = state.shared.get(number)
        if row is None:
            row = state.shared[number] = Counter()
        row.update(numbers)  # counted in C; itself too, taken out at once
        del row[number]


def _numbers(state: IndexState, contribution: Contribution) -> list[int]:
    for code in [code for code in contribution.mentions if code not in state.numbers]:
        state.numbers[code] = len(state.codes)  # never reused: a number always means one entity
        state.codes.append(code)
    return list(map(state.numbers.__getitem__, contribution.mentions))


def _retract(state: IndexState, contribution: Contribution) -> None:
    state.counts.subtract(contribution.mentions)
    for code in contribution.mentions:
        if not state.counts[code]:
            del state.counts[code]
        naming = state.naming[code]
        naming.discard(contribution.rank)
        if not naming:
            del state.naming[code]
    numbers = _numbers(state, contribution)
    for number in numbers:
        row = state.shared.get(number)  # none when emptied by an article naming nothing else
        if row is not None:
            row.subtract(numbers)
            for other in numbers:
                if row[other] <= 0:  # itself included: it was never counted
                    del row[other]
            if not row:
                del state.shared[number]


def _note_visibility(stale: _Stale, state: IndexState, visible: Visible) -> None:
    """Entities that gained or lost their page: their entries, and the rows naming them."""
    shown = (state.site.actors, state.site.places) if state.site else ({}, {})
    for is_place in (False, True):
        for slug in shown[is_place].keys() ^ visible[is_place].keys():
            code = (is_place, slug)
            stale.members.add(code)
            stale.counts.add(code)
            stale.rows.add(code)
            if state.site:  # else every row is new, and stale already
                stale.rows.update(map(state.codes.__getitem__, state.shared.get(state.numbers.get(code), ())))


def _site(state: IndexState, cfg: SiteConfig, given: dict[str, Article], visible: Visible,
          stale: _Stale) -> Site:
    if stale.is_reordered:
        state.order = sorted(map(attrgetter("rank"), state.contributions.values()))
    last = state.site
    before = (last.articles_by_entity, last.mention_counts, last.cooccurrences) if last else ({},) * 3
    return Site(
        config=cfg,
        articles=tuple(map(given.__getitem__, map(itemgetter(1), state.order))),
        actors=visible[0],
        places=visible[1],
        articles_by_entity=_patched(before[0], stale.members, visible, lambda code: tuple(
            map(itemgetter(1), sorted(state.naming.get(code, ()))))),
        mention_counts=_patched(before[1], stale.counts, visible, state.counts.get),
        cooccurrences=_patched(before[2], stale.rows, visible, lambda code: _ranked(
            state.shared.get(state.numbers.get(code), {}), state.codes, visible)),
    )


def _patched(before: dict, codes: set[Code], visible: Visible, entry: Callable[[Code], object]
             ) -> dict:
    """`before` with the entries of `codes` made again by `entry` (none when falsy or not
    shown), in code order; `before` itself when none differs."""
    table, is_added = None, False
    for code in sorted(codes):
        value = entry(code) if code[1] in visible[code[0]] else None
        key = (_KINDS[code[0]], code[1])
        old = before.get(key)
        if (value or None) != old:
            table = dict(before) if table is None else table
            if value:
                table[key], is_added = value, is_added or old is None
            else:
                del table[key]
    if table is None:
        return before
    # Entries added to an empty table came in code order; else they went last.
    return dict(sorted(table.items(), key=_code_order)) if is_added and before else table


def _code_order(item: tuple[EntityKey, object]) -> Code:
    return item[0][0] is _PLACE, item[0][1]


def _ranked(row: Counter[int], codes: list[Code], visible: Visible
            ) -> tuple[tuple[EntityKind, str, int], ...]:
    """The MAX_COOCCURRENCES shown entities sharing most articles, ties in code order."""
    floor = sorted(row.values(), reverse=True)[MAX_COOCCURRENCES - 1] if len(row) > MAX_COOCCURRENCES else 1
    shown = _shown(row, codes, visible, floor)  # the counts sorted in C: few entries looked at
    if len(shown) < MAX_COOCCURRENCES < len(row):  # entities without a page were among them
        shown = _shown(row, codes, visible, 1)
    shown.sort()
    return tuple((_KINDS[code[0]], code[1], -negative) for negative, code in shown[:MAX_COOCCURRENCES])


def _shown(row: Counter[int], codes: list[Code], visible: Visible, floor: int
           ) -> list[tuple[int, Code]]:
    found = [(-count, codes[number]) for number, count in row.items() if count >= floor]
    return [item for item in found if item[1][1] in visible[item[1][0]]]


def _visible(entities: Entities) -> dict[str, Entity]:
    values = entities.values() if isinstance(entities, Mapping) else entities
    return {e.slug: e for e in sorted(values, key=lambda e: e.slug) if not e.hidden}


def _log_unshown(article: Article, contribution: Contribution, visible: Visible) -> None:
    missing = sorted(f"{_KINDS[p].value}:{s}" for p, s in contribution.mentions if s not in visible[p])
    if missing:
        log.debug("%s: no visible entity page for %s", article.source, ", ".join(missing))
