"""Title and summary derived from an article's lede."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.ingest.headline import (
    MAX_SUMMARY,
    MAX_TITLE,
    build_summary,
    build_title,
    split_sentences,
)

LEDES = {
    "short": "Le Parlement a adopté la loi sur l’eau.",
    "date_phrase": "Le président a appelé lundi 3 septembre dans la soirée ses alliés à la retenue.",
    "date_between_commas": "Le ministre de l’intérieur, Jean Martin, a annoncé, jeudi 12 mars, la "
                           "fermeture des écoles.",
    "clause": "Des milliers de manifestants ont défilé samedi, à Paris et dans plusieurs grandes "
              "villes, contre le projet de réforme des retraites porté par le gouvernement, à "
              "l’appel des syndicats.",
    "no_comma": "Un tremblement de terre de magnitude 7,5 a frappé l’archipel dans la nuit de "
                "vendredi à samedi faisant au moins quatre cents morts selon un bilan provisoire "
                "des autorités locales.",
    "one_long_word_run": "Les négociations entre les représentants des deux pays voisins se "
                         "poursuivent depuis plusieurs semaines dans une atmosphère jugée "
                         "constructive par les observateurs internationaux présents.",
    "quote": "« Nous ne céderons pas », a déclaré mardi soir la maire de la ville devant le "
             "conseil municipal réuni en séance extraordinaire pour examiner le budget de "
             "l’année prochaine.",
    "abbreviation": "M. Dupont a été élu. Il prendra ses fonctions demain.",
}


@pytest.mark.parametrize(("lede", "title"), [
    (LEDES["short"], "Le Parlement a adopté la loi sur l’eau"),
    (LEDES["date_phrase"], "Le président a appelé ses alliés à la retenue"),
    (LEDES["date_between_commas"],
     "Le ministre de l’intérieur, Jean Martin, a annoncé la fermeture des écoles"),
    (LEDES["clause"], "Des milliers de manifestants ont défilé à Paris et dans plusieurs grandes "
                      "villes"),
    (LEDES["no_comma"], "Un tremblement de terre de magnitude 7,5 a frappé l’archipel dans la nuit "
                        "de vendredi à samedi"),
    (LEDES["abbreviation"], "M. Dupont a été élu"),
    ("Vendredi 13 novembre, des attaques ont frappé la capitale.",
     "Vendredi 13 novembre, des attaques ont frappé la capitale"),
    ("Il a parlé à partir du lundi 16 mars aux élus.", "Il a parlé à partir du lundi 16 mars aux élus"),
    ("Pourquoi la ville a-t-elle changé d’avis ?", "Pourquoi la ville a-t-elle changé d’avis ?"),
    ("PARIS, 12 mars (Reuters) - Le gouvernement a annoncé jeudi la fermeture des écoles.",
     "Le gouvernement a annoncé la fermeture des écoles"),
    ("Les présidents participeront vendredi prochain à un sommet.",
     "Les présidents participeront à un sommet"),
    ("Le festival aura lieu chaque samedi en été.", "Le festival aura lieu chaque samedi en été"),
])
def test_build_title(lede, title):
    assert build_title(lede) == title


@pytest.mark.parametrize("name", sorted(LEDES))
def test_titles_are_readable(name):
    title = build_title(LEDES[name])
    assert 0 < len(title) <= MAX_TITLE + 1
    assert title.rstrip("…")[-1] not in ",;:–—-(«\"' "
    assert title.count("«") == title.count("»")
    words = LEDES[name].replace("\u00a0", " ").split()
    last = title.rstrip("…").split()[-1]
    assert any(word.startswith(last) for word in words), "cut mid-word"
    assert last.lower() not in {"de", "la", "le", "les", "et", "à", "du", "des", "en"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["le", "gouvernement", "a", "annoncé", "mardi", "3", "mars",
                                 "«", "réforme", "»", ",", "des", "retraites", "l’Assemblée",
                                 "anticonstitutionnellement", "–", "et", "qui", "pour"]),
                min_size=1, max_size=60))
def test_any_title_fits_and_never_cuts_a_word(words):
    lede = "Alors " + " ".join(words) + "."
    title = build_title(lede)
    assert len(title) <= MAX_TITLE + 1
    kept = title.rstrip("…").replace(" ,", ",").split()
    assert all(word.strip(",") in lede for word in kept)


@pytest.mark.parametrize(("text", "sentences"), [
    ("Il pleut. Il vente !", ["Il pleut.", "Il vente !"]),
    ("M. Dupont et Mme Durand sont là. Bien.", ["M. Dupont et Mme Durand sont là.", "Bien."]),
    ("G. W. Bush est venu. Puis reparti.", ["G. W. Bush est venu.", "Puis reparti."]),
    ("« Nous ne céderons pas. Jamais », dit-il. Fin.",
     ["« Nous ne céderons pas. Jamais », dit-il.", "Fin."]),
    ("En 2011. 350 morts.", ["En 2011.", "350 morts."]),
    ("Il a dit : « Non. » Puis il est parti.", ["Il a dit : « Non. »", "Puis il est parti."]),
    ("Sans point final", ["Sans point final"]),
    ("", []),
])
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


def test_summary_is_the_first_sentence_with_typography_kept():
    lede = "Le président a appelé lundi 3\u00a0septembre ses alliés\nà la retenue. Puis il est parti."
    assert build_summary(lede) == "Le président a appelé lundi 3\u00a0septembre ses alliés à la retenue."


@pytest.mark.parametrize(("lede", "summary"), [
    ("C’est fait. Le Parlement a adopté la loi sur l’eau après des mois de débats. Enfin.",
     "C’est fait. Le Parlement a adopté la loi sur l’eau après des mois de débats."),
    ("C’est fait.", "C’est fait."),
    ("", ""),
])
def test_a_short_first_sentence_takes_the_next_one_along(lede, summary):
    assert build_summary(lede) == summary


def test_a_summary_is_bounded_even_when_the_lede_is_one_huge_sentence():
    lede = "Le conseil a voté " + "une mesure de plus, " * 300_000 + "enfin."
    summary = build_summary(lede)
    assert len(summary) <= MAX_SUMMARY + 1
    assert summary.endswith("plus…")
    assert summary.startswith("Le conseil a voté une mesure")
