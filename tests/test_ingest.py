"""ingest_seeds on real files: the sample's content file, curation, incremental runs, bad seeds."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.curation import write_generated
from site_builder.errors import Severity
from site_builder.frontmatter import split_front_matter
from site_builder.ingest.ingest import IngestReport, ingest_seeds, read_tracked_keys

GOLDEN = Path(__file__).parent / "golden" / "content"
SITE_YML = "build_date: 2026-11-25\n"
ARTICLE = ("Un quai du port, le 3 mai. / ANNE LE GALL / AFP\n\n"
           "Le maire de la ville a inauguré mardi 4 mai le nouveau port de plaisance, un chantier "
           "lancé en 2019.\n\nLes travaux ont duré deux ans.\n\nUn chantier contesté\n\n"
           "Des riverains ont déposé un recours.\n")
OTHER = "Le conseil municipal a voté jeudi 6 mai le budget de l’année, lancé en 2020.\n"


def ingest(root: Path) -> IngestReport:
    return ingest_seeds(load_config(root))


def articles(root: Path) -> dict[str, str]:
    folder = root / "content" / "articles"
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def front_matter(text: str) -> dict:
    return split_front_matter(text, "x.md")[0]


def messages(report: IngestReport) -> list[str]:
    return [f"{d.severity.value}: {d}" for d in report.diagnostics]


# --- the sample ---------------------------------------------------------------------------------

def test_sample_content_matches_golden(sample_project, update_golden):
    (sample_project / "site.yml").write_text(SITE_YML, encoding="utf-8")
    report = ingest(sample_project)
    assert report.diagnostics == ()
    produced = articles(sample_project)
    golden = GOLDEN / "articles"
    if update_golden:
        golden.mkdir(parents=True, exist_ok=True)
        for old in golden.glob("*.md"):
            old.unlink()
        for name, text in produced.items():
            (golden / name).write_text(text, encoding="utf-8")
    expected = {path.name: path.read_text(encoding="utf-8") for path in sorted(golden.glob("*.md"))}
    assert produced == expected


def test_sample_fields(sample_project):
    ingest(sample_project)
    [(name, text)] = articles(sample_project).items()
    meta, body = split_front_matter(text, name)
    assert name.startswith("2018-09-03-")
    assert meta["date"] == dt.date(2018, 9, 3) and meta["date_inferred"] is True
    assert meta["photo_credit"] == "Omar Haj Kadour / AFP"
    assert meta["image_caption"].startswith("Les soldats rebelles")
    assert meta["image_caption"].endswith("le 3 septembre.")
    photographer = meta["photo_credit"].split(" / ")[0]
    assert " / " not in meta["image_caption"] and photographer.upper() not in body
    assert "\n## Dans le collimateur du régime\n" in body
    assert 30 <= len(meta["title"]) <= 110 and meta["title"][-1].isalnum()
    assert meta["summary"].startswith(body.split("\n")[0][:60])
    assert meta["source"] == "seeds/000_4f838460b78f4446.txt"
    assert len(meta["source_sha256"]) == 64
    assert meta["language"] == "fr" and meta["reading_time"] == 2
    assert "\u00a0" in body and "’" in body and "« imprudente »".replace(" ", "\u00a0") in body


# --- incremental runs and curation ----------------------------------------------------------------

def test_rerun_on_unchanged_seeds_writes_nothing(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, "seeds/b.txt": OTHER})
    first = ingest(root)
    assert len(first.written) == 2
    paths = sorted((root / "content" / "articles").glob("*.md"))
    for path in paths:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    second = ingest(root)
    assert second.written == () and second.unchanged == first.written
    assert [path.stat().st_mtime_ns for path in paths] == [1_000_000_000] * 2


def test_enriched_file_is_left_alone_while_its_seed_is_unchanged(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    path = root / "content" / "articles" / name
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), name)
    from site_builder.frontmatter import dump_front_matter
    write_generated(path, dump_front_matter({**meta, "actors": ["le-maire"]}, body))
    report = ingest(root)
    assert report.unchanged == (name,)
    assert front_matter(path.read_text(encoding="utf-8"))["actors"] == ["le-maire"]


def test_changed_seed_regenerates_its_untouched_file(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    (root / "seeds/a.txt").write_text(ARTICLE.replace("deux ans", "trois ans"), encoding="utf-8")
    report = ingest(root)
    assert report.written == (name,)
    assert "trois ans" in articles(root)[name]


def test_a_copy_of_a_generated_file_is_the_users_and_the_seed_keeps_its_own(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    folder = root / "content" / "articles"
    copy = folder / "mon-article.md"
    copy.write_bytes((folder / name).read_bytes())  # start a new article from a generated one
    assert ingest(root).removed == () and copy.is_file()
    (root / "seeds/a.txt").write_text(ARTICLE.replace("deux ans", "trois ans"), encoding="utf-8")
    report = ingest(root)
    assert report.written == (name,) and report.removed == ()
    assert "trois ans" in articles(root)[name] and "deux ans" in articles(root)["mon-article.md"]
    (root / "seeds/a.txt").unlink()
    assert ingest(root).removed == (name,) and copy.is_file()


def test_changed_title_replaces_the_old_file(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [old] = ingest(root).written
    (root / "seeds/a.yml").write_text("title: Le port est ouvert\n", encoding="utf-8")
    report = ingest(root)
    assert report.written == ("2021-05-04-le-port-est-ouvert.md",) and report.removed == (old,)
    assert list(articles(root)) == ["2021-05-04-le-port-est-ouvert.md"]


def test_hand_edited_file_is_kept_and_reported(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    path = root / "content" / "articles" / name
    edited = path.read_text(encoding="utf-8").replace("deux ans", "deux longues années")
    path.write_text(edited, encoding="utf-8")
    report = ingest(root)
    assert report.kept == (name,) and report.written == () and report.diagnostics == ()
    (root / "seeds/a.txt").write_text(ARTICLE + "\nUne phrase de plus.\n", encoding="utf-8")
    report = ingest(root)
    assert report.kept == (name,) and report.written == ()
    assert path.read_text(encoding="utf-8") == edited
    assert messages(report) == [
        f"warning: seeds/a.txt:1: changed since content/articles/{name} was generated, but that "
        "file was edited by hand and is kept; copy the change into it by hand, or delete it to "
        "regenerate it"]


def test_removed_seed_removes_its_generated_file_but_keeps_a_hand_edited_one(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, "seeds/b.txt": OTHER})
    report = ingest(root)
    name_a, name_b = sorted(report.written, key=lambda name: "port" not in name)
    path_b = root / "content" / "articles" / name_b
    path_b.write_text(path_b.read_text(encoding="utf-8") + "Note.\n", encoding="utf-8")
    (root / "seeds/a.txt").unlink()
    (root / "seeds/b.txt").unlink()
    report = ingest(root)
    assert report.removed == (name_a,) and report.kept == (name_b,)
    assert list(articles(root)) == [name_b]
    assert messages(report) == [
        f"warning: content/articles/{name_b}:1: its seed seeds/b.txt was removed, but this file "
        "was edited by hand and is kept; delete it if the article should go"]


def test_a_missing_seeds_folder_deletes_nothing(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    (root / "seeds/a.txt").unlink()
    (root / "seeds").rmdir()
    report = ingest(root)
    assert report == IngestReport()
    assert list(articles(root)) == [name]


def test_renamed_seed_moves_its_content_file(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    [name] = ingest(root).written
    (root / "seeds/a.txt").rename(root / "seeds/c.txt")
    report = ingest(root)
    assert report.written == (name,) and report.removed == () and report.diagnostics == ()
    assert front_matter(articles(root)[name])["source"] == "seeds/c.txt"


def test_hand_written_article_is_never_touched(make_project):
    own = ("---\ntitle: Mon article\ndate: 2020-01-01\nsource: https://exemple.fr/a\n---\n"
           "Écrit à la main.\n")
    root = make_project({"site.yml": SITE_YML, "content/articles/2020-01-01-mon-article.md": own,
                         "seeds/a.txt": ARTICLE})
    report = ingest(root)
    assert len(report.written) == 1 and report.kept == () and report.removed == ()
    assert report.diagnostics == ()
    assert articles(root)["2020-01-01-mon-article.md"] == own


def test_unreadable_content_file_is_left_alone(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    (root / "content/articles/dossier.md").mkdir(parents=True)
    report = ingest(root)
    assert len(report.written) == 1 and report.diagnostics == ()
    assert (root / "content/articles/dossier.md").is_dir()


# --- overrides and .md seeds --------------------------------------------------------------------

def test_sidecar_wins_over_inference(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE,
                         "seeds/a.yml": "title: Un port neuf\ndate: 2021-05-05\nauthor: A. B.\n"})
    report = ingest(root)
    assert report.written == ("2021-05-05-un-port-neuf.md",)
    meta = front_matter(articles(root)["2021-05-05-un-port-neuf.md"])
    assert (meta["title"], meta["date"], meta["date_inferred"]) == ("Un port neuf",
                                                                    dt.date(2021, 5, 5), False)
    assert meta["author"] == "A. B." and meta["sidecar"] == "seeds/a.yml"
    assert meta["photo_credit"] == "Anne le Gall / AFP"


def test_sidecar_change_regenerates(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE,
                         "seeds/a.yml": "title: Un port neuf\n"})
    [name] = ingest(root).written
    (root / "seeds/a.yml").write_text("title: Un port neuf\nsummary: Court.\n", encoding="utf-8")
    assert ingest(root).written == (name,)
    assert front_matter(articles(root)[name])["summary"] == "Court."


def test_markdown_seed_front_matter_wins_and_missing_fields_are_derived(make_project):
    seed = ("---\ntitle: Titre choisi\nactors: [le-maire]\n---\n"
            "Le maire a parlé *mardi 4 mai* devant [le conseil](http://x.fr).\n\n## Suite\n\nFin.\n")
    root = make_project({"site.yml": SITE_YML, "seeds/m.md": seed})
    [name] = ingest(root).written
    meta, body = split_front_matter(articles(root)[name], name)
    assert name == "2021-05-04-titre-choisi.md"
    assert meta["title"] == "Titre choisi" and meta["actors"] == ["le-maire"]
    assert meta["summary"] == "Le maire a parlé mardi 4 mai devant le conseil."
    assert body == seed.split("---\n", 2)[2]


def test_text_seed_may_start_with_front_matter(make_project):
    seed = "---\ndate: 2021-06-01\nauthor: A. B.\n---\n" + ARTICLE
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": seed})
    [name] = ingest(root).written
    meta, body = split_front_matter(articles(root)[name], name)
    assert name.startswith("2021-06-01-le-maire") and meta["author"] == "A. B."
    assert meta["photo_credit"] == "Anne le Gall / AFP" and "\n## Un chantier contesté\n" in body


def test_title_byline_and_published_lines_become_fields(make_project):
    seed = ("Le port rouvre enfin\n\nPar Anne Le Gall\n\nPublié le 5 mai 2021 à 08h00\n\n"
            "Le port a rouvert mardi 4 mai après deux ans de travaux.\n")
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": seed})
    [name] = ingest(root).written
    meta, body = split_front_matter(articles(root)[name], name)
    assert name == "2021-05-05-le-port-rouvre-enfin.md"
    assert (meta["title"], meta["author"], meta["date_inferred"]) == (
        "Le port rouvre enfin", "Anne Le Gall", False)
    assert body == "Le port a rouvert mardi 4 mai après deux ans de travaux.\n"


def test_markdown_seed_heading_gives_the_title(make_project):
    root = make_project({"site.yml": SITE_YML,
                         "seeds/m.md": "# Le port rouvre\n\nLe port a rouvert lundi 3 mai.\n"})
    assert ingest(root).written == ("2021-05-03-le-port-rouvre.md",)


def test_fallback_date_when_the_text_has_none(make_project):
    root = make_project({"site.yml": SITE_YML + "fallback_date: 2020-02-02\n",
                         "seeds/a.txt": "Il a plu sur la ville.\n"})
    report = ingest(root)
    assert report.written == ("2020-02-02-il-a-plu-sur-la-ville.md",)
    assert front_matter(articles(root)[report.written[0]])["date_inferred"] is True
    assert messages(report) == [
        "warning: seeds/a.txt:1: no date found in the text (such as `lundi 3 septembre`), dated "
        "2020-02-02; set `date: YYYY-MM-DD` in seeds/a.yml"]


# --- bad seeds ----------------------------------------------------------------------------------

BAD_SEEDS = {
    "seeds/empty.txt": ("  \n\n", "error: seeds/empty.txt:1: is empty; write the article text in "
                        "it, or delete the file"),
    "seeds/photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
                        "error: seeds/photo.txt:1: is a binary file, not text; remove it from the "
                        "seeds folder or export the article as UTF-8 text"),
    "seeds/caption.txt": ("Un quai. / AFP\n", "error: seeds/caption.txt:1: has a photo caption "
                          "but no article text; add the text below the caption, or delete the "
                          "file"),
    "seeds/broken.md": ("---\ntitle: [oops\n---\nTexte.\n",
                        "error: seeds/broken.md:2: invalid front matter: did not find expected "
                        "',' or ']'; fix the YAML"),
    "seeds/baddate.txt": ("Un texte.\n", "error: seeds/baddate.yml:2: 'date' must be YYYY-MM-DD, "
                          "got 'bientôt'; fix the date"),
    "seeds/badyaml.txt": ("Un texte.\n", "error: seeds/badyaml.yml:1: invalid YAML: mapping "
                          "values are not allowed here; fix the syntax"),
}
SIDECARS = {"seeds/baddate.yml": "title: Un titre\ndate: bientôt\n",
            "seeds/badyaml.yml": "title: a: b\n"}


@pytest.mark.parametrize("seed", sorted(BAD_SEEDS))
def test_a_bad_seed_gets_one_error_and_the_others_still_build(make_project, seed):
    content, expected = BAD_SEEDS[seed]
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, seed: content, **SIDECARS})
    report = ingest(root)
    assert len(report.written) == 1 and "port" in report.written[0]
    assert expected in messages(report)
    assert [d for d in report.diagnostics if d.location.path.startswith(seed[:-4])] \
        == [d for d in report.diagnostics if str(d) in expected]


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1252", "L’été « déjà » là — œuvre à Noël, lundi 3 mai.\n"),
    ("latin-1", "Un été à Noël, déjà là, lundi 3 mai.\n"),
])
def test_legacy_encodings_are_read_with_a_warning(make_project, encoding, text):
    root = make_project({"site.yml": SITE_YML, "seeds/old.txt": text.encode(encoding)})
    report = ingest(root)
    [name] = report.written
    assert text.strip() in articles(root)[name]
    assert messages(report) == [f"warning: seeds/old.txt:1: is encoded in {encoding}, not UTF-8 "
                                f"(read as {encoding}); save it as UTF-8"]
    assert all(d.severity is Severity.WARNING for d in report.diagnostics)


def test_two_seeds_with_the_same_slug_both_become_articles(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": OTHER, "seeds/b.txt": OTHER})
    report = ingest(root)
    assert report.diagnostics == ()
    name = "2021-05-06-le-conseil-municipal-a-vote-le-budget-de-lannee-lance.md"
    assert report.written == (name[:-3] + "-b.md", name)
    sources = {front_matter(text)["source"]: name for name, text in articles(root).items()}
    assert sources == {"seeds/a.txt": name, "seeds/b.txt": name[:-3] + "-b.md"}
    assert ingest(root).unchanged == report.written  # stable on re-runs


def test_a_new_seed_never_takes_the_file_of_an_existing_one(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/b.txt": OTHER})
    [name] = ingest(root).written
    (root / "seeds/a.txt").write_text(OTHER, encoding="utf-8")
    report = ingest(root)
    assert report.unchanged == (name,) and report.written == (name[:-3] + "-a.md",)
    assert front_matter(articles(root)[name])["source"] == "seeds/b.txt"
    assert report.diagnostics == ()


def test_a_suffixed_page_keeps_its_name_when_the_other_seed_goes(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": OTHER, "seeds/b.txt": OTHER})
    second, first = ingest(root).written
    (root / "seeds/a.txt").unlink()
    (root / "seeds/b.txt").write_text(OTHER + "\nUne phrase de plus.\n", encoding="utf-8")
    report = ingest(root)
    assert report.removed == (first,) and report.written == (second,)
    assert set(articles(root)) == {second}


def test_a_file_of_no_seed_keeps_its_name_and_the_seed_gets_another(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": OTHER})
    [name] = ingest(root).written
    hand = articles(root)[name].replace("source_sha256", "note")
    (root / "seeds/a.txt").rename(root / "seeds/z.txt")
    (root / "content/articles" / name).write_text(hand, encoding="utf-8")
    report = ingest(root)
    assert report.written == (name[:-3] + "-z.md",) and report.diagnostics == ()
    assert articles(root)[name] == hand


def test_the_same_sidecar_slug_twice_gives_two_pages_and_a_warning(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": OTHER, "seeds/b.txt": ARTICLE,
                         "seeds/a.yml": "slug: budget\ndate: 2021-05-06\n",
                         "seeds/b.yml": "slug: budget\ndate: 2021-05-06\n"})
    report = ingest(root)
    assert report.written == ("2021-05-06-budget-b.md", "2021-05-06-budget.md")
    assert front_matter(articles(root)["2021-05-06-budget-b.md"])["slug"] == "budget-b"
    assert messages(report) == [
        "warning: seeds/b.yml:1: another seed already has the slug 'budget' on 2021-05-06; "
        "this one is published as 'budget-b' (set another one to choose)"]


def test_stray_files_in_seeds_are_warned_about(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, "seeds/notes.docx": b"PK",
                         "seeds/lost.yml": "title: x\n", "seeds/.DS_Store": b"\x00",
                         "seeds/2019/b.txt": OTHER, "seeds/.git/config": "",
                         "seeds/.a.txt": ARTICLE, "seeds/#a.txt#": ARTICLE, "seeds/a.txt~": ARTICLE})
    report = ingest(root)
    assert [p.name for p in (root / "content" / "articles").glob("*.md")] \
        == [Path(report.written[0]).name]  # editors' hidden, lock and backup files are no seeds
    assert messages(report) == [
        "warning: seeds/2019: is a folder, and seeds are read from the seeds folder itself only; "
        "move its files up",
        "warning: seeds/lost.yml:1: has no seed next to it (lost.txt or lost.md); rename or "
        "delete it",
        "warning: seeds/notes.docx:1: is not a seed (.txt or .md) and is ignored; export it as "
        "text or move it out of the seeds folder",
    ]


def test_a_yaml_sidecar_works_too(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE,
                         "seeds/a.yaml": "title: Un port neuf\n"})
    report = ingest(root)
    assert report.written == ("2021-05-04-un-port-neuf.md",) and report.diagnostics == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("---\n# site-builder: generated\nsource: seeds/a.txt\nsource_sha256: abc\n---\nx\n",
     {"source": "seeds/a.txt", "source_sha256": "abc"}),
    ("---\nsource: 'seeds/a b.txt'\n---\nsource: seeds/no.txt\n", {"source": "seeds/a b.txt"}),
    ("source: seeds/a.txt\n", {}),
])
def test_read_tracked_keys(text, expected):
    assert read_tracked_keys(text) == expected


def test_a_seed_linking_outside_the_site_is_refused(make_project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Mon mot de passe est lundi 3 mai.\n", encoding="utf-8")
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    (root / "seeds/lien.txt").symlink_to(secret)
    report = ingest(root)
    assert len(report.written) == 1 and "port" in report.written[0]
    assert messages(report) == ["error: seeds/lien.txt:1: is a link to a file outside the site; "
                                "copy the file into the site instead"]


def test_a_huge_seed_is_refused_from_its_size(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    with open(root / "seeds/enorme.txt", "wb") as handle:
        handle.truncate(9 * 2**20)  # sparse: nothing is read, the size alone refuses it
    report = ingest(root)
    assert len(report.written) == 1
    assert messages(report) == ["error: seeds/enorme.txt:1: is 9 MiB, larger than the 8 MiB a "
                                "seed may be; split it into several articles"]


def _age(root: Path) -> None:
    """Date every file a minute back: files fresher than 2 s are never remembered."""
    for path in root.rglob("*"):
        if path.is_file():
            info = path.stat()
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 60 * 10**9))


def test_memo_skips_unchanged_seeds_and_still_sees_edits_and_removals(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, "seeds/b.txt": OTHER})
    memo: dict = {}
    ingest_seeds(load_config(root), memo)
    _age(root)
    assert ingest_seeds(load_config(root), memo).written == ()
    assert sorted(memo) == ["content:" + name for name in articles(root)] + ["seed:seeds/a.txt",
                                                                             "seed:seeds/b.txt"]
    report = ingest_seeds(load_config(root), memo)  # from the memo alone
    assert report.written == () and len(report.unchanged) == 2
    (root / "seeds/b.txt").write_text(OTHER.replace("jeudi", "lundi"), encoding="utf-8")  # same size
    (root / "seeds/a.txt").unlink()
    report = ingest_seeds(load_config(root), memo)
    assert len(report.written) == 1 and any("le-maire" in name for name in report.removed)
    assert [("lundi" in text) for text in articles(root).values()] == [True]
    again = ingest_seeds(load_config(root))  # without memo: nothing left to do
    assert again.written == () and again.removed == () and len(again.unchanged) == 1
