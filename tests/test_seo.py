"""seo.py: canonical URLs, OpenGraph/Twitter tags and JSON-LD that cannot break out of <script>."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.model import (
    Article,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Site,
    SiteConfig,
    SourceLocation,
)
from site_builder.render.seo import (
    article_meta,
    entity_meta,
    json_ld_script,
    page_meta,
    render_head_meta,
)

ACTOR = EntityKind.ACTOR
PLACE = EntityKind.PLACE


def _site(base_url: str = "/", title: str = "Un titre") -> Site:
    people = {"jeanne-martin": Entity(ACTOR, "jeanne-martin", "Jeanne Martin", "person",
                                      roles=("ministre",), aliases=("J. Martin",)),
              "croix-rouge": Entity(ACTOR, "croix-rouge", "Croix-Rouge", "organisation"),
              "cache": Entity(ACTOR, "cache", "Caché", "person", hidden=True)}
    places = {"lyon": Entity(PLACE, "lyon", "Lyon", "city", geo=Geo(45.75, 4.85, "FR", 2996944))}
    mentions = (Mention(0, 5, "Lyon", "LOC", "lyon", PLACE),
                Mention(10, 15, "Lyon", "LOC", "lyon", PLACE),
                Mention(20, 25, "Jeanne Martin", "PER", "jeanne-martin", ACTOR))
    article = Article(SourceLocation("content/articles/a.md"), "2021-05-04-un-titre", title,
                      dt.date(2021, 5, 4), "Texte.", summary="Un résumé " * 40, word_count=120,
                      actors=("cache", "croix-rouge", "jeanne-martin"), places=("lyon",),
                      mentions=mentions)
    return Site(SiteConfig(root=Path("/tmp/x"), base_url=base_url, title="Revue"), (article,),
                people, places, {(PLACE, "lyon"): (article.slug,)})


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            self.meta[values.get("property") or values["name"]] = values["content"]
        elif tag == "link":
            self.links.append(values)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(markup: str) -> _Head:
    head = _Head()
    head.feed(markup)
    return head


def test_article_is_a_news_article_about_its_most_mentioned_entities() -> None:
    site = _site()
    data = article_meta(site, site.articles[0]).json_ld
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2021-05-04"
    assert [e["name"] for e in data["about"]] == ["Lyon", "Jeanne Martin"]
    assert [(e["@type"], e["name"]) for e in data["mentions"]] == [
        ("Organization", "Croix-Rouge"), ("Person", "Jeanne Martin"), ("Place", "Lyon")]
    lyon = data["mentions"][2]
    assert lyon["geo"] == {"@type": "GeoCoordinates", "latitude": 45.75, "longitude": 4.85}
    assert lyon["url"] == "/places/lyon/"


def test_description_is_shortened_on_a_word_boundary() -> None:
    meta = article_meta(_site(), _site().articles[0])
    assert len(meta.description) <= 201 and meta.description.endswith("résumé…")


@pytest.mark.parametrize(("base_url", "canonical"), [
    ("/", "/articles/2021-05-04-un-titre/"),
    ("/REPO/", "/REPO/articles/2021-05-04-un-titre/"),
    ("https://user.github.io/REPO/", "https://user.github.io/REPO/articles/2021-05-04-un-titre/"),
])
def test_canonical_url_follows_the_base_url(base_url: str, canonical: str) -> None:
    site = _site(base_url)
    head = _parse(render_head_meta(article_meta(site, site.articles[0])))
    assert head.links[0] == {"rel": "canonical", "href": canonical}
    assert head.links[1] == {"rel": "alternate", "type": "application/atom+xml", "title": "Revue",
                             "href": canonical.replace("articles/2021-05-04-un-titre/", "feed.xml")}
    assert head.meta["og:url"] == canonical


def test_open_graph_and_twitter_tags() -> None:
    site = _site()
    head = _parse(render_head_meta(article_meta(site, site.articles[0])))
    assert head.meta["og:type"] == "article"
    assert head.meta["og:locale"] == "fr_FR"
    assert head.meta["og:site_name"] == "Revue"
    assert head.meta["article:published_time"] == "2021-05-04"
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:title"] == head.meta["og:title"] == "Un titre"


@pytest.mark.parametrize(("slug", "kind", "schema_type"), [
    ("jeanne-martin", ACTOR, "Person"), ("croix-rouge", ACTOR, "Organization"), ("lyon", PLACE, "Place"),
])
def test_entity_pages_have_their_schema_type(slug: str, kind: EntityKind, schema_type: str) -> None:
    site = _site()
    entity = (site.actors if kind is ACTOR else site.places)[slug]
    data = json.loads(_parse(render_head_meta(entity_meta(site, entity))).scripts[0])
    assert data["@type"] == schema_type
    assert data["@context"] == "https://schema.org"


def test_place_page_has_coordinates_and_country() -> None:
    site = _site()
    data = entity_meta(site, site.places["lyon"]).json_ld
    assert data["geo"]["latitude"] == 45.75
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "FR"}


def test_person_page_lists_aliases_and_roles() -> None:
    site = _site()
    meta = entity_meta(site, site.actors["jeanne-martin"])
    assert meta.json_ld["alternateName"] == ["J. Martin"]
    assert meta.og_type == "profile"
    assert meta.description == "Jeanne Martin (ministre) : 0 article sur Revue."


def test_home_is_a_website() -> None:
    assert page_meta(_site(), "", "Revue").json_ld["@type"] == "WebSite"
    assert page_meta(_site(), "actors/", "Acteurs").json_ld["@type"] == "WebPage"


@pytest.mark.parametrize("title", [
    "</script><script>alert(1)</script>", "<!-- x", "a & b > c", "</SCRIPT >", "\u2028ligne",
])
def test_json_ld_cannot_break_out_of_its_script(title: str) -> None:
    site = _site(title=title)
    markup = str(render_head_meta(article_meta(site, site.articles[0])))
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S | re.I)
    assert script is not None and script.end() == len(markup)
    assert not re.search(r"[<>&]", script.group(1))
    assert json.loads(script.group(1))["headline"] == title


def test_tags_escape_attribute_values() -> None:
    site = _site(title='"><img src=x>')
    head = _parse(render_head_meta(article_meta(site, site.articles[0])))
    assert head.meta["og:title"] == '"><img src=x>'
    assert "<img" not in str(render_head_meta(article_meta(site, site.articles[0])))


def test_json_ld_is_deterministic() -> None:
    assert json_ld_script({"b": 1, "a": [2]}) == '<script type="application/ld+json">{"a":[2],"b":1}</script>'
