"""feed.xml (Atom, written by atom.py), sitemap.xml and robots.txt: pure functions of the Site.

Deterministic: dates come from cfg.build_date (or SOURCE_DATE_EPOCH, read by config) or,
failing that, from the newest article; never from the clock.

With a `FeedsMemo` (serve keeps one), what did not change since the last call is reused:
the feed when its articles and their entities are the same, each sitemap row when its page
and date are, each entity page's date when its articles and all article dates are. The
bytes are those made without it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from itertools import compress, repeat
from operator import attrgetter, is_not
from pathlib import PurePosixPath
from xml.sax.saxutils import escape

from site_builder.model import UNDATED, Article, Entity, EntityKind, OutputFile, Site
from site_builder.render.atom import AtomEntry, AtomFeed, AtomLink, atom_document

FEED_PATH = PurePosixPath("feed.xml")
SITEMAP_PATH = PurePosixPath("sitemap.xml")
ROBOTS_PATH = PurePosixPath("robots.txt")
FEED_LIMIT = 50
"""Newest articles listed in the feed."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NOT_IN_SITEMAP = ("404.html", "search/index.html")
_SECTIONS = {"actors": EntityKind.ACTOR, "places": EntityKind.PLACE}
_SECTION_OF = {kind: section for section, kind in _SECTIONS.items()}
EntityKey = tuple[EntityKind, str]
_SLUG, _DATE = attrgetter("slug"), attrgetter("date")


@dataclass
class FeedsMemo:
    """What the last render_feeds call made, and from what (serve keeps one between builds)."""

    feed: tuple[object, OutputFile] | None = None
    """(everything the feed is made from, the feed)."""
    sitemap: tuple[object, OutputFile] | None = None
    """((URL prefix, default date, listed pages, their dates), the sitemap)."""
    rows: dict[str, tuple[str, dt.date, str]] = field(default_factory=dict)
    """Page path -> (URL prefix, date, its sitemap row)."""
    paths: list[str] = field(default_factory=list)
    """The paths given last time, and the pages of the sitemap among them."""
    pages: set[str] = field(default_factory=set)
    dates: dict[str, dt.date] = field(default_factory=dict)
    """Article slug -> date, last time."""
    by_entity: dict[EntityKey, tuple[str, ...]] = field(default_factory=dict)
    """Site.articles_by_entity last time (a copy: its tuples are compared by identity)."""
    lastmods: dict[str, dt.date] = field(default_factory=dict)
    """What _lastmods answered last time."""


def render_feeds(site: Site, paths: Iterable[PurePosixPath | str],
                 memo: FeedsMemo | None = None) -> list[OutputFile]:
    """feed.xml, sitemap.xml (over `paths`, the site's other files) and robots.txt; `memo`
    reuses what the previous call made from the same inputs."""
    return [_memo_feed(site, memo), render_sitemap(site, paths, memo), render_robots(site)]


def _memo_feed(site: Site, memo: FeedsMemo | None) -> OutputFile:
    if memo is None:
        return render_feed(site)
    newest = feed_articles(site)
    key = (site.config, site_updated(site), newest,
           tuple(_entity_names(site, article) for article in newest))
    if memo.feed is None or memo.feed[0] != key:
        memo.feed = (key, render_feed(site))
    return memo.feed[1]


def site_updated(site: Site) -> dt.datetime:
    """The build date of config, else the newest article's date (midnight UTC)."""
    if site.config.build_date is not None:
        return site.config.build_date
    newest = max(map(_DATE, site.articles), default=None)
    return _midnight(newest) if newest and newest != UNDATED else EPOCH


def render_feed(site: Site) -> OutputFile:
    """An Atom feed of the newest articles, with their summary and actors/places as categories."""
    cfg = site.config
    feed = AtomFeed(id=_atom_id(site, ""), title=cfg.title, updated=site_updated(site),
                    author=cfg.author or cfg.publisher or cfg.title,
                    links=(AtomLink(_url(site, str(FEED_PATH)), "self", "application/atom+xml"),
                           AtomLink(_url(site, ""), "alternate", "text/html")),
                    subtitle=cfg.description or cfg.title, language=cfg.language)
    entries = (_entry(site, article) for article in feed_articles(site))
    return OutputFile(FEED_PATH, atom_document(feed, entries))


def feed_articles(site: Site) -> tuple[Article, ...]:
    """The newest FEED_LIMIT dated articles (an undated one has no place in a feed)."""
    newest = site.articles[:FEED_LIMIT]  # undated articles come last
    return newest if not newest or not newest[-1].is_undated else \
        tuple(article for article in newest if not article.is_undated)


def render_sitemap(site: Site, paths: Iterable[PurePosixPath | str],
                   memo: FeedsMemo | None = None) -> OutputFile:
    """sitemap.xml listing every HTML page (not 404 nor search), sorted, with `lastmod`."""
    texts = list(map(str, paths))
    pages = memo.pages if memo is not None and texts == memo.paths else \
        {text for text in texts if text.endswith(".html") and text not in NOT_IN_SITEMAP}
    lastmods, updated = _lastmods(site, memo), site_updated(site).date()
    prefix = site.config.site_url or site.config.base_path
    key = (prefix, updated, pages, lastmods)
    if memo is not None and memo.sitemap is not None and memo.sitemap[0] == key:
        return memo.sitemap[1]
    rows = [_sitemap_row(prefix, path, lastmods.get(path, updated), memo) for path in sorted(pages)]
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *rows, "</urlset>", ""]
    file = OutputFile(SITEMAP_PATH, "\n".join(xml))
    if memo is not None:
        memo.sitemap, memo.paths, memo.pages = (key, file), texts, pages
        if len(memo.rows) > 2 * len(pages):
            memo.rows = {path: memo.rows[path] for path in pages if path in memo.rows}
    return file


def _sitemap_row(prefix: str, path: str, lastmod: dt.date, memo: FeedsMemo | None) -> str:
    known = memo.rows.get(path) if memo is not None else None
    if known is not None and known[0] == prefix and known[1] == lastmod:
        return known[2]
    row = (f"  <url><loc>{escape(prefix + _pretty(path))}</loc>"
           f"<lastmod>{lastmod.isoformat()}</lastmod></url>")
    if memo is not None:
        memo.rows[path] = (prefix, lastmod, row)
    return row


def render_robots(site: Site) -> OutputFile:
    """robots.txt allowing everything and naming the sitemap (absolute URL when known)."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = _url(site, str(SITEMAP_PATH))
    if site.config.site_url:
        lines.append(f"Sitemap: {sitemap}")
    else:
        lines.append(f"# Sitemap: {sitemap} (set an absolute base_url in site.yml to announce it)")
    return OutputFile(ROBOTS_PATH, "\n".join(lines) + "\n")


def _entry(site: Site, article: Article, *, categories: bool = True) -> AtomEntry:
    path, day = f"articles/{article.slug}/", _midnight(article.date)
    # No author (""): the feed's stands for the entry's.
    return AtomEntry(id=_atom_id(site, path), title=article.title, updated=day, link=_url(site, path),
                     published=day, author=article.author or site.config.author,
                     summary=article.summary,
                     categories=tuple(_entity_names(site, article)) if categories else ())


def _entity_names(site: Site, article: Article) -> list[str]:
    found = [site.actors.get(s) for s in article.actors] + [site.places.get(s) for s in article.places]
    return sorted({e.name for e in found if e is not None and not e.hidden})


def _atom_id(site: Site, path: str) -> str:
    """The page's absolute URL, or a stable urn:uuid when the site's domain is unknown."""
    if site.config.site_url:
        return _url(site, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"site-builder:{site.config.title}:{_url(site, path)}").urn


def _url(site: Site, path: str) -> str:
    return f"{site.config.site_url or site.config.base_path}{path}"


def _pretty(path: str) -> str:
    """`articles/x/index.html` -> `articles/x/`; `index.html` -> ``."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def _lastmods(site: Site, memo: FeedsMemo | None = None) -> dict[str, dt.date]:
    """Page path -> date of its newest article, for article and entity pages; with `memo`,
    while no article's date changed, only the entities whose articles changed are looked at."""
    dates = dict(zip(map(_SLUG, site.articles), map(_DATE, site.articles), strict=True))
    if site.articles and site.articles[-1].is_undated:  # they take the site's date
        dates = {slug: day for slug, day in dates.items() if day != UNDATED}
    by_entity = site.articles_by_entity
    if memo is not None and dates == memo.dates and memo.lastmods:
        lastmods = dict(memo.lastmods)
        _add_entity_dates(lastmods, dates, _changed_entities(memo.by_entity, by_entity, lastmods))
    else:
        lastmods = {f"articles/{slug}/index.html": day for slug, day in dates.items()}
        _add_entity_dates(lastmods, dates, by_entity.items())
    if memo is not None:
        memo.dates, memo.by_entity, memo.lastmods = dates, dict(by_entity), lastmods
    return lastmods  # the memo's: never changed afterwards (copied first)


def _changed_entities(before: dict[EntityKey, tuple[str, ...]],
                      now: dict[EntityKey, tuple[str, ...]], lastmods: dict[str, dt.date]
                      ) -> list[tuple[EntityKey, tuple[str, ...]]]:
    """The entities of `now` whose articles are another tuple than `before`'s; the dates of
    those gone are taken out of `lastmods`. Compared in C while the keys are the same, in the
    same order (hashing an entity key calls Enum.__hash__, in Python)."""
    if list(before) == list(now):
        return list(compress(now.items(), map(is_not, before.values(), now.values())))
    for key in before.keys() - now.keys():
        lastmods.pop(_entity_path(key), None)
    return [(key, articles) for key, articles in now.items() if before.get(key) is not articles]


def _add_entity_dates(lastmods: dict[str, dt.date], dates: dict[str, dt.date],
                      entities: Iterable[tuple[EntityKey, tuple[str, ...]]]) -> None:
    """Each entity page's date: its newest article's (none without articles)."""
    for key, articles in entities:
        newest = max((dates[a] for a in articles if a in dates), default=None)
        if newest is None:
            lastmods.pop(_entity_path(key), None)
        else:
            lastmods[_entity_path(key)] = newest


def _entity_path(key: EntityKey) -> str:
    return f"{_SECTION_OF[key[0]]}/{key[1]}/index.html"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


ENTITY_FEED_LIMIT = 20
"""Newest articles listed in an actor's or a place's feed."""
_ENTRY_FIELDS = tuple(f.name for f in fields(Article)
                      if f.name not in ("body_md", "mentions", "quotes", "actors", "places"))
"""What an entity feed's entries may show of an article (its body and entities excluded)."""


def entity_feed_path(kind: EntityKind, slug: str) -> PurePosixPath:
    """`actors/<slug>/feed.xml`, next to the entity's page."""
    return PurePosixPath(_SECTION_OF[kind], slug, FEED_PATH.name)


def entity_feed_key(site: Site, entity: Entity, articles: Sequence[Article]) -> tuple[object, ...]:
    """What an entity's feed is made from (`articles`: its newest first), for its fingerprint:
    every article field an entry may show, whatever fields Article gains."""
    newest = articles[:ENTITY_FEED_LIMIT]
    return (site.config, entity.kind, entity.slug, entity.name,
            tuple(tuple(map(getattr, repeat(a, len(_ENTRY_FIELDS)), _ENTRY_FIELDS)) for a in newest))


def render_entity_feed(site: Site, entity: Entity, articles: Sequence[Article]) -> OutputFile:
    """An Atom feed of the newest articles naming `entity` (`articles`: newest first). Its
    date is its newest article's, so an article elsewhere in the site leaves it as it is; its
    entries carry no categories (they would name other entities, whose edits would then
    change this feed)."""
    cfg, path = site.config, entity_feed_path(entity.kind, entity.slug)
    page = f"{_SECTION_OF[entity.kind]}/{entity.slug}/"
    feed = AtomFeed(id=_atom_id(site, str(path)), title=f"{entity.name} — {cfg.title}",
                    updated=_midnight(articles[0].date) if articles else EPOCH,
                    author=cfg.author or cfg.publisher or cfg.title,
                    links=(AtomLink(_url(site, str(path)), "self", "application/atom+xml"),
                           AtomLink(_url(site, page), "alternate", "text/html")),
                    subtitle=f"Les derniers articles qui citent {entity.name}", language=cfg.language)
    entries = (_entry(site, article, categories=False) for article in articles[:ENTITY_FEED_LIMIT])
    return OutputFile(path, atom_document(feed, entries))
