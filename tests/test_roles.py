"""roles: the functions a text gives each person (titles, appositions, enumerations).

Persons are given by hand, as extract.py passes them; no spaCy model.
"""

from __future__ import annotations

import pytest

from site_builder.enrich.roles import find_roles, is_role_noun


def roles_of(text: str, names: dict[str, str]) -> dict[str, tuple[str, ...]]:
    persons = []
    for name, slug in names.items():
        start = text.find(name)
        while start >= 0:
            persons.append((start, start + len(name), slug))
            start = text.find(name, start + len(name))
    return find_roles(text, persons, [(0, len(text))])


@pytest.mark.parametrize("text, role", [
    ("Le président américain Joe Biden a parlé.", "président américain"),
    ("Le ministre de la Santé Joe Biden a parlé.", "ministre de la Santé"),
    ("Le ministre de l'Economie, Joe Biden, a parlé.", "ministre de l'Economie"),
    ("Son avocat, Me Joe Biden, a parlé.", "avocat"),
    ("Joe Biden, maire de Lyon, a parlé.", "maire de Lyon"),
    ("Joe Biden, 45 ans, avocat de la famille, a parlé.", "avocat de la famille"),
    ("Joe Biden, l'un des avocats de la famille Mouzin, a parlé.", "avocats de la famille Mouzin"),
    ("Joe Biden, l'avocat des marins se félicitait de la décision.", "avocat des marins"),
    ("Joe Biden (co-auteure du livre \"TF1 : coulisses, secrets\", ndlr) a parlé.",
     "co-auteure du livre TF1 : coulisses, secrets"),
    ("Joe Biden, une des figures des « gilets jaunes », a parlé.", "figures des gilets jaunes"),
    ("Joe Biden, responsable de la « cellule de crise du gymnase Pablo Picasso ».",
     "responsable de la cellule de crise du gymnase Pablo Picasso"),
])
def test_one_role_from_its_shape(text, role):
    assert roles_of(text, {"Joe Biden": "jb"}) == {"jb": (role,)}


@pytest.mark.parametrize("text", [
    "Joe Biden, soeur de la victime, a parlé.",
    "Joe Biden, qui habite Lyon, a parlé.",
    "Joe Biden, 45 ans, a parlé.",
    "Pour Me Joe Biden, le parquet »privilégie la thèse« du hasard.",
    "Joe Biden, mardi, a parlé.",
    "D'après les rumeurs, Joe Biden pourrait partir.",
])
def test_no_role_where_the_text_gives_none(text):
    assert roles_of(text, {"Joe Biden": "jb"}) == {}


def test_kinship_joined_to_a_function_leaves_the_function():
    text = "Joe Biden, soeur du jeune homme et figure du comité, a parlé."
    assert roles_of(text, {"Joe Biden": "jb"}) == {"jb": ("figure du comité",)}


def test_a_name_inside_another_persons_title_gets_no_role():
    text = "Le député LREM Jacques Durand a parlé."
    assert roles_of(text, {"LREM": "lrem", "Jacques Durand": "jd"}) == {"jd": ("député LREM",)}


def test_a_plural_title_goes_to_every_name_of_its_list():
    text = "Les actrices Adèle Haenel et Marie Martin sont venues."
    assert roles_of(text, {"Adèle Haenel": "ah", "Marie Martin": "mm"}) == {
        "ah": ("actrices",), "mm": ("actrices",)}


def test_an_enumeration_maps_titles_in_order():
    text = ("les présidents russe, iranien et turc – Vladimir Poutine, Hassan Rohani et Recep "
            "Erdogan – ont parlé.")
    found = roles_of(text, {"Vladimir Poutine": "vp", "Hassan Rohani": "hr", "Recep Erdogan": "re"})
    assert found == {"vp": ("président russe",), "hr": ("président iranien",),
                     "re": ("président turc",)}


def test_roles_of_one_person_across_sentences_are_gathered_and_sorted():
    text = "Joe Biden, maire de Lyon, a parlé. Le député Joe Biden est parti."
    assert roles_of(text, {"Joe Biden": "jb"}) == {"jb": ("député", "maire de Lyon")}


def test_render_gives_the_original_characters():
    text = "Joe Biden, secrétaire d'Etat, a parlé."
    original = text.replace("'", "’")
    found = find_roles(text, [(0, 9, "jb")], [(0, len(text))],
                       lambda start, end: original[start:end])
    assert found == {"jb": ("secrétaire d’Etat",)}


@pytest.mark.parametrize("word, expected", [
    ("ministre", True), ("porte-parole", True), ("sondeur", True), ("avocate", True),
    ("épidémiologiste", True), ("soeur", False), ("épouse", False), ("Mme", False),
    ("qui", False), ("maison", False),
])
def test_is_role_noun(word, expected):
    assert is_role_noun(word) is expected
