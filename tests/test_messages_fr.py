"""messages_fr: every diagnostic of the package has its French form, and the CLI shows it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.messages_fr import MESSAGES, PHRASES, level, shown, translate

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
MESSAGE_ARGUMENT = {"Diagnostic": 1, "SiteError": 1, "_warning": 1, "_error": 0,
                    "_failure_diagnostic": 1, "_refuse": 2}
"""Callables that take a message, and its position; any `…Error(location, message)` too."""


def _template(node: ast.expr) -> str | None:
    """A message's literal text with `{}` for each value, None when it is not written there."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}"
                       for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


def _called(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else \
        node.func.attr if isinstance(node.func, ast.Attribute) else None


def package_messages() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _called(node) if isinstance(node, ast.Call) else None
            position = MESSAGE_ARGUMENT.get(name, 1 if name and name.endswith("Error") else None)
            if position is not None and len(node.args) > position:
                template = _template(node.args[position])
                if template:
                    found.add(template)
    return found


def test_the_package_s_messages_are_found():
    assert len(package_messages()) > 80


def test_every_message_of_the_package_has_its_french_form():
    missing = sorted(package_messages() - MESSAGES.keys() - PHRASES.keys())
    assert not missing, "add to messages_fr.MESSAGES:\n" + "\n".join(missing)


@pytest.mark.parametrize("english", sorted(MESSAGES))
def test_each_french_form_keeps_every_value(english):
    assert MESSAGES[english].count("{}") == english.count("{}")


@pytest.mark.parametrize(("english", "french"), [
    ("is empty; write the article text in it, or delete the file",
     "est vide ; écrivez-y le texte de l'article, ou supprimez le fichier"),
    ("'nlp_batch_size' must be a whole number, got 'x'; fix the value",
     "'nlp_batch_size' doit être un nombre entier, trouvé 'x' ; corrigez la valeur"),
    ("'output_dir' '.git' is inside git's own folder; choose a folder outside `.git`",
     "'output_dir' '.git' est dans le dossier propre à git ; choisissez un dossier hors de `.git`"),
    ("makes the same content file content/articles/a.md as seeds/b.txt; give it another `title` "
     "or `slug` in seeds/b.yml",
     "produit le même fichier de contenu content/articles/a.md que seeds/b.txt ; donnez-lui un "
     "autre `title` ou `slug` dans seeds/b.yml"),
    ("'image' must be a text of 1 to 300 characters, got 3; fix the value",
     "'image' doit être un texte de 1 à 300 caractères, trouvé 3 ; corrigez la valeur"),
    ("the last build found 2 error(s) (first: seeds/a.yml:3: 'date' must be YYYY-MM-DD, got "
     "'hier'; fix the date); fix them and build again (`site-builder build`), then deploy",
     "la dernière construction a trouvé 2 erreur(s) (la première : seeds/a.yml:3: 'date' doit "
     "être de la forme AAAA-MM-JJ, trouvé 'hier' ; corrigez la date) ; corrigez-les, relancez "
     "la construction (`site-builder build`), puis publiez"),
])
def test_a_message_and_the_phrases_in_it_are_french(english, french):
    assert translate(english, "fr") == french


def test_the_deploy_size_warnings_are_french_too():
    from site_builder.output.deploy import SiteInventory, size_warnings

    inventory = SiteInventory(3, 2 * 1024**3, (("data/open-data.json", 200 * 1024**2),), ())
    warnings = [shown(warning, "fr") for warning in size_warnings(inventory)]
    assert warnings == [
        "output/data/open-data.json: 200.0 Mio dépasse la limite de 100.0 Mio par fichier de "
        "GitHub ; le push sera refusé : réduisez le fichier ou hébergez-le ailleurs",
        "output/: le site fait 2048.0 Mio, au-delà de la limite de 1024.0 Mio de GitHub Pages ; "
        "GitHub peut refuser de le publier"]


def test_english_stays_as_written_and_an_unknown_message_too():
    message = "is empty; write the article text in it, or delete the file"
    assert translate(message, "en") == message
    assert translate("something new; do this", "fr") == "something new; do this"
    assert (level("error", "fr"), level("warning", "en")) == ("erreur :", "warning:")


ARTICLE = "Titre\n\nLundi 3 septembre 2018, le maire a parlé.\n"


@pytest.mark.usefixtures("french_messages")
def test_a_french_site_reads_its_errors_in_french(make_project):
    root = make_project({"seeds/a.txt": ARTICLE, "seeds/b.txt": ""})
    result = CliRunner().invoke(main, ["ingest", "--site", str(root)])
    assert result.exit_code == 1
    assert result.stderr == ("1. erreur : seeds/b.txt:1: est vide ; écrivez-y le texte de "
                             "l'article, ou supprimez le fichier\n")
    english = CliRunner().invoke(main, ["ingest", "--site", str(root), "--lang", "en"])
    assert english.stderr == ("1. error: seeds/b.txt:1: is empty; write the article text in it, "
                              "or delete the file\n")


@pytest.mark.usefixtures("french_messages")
def test_an_english_site_reads_them_as_written(make_project):
    root = make_project({"site.yml": "language: en\n", "seeds/b.txt": ""})
    result = CliRunner().invoke(main, ["ingest", "--site", str(root)])
    assert result.stderr.startswith("1. error: seeds/b.txt:1: is empty;")


@pytest.mark.usefixtures("french_messages")
def test_a_broken_site_yml_is_reported_in_french(make_project):
    root = make_project({"site.yml": "nlp_batch_size: beaucoup\n", "seeds/a.txt": ARTICLE})
    result = CliRunner().invoke(main, ["build", "--site", str(root)])
    assert result.exit_code == 1
    assert result.stderr == ("erreur : site.yml:1: 'nlp_batch_size' doit être un nombre entier, "
                             "trouvé 'beaucoup' ; corrigez la valeur\n")


@pytest.mark.usefixtures("french_messages")
def test_serve_shows_a_french_site_its_errors_in_french(make_project):
    from site_builder.errors import ContentError
    from site_builder.model import SourceLocation
    from site_builder.serve.serve import run_build

    def failing(cfg):
        raise ContentError(SourceLocation("seeds/b.txt", 1),
                           "is empty; write the article text in it, or delete the file")

    root = make_project({"seeds/a.txt": ARTICLE})
    result = run_build(root, failing, ())
    assert result.errors == ("seeds/b.txt:1: est vide ; écrivez-y le texte de l'article, ou "
                             "supprimez le fichier",)
