"""quotes_speaker through quotes.find_quotes: who said each quotation of small French texts.

The actors are given by hand (what extract.py passes after the model and the rules), so the
tests are about attribution alone and need no spaCy model.
"""

from __future__ import annotations

import pytest

from site_builder.enrich.nlp import prepare_text
from site_builder.enrich.quotes import find_quotes

PERSONS = {
    "Elisabeth Borne": "elisabeth-borne", "Borne": "elisabeth-borne",
    "Laurent Berger": "laurent-berger", "Berger": "laurent-berger",
    "Jean Dupont": "jean-dupont", "Dupont": "jean-dupont",
    "Marie Martin": "marie-martin", "Martin": "marie-martin",
    "Paul Durand": "paul-durand", "Durand": "paul-durand",
}
ORGANISATIONS = {"SNCF": "sncf", "CGT": "cgt", "BFMTV": "bfmtv", "RMC": "rmc",
                 "Renault": "renault"}


def actors_of(text: str) -> list[tuple[int, int, str, str]]:
    """Every mention of a known name, longest first where two overlap (`Jean Dupont` over
    `Dupont`), as extract.py gives them to find_quotes."""
    found: list[tuple[int, int, str, str]] = []
    names = [(n, s, "PER") for n, s in PERSONS.items()] + [
        (n, s, "ORG") for n, s in ORGANISATIONS.items()]
    for name, slug, label in sorted(names, key=lambda item: -len(item[0])):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e, _, _ in found):
                found.append((start, end, slug, label))
            start = text.find(name, end)
    return sorted(found)


def speakers(raw: str, roles: dict[str, tuple[str, ...]] | None = None) -> dict[str, str | None]:
    """Quotation text -> speaker slug, for `raw` prepared as extract.py prepares it."""
    text = prepare_text(raw).normalized
    quotes = find_quotes(text, [], actors_of(text), roles)
    return {text[q.start:q.end]: q.speaker for q in quotes}


@pytest.mark.parametrize("raw, quote, speaker", [
    ("« Nous tiendrons nos engagements », a déclaré Elisabeth Borne lundi.",
     "Nous tiendrons nos engagements", "elisabeth-borne"),
    ("Elisabeth Borne était à Lyon lundi. « Nous tiendrons nos engagements », a-t-elle déclaré.",
     "Nous tiendrons nos engagements", "elisabeth-borne"),
    ("« Le dialogue est rompu depuis des mois », a déclaré à l'AFP Laurent Berger.",
     "Le dialogue est rompu depuis des mois", "laurent-berger"),
    ("Laurent Berger a estimé que « le dialogue social est rompu depuis des mois ».",
     "le dialogue social est rompu depuis des mois", "laurent-berger"),
    ("Selon Laurent Berger, « le dialogue social est rompu depuis des mois ».",
     "le dialogue social est rompu depuis des mois", "laurent-berger"),
    ("Pour Laurent Berger, « le dialogue social est rompu depuis des mois ».",
     "le dialogue social est rompu depuis des mois", "laurent-berger"),
    ("Pour l'association de consommateurs CGT, cette décision « envoie un signal fort ».",
     "envoie un signal fort", "cgt"),
    ("Selon l'avocat Jean Dupont, « le dossier est vide depuis le début ».",
     "le dossier est vide depuis le début", "jean-dupont"),
    ("« Le dialogue social est rompu depuis des mois », selon Laurent Berger.",
     "Le dialogue social est rompu depuis des mois", "laurent-berger"),
    ("« Les trains circuleront normalement demain », a indiqué la SNCF dans un communiqué.",
     "Les trains circuleront normalement demain", "sncf"),
    ("La direction de Renault a assuré dans un communiqué que « toutes les options restent "
     "ouvertes ».", "toutes les options restent ouvertes", "renault"),
    ("Jean Dupont a expliqué : « Nous n'avions jamais vu un tel incendie. »",
     "Nous n'avions jamais vu un tel incendie.", "jean-dupont"),
])
def test_the_speaker_is_named_beside_the_quote(raw, quote, speaker):
    assert speakers(raw)[quote] == speaker


def test_a_quote_after_a_sentence_opened_by_a_role_and_a_name_is_that_persons():
    raw = ("Le président de la fédération, Paul Durand, s'est montré prudent mardi. « Nous "
           "attendons les résultats de l'enquête avant de prendre la moindre décision. »")
    assert speakers(raw)["Nous attendons les résultats de l'enquête avant de prendre la moindre "
                         "décision."] == "paul-durand"


def test_a_quote_closed_in_the_next_paragraph_keeps_its_speaker():
    raw = ("Le directeur de l'hôpital, Jean Dupont, a décrit la situation jeudi :\n\n"
           "« Nous avons dû rappeler tous les personnels en congé.\n\n"
           "Les équipes sont épuisées, mais elles tiennent. »")
    found = speakers(raw)
    assert found["Nous avons dû rappeler tous les personnels en congé."] == "jean-dupont"
    assert found["Les équipes sont épuisées, mais elles tiennent."] == "jean-dupont"


@pytest.mark.parametrize("raw", [
    'Il a dit "nous partirons demain matin sans faute", a affirmé Jean Dupont.',
    "Il a dit “nous partirons demain matin sans faute”, a affirmé Jean Dupont.",
    "Il a dit « nous partirons demain matin sans faute », a affirmé Jean Dupont.",
    "Il a dit «\u00a0nous partirons demain matin sans faute\u00a0», a affirmé Jean Dupont.",
    "Il a dit «\u202fnous partirons demain matin sans faute\u202f», a affirmé Jean Dupont.",
])
def test_every_typography_gives_the_same_quote_and_speaker(raw):
    assert speakers(raw) == {"nous partirons demain matin sans faute": "jean-dupont"}


def test_an_incise_between_two_quotes_gives_both_their_speaker():
    found = speakers("Jean Dupont est arrivé tôt. « Nous ne céderons pas », a-t-il lancé, "
                     "« la loi est juste et nous irons jusqu'au bout ».")
    assert found == {"Nous ne céderons pas": "jean-dupont",
                     "la loi est juste et nous irons jusqu'au bout": "jean-dupont"}


def test_an_incise_inside_the_marks_names_the_speaker():
    found = speakers("Marie Martin est arrivée tôt. Jean Dupont aussi. « Nous ne céderons pas, "
                     "a déclaré Marie Martin, car la loi est juste. »")
    assert list(found.values()) == ["marie-martin"]


def test_an_incise_closing_the_sentence_attributes_a_quote_inside_it():
    found = speakers("Les réseaux ont créé « une sorte de chambre d'écho » très efficace pour les "
                     "rumeurs, explique Jean Dupont, chercheur à Rennes.")
    assert found == {"une sorte de chambre d'écho": "jean-dupont"}


def test_a_quote_over_several_paragraphs_has_one_speaker():
    raw = ("Jean Dupont a pris la parole.\n\n« Nous avons tout essayé pendant des mois.\n\n"
           "« Rien n'a marché, et nous arrêtons aujourd'hui », a conclu Marie Martin.")
    assert speakers(raw) == {"Nous avons tout essayé pendant des mois.": "marie-martin",
                             "Rien n'a marché, et nous arrêtons aujourd'hui": "marie-martin"}


def test_a_quote_alone_after_a_colon_sentence_is_its_subjects():
    raw = ("Marie Martin a longuement expliqué sa décision devant la presse :\n\n"
           "« Je ne pouvais plus continuer ainsi. »")
    assert speakers(raw) == {"Je ne pouvais plus continuer ainsi.": "marie-martin"}


def test_a_quote_alone_after_a_quote_keeps_its_speaker():
    raw = ("« Nous ne céderons pas », a déclaré Laurent Berger. "
           "« Le gouvernement doit entendre la rue. »")
    assert set(speakers(raw).values()) == {"laurent-berger"}


@pytest.mark.parametrize("pronoun, speaker", [("a-t-elle", "marie-martin"),
                                               ("a-t-il", "jean-dupont")])
def test_a_pronoun_goes_to_the_person_of_its_gender(pronoun, speaker):
    raw = (f"Mme Marie Martin et M. Jean Dupont ont été reçus à l'Elysée mardi. "
           f"« Nous avons été écoutés avec attention », {pronoun} déclaré.")
    assert speakers(raw) == {"Nous avons été écoutés avec attention": speaker}


def test_a_role_names_the_one_person_holding_it():
    raw = ("Le ministre de l'Intérieur Jean Dupont est arrivé à Lyon. La maire Marie Martin "
           "l'attendait. « Nous serons intransigeants avec les casseurs », a déclaré le ministre.")
    roles = {"jean-dupont": ("ministre de l'Intérieur",), "marie-martin": ("maire",)}
    assert speakers(raw, roles) == {"Nous serons intransigeants avec les casseurs": "jean-dupont"}


def test_a_role_held_by_two_persons_names_nobody():
    raw = ("Le ministre Jean Dupont et le ministre Paul Durand sont arrivés à Lyon. "
           "« Nous serons intransigeants avec les casseurs », a déclaré le ministre.")
    roles = {"jean-dupont": ("ministre",), "paul-durand": ("ministre",)}
    assert speakers(raw, roles) == {"Nous serons intransigeants avec les casseurs": None}


def test_a_more_specific_role_wins_over_its_head_word():
    raw = ("L'avocat général Jean Dupont a requis vingt ans. L'avocat Paul Durand a plaidé. "
           "« Le discernement de l'accusé était plein et entier », a souligné le magistrat.")
    roles = {"jean-dupont": ("avocat général",), "paul-durand": ("avocat",)}
    assert speakers(raw, roles) == {
        "Le discernement de l'accusé était plein et entier": "jean-dupont"}


def test_a_role_subject_of_the_sentence_before_stands_for_a_pronoun():
    raw = ("La Première ministre Marie Martin était à Wellington lundi.\n\n"
           "Jean Dupont a quitté la ville.\n\nLa Première ministre a salué la rapidité des "
           "secours.\n\n« Nous avons réagi très vite et bien », a-t-elle souligné.")
    roles = {"marie-martin": ("Première ministre",)}
    assert speakers(raw, roles) == {"Nous avons réagi très vite et bien": "marie-martin"}


def test_an_unnamed_witness_is_nobody():
    raw = "« Nous avons eu très peur cette nuit », raconte une habitante du quartier."
    assert speakers(raw) == {"Nous avons eu très peur cette nuit": None}


@pytest.mark.parametrize("raw, absent", [
    ("Il a qualifié la décision d'« imprudente » devant les élus.", "imprudente"),
    ("C'est l'affaire dite « Karachi » qui revient devant les juges.", "Karachi"),
    ("Jean Dupont a appelé à ne pas mener d'offensive « imprudente » contre la ville.",
     "imprudente"),
    ("- « Contact rompu » -\n\nLe texte reprend ici sans citation.", "Contact rompu"),
])
def test_a_quoted_term_is_no_quotation(raw, absent):
    assert absent not in speakers(raw)


def test_one_quoted_word_said_by_a_named_speaker_is_a_quotation():
    raw = "Jean Dupont est monté au créneau, dénonçant des agressions « inacceptables »."
    assert speakers(raw) == {"inacceptables": "jean-dupont"}


def test_an_organisation_in_a_prepositional_phrase_is_not_the_speaker():
    raw = ("Invité de la CGT mardi matin, le secrétaire d'Etat Jean Dupont a estimé que « les "
           "propositions sur la table sont bonnes ».")
    assert speakers(raw, {"jean-dupont": ("secrétaire d'Etat",)}) == {
        "les propositions sur la table sont bonnes": "jean-dupont"}


def test_names_joined_to_a_prepositional_one_are_not_the_subject():
    raw = ("Jean Dupont, secrétaire d'Etat aux retraites, a reçu les syndicats lundi.\n\n"
           "Invité de BFMTV/RMC mardi matin, le secrétaire d'Etat aux retraites a estimé que « les "
           "propositions sur la table sont bonnes ».")
    assert speakers(raw, {"jean-dupont": ("secrétaire d'Etat aux retraites",)}) == {
        "les propositions sur la table sont bonnes": "jean-dupont"}


def test_a_lead_quote_is_said_by_the_subject_of_the_next_sentence():
    raw = ("« Ce sont de très bonnes décisions ». Vendredi, au sortir du tribunal, Jean Dupont, "
           "l'avocat des marins, se félicitait de la décision des juges.")
    assert speakers(raw) == {"Ce sont de très bonnes décisions": "jean-dupont"}


def test_a_role_said_again_and_again_of_nobody_named_is_an_unnamed_person():
    raw = ("Jean Dupont a été abattu en 2012. L'enquêteur a décrit sa cavale. L'enquêteur a "
           "ensuite parlé longtemps.\n\n« Nous ne pouvions pas le suivre partout », "
           "explique l'enquêteur.")
    assert speakers(raw) == {"Nous ne pouvions pas le suivre partout": None}


def test_a_name_in_a_relative_clause_after_the_incise_is_not_the_speaker():
    raw = ("« Nous n'avons pas le choix », a insisté le chef du gouvernement, qui parlait aux "
           "côtés du ministre de la Santé, Jean Dupont.")
    assert speakers(raw, {"jean-dupont": ("ministre de la Santé",)}) == {
        "Nous n'avons pas le choix": None}


def test_a_subordinate_clause_brings_its_own_speaker():
    raw = ("Marie Martin a fustigé « l'amateurisme du gouvernement », tandis que Jean Dupont "
           "réclamait « un vrai plan pour l'hôpital ».")
    assert speakers(raw) == {"l'amateurisme du gouvernement": "marie-martin",
                             "un vrai plan pour l'hôpital": "jean-dupont"}


def test_a_nationality_after_the_verb_is_the_person_last_named():
    raw = ("Marie Martin a remporté samedi le tournoi. « Je suis tellement fière, c'est un "
           "rêve », a déclaré la Japonaise, âgée de 23 ans.")
    assert speakers(raw) == {"Je suis tellement fière, c'est un rêve": "marie-martin"}


def test_a_nationality_with_a_demonstrative_is_someone_new():
    raw = "Marie Martin visite Paris. « Oh mon dieu, quelle foule ! », crie cette Américaine."
    assert speakers(raw) == {"Oh mon dieu, quelle foule !": None}


def test_an_unnamed_person_after_the_verb_is_nobody_whatever_follows():
    raw = ("Marie Martin a visité le commissariat. « On ne peut plus travailler », a expliqué un "
           "policier de la brigade, comme le relate Le Parisien.")
    assert speakers(raw) == {"On ne peut plus travailler": None}


@pytest.mark.parametrize("raw, speaker", [
    ("Jean Dupont refuse de revenir sur l'âge légal, ce que la CGT considère comme la « ligne "
     "rouge ».", "cgt"),
    ("Jean Dupont a défendu la réforme, que la CGT qualifie de « recul historique ».", "cgt"),
    ("Jean Dupont a défendu la réforme que la CGT connaît, « une avancée », a-t-il dit.",
     "jean-dupont"),
])
def test_a_relative_clause_judging_the_quote_gives_its_subject(raw, speaker):
    assert set(speakers(raw).values()) == {speaker}


def test_an_unnamed_person_before_a_named_source_is_nobody():
    raw = ("Marie Martin a visité le dépôt. « On ne peut plus rouler », a expliqué un policier "
           "comme le relate BFMTV.")
    assert speakers(raw) == {"On ne peut plus rouler": None}


def test_a_name_set_beside_an_unnamed_phrase_is_its_name():
    raw = "« Le dossier est vide », a déclaré un avocat, Me Jean Dupont."
    assert speakers(raw) == {"Le dossier est vide": "jean-dupont"}


@pytest.mark.parametrize("incise", ["ont-ils déclaré", "disent-elles"])
def test_a_plural_pronoun_is_a_group_not_a_person(incise):
    raw = f"Jean Dupont et Marie Martin sont arrivés. « Nous ne céderons jamais », {incise}."
    assert speakers(raw) == {"Nous ne céderons jamais": None}


def test_a_womans_first_name_keeps_il_off_her():
    raw = ("Marie Martin a longuement interrogé Jean Dupont.\n\n"
           "« Je n'ai rien fait de mal ce soir-là », a-t-il assuré.")
    assert speakers(raw) == {"Je n'ai rien fait de mal ce soir-là": "jean-dupont"}


def test_a_capital_after_the_closing_mark_opens_a_sentence_not_an_incise():
    said = speakers("Jean Dupont a dénoncé « une dérive grave » Interrogé sur la suite, il a "
                    "évoqué une « neutralisation rapide des menaces ».")
    assert said["une dérive grave"] == "jean-dupont"
    assert said["neutralisation rapide des menaces"] == "jean-dupont"


def test_an_incise_closing_the_sentence_attributes_every_quote_before_it():
    said = speakers("Jean Dupont était à Lyon. On croit que c'est « 50/50 » entre « pro » et "
                    "« anti », or « dans la vraie vie, ce n'est pas le cas », poursuit-il.")
    assert said["50/50"] == said["pro"] == said["anti"] == "jean-dupont"


def test_the_role_noun_tells_the_gender_the_elided_determiner_hides():
    said = speakers("Paul Durand reste en prison. Son épouse Marie Martin a parlé à BFMTV. "
                    "« Nous n'avons plus rien du tout », avait affirmé l'élu en novembre.")
    assert said["Nous n'avons plus rien du tout"] == "paul-durand"


@pytest.mark.parametrize("raw, quote, speaker", [
    ("« Les trains circuleront normalement », selon un communiqué de la SNCF publié mardi.",
     "Les trains circuleront normalement", "sncf"),
    ("Selon un sondage mené par la CGT auprès de 1.600 salariés, « la moitié veulent partir ».",
     "la moitié veulent partir", "cgt"),
    ("Jean Dupont était là. Selon un bilan publié mardi, « la situation reste grave ».",
     "la situation reste grave", None),
])
def test_a_document_speaks_for_its_author(raw, quote, speaker):
    assert speakers(raw)[quote] == speaker


def test_a_sentence_naming_nobody_goes_on_with_the_quote_before_it():
    said = speakers("« Un nouveau virus, c'est un nouvel événement », explique Marie Martin. Du "
                    "coup, pour ces militants, la simple mention d'un vaccin « est devenue une "
                    "menace ».\n\nPour d'autres, le vaccin « reste une chance ».")
    assert said["est devenue une menace"] == "marie-martin"
    assert said.get("reste une chance") is None  # another paragraph: no longer hers


def test_each_quotation_records_the_rules_that_gave_its_speaker():
    text = prepare_text("Jean Dupont était à Lyon. « Nous partirons demain matin », a-t-il dit.").normalized
    [quote] = find_quotes(text, [], actors_of(text))
    assert quote.speaker == "jean-dupont"
    assert quote.rule.split(">")[:2] == ["after", "ss:pronoun"]


def test_a_demonstrative_after_the_verb_is_the_last_person_named():
    raw = ("Jean Dupont a critiqué Paul Durand mardi. « Je n'ai rien à me reprocher », "
           "a répondu ce dernier.")
    assert speakers(raw) == {"Je n'ai rien à me reprocher": "paul-durand"}


@pytest.mark.parametrize("incise", [
    "a poursuivi son avocat", "témoigne sa fille", "a déclaré le porte-parole de la CGT",
    "a ajouté l'avocate de Marie Martin", "a déclaré le maire de la ville",
    "a précisé le directeur de l'hôpital"])
def test_a_role_relating_its_person_to_another_is_not_the_last_person(incise):
    raw = f"Jean Dupont a manifesté lundi. « Nous ne lâcherons rien du tout », {incise}."
    assert speakers(raw)["Nous ne lâcherons rien du tout"] is None


def test_two_persons_after_the_verb_make_a_joint_statement():
    raw = "« Nous ne lâcherons rien du tout », ont déclaré Jean Dupont et Marie Martin."
    assert speakers(raw) == {"Nous ne lâcherons rien du tout": None}


def test_a_person_speaking_after_a_quote_says_the_next_one():
    raw = ("Jean Dupont a pris la parole. « Nous partirons demain matin. » Puis Marie Martin a "
           "réagi. « Nous resterons ici jusqu'au bout. »")
    assert speakers(raw) == {"Nous partirons demain matin.": "jean-dupont",
                             "Nous resterons ici jusqu'au bout.": "marie-martin"}


def test_a_quote_after_a_colon_ending_the_paragraph_before_is_its_subjects():
    raw = "Jean Dupont est catégorique :\n\n« Nous ne céderons rien face au gouvernement. »"
    assert speakers(raw) == {"Nous ne céderons rien face au gouvernement.": "jean-dupont"}


@pytest.mark.parametrize("sentence", [
    "Les manifestants scandaient « Dupont démission ».",
    "Le texte prévoit « une hausse des salaires de cinq pour cent ».",
])
def test_a_quote_in_a_clause_of_its_own_is_not_the_speaker_of_the_sentence_before(sentence):
    raw = f"Jean Dupont a parlé lundi. {sentence}"
    assert set(speakers(raw).values()) <= {None}


def test_a_quote_after_mais_goes_on_from_the_quote_before():
    raw = ("« Nous ne céderons rien », a déclaré Laurent Berger. "
           "Mais « le gouvernement doit entendre la rue ».")
    assert set(speakers(raw).values()) == {"laurent-berger"}


@pytest.mark.parametrize("raw, speaker", [
    ("Jean Dupont a réagi aux propos de Paul Durand, qui avait parlé d'« une provocation "
     "inacceptable ».", "paul-durand"),
    ("Les réseaux amplifient les rumeurs, explique Jean Dupont, chercheur au CGT, qui rappelle "
     "le « consensus scientifique » sur ce point.", "jean-dupont"),
])
def test_a_relative_clause_with_a_verb_of_saying_gives_its_antecedent(raw, speaker):
    assert list(speakers(raw).values())[-1] == speaker


def test_an_incise_verb_of_reply_names_the_new_speaker():
    raw = ("« Nous ne céderons rien », a déclaré Laurent Berger. "
           "« Le dialogue reste possible », a répliqué Borne.")
    assert speakers(raw) == {"Nous ne céderons rien": "laurent-berger",
                             "Le dialogue reste possible": "elisabeth-borne"}


def test_a_name_inverted_after_the_comma_makes_an_incise_whatever_the_verb():
    raw = ("« Nous ne céderons rien », a déclaré Laurent Berger. "
           "« Le dialogue reste possible », sourit Borne.")
    assert speakers(raw)["Le dialogue reste possible"] == "elisabeth-borne"


@pytest.mark.parametrize("raw, speaker", [
    ("Selon BFMTV, une source proche du dossier a confié : « Il va partir cette année. »", None),
    ("Selon la CGT, Jean Dupont a déclaré : « Il va partir cette année. »", "jean-dupont"),
    ("Selon la CGT, le projet est « une provocation pure et simple ».", "cgt"),
    ("Selon Jean Dupont, interrogé par BFMTV, « le compte n'y est pas du tout ».", "jean-dupont"),
])
def test_selon_gives_way_to_a_clause_with_its_own_speaker(raw, speaker):
    assert list(speakers(raw).values()) == [speaker]


def test_a_quote_in_a_relative_clause_after_an_incise_is_not_the_incises():
    raw = ("« Il faut garder son calme », a déclaré Jean Dupont, dont le discours sera scruté "
           "par des agents épuisés, las d'être « montrés du doigt » par leur hiérarchie.")
    found = speakers(raw)
    assert found["Il faut garder son calme"] == "jean-dupont"
    assert found.get("montrés du doigt") is None


@pytest.mark.parametrize("raw, speaker", [
    ("Marie Martin raconte qu'un homme lui a crié de « rentrer chez elle ».", None),
    ("Marie Martin raconte que Jean Dupont lui a crié de « rentrer chez elle ».", "jean-dupont"),
    ("Marie Martin a annoncé que Jean Dupont serait « un excellent candidat ».", "marie-martin"),
])
def test_the_verb_of_saying_nearest_the_quote_in_a_que_clause_gives_its_subject(raw, speaker):
    assert list(speakers(raw).values()) == [speaker] or speaker is None and not speakers(raw)


@pytest.mark.parametrize("fronted", [
    "Devant la CGT,", "Outre Paul Durand,", "Si Paul Durand se tait,", "Alors que Paul Durand se taisait,",
    "Même si Paul Durand se tait,"])
def test_a_name_in_a_fronted_phrase_is_not_the_subject(fronted):
    raw = f"{fronted} Jean Dupont a estimé que « le projet est une provocation »."
    assert speakers(raw) == {"le projet est une provocation": "jean-dupont"}


def test_a_fronted_word_is_not_the_beginning_of_a_name():
    raw = "Siméon a jugé que « le projet est une provocation »."
    text = prepare_text(raw).normalized
    actors = [(0, 6, "simeon", "PER")]
    assert [q.speaker for q in find_quotes(text, [], actors)] == ["simeon"]


@pytest.mark.parametrize("raw, speaker", [
    ("La réforme a été qualifiée de « recul historique pour les salariés » par Jean Dupont.",
     "jean-dupont"),
    ("Paul Durand est accusé par Jean Dupont d'avoir « menti aux Français ».", "jean-dupont"),
    ("Interrogé par BFMTV, Jean Dupont a estimé que « le projet est une provocation ».",
     "jean-dupont"),
])
def test_the_agent_of_a_passive_verb_of_saying_speaks(raw, speaker):
    assert list(speakers(raw).values()) == [speaker]


@pytest.mark.parametrize("raw, speaker", [
    ("« Nous irons jusqu'au bout » : Laurent Berger défie le gouvernement\n\nLa grève continue.",
     "laurent-berger"),
    ("« Le compte n'y est pas » : la CGT claque la porte\n\nLa grève continue.", "cgt"),
    ("« Nous irons jusqu'au bout » : la grève continue à Paris\n\nLaurent Berger a parlé.", None),
])
def test_a_quote_then_a_colon_and_an_actor_subject_is_that_actors(raw, speaker):
    assert list(speakers(raw).values())[:1] == [speaker]


def test_the_agent_is_a_name_beginning_like_a_determiner():
    raw = "La réforme a été qualifiée de « recul historique pour les salariés » par Laurent Berger."
    assert speakers(raw) == {"recul historique pour les salariés": "laurent-berger"}


@pytest.mark.parametrize("raw, quote, speaker", [
    ("Le club a annoncé le départ de son entraîneur. « Nous remercions notre entraîneur pour "
     "tout ce qu'il a apporté », indique le communiqué de Renault.",
     "Nous remercions notre entraîneur pour tout ce qu'il a apporté", "renault"),
    ("« La situation est sous contrôle depuis ce matin », peut-on lire dans un communiqué de la "
     "SNCF.", "La situation est sous contrôle depuis ce matin", "sncf"),
    ("Jean Dupont était à Lyon. « La situation est sous contrôle depuis ce matin », souligne le "
     "communiqué.", "La situation est sous contrôle depuis ce matin", None),
])
def test_a_document_subject_of_the_incise_speaks_for_its_author(raw, quote, speaker):
    assert speakers(raw)[quote] == speaker


def test_selon_naming_no_actor_after_the_quote_leaves_the_subject_speaking():
    raw = ("Les deux dirigeants se sont entretenus lundi. Elisabeth Borne a souligné « l'urgence "
           "d'un cessez-le-feu durable », selon l'Elysée.")
    assert speakers(raw)["l'urgence d'un cessez-le-feu durable"] == "elisabeth-borne"


def test_selon_a_source_after_a_quote_opening_its_sentence_is_nobody():
    raw = ("Jean Dupont était à Lyon lundi. « Le projet sera abandonné d'ici la fin de l'année », "
           "selon une source proche du dossier.")
    assert speakers(raw)["Le projet sera abandonné d'ici la fin de l'année"] is None


def test_a_colon_after_the_one_person_of_a_clause_without_verb_gives_that_person():
    raw = ("Même son de cloche chez Laurent Berger, de la CGT : « On ne signera pas un texte qui "
           "recule sur les droits des salariés. »")
    assert speakers(raw)["On ne signera pas un texte qui recule sur les droits des salariés."] == (
        "laurent-berger")
