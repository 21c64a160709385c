"""The words attribution reads: speech verbs, pronouns, role phrases, person nouns, gender cues.

Every pattern runs on folded text (lower case, no accents, same length as the original, see
quotes_article.fold_same_length), except the gender cues, which read the original case.
"""

from __future__ import annotations

import re

from site_builder.enrich.entity_cues import ORG_HEADS, TITLES
from site_builder.enrich.gazetteer import fold

SPEECH_VERB = re.compile(
    r"(?<![\w-])(?:"
    r"(?:declar|affirm|estim|soulign|ajout|expliqu|indiqu|assur|annonc|martel|lanc|insist|confi"
    r"|rappel|denonc|jug|tweet|precis|deplor|accus|racont|temoign|comment|ironis|lach|regrett"
    r"|salu|fustig|critiqu|observ|not|signal|rejou|felicit|exclam|indign|alarm|inquiet|interrog"
    r"|reclam|demand|appel|evoqu|plaid|resum|tranch|nuanc|avanc|avou|protest|justifi|repet|clam"
    r"|menac|exhort|implor|souhait|esper|redout|pens|consider|qualifi|decri|detaill|gliss|tonn"
    r"|fulmin|etonn|soupir|rapport|constat|analys|argu|insurg|emport|renchér|rencher|complet"
    r"|tempér|temper|corrig|defend|conseill|recommand|rassur|prom|precis|reconn|admett|admis"
    r"|admet|souten|soutien|soutient|soutenu|poursui|conclu|reag|repond|retorqu|previen|prevenu"
    r"|preven|avert|craign|craint|cri|exig|suggér|sugger|mis en garde|fait valoir|fait savoir"
    r"|parl|evalu|qualif|dis|dit|dir|ecri|ecriv|selon|raill|press|invit|defin|decid|rapell"
    r"|rel[eè]v|releve|reconnu|promis|promett|ass[eé]n|martel|resum|souffl|confess|sout"
    r"|repliqu|conced|reiter|tacl|moqu|attest|rectifi|objecte|objecta|tempet|relat[ea]|dementi"
    r"|contest|refut|enchain|rigol|abond|revendiqu|minimis"
    r"|relativis|pronostiqu|predi[st])"
    r"[a-z]*)(?![\w])")
"""Verbs of saying and judging, folded (accents off, lower case), with any ending."""
_NOT_VERBS = frozenset(
    "note notes notamment notre nos noter notable notables notoire disposition dispositif "
    "directeur directrice direction directement direct directe directs discours disparition "
    "disparu distance district presse pression presque prise prises cri crise crises critere "
    "parlement parlementaire parlementaires pensee pension pensions appel "
    "demande demandes salut salle defense soutien plaidoirie rapport rapports jugement juge "
    "juges judiciaire reaction complete completement avance avances avancee press pressions "
    "invite invites critique critiques diri dirigeant dirigeants dirigeante commentaire "
    "commentaires promesse promesses assurance assurances signalement esperance "
    "observatoire definitif definitive definitivement dispositifs distribution dit? dits "
    "dite dites ecrivain ecrivains ecriture ecrits decision decisions contestation "
    "contestations contestataire contestataires attestation attestations rectification "
    "moquerie moqueries revendication revendications enchainement tacles abondance "
    "abondant abondante abondants abondantes abondamment".split())
"""Nouns and other words that the stems above also begin (`notamment`, `directeur`)."""


INCISE_VERBS = frozenset("note juge critique demande invite complete avance appelle".split())
"""Words of _NOT_VERBS that are verbs when they open an incise (`», note X`, `», juge-t-il`)."""
_REFLEXIVE = re.compile(r"^[smt][' ]")


def is_speech_word(word: str, *, opens_incise: bool = False) -> bool:
    """`déclaré`, `a-t-elle ajouté`'s `ajouté`, `s'insurge`, `selon`: a verb of saying (folded
    match). `opens_incise`: the word comes first after a quotation, where `note` is a verb."""
    key = _REFLEXIVE.sub("", fold(word))
    if opens_incise and key in INCISE_VERBS:
        return True
    return key not in _NOT_VERBS and SPEECH_VERB.fullmatch(key) is not None


WORD = re.compile(r"[^\W\d_][\w'-]*")
INVERTED = re.compile(r"(?:\bt|-t)?-(il|elle|ils|elles)\b", re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(
    r"(?:^\s*|(?<=[.!?…]\s)|[,;:]\s*|\bet\s+|\bmais\s+|\bpuis\s+|\balors\s+|\bselon\s+|\bpour\s+)(?P<p>ils?|elles?"
    r"|lui|ce dernier|cette derniere|celui-ci|celle-ci)\b(?!\s+(?:y\s|faut|s'agit|semble|reste"
    r"|suffit|est\s+(?:possible|probable|vrai|clair|temps|question|difficile|important|evident)))")
ROLE_NP = re.compile(r"(?<![\w'])(?:le|la|l'|son|sa|leur|ce|cette)\s*(?P<np>[a-z][\w'-]*(?:\s+"
                      r"(?:de la|de l'|des|du|de|d'|en|[a-z][\w-]*)\s*[\w'-]*){0,4})")
_DETERMINER = re.compile(r"(?<![\w'])(?:(?:le|la|son|sa|leur|ce|cette)(?![\w'-])|l')")
"""A determiner as a whole word (not the `la` of `Laurent`)."""


def role_phrases(window: str) -> list[re.Match[str]]:
    """Every ROLE_NP of `window`, one at each determiner, overlapping (`dans l'ensemble le
    tribunal` holds `l'ensemble le tribunal` and `le tribunal`)."""
    found = (ROLE_NP.match(window, d.start()) for d in _DETERMINER.finditer(window))
    return [match for match in found if match is not None]
PREPOSITION_BEFORE = re.compile(
    r"(?<![\w'])(?:a|au|aux|de|du|des|d'|par|avec|contre|sur|sous|chez|dans|en|entre|vers|envers"
    r"|apres|avant|(?<!tandis )(?<!alors )(?<!pendant )(?<!parce )(?<!bien )(?:que|qu')"
    r"|comme|face|depuis|aupres de|aupres du|parmi|devant|derriere|durant|pendant|malgre|outre"
    r"|hormis|via)\s*"
    r"(?:(?:le|la|les|l')\s*)?$")
SELON = re.compile(r"(?<![\w'])(?:selon|d'apres|pour)\s+(?:(?:le|la|l'|les)\s*)?$")
CLAUSE_STOP = re.compile(r"[!?;«\":]|(?<![A-Z])(?<!\bMme)(?<!\bMgr)\.(?=\s|$)")
CLAUSE_WORDS = frozenset((
    "a ont est sont etait avait avaient sera va fait qui que qu dont mais ou ni car donc il elle "
    "ils elles on ne n se s y lui ce cette selon avec par dans lors apres avant depuis pendant "
    "comme entre contre sans sous vers alors puis aussi deja encore tres plus bien pas jamais "
    "sur").split())
"""Words that end a role phrase (`l'élu avant d'assumer` is `élu`): verbs, pronouns, clause words."""
ROLE_EQUIVALENTS = {
    "chef de l etat": ("president", "presidente"),
    "chef du gouvernement": ("premier ministre", "premiere ministre"),
    "locataire de l elysee": ("president",),
    "locataire de matignon": ("premier ministre",),
    "premier flic de france": ("ministre de l interieur",),
    "garde des sceaux": ("ministre de la justice",),
    "magistrat": ("procureur", "procureure", "avocat general", "avocate generale", "juge"),
    "magistrate": ("procureur", "procureure", "avocat general", "avocate generale", "juge"),
}
"""Folded role phrases that name the holder of another role (`le chef de l'Etat`)."""
PERSON_NOUNS = frozenset((
    "retraite retraitee habitant habitante temoin victime mere pere mari epouse femme homme "
    "jeune adolescent adolescente etudiant etudiante eleve enseignant enseignante elu elue "
    "responsable expert experte specialiste sondeur sondeuse manifestant manifestante riverain "
    "riveraine passant passante syndicaliste porte-parole parole benevole infirmier infirmiere "
    "medecin policier policiere gendarme agent agente salarie salariee employe employee "
    "ouvrier ouvriere agriculteur agricultrice commercant commercante proprietaire patronne "
    "interesse interessee accuse accusee prevenu prevenue suspect suspecte plaignant "
    "plaignante rescape rescapee survivant survivante mannequin star vedette comedien "
    "comedienne humoriste depute deputee ministre presidente quadragenaire quinquagenaire "
    "sexagenaire septuagenaire octogenaire trentenaire vingtenaire mathematicien "
    "scientifique epidemiologiste virologue urgentiste pasteur pretre abbe soeur frere fils "
    "fille cousin cousine grand-mere grand-pere fondateur fondatrice artiste magistrat magistrate").split())
"""Nouns that name a person (`», ajoute la retraitée`), besides the titles of entity_cues."""
_PERSON_SUFFIXES = ("iste", "eur", "euse", "trice", "ienne", "logue", "aire")
FEMININE_CUE = re.compile(
    r"(?:\b(?:Mme|Madame|Mlle)\.?|(?<![\w'])(?:[Ll]a|[Uu]ne|[Cc]ette))\s+"
    r"(?:(?!(?:de|du|des|d)\b)[a-zà-ÿ'-]+\s+){0,3}$")
MASCULINE_CUE = re.compile(
    r"(?:\b(?:M|Monsieur|Mr)\.?|(?<![\w'])(?:[Ll]e|[Uu]n|[Cc]e))\s+"
    r"(?:(?!(?:de|du|des|d)\b)[a-zà-ÿ'-]+\s+){0,3}$")


def is_person_noun(phrase: str) -> bool:
    head = fold(phrase).split()[:1]
    if not head:
        return False
    word = head[0]
    return word in TITLES or word in PERSON_NOUNS or word in ROLE_HEADS or (
        len(word) > 5 and word.endswith(_PERSON_SUFFIXES))


def determiner_gender(determiner: str) -> str | None:
    word = determiner.strip().rstrip("'")
    return {"la": "F", "sa": "F", "cette": "F", "le": "M", "ce": "M"}.get(word)


def noun_gender(phrase: str) -> str | None:
    """`F`/`M` from the head noun when its form tells (`l'élue`, `l'avocat`, `la mère`), its
    other-gender form being a person noun too; None for epicene nouns (`le/la ministre`)."""
    head = fold(phrase).split()[:1]
    if not head:
        return None
    word, nouns = head[0], PERSON_NOUNS | ROLE_HEADS | TITLES
    if word in _FEMININE_NOUNS or word.endswith("e") and word[:-1] in nouns or word.endswith(
            ("trice", "euse", "ienne")) and word in nouns:
        return "F"
    if word in _MASCULINE_NOUNS or word + "e" in nouns or word.endswith(
            ("eur", "ien", "ier")) and word in nouns:
        return "M"
    return None


_FEMININE_NOUNS = frozenset("mere epouse femme soeur fille grand-mere patronne".split())
_MASCULINE_NOUNS = frozenset("pere mari homme frere fils grand-pere patron".split())


ROLE_HEADS = frozenset((
    "porte-parole porte secretaire chef patron patronne responsable elu elue premiere presidente "
    "deputee avocate procureure directrice senatrice conseillere ministre").split())
"""Heads of a role phrase besides TITLES, feminine forms included (`la Première ministre`)."""


def subject_role(window: str) -> re.Match[str] | None:
    """`le ministre de l'Intérieur avait annoncé` -> the ROLE_NP match of `le ministre …`
    (its group `np`: `ministre de l'interieur avait annonce`) opening the clause."""
    for match in role_phrases(window):
        if PREPOSITION_BEFORE.search(window[:match.start()]):
            continue
        head = fold(match.group("np")).split()[:1]
        if head and (head[0] in TITLES or head[0] in ROLE_HEADS):
            return match
        return None
    return None



_GENERIC_BODIES = frozenset("etat gouvernement police gendarmerie armee justice".split())
"""Heads that name an institution in general (GUIDELINES: no entity), never an actor."""


def is_organisation_noun(phrase: str) -> bool:
    """`le syndicat`, `l'hebdomadaire`, `le tribunal administratif`: a phrase headed by a
    noun of organisations."""
    head = fold(phrase).split()[:1]
    return bool(head) and head[0] in ORG_HEADS and head[0] not in _GENERIC_BODIES


def subject_organisation(window: str) -> re.Match[str] | None:
    """`le syndicat a dénoncé` -> the ROLE_NP match of `le syndicat …` (its group `np`,
    `syndicat a denonce`, resolve_organisation cuts): the organisation phrase opening the
    clause."""
    for match in role_phrases(window):
        before = window[:match.start()]
        if PREPOSITION_BEFORE.search(before) or not CLAUSE_OPENING.fullmatch(before):
            continue  # `Citant la plainte …, l'hebdomadaire`: not the participle's object
        return match if is_organisation_noun(match.group("np")) else None
    return None


CLAUSE_OPENING = re.compile(r"(?:[^,]*,)?\s*")
"""What may stand before the subject opening a clause: nothing, or one fronted phrase
(`Sur la défensive,`)."""


_DEMONYM = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:ais|aise|ois|oise|ain|aine|ien|ienne|éen|éenne|and"
                      r"|ande|ol|ole)s?")
"""`la Japonaise`, `l'Américain`, `le Canadien`, `l'Espagnol`: a person named by nationality."""


def is_demonym(word: str) -> bool:
    """A capitalised nationality noun (original case: `la Japonaise`, not `la japonaise`)."""
    return _DEMONYM.fullmatch(word) is not None
