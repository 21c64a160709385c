"""render: every page type on a small inline site, links, French labels, errors, overrides."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

import pytest
from markupsafe import Markup

from site_builder.errors import TemplateError
from site_builder.index.indexes import build_site
from site_builder.model import (
    Article,
    Entity,
    EntityKind,
    Geo,
    Mention,
    OutputFile,
    Quote,
    Site,
    SiteConfig,
    SourceLocation,
)
from site_builder.render.assets import add_static_files, load_static_files
from site_builder.render.frdates import (
    country_name,
    format_coordinates,
    format_long_date,
    format_month,
)
from site_builder.render.listings import (
    LETTER_BAR_MIN,
    NAV_COUNTRIES,
    Group,
    build_places_index,
    lettered,
    sort_key,
)
from site_builder.render.pages import (
    ENTITY_QUOTES,
    Link,
    build_entity_page,
    build_place_grid,
    nearby_places,
    page_window,
)
from site_builder.render.render import make_env, make_markdown, render_markdown, render_site

A, P = EntityKind.ACTOR, EntityKind.PLACE
NAMES = [("Marie Curie", "marie-curie", A), ("CNRS", "cnrs", A), ("Lyon", "lyon", P),
         ("Villeurbanne", "villeurbanne", P), ("l’Italie", "italie", P)]
BODY_1 = ("La physicienne Marie Curie a visité Lyon avec le CNRS. Marie Curie était ravie.\n\n"
          "## À Villeurbanne\n\nÀ Villeurbanne, Marie Curie a rencontré des étudiants.\n\n"
          "<script>alert(1)</script>\n")
BODY_2 = "Le CNRS ouvre un laboratoire à Lyon, près de l’Italie.\n"


def _mentions(body: str) -> tuple[Mention, ...]:
    found = []
    for text, slug, kind in NAMES:
        start = 0
        while (index := body.find(text, start)) >= 0:
            found.append(Mention(index, index + len(text), text, "X", slug, kind))
            start = index + len(text)
    return tuple(found)


def _article(slug: str, date: dt.date, body: str, **extra) -> Article:
    return Article(source=SourceLocation(f"content/articles/{slug}.md"), slug=slug,
                   title=f"Titre {slug}", date=date, body_md=body, mentions=_mentions(body), **extra)


def make_site(root: Path, base_url: str = "/") -> Site:
    cfg = SiteConfig(root=root, title="Revue test", base_url=base_url)
    articles = [
        _article("visite", dt.date(2018, 4, 19), BODY_1, image_caption="Une photo.",
                 photo_credit="PHOTOGRAPHE / AGENCE", reading_time=2,
                 summary="Une longue visite de laboratoire, racontée en détail. " * 6,
                 quotes=(Quote("La science est belle", "marie-curie"), Quote("Sans auteur", None))),
        _article("labo", dt.date(2018, 9, 3), BODY_2, date_inferred=True),
    ]
    actors = [Entity(A, "marie-curie", "Marie Curie", "person", roles=("physicienne",),
                     aliases=("Mme Curie",), body_md="Une note *à la main*."),
              Entity(A, "cnrs", "CNRS", "organisation")]
    places = [Entity(P, "lyon", "Lyon", "city", geo=Geo(45.75, 4.85, "FR")),
              Entity(P, "villeurbanne", "Villeurbanne", "city", geo=Geo(45.7667, 4.8833, "FR")),
              Entity(P, "italie", "Italie", "country", geo=Geo(42.8333, 12.8333, "IT"))]
    return build_site(cfg, articles, actors, places)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The small site rendered once for the module's read-only checks."""
    site = make_site(tmp_path_factory.mktemp("site"))
    return {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}


def test_every_page_type_is_rendered(pages: dict[str, str]) -> None:
    assert sorted(p for p in pages if not p.endswith("/feed.xml")) == [
        "404.html", "actors/cnrs/index.html", "actors/index.html", "actors/marie-curie/index.html",
        "articles/labo/index.html", "articles/visite/index.html", "data/index.html", "index.html",
        "map/index.html",
        "places/index.html", "places/italie/index.html", "places/lyon/index.html",
        "places/villeurbanne/index.html", "search/index.html", "timeline/2018/index.html",
        "timeline/index.html"]


def test_article_links_first_mention_per_section_only(pages: dict[str, str]) -> None:
    html = pages["articles/visite/index.html"]
    assert html.count('href="/actors/marie-curie/" class="entity entity-actor"') == 2
    assert '<a href="/places/lyon/" class="entity entity-place">Lyon</a>' in html
    assert '<h2 id="a-villeurbanne">À Villeurbanne' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_article_page_has_french_date_caption_quotes_and_neighbours(pages: dict[str, str]) -> None:
    html = pages["articles/visite/index.html"]
    assert '<time datetime="2018-04-19">19 avril 2018</time>' in html
    assert "date estimée" not in html and "date estimée" in pages["articles/labo/index.html"]
    assert "Une photo." in html and "PHOTOGRAPHE / AGENCE" in html and "2 min de lecture" in html
    assert '— <a href="/actors/marie-curie/">Marie Curie</a>' in html
    assert 'href="/articles/labo/" rel="next"' in html and 'rel="prev"' not in html
    assert '<a href="#a-villeurbanne">À Villeurbanne</a>' in html
    assert "data-pagefind-body" in html


def test_actor_page_lists_quotes_sentences_and_related(pages: dict[str, str]) -> None:
    html = pages["actors/marie-curie/index.html"]
    assert "<em>à la main</em>" in html and "physicienne" in html and "Mme Curie" in html
    assert "«&#8239;La science est belle&#8239;»" in html
    assert "La physicienne <mark>Marie Curie</mark> a visité Lyon avec le CNRS." in html
    assert re.search(r'href="/actors/cnrs/">CNRS <span class="detail">1\xa0article commun', html)
    assert "Première apparition" in html and "3 dans 1 article<" in html


def test_place_page_has_country_coordinates_map_and_nearby(pages: dict[str, str]) -> None:
    html = pages["places/lyon/index.html"]
    assert "<dd>France</dd>" in html and format_coordinates(45.75, 4.85) in html
    assert "<svg" in html and "Carte de situation : Lyon" in html
    assert re.search(r'href="/places/villeurbanne/">Villeurbanne</a> <span class="detail">\d\xa0km', html)
    assert "/places/italie/" not in html.split('id="lieux-proches"')[1]


def test_index_pages_group_and_count(pages: dict[str, str]) -> None:
    actors = pages["actors/index.html"]
    assert actors.index('id="personnes"') < actors.index('id="organisations"')
    assert '<a href="/actors/cnrs/">CNRS</a> <span class="detail">2</span>' in actors
    places = pages["places/index.html"]
    assert places.index('id="france"') < places.index('id="italie"')
    france = places.split('id="france"')[1].split("</section>")[0]
    assert re.findall(r'<a href="/places/([a-z-]+)/">', france) == ["lyon", "villeurbanne"]
    timeline = pages["timeline/index.html"]
    assert timeline.index("Septembre 2018") < timeline.index("Avril 2018")
    assert re.search('<h2 id="2018">2018 <span class="count count-total">2\xa0articles</span>', timeline)
    assert re.search(r'<a href="/timeline/2018/#2018-04">Avril 2018</a> <span class="bar" '
                     r'style="--share: 1.000" aria-hidden="true"></span> <span class="detail">1\xa0article',
                     timeline)
    year = pages["timeline/2018/index.html"]
    assert '<h2 id="2018-09">Septembre 2018' in year and 'class="dated-list"' in year
    assert year.index("Titre labo") < year.index("Titre visite")
    assert '<a href="/timeline/2018/#2018-04">Avril 2018</a>' in pages["articles/visite/index.html"]
    assert "Marie Curie" in pages["index.html"] and "Page introuvable" in pages["404.html"]
    assert 'class="map map-world"' in pages["map/index.html"]


def test_sub_path_site_prefixes_every_internal_link(tmp_path: Path) -> None:
    site = make_site(tmp_path, base_url="https://exemple.github.io/depot/")
    for file in render_site(site, make_env(site.config)):
        for url in re.findall(r'(?:href|src|action)="(/[^"]*)"', str(file.content)):
            assert url.startswith("/depot/"), (file.path, url)


def test_rendering_twice_gives_identical_files(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert render_site(site, make_env(site.config)) == render_site(site, make_env(site.config))


def test_site_template_overrides_the_theme_file_by_file(make_project) -> None:
    root = make_project({"templates/404.html": '{% extends "base.html" %}'
                                               '{% block content %}Perdu !{% endblock %}'})
    site = make_site(root)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    assert "Perdu !" in files["404.html"] and "Sur cette page" in files["articles/visite/index.html"]


def test_template_error_names_template_line_and_page(make_project) -> None:
    root = make_project({"templates/article.html": "<h1>\n{{ page.title }}\n{{ page.nope }}\n"})
    site = make_site(root)
    with pytest.raises(TemplateError) as info:
        render_site(site, make_env(site.config))
    message = str(info.value)
    assert message.startswith("templates/article.html:3: ")
    assert "nope" in message and "content/articles/labo.md" in message


def test_template_syntax_error_points_at_the_line(make_project) -> None:
    site = make_site(make_project({"templates/home.html": "ok\n{% if %}\n"}))
    with pytest.raises(TemplateError, match=r"^templates/home\.html:2: "):
        render_site(site, make_env(site.config))


def test_markdown_has_tables_footnotes_anchors_and_no_raw_html() -> None:
    body = render_markdown(make_markdown(), "## Été\n\n|a|b|\n|-|-|\n|1|2|\n\nNote[^1] <b>x</b>\n\n"
                                            "[^1]: Source.\n")
    assert '<h2 id="ete">' in body.html and "<table>" in body.html
    assert 'class="footnote-ref"' in body.html and "&lt;b&gt;x&lt;/b&gt;" in body.html
    assert [(e.level, e.anchor, e.title) for e in body.toc] == [(2, "ete", "Été")]


def test_french_labels() -> None:
    assert format_long_date(dt.date(2018, 9, 3)) == "3 septembre 2018"
    assert format_month(dt.date(2018, 2, 1)) == "Février 2018"
    assert country_name("DE") == "Allemagne" and country_name("") == ""
    assert format_coordinates(-33.5, -70.25) == "33,5000°\xa0S, 70,2500°\xa0O"


def test_static_files_and_theme_assets(make_project) -> None:
    root = make_project({"static/img/logo.svg": "<svg/>", "static/.cache": "x",
                         "templates/assets/site.js": "// mine"})
    files = {str(f.path): f.content for f in load_static_files(SiteConfig(root=root))}
    assert sorted(files) == ["assets/favicon.svg", "assets/map.js", "assets/search.js", "assets/site.js",
                            "assets/style.css", "img/logo.svg"]
    assert files["assets/site.js"] == b"// mine"


def test_nearby_places_cross_grid_cells_and_skip_far_ones(tmp_path: Path) -> None:
    def city(slug: str, lat: float, lon: float) -> Entity:
        return Entity(P, slug, slug.capitalize(), "city", geo=Geo(lat, lon, "FR"))

    here = city("ici", 44.99, 4.99)
    places = [here, city("voisin", 45.01, 5.01), city("moyen", 46.5, 6.0), city("loin", 60.0, 40.0),
              Entity(P, "flou", "Flou", "region")]
    site = build_site(SiteConfig(root=tmp_path), [], [], places)
    nearby = nearby_places(site, site.places["ici"], build_place_grid(site.places.values()))
    assert [(link.title, link.detail) for link in nearby] == [("Voisin", "3\xa0km"),
                                                              ("Moyen", "185\xa0km")]


def test_home_cards_and_table_of_contents(pages: dict[str, str]) -> None:
    home = pages["index.html"]
    summary = re.search(r'<span class="card-summary">(.*?)</span>', home)
    assert summary is not None and summary.group(1).endswith("\xa0…")
    assert len(summary.group(1)) <= 182
    assert '<a href="#derniers-articles">Derniers articles</a>' in home


def test_places_index_puts_the_country_before_its_places(tmp_path: Path) -> None:
    places = [Entity(P, slug, name, kind, geo=Geo(0.0, 0.0, "FR")) for slug, name, kind in
              (("arles", "Arles", "city"), ("france", "France", "country"), ("zut", "Zut", "city"))]
    site = build_site(SiteConfig(root=tmp_path), [], [], places)
    [group] = build_places_index(site).groups
    assert (group.title, [link.title for link in group.items]) == ("France", ["France", "Arles", "Zut"])


def test_static_file_never_replaces_a_generated_page(make_project) -> None:
    root = make_project({"static/robots.txt": "mine", "static/404.html": "x", "static/a.png": "png"})
    cfg = SiteConfig(root=root)
    pages = [OutputFile(PurePosixPath("robots.txt"), "generated"),
             OutputFile(PurePosixPath("404.html"), "generated")]
    files, diagnostics = add_static_files(pages, load_static_files(cfg), cfg.static_dir)
    assert {str(f.path): f.content for f in files}["robots.txt"] == "generated"
    assert "a.png" in {str(f.path) for f in files}
    assert [str(d) for d in diagnostics] == [
        "static/404.html: has the same path as the generated page 404.html; rename or remove it",
        "static/robots.txt: has the same path as the generated page robots.txt; rename or remove it"]


def _cnrs_site(tmp_path: Path, count: int, **config) -> Site:
    body = "Le CNRS recrute.\n"
    articles = [_article(f"a{n:03d}", dt.date(2000, 1, 1) + dt.timedelta(days=n), body,
                         quotes=(Quote(f"Citation {n}", "cnrs"),)) for n in range(count)]
    return build_site(SiteConfig(root=tmp_path, **config), articles,
                      [Entity(A, "cnrs", "CNRS", "organisation")], [])


def test_entity_page_lists_every_article_newest_first(tmp_path: Path) -> None:
    site = _cnrs_site(tmp_path, 205)
    page = build_entity_page(site, site.actors["cnrs"], Markup(""), {a.slug: a for a in site.articles})
    assert page.article_count == 205 and len(page.mentions) == 205
    assert page.mentions[0].article.title == "Titre a204"
    assert len(page.quotes) == ENTITY_QUOTES and page.quotes[0].text == "Citation 204"
    assert page.first_seen is not None and page.first_seen.title == "Titre a000"


def test_paginated_entity_pages_list_all_its_articles_at_stable_urls(tmp_path: Path) -> None:
    """An entity named in more articles than a page holds: page 1 at its URL, then page/2/
    and page/3/, every article once, newest first, with a pager and a feed of the newest."""
    site = _cnrs_site(tmp_path, 23, entity_page_size=10)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    paths = ["actors/cnrs/index.html", "actors/cnrs/page/2/index.html", "actors/cnrs/page/3/index.html"]
    assert [p for p in sorted(files) if p.startswith("actors/cnrs/")] == sorted(
        [*paths, "actors/cnrs/feed.xml"])
    listed = [re.findall(r'class="mention-title" href="/articles/([^/]+)/"', files[p]) for p in paths]
    assert [len(found) for found in listed] == [10, 10, 3]
    assert sum(listed, []) == [f"a{n:03d}" for n in range(22, -1, -1)]
    assert 'start="11"' in files[paths[1]] and 'rel="next" href' not in files[paths[2]]
    assert '<a class="pages-next" href="/actors/cnrs/page/2/" rel="next">Plus anciens →</a>' in files[paths[0]]
    assert '<a class="pages-prev" href="/actors/cnrs/page/2/" rel="prev">← Plus récents</a>' in files[paths[2]]
    assert "data-pagefind-body" in files[paths[0]] and "data-pagefind-body" not in files[paths[1]]
    assert "<title>CNRS — page 2 — " in files[paths[1]]
    feed_link = '<link rel="alternate" type="application/atom+xml" href="/actors/cnrs/feed.xml"'
    assert all(feed_link in files[p] for p in paths)
    assert "S’abonner au fil Atom de CNRS" in files[paths[0]]
    feed = files["actors/cnrs/feed.xml"]
    assert feed.count("<entry>") == 20 and feed.index("Titre a022") < feed.index("Titre a021")
    assert "<updated>2000-01-23T00:00:00+00:00</updated>" in feed


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, (1,)), (1, 5, (1, 2, 3, 4, 5)), (4, 8, (1, 2, 3, 4, 5, 6, 7, 8)),
    (1, 373, (1, 2, 3, None, 373)), (200, 373, (1, None, 198, 199, 200, 201, 202, None, 373)),
    (373, 373, (1, None, 371, 372, 373)), (5, 10, (1, 2, 3, 4, 5, 6, 7, None, 10)),
])
def test_a_pager_links_the_ends_and_the_pages_near_the_current_one(
        number: int, count: int, shown: tuple[int | None, ...]) -> None:
    assert page_window(number, count) == shown


def test_a_long_pager_shows_a_window_of_pages_not_all_of_them(tmp_path: Path) -> None:
    """Page 6 of 12: links to 1, 4-8 and 12, `…` between, every page reachable by its neighbours."""
    site = _cnrs_site(tmp_path, 23, entity_page_size=2)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    page = files["actors/cnrs/page/6/index.html"]
    nav = page[page.index('<nav class="pages-nav"'):]
    nav = nav[:nav.index("</nav>")]
    linked = re.findall(r'<li><a href="/actors/cnrs/(?:page/(\d+)/)?"', nav)
    assert [int(n or 1) for n in linked] == [1, 4, 5, 6, 7, 8, 12]
    assert nav.count('class="pages-gap"') == 2
    assert 'href="/actors/cnrs/page/6/" aria-current="page"' in nav
    assert '<a class="pages-next" href="/actors/cnrs/page/7/" rel="next">' in nav


def test_an_entity_page_with_few_articles_has_no_pager(tmp_path: Path) -> None:
    site = _cnrs_site(tmp_path, 3, entity_page_size=10)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    assert "pages-nav" not in files["actors/cnrs/index.html"]
    assert not any("/page/" in path for path in files)


def test_pages_load_nothing_from_other_servers(tmp_path: Path) -> None:
    site = make_site(tmp_path, base_url="https://exemple.github.io/depot/")
    for file in render_site(site, make_env(site.config)):
        html = str(file.content)
        assert not re.search(r'\ssrc="(?!/depot/)', html), file.path
        assert not re.search(r'<link rel="(?:stylesheet|icon)" href="(?!/depot/)', html), file.path
        assert "@import" not in html and "url(http" not in html


def test_layout_has_navigation_toc_breadcrumbs_and_theme_toggle(pages: dict[str, str]) -> None:
    html = pages["actors/marie-curie/index.html"]
    assert '<a class="skip-link" href="#contenu">' in html
    assert '<nav class="sidebar" aria-label="Navigation du site">' in html
    assert '<a href="/actors/#personnes"><span>Personnes</span></a>' in html  # no count: see build_nav
    assert '<li><a href="/actors/">Acteurs</a></li><li><a href="/actors/#personnes">Personne</a></li>' in html
    assert '<p class="toc-title">Sur cette page</p>' in html and 'href="#citations"' in html
    assert '<button type="button" class="theme-toggle" hidden' in html
    assert '<link rel="canonical" href="/actors/marie-curie/">' in html
    assert '<form class="search-form" role="search" action="/search/" method="get" data-base="/">' in html


def test_long_groups_get_an_a_to_z_bar_pointing_at_the_first_entry_of_each_letter() -> None:
    names = ["Émile", "Ada", "Alan", "Zoé", "3M"] + [f"Bernard {n:02d}" for n in range(LETTER_BAR_MIN)]
    items = tuple(Link(name, f"/actors/{n}/") for n, name in
                  enumerate(sorted(names, key=sort_key)))
    group = lettered(Group("Personnes", "personnes", items))
    assert [(link.title, link.url) for link in group.letters] == [
        ("#", "#personnes-0"), ("A", "#personnes-a"), ("B", "#personnes-b"),
        ("E", "#personnes-e"), ("Z", "#personnes-z")]
    assert [i.title for i in group.items if i.anchor] == ["3M", "Ada", "Bernard 00", "Émile", "Zoé"]
    assert lettered(Group("Court", "court", items[:3])).letters == ()


def test_article_lists_involved_entities_with_role_or_kind(pages: dict[str, str]) -> None:
    involved = pages["articles/visite/index.html"].split('id="acteurs-et-lieux"')[1]
    assert ('href="/actors/marie-curie/"><span data-pagefind-filter="acteur">Marie Curie</span> '
            '<span class="detail">physicienne</span>') in involved
    assert ('href="/actors/cnrs/"><span data-pagefind-filter="acteur">CNRS</span> '
            '<span class="detail">Organisation</span>') in involved
    assert ('href="/places/lyon/"><span data-pagefind-filter="lieu">Lyon</span> '
            '<span class="detail">Ville</span>') in involved


def _nav(html: str) -> str:
    return html.split('<nav class="sidebar"')[1].split("</nav>")[0]


def test_an_old_article_is_shown_with_its_neighbours_in_the_navigation(tmp_path: Path) -> None:
    site = _cnrs_site(tmp_path, 23)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    nav = _nav(files["articles/a010/index.html"])
    listed = re.findall(r'<a href="/articles/([^/]+)/"', nav)
    assert listed == ["a022", "a021", "a020", "a019", "a018", "a017", "a011", "a010", "a009"]
    assert '<a href="/articles/a010/" aria-current="page"><span>Titre a010</span>' in nav
    assert nav.count("aria-current") == 1 and 'class="nav-gap"' in nav
    oldest = re.findall(r'<a href="/articles/([^/]+)/"', _nav(files["articles/a000/index.html"]))
    assert oldest[-2:] == ["a001", "a000"]
    newest = _nav(files["articles/a022/index.html"])
    assert 'class="nav-gap"' not in newest and newest.count("aria-current") == 1
    assert re.search(r'<details class="nav-details" data-key="articles" open>\s*<summary>Articles</summary>', nav)
    assert re.search(r'<details class="nav-details" data-key="actors">\s*<summary>Acteurs', nav)


def test_places_navigation_lists_every_country_and_places_without_one_last(tmp_path: Path) -> None:
    codes = ["FR", "IT", "DE", "ES", "BE", "CH", "PT", "NL", "AT", "PL", "SE", "NO", "DK", "FI"]
    places = [Entity(P, f"ville-{code.lower()}", f"Ville {code}", "city", geo=Geo(45.0, 5.0, code))
              for code in codes] + [Entity(P, "ailleurs", "Ailleurs", "other")]
    body = " ".join(p.name for p in places) + ".\n"
    mentions = tuple(Mention(body.index(p.name), body.index(p.name) + len(p.name), p.name, "LOC",
                             p.slug, P) for p in places)
    article = Article(source=SourceLocation("content/articles/a.md"), slug="a", title="A",
                      date=dt.date(2020, 1, 1), body_md=body, mentions=mentions)
    site = build_site(SiteConfig(root=tmp_path), [article], [], places)
    files = {str(f.path): str(f.content) for f in render_site(site, make_env(site.config))}
    countries = re.findall(r'<a href="/places/#([a-z-]+)">', _nav(files["places/index.html"]))
    assert len(countries) == len(codes) + 1 and countries[-1] == "sans-pays"
    assert countries[:-1] == sorted(countries[:-1]) and "allemagne" in countries
    home = _nav(files["index.html"])  # elsewhere: the countries with the most places, A–Z
    shown = re.findall(r'<a href="/places/#([a-z-]+)">', home)
    assert len(shown) == NAV_COUNTRIES and shown == [c for c in countries if c in shown]
    assert f"… et {len(countries) - NAV_COUNTRIES} autres pays" in home
