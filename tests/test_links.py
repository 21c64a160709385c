"""The built sample site, at a domain root and under /REPO/: every link resolves, the feed,
sitemap and JSON-LD are valid, and a `</script>` in a title cannot break out of the JSON-LD."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.config import load_config
from site_builder.engine.build import build

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE_TITLE = "Un titre </script><script>alert(1)</script> & <b>gras</b>"
HOSTILE_ARTICLE = f"""---
title: {json.dumps(HOSTILE_TITLE)}
date: 2020-02-03
summary: "Une « citation » </script> piégée."
---

Un article écrit à la main pour vérifier l'échappement.
"""
LINK_ATTRS = {"href", "src"}
SKIPPED_SCHEMES = ("http:", "https:", "mailto:", "data:", "tel:")


@dataclass
class Page:
    """What the link checker needs from one HTML file."""

    links: list[tuple[str, str]] = field(default_factory=list)
    """(tag, URL) of every href/src."""
    ids: set[str] = field(default_factory=set)
    json_ld: list[str] = field(default_factory=list)
    html_lang: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.links += [(tag, v) for k, v in attrs if k in LINK_ATTRS and v is not None]
        self.page.ids |= {v for k, v in attrs if k in ("id", "name") and v}
        if tag == "html":
            self.page.html_lang = values.get("lang")
        if tag == "script" and values.get("type") == "application/ld+json":
            self._json_ld = []

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld is not None:
            self.page.json_ld.append("".join(self._json_ld))
            self._json_ld = None


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def _build(root: Path, base_url: str, copy_to: Path) -> Path:
    """Build `root` for `base_url` and keep a copy of its output (the next build replaces it)."""
    (root / "site.yml").write_text(f"base_url: {base_url}\ntitle: Revue de test\n", encoding="utf-8")
    report = build(load_config(root))
    assert not report.has_errors, [str(d) for d in report.diagnostics]
    return Path(shutil.copytree(root / "output", copy_to / "output"))


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample seeds plus a hand-written article with a hostile title; one folder, so the
    second build (another base_url) reuses the first one's extraction cache."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "seeds", root / "seeds")
    hostile = root / "content" / "articles" / "2020-02-03-titre-piege.md"
    hostile.parent.mkdir(parents=True)
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["/", "/REPO/"], ids=["root", "subpath"])
def built(request: pytest.FixtureRequest, sample_root: Path,
          tmp_path_factory: pytest.TempPathFactory):
    base = request.param
    out = _build(sample_root, base, tmp_path_factory.mktemp("built"))
    pages = {p.relative_to(out).as_posix(): parse_page(p) for p in sorted(out.rglob("*.html"))
             if "pagefind" not in p.relative_to(out).parts}
    return base, out, pages


def resolve(out: Path, base: str, page: str, url: str) -> tuple[str | None, str]:
    """(file relative to out/ or None if it leaves the site, fragment) for a link on `page`."""
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base):
            return None, parts.fragment
        target = path[len(base):]
    else:
        target = (Path(page).parent / path).as_posix()
    target = target.lstrip("./") if target.startswith("./") else target
    if target in ("", ".") or target.endswith("/"):
        target = f"{target}index.html".lstrip("/")
    elif (out / target).is_dir():
        target = f"{target}/index.html"
    return target, parts.fragment


def test_every_page_is_french(built) -> None:
    _, _, pages = built
    assert {page.html_lang for page in pages.values()} == {"fr"}


def test_every_link_resolves_to_a_file_and_anchor(built) -> None:
    base, out, pages = built
    broken = []
    for name, page in pages.items():
        for tag, url in page.links:
            if url.startswith(SKIPPED_SCHEMES):
                continue
            target, fragment = resolve(out, base, name, url)
            if target is None or not (out / target).is_file():
                broken.append(f"{name}: <{tag}> {url} -> {target}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{name}: <{tag}> {url} -> no id {fragment!r} on {target}")
    assert not broken, "\n".join(broken[:40])


def test_no_link_leaves_the_base_path(built) -> None:
    base, _, pages = built
    absolute = {url for page in pages.values() for _, url in page.links
                if url.startswith("/") and not url.startswith(base)}
    assert not absolute


def test_the_sample_produces_article_actor_and_place_pages(built) -> None:
    _, _, pages = built
    sections = {name.split("/")[0] for name in pages if name.count("/") == 2}
    assert {"articles", "actors", "places"} <= sections


def test_feed_is_valid_atom_listing_the_articles(built) -> None:
    base, out, pages = built
    root = ET.parse(out / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None
    links = sorted(e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry"))
    articles = sorted(f"{base}{name[:-len('index.html')]}" for name in pages
                      if name.startswith("articles/") and name.count("/") == 2)
    assert links == articles and len(articles) >= 2
    titles = [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]
    assert HOSTILE_TITLE in titles


def test_sitemap_lists_every_page_once(built) -> None:
    base, out, pages = built
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for loc in locs:
        target, _ = resolve(out, base, "index.html", loc)
        assert target in pages, loc
    expected = {n for n in pages if n not in ("404.html", "search/index.html")}
    assert {resolve(out, base, "index.html", loc)[0] for loc in locs} == expected
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *") and f"{base}sitemap.xml" in robots


EXPECTED_TYPES = {"articles": {"NewsArticle"}, "actors": {"Person", "Organization"},
                  "places": {"Place"}}


def test_json_ld_parses_with_the_right_type(built) -> None:
    _, _, pages = built
    for name, page in pages.items():
        section = name.split("/")[0] if name.count("/") == 2 else ""
        if section not in EXPECTED_TYPES:
            continue
        assert len(page.json_ld) == 1, name
        data = json.loads(page.json_ld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in EXPECTED_TYPES[section], name
        if data["@type"] == "NewsArticle":
            assert data["headline"] and data["datePublished"]


def test_a_script_tag_in_a_title_stays_inside_the_json_ld(built) -> None:
    _, out, pages = built
    name = "articles/2020-02-03-titre-piege/index.html"
    html = (out / name).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    data = json.loads(pages[name].json_ld[0])
    assert data["headline"] == HOSTILE_TITLE


def test_search_index_covers_articles_and_entities(built) -> None:
    _, out, pages = built
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    searchable = [n for n in pages if n.count("/") == 2 and n.split("/")[0] in EXPECTED_TYPES]
    assert set(entry["languages"]) == {"fr"}
    assert entry["languages"]["fr"]["page_count"] == len(searchable)
