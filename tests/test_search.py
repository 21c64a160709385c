"""search.py: the real Pagefind binary over small real sites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_builder.index.indexes import build_site
from site_builder.model import Article, Entity, EntityKind, Mention, SiteConfig, SourceLocation
from site_builder.output.search import SearchError, find_pagefind, read_report, run_search
from site_builder.render.render import make_env, render_site

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>Menu</nav><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main>
</body></html>"""


def _write_site(root: Path, pages: dict[str, tuple[str, str, str]]) -> Path:
    for path, (lang, title, text) in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(lang=lang, title=title, text=text), encoding="utf-8")
    return root


def _bundle_bytes(site: Path) -> dict[str, bytes]:
    bundle = site / "pagefind"
    return {str(p.relative_to(bundle)): p.read_bytes() for p in sorted(bundle.rglob("*"))
            if p.is_file()}


def test_pagefind_binary_ships_with_the_package() -> None:
    assert find_pagefind().is_file()


def test_indexes_french_pages_and_writes_the_default_ui(tmp_path: Path) -> None:
    site = _write_site(tmp_path / "site", {
        "articles/a/index.html": ("fr", "Les ministres", "Les ministres ont réaffirmé leurs offensives."),
        "actors/b/index.html": ("fr", "Une ministre", "Elle dirige le gouvernement."),
    })
    report = run_search(site)
    assert (report.pages, report.languages) == (2, ("fr",))
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "wasm.fr.pagefind"):
        assert (site / "pagefind" / name).is_file(), name


def test_pages_without_a_search_body_are_left_out(tmp_path: Path) -> None:
    site = _write_site(tmp_path / "site", {"articles/a/index.html": ("fr", "Titre", "Texte.")})
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        '<!doctype html><html lang="fr"><body><main>Recherche</main></body></html>')
    assert run_search(site).pages == 1


def test_the_index_is_the_same_on_every_run(tmp_path: Path) -> None:
    pages = {f"articles/{n}/index.html": ("fr", f"Article {n}", f"Les soldats du numéro {n}.")
             for n in range(5)}
    first = _write_site(tmp_path / "one", pages)
    second = _write_site(tmp_path / "two", pages)
    run_search(first)
    run_search(second)
    assert _bundle_bytes(first) == _bundle_bytes(second)


def test_a_site_without_pages_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SearchError) as caught:
        run_search(tmp_path / "empty")
    message = str(caught.value)
    assert message.startswith("pagefind/: Pagefind failed: Error: Pagefind was not able to build")
    assert "search: false" in message


def test_a_missing_entry_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchError, match=r"no readable pagefind-entry.json"):
        read_report(tmp_path)


def test_an_index_with_no_page_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pagefind-entry.json").write_text('{"version": "1", "languages": {}}')
    with pytest.raises(SearchError, match="indexed no page; mark page content"):
        read_report(tmp_path)


def test_a_paginated_entity_is_one_search_result(tmp_path: Path) -> None:
    """The theme's pages: an entity whose articles take three pages is indexed once (page 1),
    beside every article; the listing parts of its page are not indexed."""
    body = "Le CNRS recrute des chercheurs.\n"
    articles = [Article(source=SourceLocation(f"content/articles/a{n}.md"), slug=f"a{n}",
                        title=f"Titre {n}", date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
                        body_md=body, mentions=(Mention(3, 7, "CNRS", "ORG", "cnrs", EntityKind.ACTOR),))
                for n in range(7)]
    site = build_site(SiteConfig(root=tmp_path, entity_page_size=3), articles,
                      [Entity(EntityKind.ACTOR, "cnrs", "CNRS", "organisation",
                              roles=("organisme de recherche",))], [])
    out = tmp_path / "output"
    for file in render_site(site, make_env(site.config)):
        (out / file.path).parent.mkdir(parents=True, exist_ok=True)
        (out / file.path).write_text(str(file.content), encoding="utf-8")
    assert (out / "actors/cnrs/page/3/index.html").is_file()
    assert run_search(out).pages == len(articles) + 1
    entity = (out / "actors/cnrs/index.html").read_text(encoding="utf-8")
    assert entity.count("data-pagefind-ignore") >= 3 and "organisme de recherche" in entity
