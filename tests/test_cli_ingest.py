"""`site-builder ingest` (and the ingest part of `build`) through click's CliRunner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from site_builder.cli import main

SITE_YML = "build_date: 2026-11-25\nsearch: false\n"
ARTICLE = ("Un quai du port, à l’aube. / ANNE LE GALL / AFP\n\n"
           "Le maire a inauguré mardi 4 mai le nouveau port, un chantier lancé en 2019.\n")
NAME = "2021-05-04-le-maire-a-inaugure-le-nouveau-port-un-chantier-lance.md"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.usefixtures("french_messages")
def test_ingest_writes_then_reports_unchanged(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    first = run("ingest", "--site", str(root))
    assert first.exit_code == 0
    assert first.stdout == ("Ingestion : 1 écrit(s), 0 inchangé(s), 0 supprimé(s), "
                            "0 modifié(s) à la main conservé(s).\n")
    assert (root / "content" / "articles" / NAME).is_file()
    second = run("ingest", "--site", str(root))
    assert second.stdout.startswith("Ingestion : 0 écrit(s), 1 inchangé(s),")


@pytest.mark.usefixtures("french_messages")
def test_ingest_names_the_hand_edited_file_it_kept(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE})
    run("ingest", "--site", str(root))
    path = root / "content" / "articles" / NAME
    path.write_text(path.read_text(encoding="utf-8").replace("port, un", "port tout neuf, un"),
                    encoding="utf-8")
    result = run("ingest", "--site", str(root))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Ingestion : 0 écrit(s), 0 inchangé(s), 0 supprimé(s), 1 modifié(s) à la main conservé(s).",
        f"  conservé : {NAME} (modifié à la main)",
    ]


def test_ingest_error_exits_1_with_the_exact_line_and_builds_the_rest(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE, "seeds/b.txt": ""})
    result = run("ingest", "--site", str(root))
    assert result.exit_code == 1
    assert result.stderr == ("1. error: seeds/b.txt:1: is empty; write the article text in it, "
                             "or delete the file\n")
    assert (root / "content" / "articles" / NAME).is_file()


@pytest.mark.parametrize(("strict", "exit_code"), [((), 0), (("--strict",), 1)])
def test_ingest_warning_fails_only_with_strict(make_project, strict, exit_code):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE.encode("cp1252")})
    result = run("ingest", "--site", str(root), *strict)
    assert result.exit_code == exit_code
    assert result.stderr == ("1. warning: seeds/a.txt:1: is encoded in cp1252, not UTF-8 "
                             "(read as cp1252); save it as UTF-8\n")


def test_ingest_with_a_bad_config_exits_1(make_project):
    root = make_project({"site.yml": "words_per_minute: vite\n", "seeds/a.txt": ARTICLE})
    result = run("ingest", "--site", str(root))
    assert result.exit_code == 1
    assert result.stderr == ("error: site.yml:1: 'words_per_minute' must be a whole number, "
                             "got 'vite'; fix the value\n")


@pytest.mark.slow
@pytest.mark.usefixtures("french_messages")
def test_build_reports_the_ingest_error_and_still_builds_the_good_article(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": ARTICLE,
                         "seeds/b.txt": b"\x00\x01binary"})
    result = run("build", "--site", str(root))
    assert result.exit_code == 1
    assert ("erreur : seeds/b.txt:1: est un fichier binaire, pas du texte ; retirez-le du dossier "
            "des sources ou exportez l'article en texte UTF-8") in result.stderr
    assert "Contenu : 1 écrit(s), 0 inchangé(s), 0 conservé(s)" in result.stdout
    assert (root / "content" / "articles" / NAME).is_file()
