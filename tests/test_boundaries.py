"""boundaries: where a model span should start and end, from the text around it."""

from __future__ import annotations

import pytest

from site_builder.enrich import boundaries


def _span(text: str, name: str, label: str) -> tuple[int, int, str]:
    start = text.index(name)
    return start, start + len(name), label


def _applied(rule, text: str, name: str, label: str) -> tuple[str, str]:
    start, end, label = rule(text, _span(text, name, label))
    return text[start:end], label


@pytest.mark.parametrize("text, name, label, expected", [
    ("Jean Dupont - cet ancien maire - a parlé.", "Jean Dupont - cet ancien maire", "PER",
     ("Jean Dupont", "PER")),
    ("Le syndicat Force dans un tract a appelé à la grève.", "Force dans un tract", "ORG",
     ("Force", "ORG")),
    ("La Fondation pour la recherche a publié.", "Fondation pour la recherche", "ORG",
     ("Fondation pour la recherche", "ORG")),  # no break word: the name is kept whole
    ("Une fondation dans un tract", "fondation dans un tract", "ORG",
     ("fondation dans un tract", "ORG")),  # cut only after a capitalised word
])
def test_cut_at_phrase(text, name, label, expected):
    assert _applied(boundaries.cut_at_phrase, text, name, label) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("devant la cour d'assises du Var lundi", "cour d'assises du", "cour d'assises du Var"),
    ("le tribunal de Lille-Sud a jugé", "tribunal de", "tribunal de Lille-Sud"),
    ("la mairie de la ville a dit", "mairie de la", "mairie"),  # nothing named after it
    ("le tribunal de\nLille", "tribunal de", "tribunal"),  # a line break ends the name
])
def test_complete_preposition(text, name, expected):
    assert _applied(boundaries.complete_preposition, text, name, "ORG")[0] == expected


@pytest.mark.parametrize("text, name, expected", [
    ("l'Agence nationale de sécurité du médicament (ANSM) a dit", "Agence nationale de sécurité",
     ("Agence nationale de sécurité du médicament", "ORG")),
    ("l'Agence nationale de sécurité du médicament (ABCD) a dit", "Agence nationale de sécurité",
     ("Agence nationale de sécurité", "MISC")),  # initials disagree: unchanged
    ("l'Agence nationale de sécurité et Paris (ANSM)", "Agence nationale de sécurité",
     ("Agence nationale de sécurité", "MISC")),  # a capitalised word in between: unchanged
])
def test_extend_to_acronym(text, name, expected):
    assert _applied(boundaries.extend_to_acronym, text, name, "MISC") == expected


def test_extend_in_parentheses():
    text = "l'ANSM (Agence nationale de sécurité du médicament) a dit"
    assert _applied(boundaries.extend_in_parentheses, text, "Agence nationale de sécurité", "LOC") == (
        "Agence nationale de sécurité du médicament", "ORG")


@pytest.mark.parametrize("name, expected", [
    ("Organisation internationale du travail", "OIT"),
    ("Jean-Marc Dupont", "JMD"),
    ("Agence nationale de sécurité du médicament", "ANSM"),
])
def test_initials(name, expected):
    assert boundaries.initials(name) == expected


@pytest.mark.parametrize("text, name, label, expected", [
    ("selon Le Quotidien du soir, la mairie", "Quotidien du soir", "ORG",
     ("Le Quotidien du soir", "ORG")),
    ("Le Quotidien du soir a écrit", "Quotidien du soir", "ORG",
     ("Quotidien du soir", "ORG")),  # `Le` capitalised by the sentence start only
    ("selon Le Dupont, la mairie", "Dupont", "PER", ("Dupont", "PER")),  # only ORG and MISC
    ("il a lu La Gazette des bois", "La Gazette des bois", "MISC",
     ("La Gazette des bois", "ORG")),  # an article inside a MISC in mid-sentence: a title
])
def test_take_capitalised_article(text, name, label, expected):
    assert _applied(boundaries.take_capitalised_article, text, name, label) == expected


@pytest.mark.parametrize("text, name, label, expected", [
    ("au gymnase Jean Dupont de la ville", "Jean Dupont", "PER", ("gymnase Jean Dupont", "LOC")),
    ("sur la place de la Nation lundi", "Nation", "LOC", ("place de la Nation", "LOC")),
    ("à l'aéroport d'Orly", "Orly", "LOC", ("aéroport d'Orly", "LOC")),
    ("le gymnase de Lille", "Lille", "LOC", ("Lille", "LOC")),  # `de X` only says where
    ("le président Jean Dupont", "Jean Dupont", "PER", ("Jean Dupont", "PER")),
])
def test_take_head(text, name, label, expected):
    assert _applied(boundaries.take_head, text, name, label) == expected


@pytest.mark.parametrize("text, name, label, expected", [
    ("en Amérique du sud cette année", "Amérique", "LOC", "Amérique du sud"),
    ("en Afrique de l'ouest", "Afrique", "LOC", "Afrique de l'ouest"),
    ("en Amérique du sudiste", "Amérique", "LOC", "Amérique"),
    ("Jean du sud", "Jean", "PER", "Jean"),  # only places
])
def test_extend_cardinal(text, name, label, expected):
    assert _applied(boundaries.extend_cardinal, text, name, label)[0] == expected


def test_drop_nested_keeps_the_longer_then_the_first():
    spans = [(0, 10, "ORG"), (2, 5, "PER"), (8, 14, "LOC"), (20, 25, "PER")]
    assert boundaries.drop_nested(spans) == [(0, 10, "ORG"), (20, 25, "PER")]


@pytest.mark.parametrize("text, name, label, expected", [
    ("le chef de La France insoumise a parlé.", "La France", "LOC", ("La France insoumise", "ORG")),
    ("a dit l'élu La République en marche du Nord.", "République", "LOC",
     ("La République en marche", "ORG")),
    ("La France insoumise a parlé.", "La France", "LOC", ("La France", "LOC")),  # sentence start
    ("Il aime la France profonde.", "France", "LOC", ("France", "LOC")),  # lower-case article
])
def test_take_title_qualifier(text, name, label, expected):
    assert _applied(boundaries.take_title_qualifier, text, name, label) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("L'Union européenne a parlé.", "L'Union européenne", "Union européenne"),
    ("Il a lu L'Express hier.", "L'Express", "L'Express"),
])
def test_drop_initial_article(text, name, expected):
    assert _applied(boundaries.drop_initial_article, text, name, "ORG") == (expected, "ORG")


def test_trim_overlaps_keeps_the_words_after_a_longer_span():
    text = "l'élu La République en marche du Nord."
    first = _span(text, "La République en marche", "ORG")
    second = _span(text, "marche du Nord", "LOC")
    trimmed = boundaries.trim_overlaps(text, [first, second])
    assert [text[s:e] for s, e, _ in trimmed] == ["La République en marche", " du Nord"]


@pytest.mark.parametrize("text, name, label, expected", [
    ("selon l'opérateur japonais KDT Mobilo, hier", "Mobilo", "MISC", "KDT Mobilo"),
    ("le groupe ABC Energia a dit", "Energia", "ORG", "ABC Energia"),
    ("le 3 mai. / JEAN DUPONT / AFP Lundi", "Lundi", "MISC", "Lundi"),  # a credit's agency
    ("a dit l'ONU Jean Dupont", "Jean Dupont", "PER", "Jean Dupont"),  # persons keep theirs
    ("le RN Marseille a voté", "Marseille", "LOC", "Marseille"),  # places too
])
def test_take_acronym_before(text, name, label, expected):
    assert _applied(boundaries.take_acronym_before, text, name, label)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Lundi a parlé Jean Dupont", ["Jean Dupont"]),
    ("AGENCE\n\nInvité de Radio Nord", ["AGENCE", "Radio Nord"]),
    ("AGENCE\n\nInvité de", ["AGENCE"]),
    ("AGENCE\nComité de défense", ["AGENCE", "Comité de défense"]),
])
def test_split_at_line_breaks(text, expected):
    start = text.index("Jean") if "Jean" in text else 0
    parts = boundaries.split_at_line_breaks(text, (start, len(text), "ORG"))
    assert [text[s:e] for s, e, _ in parts] == expected
