"""Contexts of the list pages (home, actors, places, timeline, map) and the site layout."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from site_builder.model import ACTOR_SUBKINDS, Article, Entity, EntityKind, Site
from site_builder.render.frdates import country_name, format_long_date, format_month, kind_label
from site_builder.render.pages import Link, TocEntry, article_url, plural, url_for
from site_builder.slugs import slugify

HOME_LATEST = 8
HOME_TOP = 10
CARD_SUMMARY = 180
"""Characters of an article's summary shown on its home-page card."""
NAV_ARTICLES = 6
NAV_COUNTRIES = 12
"""Countries the places navigation lists outside the places section (those with the most
places): the complete list on every page of a 10,000-article site weighed 255 MiB."""
LETTER_BAR_MIN = 30
"""Groups with at least this many entries get an A–Z jump bar."""
NO_COUNTRY = "Sans pays"


@dataclass(frozen=True)
class Group:
    title: str
    anchor: str
    items: tuple[Link, ...]
    letters: tuple[Link, ...] = ()
    """A–Z jump links to the items (only for long groups)."""
    detail: str = ""
    """What the heading says after the title (default: the number of items)."""
    counts: tuple[int, ...] = ()
    """One number per item, drawn as a bar (the timeline's articles per month)."""


@dataclass(frozen=True)
class ListPage:
    """Any page made of titled groups of links (indexes, timeline), with optional intro."""

    title: str
    intro: str
    groups: tuple[Group, ...]
    map_svg: Markup = Markup("")
    list_class: str = "index-list"
    """CSS class of each group's list: `index-list` (columns), `dated-list` (one per line) or
    `month-list` (months with a bar for their article count)."""
    places: tuple[Link, ...] = ()
    """The map page's places with coordinates (detail: their country), listed under it."""

    @property
    def max_count(self) -> int:
        """The largest of the groups' counts (the full width of a bar)."""
        return max((n for group in self.groups for n in group.counts), default=1)


@dataclass(frozen=True)
class Card:
    """An article teaser: title, date, the start of its summary."""

    title: str
    url: str
    date: str
    summary: str


@dataclass(frozen=True)
class HomePage:
    title: str
    description: str
    latest: tuple[Card, ...]
    top_actors: tuple[Link, ...]
    top_places: tuple[Link, ...]
    counts: tuple[Link, ...]


@dataclass(frozen=True)
class NavSection:
    title: str
    url: str
    key: str
    items: tuple[Link, ...] = ()
    outside: tuple[Link, ...] | None = None
    """What the section lists on the pages of other sections, when not all of `items`."""


@dataclass(frozen=True)
class Layout:
    """What base.html needs: site identity, where we are, navigation around the page."""

    site_title: str
    site_description: str
    language: str
    base: str
    url: str
    page_title: str
    section: str
    nav: tuple[NavSection, ...]
    breadcrumbs: tuple[Link, ...] = ()
    toc: tuple[TocEntry, ...] = ()
    previous: Link | None = None
    next: Link | None = None
    head_meta: Markup = field(default_factory=lambda: Markup(""))
    nav_html: Markup = field(default_factory=lambda: Markup(""))
    open_data: bool = True
    """Whether the site has its « Données » page (site.yml `open_data`)."""
    """`nav` as HTML (_nav.html), rendered once per section and not per page."""


def sort_key(text: str) -> str:
    """A–Z order ignoring accents and case (`Émile` between `Eline` and `Enzo`)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.casefold() + "\x00" + text


def build_actors_index(site: Site) -> ListPage:
    groups = []
    kinds = [*ACTOR_SUBKINDS, *sorted({a.subkind for a in site.actors.values()} - set(ACTOR_SUBKINDS))]
    for subkind in kinds:
        members = [a for a in site.actors.values() if a.subkind == subkind]
        if members:
            title = kind_label(subkind, plural=True)
            groups.append(lettered(Group(title, slugify(title), _counted(site, members))))
    intro = (plural(len(site.actors), "acteur", "acteurs")
             + ", de A à Z, par type ; après chaque nom, son nombre de mentions.")
    return ListPage("Acteurs", intro, tuple(groups))


def build_places_index(site: Site) -> ListPage:
    by_country: dict[str, list[Entity]] = {}
    for place in site.places.values():
        by_country.setdefault(place_country(site, place), []).append(place)
    names = sorted(by_country, key=lambda n: (n == NO_COUNTRY, sort_key(n)))
    groups = tuple(lettered(Group(n, slugify(n), _counted(site, by_country[n], countries_first=True)))
                   for n in names)
    intro = (plural(len(site.places), "lieu", "lieux")
             + ", par pays (le pays d’abord) ; après chaque nom, son nombre de mentions.")
    return ListPage("Lieux", intro, groups)


def build_timeline(site: Site) -> ListPage:
    """One group per year, newest first, listing its months and their article counts."""
    base, language = site.config.base_path, site.config.language
    groups = []
    for year, articles in articles_by_year(site).items():
        months = _by_month(articles)
        items = tuple(Link(format_month(group[0].date, language), f"{base}timeline/{year}/#{month}",
                           plural(len(group), "article", "articles"))
                      for month, group in months.items())
        groups.append(Group(str(year), str(year), items,
                            detail=plural(len(articles), "article", "articles"),
                            counts=tuple(len(group) for group in months.values())))
    intro = plural(len(site.articles), "article", "articles") + ", par année et par mois."
    return ListPage("Chronologie", intro, tuple(groups), list_class="month-list")


def build_year_timeline(site: Site, year: int, articles: tuple[Article, ...]) -> ListPage:
    """A year's articles, month by month, newest first."""
    groups = tuple(Group(format_month(group[0].date, site.config.language), month,
                         tuple(_dated(site, a) for a in group),
                         detail=plural(len(group), "article", "articles"))
                   for month, group in _by_month(articles).items())
    intro = plural(len(articles), "article", "articles") + ", du plus récent au plus ancien."
    return ListPage(f"Articles de {year}", intro, groups, list_class="dated-list")


def articles_by_year(site: Site) -> dict[int, tuple[Article, ...]]:
    """Year -> its articles, both newest first (site.articles is already sorted)."""
    years: dict[int, list[Article]] = {}
    for article in site.articles:
        years.setdefault(article.date.year, []).append(article)
    return {year: tuple(items) for year, items in years.items()}


def timeline_url(base: str, day: dt.date) -> str:
    """Where an article's month is listed: `timeline/2018/#2018-09`."""
    return f"{base}timeline/{day.year}/#{day:%Y-%m}"


def _by_month(articles: tuple[Article, ...]) -> dict[str, list[Article]]:
    months: dict[str, list[Article]] = {}
    for article in articles:
        months.setdefault(f"{article.date:%Y-%m}", []).append(article)
    return months


def build_map_page(site: Site, map_svg: Markup) -> ListPage:
    placed = [p for p in site.places.values() if p.geo is not None]
    unplaced = [p for p in site.places.values() if p.geo is None]
    groups = (Group("Lieux sans coordonnées", "sans-coordonnees", _counted(site, unplaced)),)
    intro = (plural(len(placed), "lieu situé", "lieux situés")
             + " sur la carte ; touchez ou cliquez un point, rapprochez-vous pour séparer les groupes.")
    shown = tuple(replace(link, detail=place_country(site, place))
                  for link, place in zip(_counted(site, placed), _sorted_names(placed), strict=True))
    return ListPage("Carte", intro, groups if unplaced else (), map_svg, places=shown)


def build_home(site: Site) -> HomePage:
    base = site.config.base_path
    return HomePage(
        title=site.config.title, description=site.config.description,
        latest=tuple(_card(site, a) for a in site.articles[:HOME_LATEST] if not a.is_undated),
        top_actors=_top(site, EntityKind.ACTOR), top_places=_top(site, EntityKind.PLACE),
        counts=(Link(plural(len(site.articles), "article", "articles"), f"{base}timeline/"),
                Link(plural(len(site.actors), "acteur", "acteurs"), f"{base}actors/"),
                Link(plural(len(site.places), "lieu", "lieux"), f"{base}places/")),
    )


def build_nav(site: Site) -> tuple[NavSection, ...]:
    """Left navigation, the same on every page (its size does not grow with the site).

    The actor and place groups carry no count: a count would change with every entity an
    edit adds or removes, and with it every page of the site (the index pages show them)."""
    base = site.config.base_path
    latest = tuple(Link(a.title, article_url(base, a.slug)) for a in site.articles[:NAV_ARTICLES])
    actors = tuple(Link(g.title, f"{base}actors/#{g.anchor}") for g in build_actors_index(site).groups)
    # Every country, A–Z, "Sans pays" last (build_places_index's order).
    countries = build_places_index(site).groups
    places = tuple(Link(g.title, f"{base}places/#{g.anchor}") for g in countries)
    biggest = set(sorted(range(len(countries)), key=lambda i: -len(countries[i].items))[:NAV_COUNTRIES])
    outside = tuple(link for i, link in enumerate(places) if i in biggest)
    years = tuple(Link(str(year), f"{base}timeline/{year}/", plural(len(items), "article", "articles"))
                  for year, items in articles_by_year(site).items())
    return (
        NavSection("Articles", f"{base}timeline/", "articles", latest),
        NavSection("Acteurs", f"{base}actors/", "actors", actors),
        NavSection("Lieux", f"{base}places/", "places", places,
                   outside if len(outside) < len(places) else None),
        NavSection("Chronologie", f"{base}timeline/", "timeline", years),
        NavSection("Carte", f"{base}map/", "map"),
    )


def place_country(site: Site, place: Entity) -> str:
    code = place.geo.country_code if place.geo else ""
    return country_name(code, site.config.language) or NO_COUNTRY


def lettered(group: Group) -> Group:
    """A long group with an anchor on the first item of each initial, and the A–Z bar."""
    if len(group.items) < LETTER_BAR_MIN:
        return group
    anchors: dict[str, str] = {}
    items = []
    for item in group.items:
        letter = _initial(item.title)
        if letter not in anchors:
            anchors[letter] = f"{group.anchor}-{'0' if letter == '#' else letter.lower()}"
            item = replace(item, anchor=anchors[letter])
        items.append(item)
    bar = tuple(Link(letter, f"#{anchor}") for letter, anchor in anchors.items())
    return replace(group, items=tuple(items), letters=bar)


def _initial(name: str) -> str:
    letter = sort_key(name)[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def group_toc(groups: tuple[Group, ...]) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(2, g.anchor, g.title) for g in groups)


def _sorted_names(entities: list[Entity], *, countries_first: bool = False) -> list[Entity]:
    return sorted(entities, key=lambda e: (countries_first and e.subkind != "country",
                                           sort_key(e.name)))


def _counted(site: Site, entities: list[Entity], *, countries_first: bool = False
             ) -> tuple[Link, ...]:
    """Links A–Z with mention counts; optionally the country itself before its places."""
    ordered = _sorted_names(entities, countries_first=countries_first)
    return tuple(Link(e.name, url_for(site.config.base_path, e.kind, e.slug),
                      str(site.mention_counts.get((e.kind, e.slug), 0))) for e in ordered)


def _dated(site: Site, article: Article) -> Link:
    return Link(article.title, article_url(site.config.base_path, article.slug),
                format_long_date(article.date, site.config.language))


def _card(site: Site, article: Article) -> Card:
    summary = article.summary.strip()
    if len(summary) > CARD_SUMMARY:
        summary = summary[:CARD_SUMMARY].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u00a0…"
    return Card(article.title, article_url(site.config.base_path, article.slug),
                format_long_date(article.date, site.config.language), summary)


def _top(site: Site, kind: EntityKind) -> tuple[Link, ...]:
    pool = site.actors if kind is EntityKind.ACTOR else site.places
    ranked = sorted(pool.values(), key=lambda e: (-site.mention_counts.get((kind, e.slug), 0),
                                                  sort_key(e.name)))
    return tuple(Link(e.name, url_for(site.config.base_path, kind, e.slug),
                      plural(site.mention_counts.get((kind, e.slug), 0), "mention", "mentions"))
                 for e in ranked[:HOME_TOP])
