"""What readers expect on article pages: bylines (page, feed, JSON-LD, search filter), the
`image:` figure and og:image, undated articles shown as undated and listed last."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.errors import ContentError
from site_builder.index.indexes import build_site
from site_builder.ingest.content import build_article
from site_builder.model import UNDATED, Article, SiteConfig, SourceLocation
from site_builder.render.feeds import render_feed, render_sitemap
from site_builder.render.render import make_env, render_site

ATOM = "{http://www.w3.org/2005/Atom}"


def _article(slug: str, date: dt.date, **fields) -> Article:
    return Article(source=SourceLocation(f"content/articles/{slug}.md"), slug=slug,
                   title=f"Titre {slug}", date=date, body_md="Un texte.\n", **fields)


def _site(root: Path, base_url: str = "https://exemple.org/revue/", author: str = ""):
    cfg = SiteConfig(root=root, title="Revue test", base_url=base_url, author=author)
    articles = [
        _article("signe", dt.date(2024, 3, 19), author="Jean Dupont", image="images/port.jpg",
                 image_caption="Le port, le 3 mai.", photo_credit="Anne Le Gall / AFP"),
        _article("sans-auteur", dt.date(2024, 3, 18)),
        _article("sans-date", UNDATED, author="Camille Roux",
                 image="https://cdn.exemple.org/a.jpg"),
    ]
    return build_site(cfg, articles, [], [])


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site = _site(tmp_path_factory.mktemp("site"))
    return {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])


def test_the_byline_is_on_the_page_with_a_search_filter(pages: dict[str, str]) -> None:
    html = pages["articles/signe/index.html"]
    assert ('<p class="byline">Par <span class="author" data-pagefind-filter="auteur">'
            "Jean Dupont</span></p>") in html
    assert '<meta name="author" content="Jean Dupont">' in html
    assert 'class="byline"' not in pages["articles/sans-auteur/index.html"]


def test_json_ld_names_the_author_and_the_image(pages: dict[str, str]) -> None:
    data = _json_ld(pages["articles/signe/index.html"])
    assert data["author"] == {"@type": "Person", "name": "Jean Dupont"}
    assert data["image"] == {"@type": "ImageObject", "url": "https://exemple.org/revue/images/port.jpg",
                             "caption": "Le port, le 3 mai.", "creditText": "Anne Le Gall / AFP"}
    assert _json_ld(pages["articles/sans-auteur/index.html"])["author"] == {
        "@type": "Organization", "name": "Revue test"}


def test_the_image_is_a_figure_with_caption_and_credit_and_the_og_image(pages) -> None:
    html = pages["articles/signe/index.html"]
    assert '<img src="/revue/images/port.jpg" alt="Le port, le 3 mai."' in html
    assert ('<figcaption>Le port, le 3 mai. <span class="credit">Anne Le Gall / AFP</span>'
            "</figcaption>") in html
    assert '<meta property="og:image" content="https://exemple.org/revue/images/port.jpg">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    remote = pages["articles/sans-date/index.html"]
    assert '<img src="https://cdn.exemple.org/a.jpg"' in remote
    assert '<meta property="og:image" content="https://cdn.exemple.org/a.jpg">' in remote
    assert "og:image" not in pages["articles/sans-auteur/index.html"]


def test_an_image_path_follows_a_bare_base_path(tmp_path: Path) -> None:
    site = _site(tmp_path, base_url="/revue/")
    html = next(str(f.content) for f in render_site(site, make_env(site.config))
                if str(f.path) == "articles/signe/index.html")
    assert '<img src="/revue/images/port.jpg"' in html
    assert '<meta property="og:image" content="/revue/images/port.jpg">' in html


def test_feed_entries_carry_their_own_author_and_no_undated_article(tmp_path: Path) -> None:
    site = _site(tmp_path)
    feed = ET.fromstring(render_feed(site).content)
    entries = {e.find(f"{ATOM}title").text: e for e in feed.iter(f"{ATOM}entry")}
    assert sorted(entries) == ["Titre sans-auteur", "Titre signe"]
    assert entries["Titre signe"].find(f"{ATOM}author/{ATOM}name").text == "Jean Dupont"
    assert entries["Titre sans-auteur"].find(f"{ATOM}author") is None  # the feed's author
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Revue test"


def test_the_site_author_signs_articles_without_one(tmp_path: Path) -> None:
    site = _site(tmp_path, author="La rédaction")
    feed = ET.fromstring(render_feed(site).content)
    names = [e.find(f"{ATOM}author/{ATOM}name").text for e in feed.iter(f"{ATOM}entry")]
    assert names == ["Jean Dupont", "La rédaction"]


def test_undated_articles_are_listed_last_and_shown_as_undated(pages: dict[str, str]) -> None:
    html = pages["articles/sans-date/index.html"]
    assert '<span class="undated">Sans date</span>' in html and "<time" not in html
    assert "datePublished" not in _json_ld(html)
    assert "article:published_time" not in html
    latest = re.search(r'<ul class="card-list">.*?</ul>', pages["index.html"], re.S)[0]
    assert "Titre signe" in latest and "Titre sans-date" not in latest  # not among the latest


def test_undated_articles_sort_after_dated_ones_and_take_the_site_date(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert [a.slug for a in site.articles] == ["signe", "sans-auteur", "sans-date"]
    sitemap = str(render_sitemap(site, ["articles/sans-date/index.html"]).content)
    assert "<lastmod>2024-03-19</lastmod>" in sitemap


@pytest.mark.parametrize(("meta", "date"), [
    ({"title": "T", "undated": True}, UNDATED),
    ({"title": "T", "date": "2024-03-19", "undated": False}, dt.date(2024, 3, 19)),
])
def test_content_files_say_undated_with_undated_true(tmp_path: Path, meta, date) -> None:
    article = build_article(meta, "Texte.", SourceLocation("content/articles/a.md"), slug="a",
                            cfg=SiteConfig(root=tmp_path))
    assert article.date == date and article.is_undated is (date == UNDATED)


@pytest.mark.parametrize(("meta", "message"), [
    ({"title": "T"}, "content/articles/a.md: front matter needs a 'date' (YYYY-MM-DD); add "
                     "`date: ...`, or `undated: true` if the article has none"),
    ({"title": "T", "undated": True, "date": "2024-01-01"},
     "content/articles/a.md: has both a 'date' and `undated: true`; remove one of them"),
    ({"title": "T", "undated": "oui"},
     "content/articles/a.md: 'undated' must be true or false, got 'oui'; fix it"),
    ({"title": "T", "date": "2024-01-01", "author": ["a"]},
     "content/articles/a.md: 'author' must be a text, got ['a']; fix the value"),
])
def test_bad_undated_or_author_values_are_errors(tmp_path: Path, meta, message) -> None:
    with pytest.raises(ContentError) as error:
        build_article(meta, "Texte.", SourceLocation("content/articles/a.md"), slug="a",
                      cfg=SiteConfig(root=tmp_path))
    assert str(error.value) == message


def test_author_and_image_are_known_keys(tmp_path: Path) -> None:
    meta = {"title": "T", "date": "2024-01-01", "author": "  Jean   Dupont ",
            "image": "images/a.jpg", "source": "seeds/a.txt", "couleur": "bleu"}
    article = build_article(meta, "Texte.", SourceLocation("content/articles/a.md"), slug="a",
                            cfg=SiteConfig(root=tmp_path))
    assert (article.author, article.image, article.extra) == ("Jean Dupont", "images/a.jpg",
                                                              {"couleur": "bleu"})


def _content_file(text: str, tmp_path: Path, sidecar: str | None = None, **config):
    import hashlib

    from site_builder.ingest.seedarticle import Seed, build_content_file
    raw = text.encode()
    seed = Seed("seeds/a.txt", raw, hashlib.sha256(raw).hexdigest(), sidecar="seeds/a.yml",
                sidecar_raw=sidecar.encode() if sidecar is not None else None)
    return build_content_file(seed, SiteConfig(root=tmp_path, **config), today=dt.date(2026, 12, 3))


def test_an_undated_seed_becomes_an_undated_article_with_a_stable_name(tmp_path: Path) -> None:
    name, text, warnings = _content_file("Un refuge ouvre\n\nLe refuge a ouvert. Il accueille "
                                         "des oiseaux.\n", tmp_path)
    assert name == "sans-date-un-refuge-ouvre.md"
    assert "\nundated: true\n" in text and "\ndate:" not in text and "2026" not in text
    assert [str(w) for w in warnings] == [
        "seeds/a.txt:1: no date found in the text (such as `lundi 3 septembre`), shown "
        "as undated; set `date: YYYY-MM-DD` in seeds/a.yml"]
    article = build_article(*_split(text), SourceLocation("content/articles/a.md"), slug="a",
                            cfg=SiteConfig(root=tmp_path))
    assert article.is_undated


def test_a_sidecar_can_say_undated_and_give_the_author(tmp_path: Path) -> None:
    name, text, warnings = _content_file("Un refuge ouvre le lundi 3 septembre 2018.\n", tmp_path,
                                         "undated: true\nauthor: Camille Roux\n")
    assert name.startswith("sans-date-") and warnings == ()
    assert "\nundated: true\n" in text and "\nauthor: Camille Roux\n" in text


def test_a_byline_line_becomes_the_author(tmp_path: Path) -> None:
    _, text, _ = _content_file("Un titre\n\nPar Jean Dupont\n\nPublié le 19 mars 2024\n\n"
                               "Le texte. La suite.\n", tmp_path)
    assert "\nauthor: Jean Dupont\n" in text and "\ndate: 2024-03-19\n" in text
    assert "Publié" not in text and "## " not in text


def _split(text: str):
    from site_builder.frontmatter import split_front_matter
    meta, body = split_front_matter(text, "content/articles/a.md")
    return meta, body
