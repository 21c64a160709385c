"""Typed template contexts, one per page type, built from the Site (pure, no Jinja)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import islice

from markupsafe import Markup

from site_builder.model import Article, Entity, EntityKind, Mention, Site
from site_builder.render.frdates import (
    country_name,
    format_coordinates,
    format_long_date,
    kind_label,
)
from site_builder.render.linking import mention_sentence
from site_builder.render.typography import french_spacing, is_french

EntityKey = tuple[EntityKind, str]
SECTION_URLS = {EntityKind.ACTOR: "actors", EntityKind.PLACE: "places"}
NEARBY_LIMIT = 8
ENTITY_QUOTES = 50
"""Quotes listed on an actor page (from the newest articles)."""
NEARBY_CELL = 5.0
"""Degrees per grid cell when looking for nearby places (3×3 cells around a place)."""


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    detail: str = ""
    """Small text after the link: a count, a date, a distance."""
    anchor: str = ""
    """An id for the link's list item (the first entry of a letter in an A–Z list)."""


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class QuoteView:
    text: str
    speaker: Link | None
    source: Link | None


@dataclass(frozen=True)
class MentionView:
    """An article mentioning an entity, with the sentence around the first mention."""

    article: Link
    date: str
    before: str
    mention: str
    after: str


@dataclass(frozen=True)
class ArticlePage:
    title: str
    date: str
    date_iso: str
    is_date_inferred: bool
    summary: str
    caption: str
    credit: str
    reading_time: int
    word_count: int
    body: Markup
    quotes: tuple[QuoteView, ...]
    actors: tuple[Link, ...]
    places: tuple[Link, ...]
    author: str = ""
    """The byline: the article's author, else the site's default author; '' for none."""
    image: str = ""
    """URL of the article's `image:` (under the base path, or its http(s) address)."""
    is_undated: bool = False
    """No date: the page shows `date` (`Sans date`) without a <time> element."""


@dataclass(frozen=True)
class Pagination:
    """Where one page of an entity's articles stands among the others (`…/page/2/`)."""

    number: int
    """This page, from 1."""
    pages: tuple[Link, ...]
    """Every page, in order: title is the number, detail the articles' date range."""
    start: int
    """Rank (from 1) of this page's first article among the entity's articles."""

    @property
    def previous(self) -> Link | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Link | None:
        return self.pages[self.number] if self.number < len(self.pages) else None

    @property
    def window(self) -> tuple[Link | None, ...]:
        """The page links shown: the first, the last and PAGE_WINDOW either side of this one,
        None where pages are left out (shown `…`). Listing all 370 pages of a big actor on
        each of its pages would make the entity's bytes grow with the square of its pages."""
        shown = page_window(self.number, len(self.pages))
        return tuple(None if n is None else self.pages[n - 1] for n in shown)


PAGE_WINDOW = 2
"""Pages linked either side of the current one, as Hugo's and Pelican's themes do."""


def page_window(number: int, count: int) -> tuple[int | None, ...]:
    """Page numbers to link from page `number` of `count`: 1, the last, and the pages within
    PAGE_WINDOW of `number`; None for a gap of two pages or more (one missing page is shown
    instead, as `…` would take its place for nothing)."""
    near = range(max(1, number - PAGE_WINDOW), min(count, number + PAGE_WINDOW) + 1)
    wanted = sorted({1, count, *near})
    shown: list[int | None] = []
    for n in wanted:
        previous = shown[-1] if shown else 0
        if n - previous == 2:
            shown.append(n - 1)
        elif n - previous > 2:
            shown.append(None)
        shown.append(n)
    return tuple(shown)


@dataclass(frozen=True)
class EntityPage:
    """Actor or place page; the place-only fields stay empty for actors."""

    kind: str
    """`actor` or `place`."""
    name: str
    kind_label: str
    roles: tuple[str, ...]
    aliases: tuple[str, ...]
    body: Markup
    quotes: tuple[QuoteView, ...]
    mentions: tuple[MentionView, ...]
    actors: tuple[Link, ...]
    places: tuple[Link, ...]
    first_seen: Link | None
    last_seen: Link | None
    mention_count: int
    article_count: int
    """Every article mentioning the entity; `mentions` holds this page's (see paginate)."""
    country: str = ""
    coordinates: str = ""
    map_svg: Markup = Markup("")
    nearby: tuple[Link, ...] = ()
    feed_url: str = ""
    """The entity's Atom feed (its newest articles)."""
    pagination: Pagination | None = None
    """Set when the articles take more than one page."""


def entity_page_url(base: str, kind: EntityKind, slug: str, number: int = 1) -> str:
    """Page `number` of an entity's articles: the entity's URL, then `…/page/2/` (as Hugo)."""
    url = url_for(base, kind, slug)
    return url if number <= 1 else f"{url}page/{number}/"


def url_for(base: str, kind: EntityKind, slug: str) -> str:
    return f"{base}{SECTION_URLS[kind]}/{slug}/"


def article_url(base: str, slug: str) -> str:
    return f"{base}articles/{slug}/"


def entity_urls(site: Site) -> dict[EntityKey, str]:
    """(kind, slug) -> page URL of every visible entity."""
    base = site.config.base_path
    urls = {(EntityKind.ACTOR, s): url_for(base, EntityKind.ACTOR, s) for s in site.actors}
    urls |= {(EntityKind.PLACE, s): url_for(base, EntityKind.PLACE, s) for s in site.places}
    return urls


def get_entity(site: Site, kind: EntityKind, slug: str) -> Entity:
    return (site.actors if kind is EntityKind.ACTOR else site.places)[slug]


def entity_link(site: Site, kind: EntityKind, slug: str, detail: str = "") -> Link:
    entity = get_entity(site, kind, slug)
    return Link(entity.name, url_for(site.config.base_path, kind, slug), detail)


def build_article_page(site: Site, article: Article, body: Markup) -> ArticlePage:
    keys = article_entity_keys(site, article)
    language = site.config.language
    spaced = french_spacing if is_french(article.language) else str
    return ArticlePage(
        title=spaced(article.title), date=format_long_date(article.date, language),
        date_iso=article.date.isoformat(), is_date_inferred=article.date_inferred,
        summary=article.summary, caption=spaced(article.image_caption),
        credit=article.photo_credit,
        reading_time=article.reading_time, word_count=article.word_count, body=body,
        quotes=tuple(_quote_view(site, spaced(q.text), q.speaker, None) for q in article.quotes),
        actors=tuple(_involved_link(site, k) for k in keys if k[0] is EntityKind.ACTOR),
        places=tuple(_involved_link(site, k) for k in keys if k[0] is EntityKind.PLACE),
        author=article_author(site, article),
        image=image_url(site.config.base_path, article.image) if article.image else "",
        is_undated=article.is_undated,
    )


def article_author(site: Site, article: Article) -> str:
    """Who signs an article: its own `author:`, else the site's `author` setting."""
    return article.author or site.config.author


def image_url(prefix: str, image: str) -> str:
    """An `image:` value as a URL: an http(s) address as it is, a path inside the site under
    `prefix` (the base path for pages, the absolute site URL for link previews)."""
    return image if "://" in image else prefix + image


FirstMentions = Mapping[str, Mapping[EntityKey, Mention]]
"""Article slug -> the first mention of each entity in it (see first_mentions)."""


def first_mentions(article: Article) -> dict[EntityKey, Mention]:
    """The earliest mention of each entity in an article (the first listed on a tie)."""
    firsts: dict[EntityKey, Mention] = {}
    for mention in article.mentions:
        key = (mention.kind, mention.slug)
        if key not in firsts or mention.start < firsts[key].start:
            firsts[key] = mention
    return firsts


MentionViews = dict[EntityKey, dict[str, tuple[Article, MentionView]]]
"""Entity -> article slug -> (the article, its entry on the entity's page), from an earlier
page of the same site configuration (serve): reused while the article is the same object."""


def build_entity_page(site: Site, entity: Entity, body: Markup,
                      articles: Mapping[str, Article], firsts: FirstMentions | None = None,
                      views: MentionViews | None = None,
                      quoting: Mapping[str, set[str]] | None = None) -> EntityPage:
    """`firsts` (optional) saves scanning every article's mentions once per entity page;
    `views` (optional) keeps the article entries of the page for the next time; `quoting`
    (optional: speaker -> slugs of the articles quoting them) saves scanning every article's
    quotes."""
    key = (entity.kind, entity.slug)
    slugs = site.articles_by_entity.get(key, ())
    related = site.cooccurrences.get(key, ())
    newest = articles[slugs[0]] if slugs else None
    oldest = articles[slugs[-1]] if slugs else None
    return EntityPage(
        kind=entity.kind.value, name=entity.name,
        kind_label=kind_label(entity.subkind), roles=entity.roles, aliases=entity.aliases,
        body=body, quotes=_quotes_by(site, entity, slugs, articles, quoting),
        mentions=_mention_views(site, entity, slugs, articles, firsts, views),
        article_count=len(slugs),
        actors=tuple(_shared_link(site, k, s, n) for k, s, n in related if k is EntityKind.ACTOR),
        places=tuple(_shared_link(site, k, s, n) for k, s, n in related if k is EntityKind.PLACE),
        first_seen=_dated_link(site, oldest), last_seen=_dated_link(site, newest),
        mention_count=site.mention_counts.get(key, 0),
        feed_url=f"{url_for(site.config.base_path, entity.kind, entity.slug)}feed.xml",
    )


def paginate(page: EntityPage, entity: Entity, base: str, size: int) -> tuple[EntityPage, ...]:
    """The page split into pages of `size` articles, newest first. The first page keeps
    everything; the next ones only the header and their articles (one search result per
    entity: only the first is indexed)."""
    count = max(1, math.ceil(len(page.mentions) / size))
    if count == 1:
        return (page,)
    chunks = [page.mentions[i:i + size] for i in range(0, len(page.mentions), size)]
    links = tuple(Link(str(n), entity_page_url(base, entity.kind, entity.slug, n),
                       _date_range(chunk)) for n, chunk in enumerate(chunks, start=1))
    first = replace(page, mentions=chunks[0], pagination=Pagination(1, links, 1))
    rest = (replace(page, mentions=chunk, body=Markup(""), quotes=(), actors=(), places=(),
                    map_svg=Markup(""), nearby=(), pagination=Pagination(n, links, (n - 1) * size + 1))
            for n, chunk in enumerate(chunks[1:], start=2))
    return (first, *rest)


def _date_range(views: tuple[MentionView, ...]) -> str:
    """`3 mars 2024 – 1 janvier 2023`: the newest and oldest dates of a page's articles."""
    newest, oldest = views[0].date, views[-1].date
    return newest if newest == oldest else f"{newest} – {oldest}"


PlaceGrid = Mapping[tuple[int, int], tuple[Entity, ...]]
"""Places with coordinates by NEARBY_CELL-degree cell, to find neighbours without a full scan."""


def build_place_grid(places: Iterable[Entity]) -> dict[tuple[int, int], tuple[Entity, ...]]:
    grid: dict[tuple[int, int], list[Entity]] = {}
    for place in places:
        if place.geo is not None:
            grid.setdefault(_cell(place.geo.latitude, place.geo.longitude), []).append(place)
    return {cell: tuple(members) for cell, members in sorted(grid.items())}


def add_place_details(site: Site, page: EntityPage, place: Entity, *, map_svg: Markup,
                      grid: PlaceGrid) -> EntityPage:
    """The page with its place-only fields filled: country, coordinates, map, nearby places."""
    geo = place.geo
    return replace(
        page,
        country=country_name(geo.country_code if geo else "", site.config.language),
        coordinates=format_coordinates(geo.latitude, geo.longitude) if geo else "",
        map_svg=map_svg,
        nearby=nearby_places(site, place, grid),
    )


def nearby_places(site: Site, place: Entity, grid: PlaceGrid) -> tuple[Link, ...]:
    """Other places with coordinates in the 3×3 grid cells around it, nearest first."""
    if place.geo is None:
        return ()
    row, col = _cell(place.geo.latitude, place.geo.longitude)
    found = []
    for dr, dc in ((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)):
        for other in grid.get((row + dr, col + dc), ()):
            if other.slug != place.slug and other.geo is not None:
                km = haversine_km(place.geo.latitude, place.geo.longitude,
                                  other.geo.latitude, other.geo.longitude)
                found.append((round(km), other.slug))
    found.sort()
    return tuple(entity_link(site, EntityKind.PLACE, slug, f"{km}\u00a0km")
                 for km, slug in found[:NEARBY_LIMIT])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def plural(count: int, singular: str, many: str) -> str:
    """`1 article`, `3 articles` (French: 0 and 1 take the singular)."""
    return f"{count}\u00a0{singular if count <= 1 else many}"


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / NEARBY_CELL), math.floor(longitude / NEARBY_CELL)


def article_entity_keys(site: Site, article: Article) -> list[EntityKey]:
    """The entities an article page lists, most mentioned in the whole site first."""
    wanted = {(EntityKind.ACTOR, s) for s in article.actors}
    wanted |= {(EntityKind.PLACE, s) for s in article.places}
    wanted |= {(m.kind, m.slug) for m in article.mentions}
    keys = [k for k in wanted if k[1] in (site.actors if k[0] is EntityKind.ACTOR else site.places)]
    return sorted(keys, key=lambda k: (-site.mention_counts.get(k, 0), k[1]))


def _involved_link(site: Site, key: EntityKey) -> Link:
    """An entity of an article, with its first role (or its kind) as detail."""
    entity = get_entity(site, *key)
    return entity_link(site, *key, entity.roles[0] if entity.roles else kind_label(entity.subkind))


def _shared_link(site: Site, kind: EntityKind, slug: str, shared: int) -> Link:
    return entity_link(site, kind, slug, plural(shared, "article commun", "articles communs"))


def _dated_link(site: Site, article: Article | None) -> Link | None:
    if article is None:
        return None
    date = format_long_date(article.date, site.config.language)
    return Link(article.title, article_url(site.config.base_path, article.slug), date)


def _quote_view(site: Site, text: str, speaker: str | None, source: Article | None) -> QuoteView:
    who = entity_link(site, EntityKind.ACTOR, speaker) if speaker in site.actors else None
    where = _dated_link(site, source)
    return QuoteView(text=text, speaker=who, source=where)


def _quotes_by(site: Site, entity: Entity, slugs: tuple[str, ...], articles: Mapping[str, Article],
               quoting: Mapping[str, set[str]] | None = None) -> tuple[QuoteView, ...]:
    if entity.kind is not EntityKind.ACTOR:
        return ()
    if quoting is not None:  # only the articles that quote this actor
        having = quoting.get(entity.slug, set())
        slugs = tuple(slug for slug in slugs if slug in having) if having else ()
    quotes = (_quote_view(site, q.text, None, articles[s])
              for s in slugs for q in articles[s].quotes if q.speaker == entity.slug)
    return tuple(islice(quotes, ENTITY_QUOTES))


def quote_index(articles: Iterable[Article]) -> dict[str, set[str]]:
    """Speaker slug -> slugs of the articles quoting them (see build_entity_page)."""
    index: dict[str, set[str]] = {}
    for article in articles:
        add_quotes(index, article)
    return index


def add_quotes(index: dict[str, set[str]], article: Article, sign: int = 1) -> None:
    """Count `article`'s quotes into `index` (sign 1) or take them out of it (sign -1)."""
    for speaker in {q.speaker for q in article.quotes if q.speaker}:
        if sign > 0:
            index.setdefault(speaker, set()).add(article.slug)
        else:
            index.get(speaker, set()).discard(article.slug)


def _mention_views(site: Site, entity: Entity, slugs: tuple[str, ...],
                   articles: Mapping[str, Article], firsts: FirstMentions | None,
                   views: MentionViews | None) -> tuple[MentionView, ...]:
    if views is None:
        return tuple(_mention_view(site, entity, articles[s], firsts) for s in slugs)
    cache = views.setdefault((entity.kind, entity.slug), {})
    found = []
    for slug in slugs:
        article, known = articles[slug], cache.get(slug)
        if known is None or known[0] is not article:
            known = cache[slug] = (article, _mention_view(site, entity, article, firsts))
        found.append(known[1])
    if len(cache) > len(slugs):
        views[entity.kind, entity.slug] = {slug: cache[slug] for slug in slugs}
    return tuple(found)


def _mention_view(site: Site, entity: Entity, article: Article,
                  firsts: FirstMentions | None = None) -> MentionView:
    found = firsts[article.slug] if firsts is not None else first_mentions(article)
    first = found.get((entity.kind, entity.slug))
    valid = first is not None and article.body_md[first.start:first.end] == first.text
    before, text, after = (mention_sentence(article.body_md, first.start, first.end)
                           if valid and first else ("", "", ""))
    return MentionView(
        article=Link(article.title, article_url(site.config.base_path, article.slug)),
        date=format_long_date(article.date, site.config.language),
        before=before, mention=text, after=after,
    )
