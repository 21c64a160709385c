"""quotes_lexicon: the words attribution reads (speech verbs, person and organisation nouns)."""

from __future__ import annotations

import pytest

from site_builder.enrich.quotes_lexicon import (
    determiner_gender,
    is_demonym,
    is_organisation_noun,
    is_person_noun,
    is_speech_word,
    role_phrases,
    subject_organisation,
    subject_role,
)


@pytest.mark.parametrize("word", ["déclaré", "ajouté", "estime", "souligne",
                                  "martelé", "selon", "s'insurge", "s’exclame", "tweeté", "lâche",
                                  "répliqué", "concède", "réitéré", "taclé", "conteste", "abonde",
                                  "relate", "prédit"])
def test_verbs_of_saying(word):
    assert is_speech_word(word)


@pytest.mark.parametrize("word", ["notamment", "directeur", "discours", "parlement", "crise",
                                  "note", "juge", "demande", "appel", "sa", "Lyon", "relations",
                                  "contestation", "abondance", "objectif"])
def test_words_that_only_look_like_verbs_of_saying(word):
    assert not is_speech_word(word)


@pytest.mark.parametrize("word", ["note", "juge", "critique", "demande"])
def test_an_incise_makes_a_verb_of_an_ambiguous_word(word):
    assert is_speech_word(word, opens_incise=True)


@pytest.mark.parametrize("phrase, expected", [
    ("ministre de l'Intérieur", True), ("retraitée", True), ("porte-parole", True),
    ("épidémiologiste", True), ("Première ministre", True), ("maison", False), ("décision", False),
])
def test_person_nouns(phrase, expected):
    assert is_person_noun(phrase) is expected


@pytest.mark.parametrize("phrase, expected", [
    ("syndicat", True), ("tribunal administratif", True), ("hebdomadaire", True),
    ("gouvernement", False), ("police", False), ("retraitée", False),
])
def test_organisation_nouns_leave_out_generic_institutions(phrase, expected):
    assert is_organisation_noun(phrase) is expected


@pytest.mark.parametrize("determiner, gender", [("la ", "F"), ("le ", "M"), ("cette ", "F"),
                                                ("l'", None), ("leur ", None)])
def test_determiner_gender(determiner, gender):
    assert determiner_gender(determiner) == gender


def test_role_phrases_overlap():
    window = "estime dans l'ensemble le tribunal administratif"
    assert [m.group("np") for m in role_phrases(window)][-1] == "tribunal administratif"


@pytest.mark.parametrize("window, expected", [
    ("le ministre de l'interieur avait annonce", "ministre de l'interieur avait annonce"),
    ("la premiere ministre a salue", "premiere ministre a salue"),
    ("la decision du ministre a surpris", None),
])
def test_subject_role_is_the_role_opening_the_clause(window, expected):
    role = subject_role(window)
    assert (role.group("np") if role else None) == expected


@pytest.mark.parametrize("window, expected", [
    ("le syndicat a denonce", "syndicat a denonce"),
    ("dans un tract, le syndicat a denonce", "syndicat a denonce"),
    ("citant la lettre du maire, le journal ecrit", "journal ecrit"),
    ("dans la salle, le syndicat a denonce", "syndicat a denonce"),
    ("la greve du syndicat a surpris", None),
    ("le gouvernement a annonce", None),
])
def test_subject_organisation(window, expected):
    found = subject_organisation(window)
    assert (found.group("np") if found else None) == expected


@pytest.mark.parametrize("word, expected", [
    ("Japonaise", True), ("Américain", True), ("Canadienne", True), ("Espagnol", True),
    ("japonaise", False), ("France", False), ("Lyon", False),
])
def test_is_demonym(word, expected):
    assert is_demonym(word) is expected


def test_role_phrases_start_at_whole_determiners_only():
    assert [m.group("np") for m in role_phrases("laurent berger et cecile leon")] == []
