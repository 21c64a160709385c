"""Entity files: generated ones written/removed, hand-edited ones kept and reported."""

from __future__ import annotations

import os

import pytest

from site_builder.config import load_config
from site_builder.curation import stamp
from site_builder.enrich.curation_edits import describe_curations
from site_builder.enrich.entity_files import (
    load_entity_files,
    render_entity_file,
    write_article_entities,
    write_entity_files,
)
from site_builder.enrich.entity_merge import CuratedEntity, overlay
from site_builder.frontmatter import dump_front_matter
from site_builder.ingest.content import load_articles
from site_builder.model import Entity, EntityKind, Geo, Quote, SourceLocation

VIDAL = Entity(EntityKind.ACTOR, "claire-vidal", "Claire Vidal", "person",
               aliases=("Mme Vidal",), roles=("maire de Rennes",))
RENNES = Entity(EntityKind.PLACE, "rennes", "Rennes", "city", geo=Geo(48.11, -1.68, "FR", 2983990))


def _write(cfg, actors, places=None):
    curated, diagnostics = load_entity_files(cfg)
    assert diagnostics == []
    return write_entity_files(cfg, actors, places or {}, curated)


def test_generated_files_read_back_as_the_same_entities(make_project):
    cfg = load_config(make_project({}))
    report = _write(cfg, {VIDAL.slug: VIDAL}, {RENNES.slug: RENNES})
    assert report.written == ("content/actors/claire-vidal.md", "content/places/rennes.md")
    curated, _ = load_entity_files(cfg)
    assert [c.is_hand_edited for c in curated] == [False, False]
    assert curated[0].entity == VIDAL.__class__(**{**VIDAL.__dict__,
                                                   "source": SourceLocation("content/actors/claire-vidal.md")})
    assert curated[1].entity.geo == RENNES.geo


def test_actor_file_front_matter_is_exact():
    text = render_entity_file(VIDAL)
    assert text == ("---\nname: Claire Vidal\nkind: person\naliases:\n- Mme Vidal\n"
                    "roles:\n- maire de Rennes\nhidden: false\n---\n")


def test_nothing_is_written_when_nothing_changed(make_project):
    cfg = load_config(make_project({}))
    _write(cfg, {VIDAL.slug: VIDAL})
    path = cfg.root / "content/actors/claire-vidal.md"
    before = path.stat().st_mtime_ns
    report = _write(cfg, {VIDAL.slug: VIDAL})
    assert report.written == () and report.unchanged == ("content/actors/claire-vidal.md",)
    assert path.stat().st_mtime_ns == before


def test_stale_generated_file_is_removed_hand_edited_one_kept(make_project):
    cfg = load_config(make_project({"content/actors/jean-roc.md": "---\nname: Jean Roc\n---\nBio.\n"}))
    _write(cfg, {VIDAL.slug: VIDAL})
    report = _write(cfg, {})
    assert report.removed == ("content/actors/claire-vidal.md",)
    assert (cfg.root / "content/actors/jean-roc.md").read_text() == "---\nname: Jean Roc\n---\nBio.\n"


def test_hand_edited_file_is_kept_and_the_merge_reported(make_project):
    cfg = load_config(make_project({}))
    _write(cfg, {VIDAL.slug: VIDAL})
    path = cfg.root / "content/actors/claire-vidal.md"
    edited = path.read_text().replace("name: Claire Vidal", "name: Claire Vidal-Roux")
    path.write_text(edited + "Élue en 2020.\n")
    curated, _ = load_entity_files(cfg)
    assert curated[0].is_hand_edited
    grown = Entity(EntityKind.ACTOR, "claire-vidal", "Claire Vidal", "person",
                   aliases=("C. Vidal", "Mme Vidal"), roles=("maire de Rennes", "élue"))
    final = overlay(grown, curated[0])
    assert final.name == "Claire Vidal-Roux"
    assert final.aliases == ("Claire Vidal", "Mme Vidal")  # the file's list, and the old name
    assert final.roles == ("maire de Rennes",)  # the file's list replaces the one found
    assert final.body_md == "Élue en 2020."
    key = (False, "claire-vidal")
    lines = describe_curations(curated, {key: grown}, {key: final}, {})
    report = write_entity_files(cfg, {final.slug: final}, {}, curated, curations=lines)
    assert report.kept == (
        "content/actors/claire-vidal.md: nom corrigé « Claire Vidal » → « Claire Vidal-Roux » ; "
        "l'ancien nom reste un alias ; aliases: remplace les alias trouvés (non repris : C. Vidal) ; "
        "roles: remplace les rôles trouvés (non repris : élue)",)
    assert path.read_text() == edited + "Élue en 2020.\n"


def test_entity_file_name_must_be_a_slug(make_project):
    cfg = load_config(make_project({"content/actors/Jean Roc.md": "---\nname: Jean Roc\n---\n"}))
    curated, diagnostics = load_entity_files(cfg)
    assert curated == []
    assert [str(d) for d in diagnostics] == [
        "content/actors/Jean Roc.md: the file name is not a slug (lowercase ASCII, digits, "
        "hyphens); rename it jean-roc.md"]


@pytest.mark.parametrize(("text", "message"), [
    ("---\nkind: person\n---\n", "content/actors/x.md: front matter needs a 'name'"),
    ("---\nname: X\nkind: robot\n---\n", "content/actors/x.md: 'kind' must be one of person"),
    ("---\nname: X\naliases: oops\n---\n", "content/actors/x.md: 'aliases' must be a list"),
    ("---\nname: X\nhidden: maybe\n---\n", "content/actors/x.md: 'hidden' must be true or false"),
    ("---\nname: a: b\n---\n", "content/actors/x.md:2: invalid front matter"),
])
def test_broken_entity_file_is_one_diagnostic(make_project, text, message):
    cfg = load_config(make_project({"content/actors/x.md": text,
                                    "content/actors/y.md": "---\nname: Y\n---\n"}))
    curated, diagnostics = load_entity_files(cfg)
    assert [c.entity.slug for c in curated] == ["y"]
    assert len(diagnostics) == 1 and str(diagnostics[0]).startswith(message)


ARTICLE_META = {"title": "Un titre", "date": "2024-05-02", "source": "seeds/a.txt"}


def test_article_front_matter_gets_entities_once(make_project):
    body = "Claire Vidal à Rennes.\n"
    cfg = load_config(make_project({
        "content/articles/a.md": stamp(dump_front_matter(ARTICLE_META, body)),
        "content/articles/b.md": dump_front_matter(ARTICLE_META, body),  # hand-made: no stamp
    }))
    originals, _ = load_articles(cfg)
    enriched = [a.__class__(**{**a.__dict__, "actors": ("claire-vidal",), "places": ("rennes",),
                               "quotes": (Quote("Oui", "claire-vidal"),)}) for a in originals]
    assert write_article_entities(cfg, originals, enriched) == ("content/articles/a.md",)
    text = (cfg.root / "content/articles/a.md").read_text()
    assert text.split("\n", 2)[2] == (
        "title: Un titre\ndate: '2024-05-02'\nsource: seeds/a.txt\nactors:\n- claire-vidal\n"
        "places:\n- rennes\nquotes:\n- text: Oui\n  speaker: claire-vidal\n---\n" + body)
    reloaded, _ = load_articles(cfg)
    assert write_article_entities(cfg, reloaded, enriched) == ()
    assert (cfg.root / "content/articles/b.md").read_text() == dump_front_matter(ARTICLE_META, body)


def test_curated_entity_type_is_shared():
    assert CuratedEntity(VIDAL, frozenset({"name"}), True).is_hand_edited


def _age_all(folder):
    for path in folder.rglob("*.md"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 60 * 10**9))


def test_memo_skips_unchanged_files_and_sees_a_same_size_edit(make_project):
    cfg = load_config(make_project({}))
    _write(cfg, {VIDAL.slug: VIDAL})
    _age_all(cfg.root / "content")
    read_memo, written_memo = {}, {}
    curated, _ = load_entity_files(cfg, read_memo)
    write_entity_files(cfg, {VIDAL.slug: VIDAL}, {}, curated, written_memo)
    again, _ = load_entity_files(cfg, read_memo)
    assert again[0] is curated[0]  # not parsed again
    report = write_entity_files(cfg, {VIDAL.slug: VIDAL}, {}, again, written_memo)
    assert report.unchanged == ("content/actors/claire-vidal.md",) and len(written_memo) == 1
    path = cfg.root / "content/actors/claire-vidal.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Claire", "Claira"), encoding="utf-8")
    _age_all(cfg.root / "content")  # same size, older mtime than now but not the remembered one
    edited, _ = load_entity_files(cfg, read_memo)
    assert edited[0].entity.name == "Claira Vidal" and edited[0].is_hand_edited
    report = write_entity_files(cfg, {VIDAL.slug: VIDAL}, {}, edited, written_memo)
    assert report.written == () and "Claira" in path.read_text(encoding="utf-8")
