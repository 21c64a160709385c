"""O(change) rendering for a long-lived process (serve): which pages may differ between two Sites.

`RenderMemo` keeps the Site last rendered, the fingerprint of every page and the pages each
render job made. On the next render, `changed_jobs(old, new)` compares the two Sites (cheap:
unchanged articles and entities are the same objects, or equal frozen dataclasses) and names
the jobs whose pages may have changed; only those are fingerprinted, and rendered if their
fingerprint differs. The pages of every other job are kept as they are in output/.

A job is `("home",)`, `("article", slug)`, `("actor", slug)`, `("place", slug)` or
`("lists",)` (indexes, timelines, map, search, 404). What a page shows, and so what makes it
a candidate:
- an article page: the article, its neighbours' titles (previous/next), the names and kinds
  of the entities it mentions or quotes, and their order (by mention count in the site);
- an entity page: the entity, every article mentioning or quoting it, the entities seen with
  it (co-occurrences), for a place the places near it;
- home and lists: titles, dates and summaries of articles, entities and their counts.
Anything shared by every page (configuration, templates, navigation) changes every page.

Besides, the memo keeps what a render needs whatever changed, so that an edit costs what it
touches, not the size of the site: the Jinja environment (compiled templates) while the
templates and code are the same, the Markdown parsers, the place grid, a speaker -> articles
quote index (updated per changed article), the entity pages' article entries (per article
object, made since the last full render), the job order, and the feeds (feeds.FeedsMemo).
The comparisons over the whole site that remain run in C (identity of unchanged objects).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import PurePosixPath

import jinja2

from site_builder.feeds import FeedsMemo
from site_builder.listings import NavSection
from site_builder.model import Article, Entity, EntityKind, Mention, OutputFile, Site, SiteConfig
from site_builder.open_data import OpenDataMemo
from site_builder.pages import (
    MentionViews,
    PlaceGrid,
    add_quotes,
    article_entity_keys,
    quote_index,
)
from site_builder.render_env import make_env
from site_builder.render_markdown import EntityLinks

JobKey = tuple[str, ...]
"""`("home",)`, `("article", slug)`, `("actor", slug)`, `("place", slug)` or `("lists",)`."""
EntityKey = tuple[EntityKind, str]
Made = tuple[PurePosixPath, str, OutputFile | None]
"""A page a job looked at: path, fingerprint, and its file (None: output/ holds it already)."""
FirstsCache = dict[str, tuple[Article, dict[EntityKey, Mention]]]
"""Article slug -> (the article, its first mention of each entity)."""
LISTS: tuple[JobKey, ...] = (("home",), ("lists",))


@dataclass
class RenderMemo:
    """What a render leaves for the next one in the same process (serve keeps one).

    Pass the same memo to every render_pages call; call `forget()` if the pages of the last
    render did not reach output/ (the build failed after rendering)."""

    site: Site | None = None
    sources: str = ""
    """Digest of the templates and code last time."""
    shared_key: str = ""
    """Fingerprint of what every page shares (templates, code, navigation) last time."""
    nav: tuple[NavSection, ...] = ()
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Output path -> fingerprint of every page output/ holds."""
    paths: dict[JobKey, tuple[PurePosixPath, ...]] = field(default_factory=dict)
    """The pages each job made."""
    keys: list[JobKey] = field(default_factory=list)
    """Every job of the last render, in output order."""
    order: dict[JobKey, int] = field(default_factory=dict)
    """Job -> its index in `keys`."""
    links: EntityLinks | None = None
    """The entity URLs last time (the same while no entity is added or removed)."""
    firsts: FirstsCache = field(default_factory=dict)
    env: object = None
    """The Jinja environment last used (its compiled templates), kept while `env_key` holds."""
    env_key: tuple[str, ...] = ()
    """(templates folder, digest of templates and code) the environment was made for."""
    views: MentionViews = field(default_factory=dict)
    """Entity pages' article entries made by the renders since the last full one."""
    reprs: dict[int, tuple[object, str]] = field(default_factory=dict)
    """id -> (one of these entries, its repr): what it adds to its page's fingerprint."""
    parsers: tuple = ()
    """The Markdown parsers (document and blocks) of the last render."""
    quoting: tuple[tuple[Article, ...], dict[str, set[str]]] | None = None
    """The articles of the last render and who they quote (speaker -> article slugs)."""
    grid: tuple[list[Entity], PlaceGrid] | None = None
    """The places of the last render and their grid (pages.build_place_grid)."""
    feeds: FeedsMemo = field(default_factory=FeedsMemo)
    """The feed and sitemap last made, and from what (a pure cache: kept by forget())."""
    open_data: OpenDataMemo = field(default_factory=OpenDataMemo)
    """Each article's open-data rows last made (a pure cache: kept by forget())."""

    def forget(self) -> None:
        self.site, self.sources, self.shared_key, self.nav = None, "", "", ()
        self.fingerprints, self.paths, self.firsts, self.keys, self.links = {}, {}, {}, [], None
        self.env, self.env_key, self.views, self.order = None, (), {}, {}
        self.quoting, self.reprs = None, {}


def memo_env(cfg: SiteConfig, memo: RenderMemo, sources: str) -> jinja2.Environment:
    """The memo's Jinja environment (templates compiled by earlier renders) while the
    templates folder and `sources` (templates and code) are those it was made for."""
    key = (str(cfg.path("templates_dir")), sources)
    if memo.env is None or memo.env_key != key:
        memo.env, memo.env_key = make_env(cfg), key
    return memo.env  # type: ignore[return-value]


QUOTE_INDEX_CHANGES = 200
"""More changed articles than this since the last render: the quote index is made again."""


def update_quote_index(memo: RenderMemo, site: Site) -> dict[str, set[str]]:
    """Speaker -> articles quoting them: the memo's index updated where the articles changed
    (same slugs in the same order), or a new one. The memo holds it again once updated."""
    known, memo.quoting = memo.quoting, None  # in between, the memo has no index
    changed = None
    if known is not None and _same_order(known[0], site.articles):
        changed = [(known[0][i], site.articles[i]) for i in _other_objects(known[0], site.articles)]
    if known is None or changed is None or len(changed) > QUOTE_INDEX_CHANGES:
        index = quote_index(site.articles)
    else:
        index = known[1]
        for old, new in changed:
            add_quotes(index, old, -1)
            add_quotes(index, new)
    memo.quoting = (site.articles, index)
    return index


def chosen_jobs(memo: RenderMemo, keys: list[JobKey], changed: set[JobKey], same: bool
                ) -> list[JobKey]:
    """The jobs `changed` names, and those the memo has not seen, in output order."""
    if same and len(memo.order) == len(keys):  # every job is known: no need to scan them all
        return sorted((key for key in changed if key in memo.order), key=memo.order.__getitem__)
    return [key for key in keys if key in changed or key not in memo.paths]


def remember(memo: RenderMemo, site: Site, keys: list[JobKey], made: Mapping[JobKey, list[Made]],
             *, full: bool, sources: str, shared_key: str, nav: tuple[NavSection, ...],
             links: EntityLinks, firsts: FirstsCache) -> None:
    """Record a finished render of the jobs `keys`: `made` holds all of them (`full`) or
    those that ran."""
    if full:
        memo.fingerprints, memo.paths = {}, {}
    elif keys is not memo.keys:
        for key in memo.paths.keys() - set(keys):
            _drop(memo, key)
    for key, pages in made.items():
        paths = tuple(path for path, _, _ in pages)
        if memo.paths.get(key) != paths:  # the same: each page keeps its place in fingerprints
            _drop(memo, key)
            memo.paths[key] = paths
        memo.fingerprints.update((str(path), fingerprint) for path, fingerprint, _ in pages)
    memo.site, memo.sources, memo.shared_key, memo.nav = site, sources, shared_key, nav
    if keys is not memo.keys or len(memo.order) != len(keys):
        memo.order = {key: index for index, key in enumerate(keys)}
    memo.keys, memo.links = keys, links
    memo.firsts.update(firsts)
    if len(memo.firsts) > len(site.articles):
        memo.firsts = {a.slug: memo.firsts[a.slug] for a in site.articles if a.slug in memo.firsts}


def _drop(memo: RenderMemo, key: JobKey) -> None:
    for path in memo.paths.pop(key, ()):
        memo.fingerprints.pop(str(path), None)


def same_jobs(old: Site, new: Site) -> bool:
    """Whether both Sites have the same pages in the same order (same articles and entities)."""
    if list(old.actors) != list(new.actors) or list(old.places) != list(new.places):
        return False
    return _same_order(old.articles, new.articles)


def job_keys(site: Site) -> list[JobKey]:
    """Every job of the site, in output order."""
    keys: list[JobKey] = [("home",)]
    keys += [("article", article.slug) for article in site.articles]
    keys += [(EntityKind.ACTOR.value, slug) for slug in site.actors]
    keys += [(EntityKind.PLACE.value, slug) for slug in site.places]
    keys.append(("lists",))
    return keys


def changed_jobs(old: Site, new: Site) -> set[JobKey] | None:
    """The jobs whose pages may differ from `old` to `new`; None: every job."""
    if old.config != new.config:
        return None
    same = _same_order(old.articles, new.articles)
    if same:  # every slug is in both: olds and news hold only the changed articles
        olds, news, articles, moved = _changed_in_place(old.articles, new.articles)
    else:
        olds, news = _by_slug(old.articles), _by_slug(new.articles)
        articles = _changed(olds, news)
        moved = _neighbours_changed(old, new, articles)
    entities = {(EntityKind.ACTOR, s) for s in _changed(old.actors, new.actors)}
    entities |= {(EntityKind.PLACE, s) for s in _changed(old.places, new.places)}
    touched = _article_entities(articles, olds, news) | entities
    touched |= _seen_with(entities, old, new)
    if any(kind is EntityKind.PLACE for kind, _ in entities):
        touched |= {(EntityKind.PLACE, slug) for slug in new.places}
    pages = articles | moved | _quoting(entities, old, new) | _reordered(touched, old, new)
    jobs = {("article", slug) for slug in pages if same or slug in news}
    jobs |= {(kind.value, slug) for kind, slug in touched if slug in _entities(new, kind)}
    if _lists_changed(articles, entities, touched, olds, news, old, new):
        jobs.update(LISTS)
    return jobs


def _same_order(old: tuple[Article, ...], new: tuple[Article, ...]) -> bool:
    """Same article slugs in the same order (only the articles that are not the same
    objects are looked at, found in C: this runs on every edit)."""
    return len(old) == len(new) and all(
        old[i].slug == new[i].slug for i in _other_objects(old, new))


def _other_objects(old: tuple[Article, ...], new: tuple[Article, ...]) -> list[int]:
    """Indexes where two article tuples of the same length hold different objects."""
    return list(compress(range(len(new)), map(is_not, old, new)))


def _changed_in_place(old: tuple[Article, ...], new: tuple[Article, ...]
                      ) -> tuple[dict[str, Article], dict[str, Article], set[str], set[str]]:
    """Same articles in the same order: the changed ones (before, after, slugs) and their
    neighbours (they show a changed title)."""
    indexes = [i for i in _other_objects(old, new) if old[i] != new[i]]
    olds, news = {old[i].slug: old[i] for i in indexes}, {new[i].slug: new[i] for i in indexes}
    around = {new[j].slug for i in indexes for j in (i - 1, i + 1) if 0 <= j < len(new)}
    return olds, news, set(news), around


def _by_slug(articles: Iterable[Article]) -> dict[str, Article]:
    return {article.slug: article for article in articles}


def _entities(site: Site, kind: EntityKind) -> Mapping[str, Entity]:
    return site.actors if kind is EntityKind.ACTOR else site.places


def _changed(old: Mapping[str, object], new: Mapping[str, object]) -> set[str]:
    """Keys added, removed, or whose value is another, unequal object."""
    if list(old) == list(new):  # the same keys in the same order: values compared in C
        others = compress(new.keys(), map(is_not, old.values(), new.values()))
        return {key for key in others if old[key] != new[key]}
    changed = {key for key in old.keys() ^ new.keys()}
    for key, value in new.items():
        before = old.get(key)
        if before is not value and before is not None and before != value:
            changed.add(key)
    return changed


def _article_entities(slugs: set[str], olds: Mapping[str, Article],
                      news: Mapping[str, Article]) -> set[EntityKey]:
    """Entities mentioned, listed or quoted by these articles, before and after."""
    keys: set[EntityKey] = set()
    for slug in slugs:
        for article in (olds.get(slug), news.get(slug)):
            if article is not None:
                keys |= _referenced(article)
    return keys


def _referenced(article: Article) -> set[EntityKey]:
    keys = {(m.kind, m.slug) for m in article.mentions}
    keys |= {(EntityKind.ACTOR, slug) for slug in article.actors}
    keys |= {(EntityKind.PLACE, slug) for slug in article.places}
    keys |= {(EntityKind.ACTOR, q.speaker) for q in article.quotes if q.speaker}
    return keys


def _seen_with(entities: set[EntityKey], old: Site, new: Site) -> set[EntityKey]:
    """Entities whose co-occurrence lists name one of `entities`."""
    found: set[EntityKey] = set()
    for key in entities:
        for site in (old, new):
            found |= {(kind, slug) for kind, slug, _ in site.cooccurrences.get(key, ())}
    return found


def _quoting(entities: set[EntityKey], old: Site, new: Site) -> set[str]:
    """Articles that mention, list or quote one of `entities` (they show its name)."""
    if not entities:
        return set()
    found = {slug for key in entities for site in (old, new)
             for slug in site.articles_by_entity.get(key, ())}
    found |= {a.slug for a in new.articles
              if any((EntityKind.ACTOR, q.speaker) in entities for q in a.quotes if q.speaker)}
    return found


def _reordered(touched: set[EntityKey], old: Site, new: Site) -> set[str]:
    """Articles whose page lists its entities in another order: it follows their mention
    counts, and these changed for some of `touched`."""
    counted = [key for key in touched if old.mention_counts.get(key) != new.mention_counts.get(key)]
    slugs = {slug for key in counted for slug in new.articles_by_entity.get(key, ())}
    if not slugs:
        return set()
    return {a.slug for a in new.articles
            if a.slug in slugs and article_entity_keys(old, a) != article_entity_keys(new, a)}


def _neighbours_changed(old: Site, new: Site, articles: set[str]) -> set[str]:
    """Articles whose previous or next article is another one, or was changed."""
    before, after = _neighbours(old.articles), _neighbours(new.articles)
    found = set() if before == after else \
        {slug for slug, pair in after.items() if before.get(slug) != pair}
    found |= {n for slug in articles for pair in (before.get(slug), after.get(slug)) if pair
              for n in pair if n}
    return found


def _neighbours(articles: tuple[Article, ...]) -> dict[str, tuple[str, str]]:
    slugs = [a.slug for a in articles]
    if not slugs:
        return {}
    return dict(zip(slugs, zip(["", *slugs[:-1]], [*slugs[1:], ""], strict=True), strict=True))


def _lists_changed(articles: set[str], entities: set[EntityKey], touched: set[EntityKey],
                   olds: Mapping[str, Article], news: Mapping[str, Article],
                   old: Site, new: Site) -> bool:
    """Whether the home page and the index pages may show something else."""
    if entities or any(slug not in olds or slug not in news for slug in articles):
        return True
    if any(_listed(olds[slug]) != _listed(news[slug]) for slug in articles):
        return True
    return any(old.mention_counts.get(key) != new.mention_counts.get(key)
               or len(old.articles_by_entity.get(key, ())) != len(new.articles_by_entity.get(key, ()))
               for key in touched)


def _listed(article: Article) -> tuple[object, ...]:
    return (article.title, article.date, article.summary)
