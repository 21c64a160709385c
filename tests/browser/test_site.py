"""The built sample site in a real browser: pages load cleanly, search stems French, the theme
toggle persists, the navigation collapses on a phone, and axe finds no serious violation."""

from __future__ import annotations

import json

import pytest

SEARCH_RESULT = ".search-result-link"
ENTITY_RESULT = ".search-suggestions a.search-entity"
TIMEOUT_MS = 15_000
SECTIONS = ("home", "articles", "actors", "places")


def _path(site, section: str) -> str:
    return "" if section == "home" else site.first_page(section)


def _label(site, name: str) -> str:
    return f"{'subpath' if site.base != '/' else 'root'}-{name}"


@pytest.mark.parametrize("section", SECTIONS)
def test_page_loads_without_errors_or_foreign_requests(site, new_page, screenshot, section) -> None:
    page, log = new_page()
    response = page.goto(site.url(_path(site, section)), wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.lang") == "fr"
    screenshot(page, _label(site, section))
    assert log.errors == []


def test_search_page_finds_another_inflection_of_a_word(site, new_page, screenshot) -> None:
    """The text says `réaffirmé`; the infinitive finds it only through French stemming."""
    page, log = new_page()
    page.goto(site.url("search/?q=réaffirmer"), wait_until="networkidle")
    page.wait_for_selector(SEARCH_RESULT, timeout=TIMEOUT_MS)
    hrefs = page.locator(SEARCH_RESULT).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(f"{site.base}articles/") for h in hrefs), hrefs
    assert "?pagefind-highlight=" in hrefs[0]
    screenshot(page, _label(site, "search"))
    page.locator(SEARCH_RESULT).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(site.url("articles/"))
    assert "réaffirmé" in page.locator("main").inner_text()
    assert log.errors == []


@pytest.mark.parametrize("section", ["actors", "places"])
def test_search_finds_entity_pages(site, new_page, section) -> None:
    """Actor and place pages are in the index: searching an entity's name lists its page."""
    path = site.first_page(section)
    page, log = new_page()
    page.goto(site.url(path), wait_until="networkidle")
    name = page.locator("main h1").first.inner_text().strip()
    page.goto(site.url(f"search/?q={name}"), wait_until="networkidle")
    page.wait_for_selector(ENTITY_RESULT, timeout=TIMEOUT_MS)
    hrefs = page.locator(ENTITY_RESULT).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(h.split("?")[0] == f"{site.base}{path}" for h in hrefs), (name, hrefs)
    assert log.errors == []


def test_header_search_box_runs_the_query_on_the_search_page(site, new_page) -> None:
    page, log = new_page()
    page.goto(site.url(), wait_until="networkidle")
    page.fill("#search-q", "réaffirmer")
    page.press("#search-q", "Enter")
    page.wait_for_selector(SEARCH_RESULT, timeout=TIMEOUT_MS)
    assert page.url.startswith(site.url("search/?q="))
    assert page.locator("#search-page-q").input_value() == "réaffirmer"
    assert log.errors == []


def test_dark_mode_choice_persists_across_pages(site, new_page, screenshot) -> None:
    page, log = new_page(scheme="light")
    page.goto(site.url(), wait_until="networkidle")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click(".theme-toggle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.goto(site.url(site.first_page("articles")), wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    screenshot(page, _label(site, "article-dark"))
    assert log.errors == []


def test_navigation_collapses_on_a_phone(site, new_page, screenshot) -> None:
    page, log = new_page(width=360)
    page.goto(site.url(site.first_page("articles")), wait_until="networkidle")
    sidebar, button = page.locator("nav.sidebar"), page.locator(".nav-button")
    assert not sidebar.is_visible() or not _in_viewport(page, "nav.sidebar")
    assert button.is_visible()
    screenshot(page, _label(site, "phone"))
    button.click()
    page.wait_for_timeout(400)
    assert sidebar.is_visible() and _in_viewport(page, "nav.sidebar")
    screenshot(page, _label(site, "phone-menu"))
    assert log.errors == []


def _in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["width"] > 0 and box["x"] + box["width"] > 0 and box["x"] < width


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("section", [*SECTIONS, "search"])
def test_no_serious_accessibility_violation(site, new_page, axe_script, section, scheme) -> None:
    if site.base != "/" and scheme == "dark":
        pytest.skip("the theme does not depend on the base path; dark is scanned at the root")
    page, _ = new_page(scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    path = "search/?q=réaffirmer" if section == "search" else _path(site, section)
    page.goto(site.url(path), wait_until="networkidle")
    if section == "search":
        page.wait_for_selector(SEARCH_RESULT, timeout=TIMEOUT_MS)
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [_summary(v) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)


def _summary(violation: dict) -> dict:
    return {"id": violation["id"], "impact": violation["impact"], "help": violation["help"],
            "nodes": [n["target"] for n in violation["nodes"][:5]]}
