"""Incremental builds: after edits, a rebuild equals a clean build of the same inputs, byte
for byte, and it renders only the pages the edit touches.

Real builds (spaCy fr_core_news_sm, real files): a site is built, edited, rebuilt; a fresh
copy of the edited inputs is built from scratch in another folder; both output trees must
hold the same files with the same bytes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.engine.build import BuildReport, build
from site_builder.render.render import THEME_DIR, make_env, render_pages

pytestmark = pytest.mark.slow

SITE_YML = "title: Gazette\nsearch: false\nnlp_model: fr_core_news_sm\n"
TOWNS = ("Rennes", "Grenoble", "Limoges", "Poitiers", "Amiens", "Besançon")
PEOPLE = ("Jeanne Roussel", "Marc Delorme", "Hélène Vidal", "Louis Perrin", "Agnès Caron")


def seed_text(n: int, extra: str = "") -> str:
    town, person, other = TOWNS[n % len(TOWNS)], PEOPLE[n % len(PEOPLE)], PEOPLE[(n + 2) % len(PEOPLE)]
    day = 1 + n % 27
    return (f"Le marché couvert de {town}, le {day} mars. / PAUL NOËL / AFP\n\n"
            f"La mairie de {town} a présenté le {day} mars 2021 le projet numéro {n}, porté par "
            f"{person} et soutenu par {other}.{extra}\n\n"
            f"« Ce projet change la ville », a affirmé {person} lors d'une réunion publique.\n\n"
            f"Les travaux débuteront à {town} à l'automne, selon {other}.\n")


def write_seeds(root: Path, texts: dict[str, str]) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for name, text in texts.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path) -> BuildReport:
    report = build(load_config(root))
    assert not report.has_errors, report.diagnostics
    return report


def clean_copy(site: Path, target: Path) -> dict[str, str]:
    """Build a copy of `site`'s inputs (seeds, content, templates) from scratch."""
    for name in ("seeds", "content", "templates"):
        if (site / name).exists():
            shutil.copytree(site / name, target / name)
    shutil.copy(site / "site.yml", target / "site.yml")
    run(target)
    return snapshot(target / "output")


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    run(root)
    return root


def test_nothing_changed_renders_nothing_and_writes_nothing(site: Path) -> None:
    before = snapshot(site / "output")
    report = run(site)
    assert report.rendered == 0
    assert report.written.changed == () and report.written.removed == ()
    assert snapshot(site / "output") == before


def test_one_edit_renders_only_what_it_touches_and_equals_a_clean_build(site: Path,
                                                                        tmp_path: Path) -> None:
    first = run(site)
    (site / "seeds" / "a03.txt").write_text(seed_text(3, " Une phrase est ajoutée."), encoding="utf-8")
    report = run(site)
    assert 1 <= report.rendered < first.written.written // 2
    assert any(path.startswith("articles/") for path in report.written.changed)
    assert snapshot(site / "output") == clean_copy(site, tmp_path / "clean")


def test_add_and_delete_articles_equal_a_clean_build(site: Path, tmp_path: Path) -> None:
    write_seeds(site, {"a20.txt": seed_text(20)})
    run(site)
    (site / "seeds" / "a01.txt").unlink()
    for content in (site / "content").rglob("*a01*"):
        content.unlink()
    report = run(site)
    assert report.written.removed
    assert snapshot(site / "output") == clean_copy(site, tmp_path / "clean")


def test_entity_file_edit_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    actor_file = sorted((site / "content" / "actors").glob("*.md"))[0]
    actor_file.write_text(actor_file.read_text(encoding="utf-8") + "\nNotes ajoutées à la main.\n",
                          encoding="utf-8")
    report = run(site)
    assert report.rendered >= 1
    slug = actor_file.stem
    assert f"actors/{slug}/index.html" in report.written.changed
    assert "Notes ajoutées à la main." in (site / "output/actors" / slug / "index.html").read_text()
    assert snapshot(site / "output") == clean_copy(site, tmp_path / "clean")


def test_template_change_re_renders_and_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    (site / "templates").mkdir()
    theme = (THEME_DIR / "article.html").read_text(encoding="utf-8")
    assert "{% block content %}" in theme
    (site / "templates" / "article.html").write_text(
        theme.replace("{% block content %}", "{% block content %}<!-- gabarit local -->"),
        encoding="utf-8")
    report = run(site)
    articles = [p for p in report.written.changed if p.startswith("articles/")]
    assert len(articles) == 8
    assert all(not p.startswith(("actors/", "places/")) for p in report.written.changed)
    assert snapshot(site / "output") == clean_copy(site, tmp_path / "clean")


def test_output_deleted_by_hand_is_rebuilt_in_full(site: Path) -> None:
    before = snapshot(site / "output")
    page = next((site / "output" / "articles").glob("*/index.html"))
    page.unlink()
    run(site)
    assert snapshot(site / "output") == before
    shutil.rmtree(site / "output")
    report = run(site)
    unrendered = [p for p in before if p.startswith("assets/") or
                  (p.startswith("data/") and p != "data/index.html")]  # static files, open data
    assert report.rendered == report.written.written - 4 - len(unrendered)  # 3 more, marker
    assert snapshot(site / "output") == before


@pytest.mark.parametrize("changed_sources", [False, True])
def test_render_pages_skips_exactly_the_pages_whose_fingerprint_is_known(
        tmp_path: Path, changed_sources: bool) -> None:
    from test_render import make_site  # the small in-memory site of the render tests

    site = make_site(tmp_path)
    env = make_env(site.config)
    first = render_pages(site, env, sources="v1")
    assert first.kept == () and len(first.files) == len(first.fingerprints)
    again = render_pages(site, env, previous=first.fingerprints,
                         sources="v2" if changed_sources else "v1")
    assert again.fingerprints.keys() == first.fingerprints.keys()
    if changed_sources:
        assert again.files == first.files and again.kept == ()
    else:
        assert again.files == [] and sorted(map(str, again.kept)) == sorted(first.fingerprints)
