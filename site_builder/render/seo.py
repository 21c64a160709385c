"""Page metadata for search engines and link previews: canonical URL, OpenGraph, Twitter, JSON-LD.

Pure functions of the Site: `article_meta`, `entity_meta` and `page_meta` build a PageMeta;
`render_head_meta(meta)` turns it into the `<head>` tags (Markup) that base.html prints.
JSON-LD is escaped so that no text (a title holding `</script>`) can leave its <script>.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel.core import get_global
from markupsafe import Markup, escape

from site_builder.model import Article, Entity, EntityKind, Site

DESCRIPTION_LENGTH = 200
ABOUT_LIMIT = 3
"""How many of the most mentioned entities an article is said to be `about`."""
SECTIONS = {EntityKind.ACTOR: "actors", EntityKind.PLACE: "places"}
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself to crawlers and link previews."""

    title: str
    description: str
    url: str
    """Canonical URL: absolute when base_url is, else the path under the base path."""
    og_type: str
    """`article`, `profile` or `website`."""
    site_name: str
    locale: str
    json_ld: dict[str, Any] | None = None
    published: str = ""
    """ISO date of an article, for `article:published_time`."""
    feed_url: str = ""
    """The site's Atom feed, announced with `<link rel="alternate">`."""
    image: str = ""
    """The page's image (`og:image`, a large Twitter card); '' for none."""
    author: str = ""
    """The article's byline (`<meta name="author">`, `article:author`)."""


def article_meta(site: Site, article: Article) -> PageMeta:
    """NewsArticle metadata; `about` the most mentioned entities, `mentions` all of them."""
    url = page_url(site, f"articles/{article.slug}/")
    entities = _article_entities(site, article)
    about = _most_mentioned(article, entities)
    published = "" if article.is_undated else article.date.isoformat()
    image = article_image_url(site, article)
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": article.title, "url": url, "mainEntityOfPage": url,
        "datePublished": published, "inLanguage": article.language,
        "description": _shorten(article.summary), "wordCount": article.word_count,
        "author": _author(site, article),
        "publisher": _party(site.config.publisher or site.config.title),
        "image": _image(image, article) if image else None,
        "about": [entity_ref(site, e) for e in about],
        "mentions": [entity_ref(site, e) for e in entities],
    }
    return PageMeta(title=article.title, description=_shorten(article.summary), url=url,
                    og_type="article", site_name=site.config.title,
                    locale=_og_locale(article.language), json_ld=_compact(data),
                    published=published, feed_url=page_url(site, "feed.xml"), image=image,
                    author=article.author or site.config.author)


def article_image_url(site: Site, article: Article) -> str:
    """The absolute URL of an article's `image:` when the site's address is known (else its
    path under the base path); '' without an image."""
    if not article.image:
        return ""
    return article.image if "://" in article.image else page_url(site, article.image)


def _author(site: Site, article: Article) -> dict[str, str]:
    """The byline as a Person; without one, the site's author, publisher or title."""
    if article.author:
        return {"@type": "Person", "name": article.author}
    return _party(site.config.author or site.config.publisher or site.config.title)


def _image(url: str, article: Article) -> dict[str, str]:
    image = {"@type": "ImageObject", "url": url, "caption": article.image_caption,
             "creditText": article.photo_credit}
    return {key: value for key, value in image.items() if value}


def entity_meta(site: Site, entity: Entity) -> PageMeta:
    """Person, Organization or Place (with GeoCoordinates) metadata for an entity page."""
    url = page_url(site, f"{SECTIONS[entity.kind]}/{entity.slug}/")
    count = len(site.articles_by_entity.get((entity.kind, entity.slug), ()))
    roles = ", ".join(entity.roles)
    description = f"{entity.name}{f' ({roles})' if roles else ''} : {count} article" + (
        "s" if count > 1 else "") + f" sur {site.config.title}."
    data = {"@context": "https://schema.org", **entity_ref(site, entity),
            "alternateName": list(entity.aliases), "description": roles}
    return PageMeta(title=entity.name, description=description, url=url,
                    og_type="profile" if entity.subkind == "person" else "website",
                    site_name=site.config.title, locale=_og_locale(site.config.language),
                    json_ld=_compact(data), feed_url=page_url(site, "feed.xml"))


def page_meta(site: Site, path: str, title: str, description: str = "") -> PageMeta:
    """Metadata of any other page (home, indexes, search): a schema.org WebPage."""
    url = page_url(site, path)
    text = _shorten(description or site.config.description)
    data = {"@context": "https://schema.org", "@type": "WebSite" if path == "" else "WebPage",
            "name": title, "url": url, "description": text, "inLanguage": site.config.language}
    return PageMeta(title=title, description=text, url=url, og_type="website",
                    site_name=site.config.title, locale=_og_locale(site.config.language),
                    json_ld=_compact(data), feed_url=page_url(site, "feed.xml"))


def entity_ref(site: Site, entity: Entity) -> dict[str, Any]:
    """`{"@type": "Person", "name": ..., "url": ...}`; places carry their GeoCoordinates."""
    kind = "Place" if entity.kind is EntityKind.PLACE else (
        "Person" if entity.subkind == "person" else "Organization")
    ref: dict[str, Any] = {"@type": kind, "name": entity.name,
                           "url": page_url(site, f"{SECTIONS[entity.kind]}/{entity.slug}/")}
    if entity.geo is not None:
        ref["geo"] = {"@type": "GeoCoordinates", "latitude": entity.geo.latitude,
                      "longitude": entity.geo.longitude}
        if entity.geo.country_code:
            ref["address"] = {"@type": "PostalAddress", "addressCountry": entity.geo.country_code}
    return ref


def page_url(site: Site, path: str) -> str:
    """`path` (relative to the site root) as the canonical URL of the page."""
    return f"{site.config.site_url or site.config.base_path}{path}"


def render_head_meta(meta: PageMeta) -> Markup:
    """The `<head>` tags: canonical link, OpenGraph, Twitter card and the JSON-LD script."""
    properties = [("og:title", meta.title), ("og:description", meta.description),
                  ("og:type", meta.og_type), ("og:url", meta.url),
                  ("og:site_name", meta.site_name), ("og:locale", meta.locale)]
    if meta.published:
        properties.append(("article:published_time", meta.published))
    if meta.image:
        properties.append(("og:image", meta.image))
    names = [("twitter:card", "summary_large_image" if meta.image else "summary"),
             ("twitter:title", meta.title), ("twitter:description", meta.description),
             ("twitter:image", meta.image), ("author", meta.author)]
    tags = [f'<link rel="canonical" href="{escape(meta.url)}">']
    if meta.feed_url:
        tags.append('<link rel="alternate" type="application/atom+xml" '
                    f'title="{escape(meta.site_name)}" href="{escape(meta.feed_url)}">')
    tags += [f'<meta property="{k}" content="{escape(v)}">' for k, v in properties if v]
    tags += [f'<meta name="{k}" content="{escape(v)}">' for k, v in names if v]
    if meta.json_ld is not None:
        tags.append(json_ld_script(meta.json_ld))
    return Markup("\n".join(tags))


def json_ld_script(data: dict[str, Any]) -> Markup:
    """`<script type="application/ld+json">`, with `<`, `>`, `&` written as \\u003c etc."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _article_entities(site: Site, article: Article) -> list[Entity]:
    found = [site.actors.get(slug) for slug in article.actors]
    found += [site.places.get(slug) for slug in article.places]
    return [e for e in found if e is not None and not e.hidden]


def _most_mentioned(article: Article, entities: Iterable[Entity]) -> list[Entity]:
    counts = Counter((m.kind, m.slug) for m in article.mentions)
    ranked = sorted(entities, key=lambda e: (-counts[(e.kind, e.slug)], e.name, e.slug))
    return [e for e in ranked if counts[(e.kind, e.slug)]][:ABOUT_LIMIT]


def _party(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: schema.org consumers prefer a missing key to an empty one."""
    return {k: v for k, v in data.items() if v not in ("", [], None)}


def _shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _og_locale(language: str) -> str:
    """`fr` -> `fr_FR`, `fr-CA` -> `fr_CA` (OpenGraph wants language_TERRITORY; CLDR guesses it)."""
    parts = language.replace("-", "_").split("_")
    if len(parts) > 1 and len(parts[-1]) == 2:
        return f"{parts[0].lower()}_{parts[-1].upper()}"
    likely = get_global("likely_subtags").get(parts[0].lower(), "")
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{parts[0].lower()}_{territory}" if territory else parts[0].lower()
