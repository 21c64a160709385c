"""render_memo: with the previous Site in memory, a render after an edit looks only at the pages
the edit may touch, and output/ ends up byte for byte what a clean full render gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from render_sites import assemble, edit_body, entities, make_article, make_articles

from site_builder.model import Site
from site_builder.render.pages import quote_index
from site_builder.render.render import assert_no_stale, make_env, memo_env, render_pages
from site_builder.render.render_memo import RenderMemo, readers_of
from site_builder.render.render_reads import changed_reads


def _full(site: Site) -> dict[str, str]:
    return {str(f.path): str(f.content) for f in render_pages(site, make_env(site.config)).files}


class _Output:
    """output/ as the build leaves it: rendered pages written, kept ones untouched, others gone."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.memo = RenderMemo()

    def render(self, site: Site, processes: int = 1) -> int:
        done = render_pages(site, make_env(site.config), memo=self.memo, processes=processes)
        self.files = {path: self.files[path] for path in map(str, done.kept)}
        self.files |= {str(f.path): str(f.content) for f in done.files}
        assert set(self.files) == set(done.fingerprints)
        assert_no_stale(self.memo, site, make_env(site.config))
        return len(done.files)


def _edits(articles: list) -> list[tuple[str, list]]:
    """A sequence of edits, each the whole new list of articles."""
    steps = []
    a = list(articles)
    a[5] = edit_body(a[5], "Un ajout sans entité.")
    steps.append(("body text", list(a)))
    a[7] = dataclasses.replace(a[7], title="Un tout autre titre")
    steps.append(("title", list(a)))
    a[9] = edit_body(a[9], "Avec Inès Roux à Annecy.")
    steps.append(("entity added to an article", list(a)))
    del a[3]
    steps.append(("article removed", list(a)))
    a.append(make_article("z999", dt.date(2016, 6, 1), "Paul Girard à Turin.\n"))
    steps.append(("article added", list(a)))
    a[0] = dataclasses.replace(a[0], date=dt.date(2030, 1, 1))
    steps.append(("date moved", list(a)))
    a[11] = dataclasses.replace(a[11], summary="Nouveau résumé.")
    steps.append(("summary", list(a)))
    return steps


@pytest.mark.parametrize("processes", [1, 2])
def test_memo_renders_equal_clean_renders_through_a_sequence_of_edits(tmp_path: Path,
                                                                       processes: int) -> None:
    articles = make_articles(40)
    output = _Output()
    first = assemble(tmp_path, articles)
    output.render(first, processes)
    assert output.files == _full(first)
    for name, edited in _edits(articles):
        site = assemble(tmp_path, edited)
        output.render(site, processes)
        assert output.files == _full(site), name


def test_entity_renamed_and_place_moved(tmp_path: Path) -> None:
    articles = make_articles(30)
    actors, places = entities()
    output = _Output()
    output.render(assemble(tmp_path, articles, actors, places))
    actors[1] = dataclasses.replace(actors[1], name="Paul Girard-Marchand", roles=("maire",))
    site = assemble(tmp_path, articles, actors, places)
    output.render(site)
    assert output.files == _full(site)
    places[2] = dataclasses.replace(places[2], geo=dataclasses.replace(places[2].geo, latitude=45.3))
    site = assemble(tmp_path, articles, actors, places)
    output.render(site)
    assert output.files == _full(site)


def test_a_body_edit_renders_only_the_pages_it_touches(tmp_path: Path) -> None:
    articles = make_articles(40)
    output = _Output()
    first = assemble(tmp_path, articles)
    total = output.render(first)
    edited = list(articles)
    edited[20] = edit_body(edited[20], "Un ajout sans entité.")
    site = assemble(tmp_path, edited)
    jobs = readers_of(output.memo, changed_reads(first, site))
    assert ("article", "a020") in jobs and ("lists",) not in jobs
    assert len(jobs) < 20
    assert output.render(site) == 1 < total


def test_nothing_changed_renders_nothing(tmp_path: Path) -> None:
    articles = make_articles(20)
    output = _Output()
    output.render(assemble(tmp_path, articles))
    site = assemble(tmp_path, articles)
    assert changed_reads(output.memo.site, site) == set()
    assert output.render(site) == 0


def test_forget_renders_everything_again(tmp_path: Path) -> None:
    output = _Output()
    site = assemble(tmp_path, make_articles(10))
    total = output.render(site)
    output.memo.forget()
    assert output.render(site) == total


def test_a_site_emptied_and_filled_again(tmp_path: Path) -> None:
    output = _Output()
    articles = make_articles(5)
    for step in (articles, [], articles[:2], articles):
        site = assemble(tmp_path, step)
        output.render(site)
        assert output.files == _full(site)


def test_entity_page_entries_are_kept_between_edits_and_dropped_with_the_config(tmp_path: Path
                                                                             ) -> None:
    articles = make_articles(30)
    output = _Output()
    output.render(assemble(tmp_path, articles))
    assert output.memo.views == {}  # a full render keeps none
    edited = list(articles)
    edited[4] = edit_body(edited[4], "Avec Inès Roux à Annecy.")
    site = assemble(tmp_path, edited)
    output.render(site)
    assert output.memo.views and output.memo.reprs and output.files == _full(site)
    edited[4] = edit_body(edited[4], "Et encore.")
    site = assemble(tmp_path, edited)
    output.render(site)
    assert output.files == _full(site)
    moved = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url="/revue/"))
    output.render(moved)  # every URL changes: the entries made for "/" must not be reused
    assert output.memo.views == {} == output.memo.reprs and output.files == _full(moved)


def test_the_jinja_environment_is_kept_while_templates_and_code_are_the_same(tmp_path: Path) -> None:
    cfg = assemble(tmp_path, make_articles(3)).config
    memo = RenderMemo()
    env = memo_env(cfg, memo, "digest-1")
    assert memo_env(cfg, memo, "digest-1") is env
    assert memo_env(cfg, memo, "digest-2") is not env
    other = dataclasses.replace(cfg, templates_dir="gabarits")
    assert memo_env(other, memo, "digest-2") is not memo_env(cfg, memo, "digest-2")


def test_the_quote_index_follows_the_edits(tmp_path: Path) -> None:
    output = _Output()
    for name, edited in [("first", make_articles(30)), *_edits(make_articles(30))]:
        site = assemble(tmp_path, edited)
        output.render(site)
        assert output.memo.quoting is not None and output.memo.quoting[0] is site.articles, name
        kept = {speaker: slugs for speaker, slugs in output.memo.quoting[1].items() if slugs}
        assert kept == quote_index(site.articles), name
