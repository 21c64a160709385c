"""What a reader does on a real archive (24 articles naming the same entities, 10 per entity
page), in Debian's Chromium: pages through an entity's articles, searches as they type, filters,
finds the words highlighted, explores the map on a phone, uses the keyboard; axe stays clean."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from conftest import ARCHIVE_ARTICLES, ARCHIVE_PAGE_SIZE

TIMEOUT_MS = 15_000
ENTITY = "actors/donald-trump/"


def _until(page, expression: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until `expression` is true in the page (polled: the site's CSP forbids the eval
    that wait_for_function uses)."""
    for _ in range(timeout_ms // 50):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")


def _hrefs(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_an_entity_named_in_every_article_lists_them_all_across_its_pages(archive, new_page,
                                                                          screenshot) -> None:
    page, log = new_page()
    page.goto(archive.url(ENTITY), wait_until="networkidle")
    seen, url, pages = [], archive.url(ENTITY), 0
    while url:
        page.goto(url, wait_until="networkidle")
        pages += 1
        seen += _hrefs(page, ".mention-list .mention-title")
        if pages == 2:
            assert page.url == archive.url(f"{ENTITY}page/2/")
            assert page.locator(".pages-nav [aria-current='page']").first.inner_text() == "2"
            screenshot(page, "archive-entity-page-2")
        following = page.locator(".pages-nav a[rel='next']").first
        url = archive.origin + following.get_attribute("href") if following.count() else ""
    assert pages == -(-ARCHIVE_ARTICLES // ARCHIVE_PAGE_SIZE)
    assert len(seen) == len(set(seen)) == ARCHIVE_ARTICLES
    dates = [page.goto(archive.origin + href) and page.locator("time").first.get_attribute("datetime")
             for href in (seen[0], seen[-1])]
    assert dates[0] > dates[1]  # newest first
    page.goto(archive.url(ENTITY), wait_until="networkidle")
    feed = page.locator("link[rel='alternate'][type='application/atom+xml']").last.get_attribute("href")
    assert feed == f"/{ENTITY}feed.xml"
    assert page.locator(".feed-link a").get_attribute("href") == feed
    response = page.request.get(archive.origin + feed)
    assert response.ok and response.text().count("<entry>") == 20
    assert log.errors == []


def test_the_header_box_shows_articles_then_entities_as_one_types(archive, new_page, screenshot):
    page, log = new_page()
    page.goto(archive.url(), wait_until="networkidle")
    page.locator("#search-q").press_sequentially("Idlib", delay=40)
    panel = page.locator("#search-suggest")
    panel.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_selector("#search-suggest .search-entity", timeout=TIMEOUT_MS)
    links = _hrefs(page, "#search-suggest a")
    assert links[0].startswith("/articles/") and "pagefind-highlight=idlib" in links[0].lower()
    kinds = page.locator("#search-suggest .search-kind").all_text_contents()
    assert "Lieu" in kinds and links.index(_hrefs(page, "#search-suggest .search-entity")[0]) > 0
    assert panel.is_visible()
    screenshot(page, "archive-typeahead")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links[0]
    page.keyboard.press("Escape")
    assert panel.is_hidden() and page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    _until(page, f"document.activeElement.getAttribute('href') === {json.dumps(links[0])}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("pagefind-highlight"))
    page.wait_for_load_state("networkidle")
    assert unquote(page.url).lower().endswith("?pagefind-highlight=idlib")
    marks = page.locator("main mark.pagefind-highlight")
    marks.first.wait_for(timeout=TIMEOUT_MS)
    assert marks.count() >= 3 and {t.lower() for t in marks.all_inner_texts()} == {"idlib"}
    assert page.locator("[data-pagefind-ignore] mark.pagefind-highlight").count() == 0
    assert log.errors == []


def test_search_page_combines_filters_and_keeps_them_in_the_address(archive, new_page, screenshot):
    page, log = new_page()
    page.goto(archive.url("search/?q=Trump"), wait_until="networkidle")
    page.wait_for_selector(".search-result-link", timeout=TIMEOUT_MS)
    status = page.locator(".search-status")
    assert status.inner_text().startswith(f"{ARCHIVE_ARTICLES}\u00a0articles")
    suggestion = page.locator(".search-suggestions a.search-entity").first
    assert suggestion.get_attribute("href").startswith(f"/{ENTITY}")
    assert page.locator(".search-result").count() == 10  # one result per page, 10 at a time
    page.locator(".search-more").click()
    _until(page, "document.querySelectorAll('.search-result').length === 20")
    legends = page.locator(".search-filter legend").all_inner_texts()
    assert [legend.split(" (")[0] for legend in legends] == ["Type", "Année", "Acteurs", "Lieux"]
    page.get_by_label(re.compile(r"^2018 ")).check()
    _until(page, f"document.querySelector('.search-status').textContent.startsWith("
                           f"'{ARCHIVE_ARTICLES // 2}\u00a0articles')")
    page.get_by_label(re.compile(r"^Mike Pompeo ")).check()
    _until(page, "location.search.includes('acteur=')")
    assert "annee=2018" in page.url and "acteur=Mike+Pompeo" in page.url
    assert status.inner_text().startswith(f"{ARCHIVE_ARTICLES // 2}\u00a0articles")
    page.get_by_label(re.compile(r"^2017 ")).check()  # years: any of them
    _until(page, f"document.querySelector('.search-status').textContent.startsWith("
                           f"'{ARCHIVE_ARTICLES}\u00a0articles')")
    screenshot(page, "archive-search-filters")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".search-result-link", timeout=TIMEOUT_MS)
    assert page.get_by_label(re.compile(r"^2018 ")).is_checked()
    assert page.get_by_label(re.compile(r"^Mike Pompeo ")).is_checked()
    assert log.errors == []


def test_keyboard_slash_navigation_sections_and_following_contents(archive, new_page) -> None:
    page, log = new_page()
    old = sorted((archive.output / "articles").glob("*/index.html"))[0].parent.name
    page.goto(archive.url(f"articles/{old}/"), wait_until="networkidle")
    nav = page.locator("nav.sidebar")
    current = nav.locator("a[aria-current='page']")
    assert current.count() == 1 and current.get_attribute("href") == f"/articles/{old}/"
    assert current.is_visible()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.wait_for_load_state("networkidle")  # focus fetches the search index ahead of typing
    page.keyboard.press("Escape")
    actors = nav.locator("details[data-key='actors']")
    assert actors.get_attribute("open") is None
    actors.locator("summary").focus()
    page.keyboard.press("Enter")
    assert actors.get_attribute("open") == ""
    # The toggle event is a queued task: a reader never navigates before it has run, the test might.
    _until(page, "sessionStorage.getItem('sb-nav-actors') === 'open'")
    page.goto(archive.url(f"articles/{old}/"), wait_until="networkidle")  # remembered
    assert nav.locator("details[data-key='actors']").get_attribute("open") == ""
    toc = page.locator(".toc a")
    assert toc.count() >= 2
    assert "is-current" in toc.first.get_attribute("class")
    last = toc.nth(toc.count() - 1).get_attribute("href")
    page.locator(last).scroll_into_view_if_needed()
    page.mouse.wheel(0, 20000)
    _until(page, f"document.querySelector('.toc a[href=\"{last}\"]').classList.contains('is-current')")
    assert page.locator(".toc a.is-current").count() == 1
    assert log.errors == []


def test_the_map_zooms_pans_and_clusters_on_a_phone(archive, new_page, screenshot) -> None:
    page, log = new_page(width=390, touch=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(archive.url("map/"), wait_until="networkidle")
    svg = page.locator("svg.map-world")
    box = svg.bounding_box()
    assert box["width"] <= 390 and box["height"] >= 250
    tools = page.locator(".map-tools button")
    assert tools.count() == 3 and all(b["width"] >= 44 for b in (tools.nth(i).bounding_box()
                                                                 for i in range(3)))
    view = svg.get_attribute("viewBox")
    shown = int(page.locator("[data-map-count]").inner_text())
    listed = page.locator("[data-map-list] li:not([hidden])").count()
    assert shown == listed >= 1
    screenshot(page, "archive-map-phone")
    clusters = page.locator(".map-cluster")
    if clusters.count():  # places too close to tell apart at this scale
        before = page.locator("a.map-place:visible").count()
        clusters.first.tap()
        _until(page, f"document.querySelector('svg.map-world').getAttribute('viewBox') !== '{view}'")
        assert page.locator("a.map-place:visible").count() > before
        view = svg.get_attribute("viewBox")
    page.locator(".map-tools [data-zoom='in']").tap()
    zoomed = svg.get_attribute("viewBox")
    assert float(zoomed.split()[2]) < float(view.split()[2])
    box = svg.bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 220, box["y"] + 160, steps=6)
    page.mouse.up()
    assert svg.get_attribute("viewBox").split()[:2] != zoomed.split()[:2]
    page.locator(".map-tools [data-zoom='fit']").tap()
    point = page.locator("a.map-place:visible").first
    href = point.get_attribute("href")
    hit = point.locator(".map-hit").bounding_box()
    assert hit["width"] >= 28  # a finger-sized target
    point.locator(".map-point").tap(force=True)
    page.wait_for_url(archive.origin + href, timeout=TIMEOUT_MS)
    assert log.errors == []


def test_the_map_takes_the_dark_theme_colours(archive, new_page, screenshot) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page, log = new_page(scheme=scheme)
        page.goto(archive.url("map/"), wait_until="networkidle")
        colours[scheme] = page.evaluate(
            "[...document.querySelectorAll('.map-land, .map-sea')].slice(0, 2).map(e => getComputedStyle(e).fill)")
        screenshot(page, f"archive-map-{scheme}")
        assert log.errors == []
    assert colours["light"] != colours["dark"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [f"{ENTITY}page/2/", "map/", "timeline/", "search/?q=Idlib&annee=2018",
                                  "articles/OLDEST/"])
def test_no_serious_accessibility_violation_on_reader_pages(archive, new_page, axe_script, path,
                                                            scheme) -> None:
    page, _ = new_page(scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    if "OLDEST" in path:
        oldest = sorted((archive.output / "articles").glob("*/index.html"))[0].parent.name
        path = path.replace("OLDEST", oldest)
    page.goto(archive.url(path), wait_until="networkidle")
    if path.startswith("search/"):
        page.wait_for_selector(".search-result-link", timeout=TIMEOUT_MS)
    if path.startswith("articles/"):
        page.locator("#search-q").press_sequentially("Trump", delay=30)
        page.wait_for_selector("#search-suggest .search-entity", timeout=TIMEOUT_MS)
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
