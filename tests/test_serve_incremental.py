"""serve's rebuilds, told which files changed (ServeBuilder.saw, as its watcher does), equal a
clean build byte for byte after every kind of edit; only the watcher's paths are stat'ed
again (changes.update_snapshot), and the tables are updated by contribution and retraction
(entity_merge.MergeState, indexes.IndexState).

Real builds (spaCy fr_core_news_sm, real files), in one process as serve runs them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_incremental import PEOPLE, TOWNS, clean_copy, seed_text, snapshot, write_seeds

from site_builder import changes
from site_builder.config import load_config
from site_builder.engine.build import BuildReport
from site_builder.render.render import assert_no_stale, make_env
from site_builder.serve.serve import ServeBuilder

pytestmark = pytest.mark.slow


class Editor:
    """A site, its ServeBuilder, and edits reported to the builder as serve's watcher does."""

    def __init__(self, root: Path) -> None:
        self.root, self.builder = root, ServeBuilder()
        self.builder.saw([])
        self.build()

    def build(self, *changed: str) -> BuildReport:
        self.builder.saw(changed)
        cfg = load_config(self.root)
        report = self.builder(cfg)
        assert not report.has_errors, report.diagnostics
        memo = self.builder.render_memo
        assert memo.site is not None
        assert_no_stale(memo, memo.site, make_env(cfg))  # no page left out was stale
        return report

    def write(self, relative: str, text: str) -> BuildReport:
        (self.root / relative).write_text(text, encoding="utf-8")
        return self.build(relative)


@pytest.fixture()
def editor(tmp_path: Path) -> Editor:
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    return Editor(root)


def test_a_seed_edit_reads_only_that_seed_and_equals_a_clean_build(editor: Editor, tmp_path: Path):
    report = editor.write("seeds/a03.txt", seed_text(3, " Une phrase est ajoutée."))
    assert len(report.ingest.written) == 1 and len(report.ingest.unchanged) == 7
    assert editor.builder.memo.merge.tables is not None  # updated, not merged from scratch
    assert editor.builder.memo.index.site is not None
    assert snapshot(editor.root / "output") == clean_copy(editor.root, tmp_path / "clean")


def test_edits_naming_new_and_other_entities_equal_a_clean_build(editor: Editor, tmp_path: Path):
    newcomer = f" Le préfet Gaston Lemercier a visité {TOWNS[4]} avec {PEOPLE[1]}."
    editor.write("seeds/a02.txt", seed_text(2, newcomer))
    assert snapshot(editor.root / "output") == clean_copy(editor.root, tmp_path / "one")
    editor.write("seeds/a02.txt", seed_text(2))  # the newcomer leaves: its page goes
    editor.write("seeds/a05.txt", seed_text(5, f" {PEOPLE[0]} était présente."))
    assert snapshot(editor.root / "output") == clean_copy(editor.root, tmp_path / "two")


def test_a_new_date_a_new_seed_and_a_removed_one_equal_a_clean_build(editor: Editor, tmp_path: Path):
    editor.write("seeds/a04.txt", seed_text(4).replace("mars", "avril"))  # another file name
    editor.write("seeds/a20.txt", seed_text(20))
    (editor.root / "seeds" / "a01.txt").unlink()
    editor.build("seeds/a01.txt")
    assert snapshot(editor.root / "output") == clean_copy(editor.root, tmp_path / "clean")


def test_a_content_file_edited_by_hand_equals_a_clean_build(editor: Editor, tmp_path: Path):
    article = sorted((editor.root / "content" / "articles").glob("*.md"))[2]
    text = article.read_text(encoding="utf-8").replace("projet numéro", "grand projet numéro")
    report = editor.write(article.relative_to(editor.root).as_posix(), text)
    assert report.ingest.kept == (article.name,) and len(report.ingest.unchanged) == 7
    assert editor.builder.memo.snapshot == changes.take_snapshot(load_config(editor.root)) \
        or editor.builder.memo.snapshot[article.relative_to(editor.root).as_posix()][1] < 0
    report = editor.write(article.relative_to(editor.root).as_posix(), text + "\nEncore.\n")
    assert report.ingest.kept == (article.name,)
    source = re.search(r"^source: (seeds/a(\d+)\.txt)$", text, re.MULTILINE)
    report = editor.write(source.group(1), seed_text(int(source.group(2)), " Le texte a changé."))
    assert any("edited by hand and is kept" in d.message for d in report.diagnostics)
    editor.write("seeds/a06.txt", seed_text(6, " Une précision."))
    assert snapshot(editor.root / "output") == clean_copy(editor.root, tmp_path / "clean")
    shutil.rmtree(tmp_path / "clean")


def test_paginated_entity_pages_and_feeds_follow_every_edit(tmp_path: Path):
    """Two articles per entity page: the edits add a page, shift articles between pages and
    take one away, in pages and in the entity feeds, as a clean build does."""
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(8)})
    with (root / "site.yml").open("a", encoding="utf-8") as config:
        config.write("entity_page_size: 2\n")
    editor = Editor(root)
    assert any("/page/2/" in path for path in snapshot(root / "output"))
    editor.write("seeds/a20.txt", seed_text(20))  # a newest article: every page of its entities shifts
    assert snapshot(root / "output") == clean_copy(root, tmp_path / "added")
    editor.write("seeds/a03.txt", seed_text(3, f" {PEOPLE[4]} et {PEOPLE[1]} étaient là."))
    editor.write("seeds/a04.txt", seed_text(4).replace("mars", "avril"))
    (root / "seeds" / "a01.txt").unlink()
    editor.build("seeds/a01.txt")
    assert snapshot(root / "output") == clean_copy(root, tmp_path / "moved")
