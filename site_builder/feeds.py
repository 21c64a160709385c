"""feed.xml (Atom, with feedgen), sitemap.xml and robots.txt: pure functions of the Site.

Deterministic: dates come from cfg.build_date (or SOURCE_DATE_EPOCH, read by config) or,
failing that, from the newest article; never from the clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from site_builder.model import Article, EntityKind, OutputFile, Site

FEED_PATH = PurePosixPath("feed.xml")
SITEMAP_PATH = PurePosixPath("sitemap.xml")
ROBOTS_PATH = PurePosixPath("robots.txt")
FEED_LIMIT = 50
"""Newest articles listed in the feed."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NOT_IN_SITEMAP = ("404.html", "search/index.html")
_SECTIONS = {"actors": EntityKind.ACTOR, "places": EntityKind.PLACE}


def render_feeds(site: Site, paths: Iterable[PurePosixPath]) -> list[OutputFile]:
    """feed.xml, sitemap.xml (over `paths`, the site's other files) and robots.txt."""
    return [render_feed(site), render_sitemap(site, paths), render_robots(site)]


def site_updated(site: Site) -> dt.datetime:
    """The build date of config, else the newest article's date (midnight UTC)."""
    if site.config.build_date is not None:
        return site.config.build_date
    newest = max((a.date for a in site.articles), default=None)
    return _midnight(newest) if newest else EPOCH


def render_feed(site: Site) -> OutputFile:
    """An Atom feed of the newest articles, with their summary and actors/places as categories."""
    feed = FeedGenerator()
    cfg = site.config
    feed.id(_atom_id(site, ""))
    feed.title(cfg.title)
    feed.subtitle(cfg.description or cfg.title)
    feed.author({"name": cfg.author or cfg.publisher or cfg.title})
    feed.link(href=_url(site, str(FEED_PATH)), rel="self", type="application/atom+xml")
    feed.link(href=_url(site, ""), rel="alternate", type="text/html")
    feed.language(cfg.language)
    feed.updated(site_updated(site))
    feed.generator("site-builder")
    for article in site.articles[:FEED_LIMIT]:
        _add_entry(feed, site, article)
    return OutputFile(FEED_PATH, feed.atom_str(pretty=True).decode("utf-8"))


def render_sitemap(site: Site, paths: Iterable[PurePosixPath]) -> OutputFile:
    """sitemap.xml listing every HTML page (not 404 nor search), sorted, with `lastmod`."""
    pages = sorted({str(p) for p in paths if p.suffix == ".html" and str(p) not in NOT_IN_SITEMAP})
    lastmods, updated = _lastmods(site), site_updated(site).date()
    rows = [f"  <url><loc>{escape(_url(site, _pretty(path)))}</loc>"
            f"<lastmod>{lastmods.get(path, updated).isoformat()}</lastmod></url>" for path in pages]
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *rows, "</urlset>", ""]
    return OutputFile(SITEMAP_PATH, "\n".join(xml))


def render_robots(site: Site) -> OutputFile:
    """robots.txt allowing everything and naming the sitemap (absolute URL when known)."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = _url(site, str(SITEMAP_PATH))
    if site.config.site_url:
        lines.append(f"Sitemap: {sitemap}")
    else:
        lines.append(f"# Sitemap: {sitemap} (set an absolute base_url in site.yml to announce it)")
    return OutputFile(ROBOTS_PATH, "\n".join(lines) + "\n")


def _add_entry(feed: FeedGenerator, site: Site, article: Article) -> None:
    path = f"articles/{article.slug}/"
    entry = feed.add_entry(order="append")
    entry.id(_atom_id(site, path))
    entry.title(article.title)
    entry.link(href=_url(site, path), rel="alternate", type="text/html")
    entry.published(_midnight(article.date))
    entry.updated(_midnight(article.date))
    if article.summary:
        entry.summary(article.summary)
    for name in _entity_names(site, article):
        entry.category(term=name)


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


def _lastmods(site: Site) -> dict[str, dt.date]:
    """Page path -> date of its newest article, for article and entity pages."""
    dates = {a.slug: a.date for a in site.articles}
    lastmods = {f"articles/{slug}/index.html": day for slug, day in dates.items()}
    for section, kind in _SECTIONS.items():
        for (entity_kind, slug), articles in site.articles_by_entity.items():
            days = [dates[a] for a in articles if a in dates]
            if entity_kind is kind and days:
                lastmods[f"{section}/{slug}/index.html"] = max(days)
    return lastmods


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
