"""feeds.py: a valid Atom feed, sitemap.xml and robots.txt, the same on every run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

import pytest

from site_builder.model import Article, Entity, EntityKind, Site, SiteConfig, SourceLocation
from site_builder.render.feeds import (
    FeedsMemo,
    render_feed,
    render_feeds,
    render_robots,
    render_sitemap,
    site_updated,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _article(slug: str, day: dt.date, title: str, **fields) -> Article:
    return Article(SourceLocation(f"content/articles/{slug}.md"), slug, title, day, "Texte.", **fields)


def _site(base_url: str = "/", build_date: dt.datetime | None = None) -> Site:
    articles = (_article("b", dt.date(2022, 3, 2), "Les <nouvelles> & le reste", summary="Résumé B",
                         actors=("ana",), places=("lyon",)),
                _article("a", dt.date(2021, 1, 31), "Premier article"))
    actors = {"ana": Entity(EntityKind.ACTOR, "ana", "Ana Duval", "person")}
    places = {"lyon": Entity(EntityKind.PLACE, "lyon", "Lyon", "city")}
    cfg = SiteConfig(root=Path("/tmp/x"), base_url=base_url, title="Revue", build_date=build_date)
    by_entity = {(EntityKind.ACTOR, "ana"): ("b",), (EntityKind.PLACE, "lyon"): ("b", "a")}
    return Site(cfg, articles, actors, places, by_entity)


def _feed(site: Site) -> ET.Element:
    file = render_feed(site)
    assert file.path == PurePosixPath("feed.xml")
    return ET.fromstring(file.content.encode("utf-8"))


def test_feed_has_every_required_atom_element() -> None:
    root = _feed(_site("https://ex.org/REPO/"))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}id").text == "https://ex.org/REPO/"
    self_link = [ln for ln in root.findall(f"{ATOM}link") if ln.get("rel") == "self"]
    assert self_link[0].get("href") == "https://ex.org/REPO/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Les <nouvelles> & le reste", "Premier article"]
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    assert entries[0].find(f"{ATOM}link").get("href") == "https://ex.org/REPO/articles/b/"
    assert entries[0].find(f"{ATOM}updated").text.startswith("2022-03-02T00:00:00")
    assert [c.get("term") for c in entries[0].findall(f"{ATOM}category")] == ["Ana Duval", "Lyon"]


def test_feed_without_a_domain_uses_stable_urn_ids() -> None:
    root = _feed(_site("/REPO/"))
    ids = [root.find(f"{ATOM}id").text, *(e.find(f"{ATOM}id").text for e in root.iter(f"{ATOM}entry"))]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 3
    assert ids == [root.find(f"{ATOM}id").text, *(e.find(f"{ATOM}id").text
                                                  for e in _feed(_site("/REPO/")).iter(f"{ATOM}entry"))]


@pytest.mark.parametrize(("build_date", "updated"), [
    (None, "2022-03-02T00:00:00+00:00"),
    (dt.datetime(2024, 6, 1, 12, 30, tzinfo=dt.UTC), "2024-06-01T12:30:00+00:00"),
])
def test_feed_date_comes_from_config_or_the_newest_article(build_date, updated) -> None:
    site = _site(build_date=build_date)
    assert _feed(site).find(f"{ATOM}updated").text == updated
    assert site_updated(site).isoformat() == updated


def test_feed_is_byte_identical_across_runs() -> None:
    assert render_feed(_site()).content == render_feed(_site()).content


def test_an_empty_site_still_has_a_valid_feed() -> None:
    site = Site(SiteConfig(root=Path("/tmp/x")), (), {}, {}, {})
    root = _feed(site)
    assert root.find(f"{ATOM}updated").text.startswith("1970-01-01")
    assert root.findall(f"{ATOM}entry") == []


def test_sitemap_lists_pages_with_pretty_urls_and_dates() -> None:
    paths = [PurePosixPath(p) for p in ("index.html", "articles/b/index.html", "actors/ana/index.html",
                                        "places/lyon/index.html", "404.html", "search/index.html",
                                        "feed.xml", "places/index.html")]
    file = render_sitemap(_site("https://ex.org/"), reversed(paths))
    root = ET.fromstring(file.content.encode("utf-8"))
    rows = [(u.find(f"{SITEMAP}loc").text, u.find(f"{SITEMAP}lastmod").text)
            for u in root.findall(f"{SITEMAP}url")]
    assert rows == [("https://ex.org/actors/ana/", "2022-03-02"),
                    ("https://ex.org/articles/b/", "2022-03-02"),
                    ("https://ex.org/", "2022-03-02"),
                    ("https://ex.org/places/", "2022-03-02"),
                    ("https://ex.org/places/lyon/", "2022-03-02")]


def test_robots_points_to_the_sitemap() -> None:
    assert render_robots(_site("https://ex.org/REPO/")).content == (
        "User-agent: *\nAllow: /\nSitemap: https://ex.org/REPO/sitemap.xml\n")
    assert "# Sitemap: /REPO/sitemap.xml" in render_robots(_site("/REPO/")).content


PAGES = ("index.html", "articles/a/index.html", "articles/b/index.html", "actors/ana/index.html",
         "places/lyon/index.html", "404.html", "places/index.html", "assets/site.css")


def _variants() -> list[tuple[str, Site, tuple[str, ...]]]:
    """A sequence of sites as serve would see them, each with the paths of its other files."""
    site = _site("https://ex.org/")
    a, b = site.articles[1], site.articles[0]
    steps = [("first", site, PAGES), ("same again", site, PAGES)]
    site = dataclasses.replace(site, articles=(dataclasses.replace(b, title="Autre titre"), a))
    steps.append(("title edited", site, PAGES))
    moved = dataclasses.replace(a, date=dt.date(2023, 5, 4))
    site = dataclasses.replace(site, articles=(moved, site.articles[0]))
    steps.append(("date moved (entity lastmod)", site, PAGES))
    by_entity = {**site.articles_by_entity, (EntityKind.ACTOR, "ana"): ("a", "b")}
    site = dataclasses.replace(site, articles_by_entity=by_entity)
    steps.append(("entity gains an article", site, PAGES))
    by_entity = {key: slugs for key, slugs in by_entity.items() if key[0] is EntityKind.ACTOR}
    site = dataclasses.replace(site, articles_by_entity=by_entity)
    steps.append(("entity no longer mentioned", site, PAGES))
    site = dataclasses.replace(site, articles_by_entity={**by_entity, (EntityKind.PLACE, "lyon"): ("b",)})
    steps.append(("entity mentioned again", site, PAGES))
    steps.append(("page added", site, (*PAGES, "timeline/index.html")))
    steps.append(("page removed", site, PAGES[1:]))
    site = dataclasses.replace(site, actors={"ana": Entity(EntityKind.ACTOR, "ana", "Ana Dupuis", "person")})
    steps.append(("entity renamed (feed category)", site, PAGES[1:]))
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url="/autre/"))
    steps.append(("base URL changed", site, PAGES[1:]))
    return steps


def test_feeds_with_a_memo_equal_feeds_made_afresh_edit_after_edit() -> None:
    memo = FeedsMemo()
    for name, site, paths in _variants():
        made = render_feeds(site, [PurePosixPath(p) for p in paths], memo)
        fresh = render_feeds(site, [PurePosixPath(p) for p in paths])
        assert [(f.path, f.content) for f in made] == [(f.path, f.content) for f in fresh], name


def test_a_memo_reuses_the_sitemap_when_nothing_it_shows_changed() -> None:
    memo, site = FeedsMemo(), _site("https://ex.org/")
    first = render_sitemap(site, PAGES, memo)
    retitled = dataclasses.replace(site, articles=(dataclasses.replace(site.articles[0], title="T"),
                                                   site.articles[1]))
    assert render_sitemap(retitled, PAGES, memo) is first  # titles are not in the sitemap
    assert render_sitemap(retitled, PAGES[1:], memo) is not first
