"""Who a pronoun (`il`, `elle`, `ce dernier`) or a role phrase (`le ministre`) stands for.

A pronoun is the person last speaking or last subject of the sentences before (of the
pronoun's gender when the text tells it); a role phrase is the one person the article gives
that role, else the person last speaking or last subject (`», ajoute la retraitée`).
"""

from __future__ import annotations

import re

from site_builder.enrich.entity_cues import ORG_HEADS, TITLES
from site_builder.enrich.gazetteer import fold
from site_builder.enrich.quotes_article import QuoteArticle, note, subject_mentions
from site_builder.enrich.quotes_lexicon import (
    CLAUSE_OPENING,
    CLAUSE_WORDS,
    PREPOSITION_BEFORE,
    PRONOUN_SUBJECT,
    ROLE_EQUIVALENTS,
    ROLE_HEADS,
    determiner_gender,
    is_person_noun,
    is_speech_word,
    noun_gender,
    subject_role,
)
from site_builder.enrich.quotes_marks import Span, index_of

_LOOK_BACK = 6
"""Sentences searched back for the person a pronoun or a role phrase stands for..."""
_LOOK_BACK_PARAGRAPHS = 3
"""... in its paragraph and at most this many before it."""


def resolve_pronoun(article: QuoteArticle, offset: int, pronoun: str) -> str | None:
    """The person `il`/`elle`/`ce dernier` at `offset` stands for, or None; `ils`/`elles`
    are a group, nobody's words (GUIDELINES: a joint statement is null)."""
    pronoun = pronoun.lower()
    if pronoun in ("ils", "elles"):
        return None
    gender = "F" if pronoun.startswith(("elle", "cette", "celle")) else "M"
    if pronoun in ("ce dernier", "cette derniere", "celui-ci", "celle-ci"):
        persons = [a for a in article.actors if a[1] <= offset and a[3] == "PER"]
        fitting = [a for a in persons if article.genders.get(a[2], gender) == gender]
        note(article, "r:last-person")
        return _learn(article, fitting[-1][2], gender) if fitting else None
    note(article, "r:recent")
    found = _recent_person(article, offset, gender, organisations=True)
    return _learn(article, found, gender) if found else None


def _learn(article: QuoteArticle, slug: str, gender: str | None) -> str:
    """Remember the gender a pronoun or a determiner gave `slug`."""
    if gender is not None:
        article.genders.setdefault(slug, gender)
    return slug


def _recent_person(article: QuoteArticle, offset: int, gender: str | None, *,
                   organisations: bool = False) -> str | None:
    """The person last speaking or last subject before `offset` (of `gender` if known); a
    sentence whose subject is itself a pronoun passes on the person that one stands for.
    `organisations` (a pronoun): an organisation opening a sentence before, of the pronoun's
    gender, is what it stands for (`La CGT a publié un texte. « … », a-t-elle dit`), or nobody
    named (`Le parquet a ouvert une enquête. « … », a-t-il dit`)."""
    index = index_of(offset, article.sentences)
    first_paragraph = index_of(offset, article.paragraphs) - _LOOK_BACK_PARAGRAPHS
    for position in range(index, max(index - _LOOK_BACK, -1), -1):
        start, end = article.sentences[position]
        if index_of(start, article.paragraphs) < first_paragraph:
            break
        stop = min(end, offset)
        speakers = [slug for mark, slug in reversed(article.spoken)
                    if slug in article.labels and start <= mark.open_at < stop]
        unnamed = _unnamed_subject_at(article, start, stop, gender)
        mentions = [a for a in subject_mentions(article, start, stop)
                    if a[3] == "PER" and (unnamed is None or a[0] < unnamed)]
        if not speakers and _is_pair(article, mentions, gender):
            return None  # `A et B ont parlé. « … », a-t-il dit`: either of them
        if organisations and not speakers and position < index:
            opening = _opening_organisation(article, start, stop, gender)
            if opening is not None:
                note(article, f"organisation{index - position}")
                return opening or None
        subjects = [a[2] for a in mentions]
        pronoun = PRONOUN_SUBJECT.search(article.folded, start, stop)
        if unnamed is None and pronoun and not subjects and position < index and pronoun.group(
                "p") in _PERSONAL:
            chained = _recent_person(article, pronoun.start("p"),
                                     "F" if pronoun.group("p").startswith("elle") else "M",
                                     organisations=organisations)
            subjects = [chained] if chained else []
        if unnamed is None and not subjects and position < index:
            subjects = _role_subject(article, start, stop)
        candidates = speakers + subjects
        if gender == "F":  # `X a félicité Mme Y. « … », a-t-elle dit`: Y, not X
            candidates.sort(key=lambda slug: article.genders.get(slug) != gender)
        for slug in candidates:
            if article.labels.get(slug) == "PER" and _fits(article, slug, gender):
                note(article, f"back{index - position}")
                return slug
        if unnamed is not None:
            return None  # `…, souligne le témoin. « … », ajoute-t-il`: the witness, unnamed
    return None


def _opening_organisation(article: QuoteArticle, start: int, stop: int, gender: str | None
                          ) -> str | None:
    """The organisation opening the sentence as its subject, of `gender` when its determiner
    tells: its slug (`La CGT a publié`), "" for one the text does not name as an actor (`Le
    parquet a ouvert`, `Le gouvernement a réagi`), None when the sentence opens otherwise."""
    opening = _ORGANISATION_OPENING.match(article.folded, start, stop)
    if opening is None or CLAUSE_OPENING.fullmatch(opening["fronted"] or "") is None:
        return None
    told = determiner_gender(opening["d"] or "")
    if gender is not None and told is not None and told != gender:
        return None
    at = opening.start("n")
    actor = next((a for a in article.actors if a[0] == at), None)
    if actor is not None:
        return actor[2] if actor[3] == "ORG" else None
    head = opening["n"]
    return "" if opening["d"] and (head in ORG_HEADS or head in _GENERIC_BODIES) else None


_ORGANISATION_OPENING = re.compile(
    r"(?P<fronted>\s*(?:[^,.;:!?«»\"]{0,60},)?\s*)(?P<d>le\s+|la\s+|l')?(?P<n>[a-z][\w-]*)")
_GENERIC_BODIES = frozenset("gouvernement police gendarmerie armee justice executif".split())
"""Institutions in general (no actor, GUIDELINES), which a pronoun may stand for all the same."""


def _is_pair(article: QuoteArticle, mentions: list, gender: str | None) -> bool:
    """The first two persons of `mentions` are joined (`A et B`, `A ainsi que Mme B`) and both
    may be the pronoun of `gender`."""
    return len(mentions) > 1 and _PAIRED.fullmatch(
        article.folded, mentions[0][1], mentions[1][0]) is not None and all(
        _fits(article, a[2], gender) for a in mentions[:2]) and mentions[0][2] != mentions[1][2]


_PAIRED = re.compile(r"\s*(?:,\s*)?(?:et|ainsi que)\s+(?:(?:m|mme|me)\.?\s+)?")


def _fits(article: QuoteArticle, slug: str, gender: str | None) -> bool:
    """`slug` may be the pronoun of `gender` (any person whose gender is not known)."""
    return gender is None or article.genders.get(slug, gender) == gender


def _unnamed_subject_at(article: QuoteArticle, start: int, stop: int, gender: str | None
                        ) -> int | None:
    """The clause opens with, or a verb of saying has after it, a person the text does not
    name (`un policier`, or a role said again and again of nobody: `l'enquêteur`), of
    `gender` when its words tell: where it is, or None."""
    quoted = [(mark.open_at, mark.close_at) for mark, _ in article.spoken]
    window = article.folded[start:stop]
    nickname = _QUOTED_SUBJECT.search(window)
    if nickname is not None and CLAUSE_OPENING.fullmatch(window[:nickname.start()]):
        return start + nickname.start()  # `« L'Ogre » a été condamné`: named otherwise
    for phrase in _PERSON_PHRASE.finditer(window):
        before = window[:phrase.start()]
        if any(s <= start + phrase.start() < e for s, e in quoted) or PREPOSITION_BEFORE.search(
                before) or not is_person_noun(phrase["n"]):
            continue
        last = before.split()[-1:]
        if not (CLAUSE_OPENING.fullmatch(before) or last and is_speech_word(last[0].split("-")[0])):
            continue
        told = determiner_gender(phrase["d"]) or noun_gender(phrase["n"])
        if gender is not None and told is not None and told != gender or _is_named_after(
                article, start + phrase.end()):
            continue
        if phrase["d"] in _UNNAMING or _is_recurring_role(article, phrase["n"]):
            return start + phrase.start()
    return None


_QUOTED_SUBJECT = re.compile(
    r"[«\"“]\s*[^«»\"“”]{1,60}?\s*[»\"”]\s+(?:a|ont|est|sont|avait|avaient|etait|sera|aurait)\b")
"""A quotation opening a clause before its verb: a nickname or a name withheld as subject."""


_PERSON_PHRASE = re.compile(
    r"(?<![\w'])(?P<d>cette|cet|ce|une|un|le|la|l'|son|sa|leur)(?:(?<=')\s*|\s+)"
    r"(?P<n>[a-z][\w-]*)")
def _is_named_after(article: QuoteArticle, at: int) -> bool:
    """`son avocat Paul X`, `un policier, M. X`: the phrase ending at `at` is followed by its
    person's name."""
    return any(_NAME_APPOSED.fullmatch(article.folded, at, a[0]) for a in article.actors
               if a[3] == "PER" and at <= a[0] < at + 12)


_NAME_APPOSED = re.compile(r"\s*,?\s*(?:(?:m|mme|me|dr|pr)\.?\s+)?")
_UNNAMING = frozenset("un une son sa leur".split())
"""Determiners of a person the text does not name: someone new (`un policier`) or someone
related to another (`son avocat`)."""


_PERSONAL = frozenset({"il", "elle"})


def resolve_role(article: QuoteArticle, phrase: str, offset: int, gender: str | None, *,
                 at: int | None = None, determiner: str = "") -> str | None:
    """`le ministre de l'Intérieur` -> the one person the article gives that role; when it
    gives it to nobody, the person last speaking or last subject (`», ajoute la retraitée`);
    None when several persons hold it, or when the phrase relates its person to another
    (`son avocat`, `le porte-parole de la CGT`: someone else than the person last named).
    `at`: where `phrase` starts in the text, to record the role it gives that person in
    article.role_mentions; `determiner`: the word before it (`la`, `son`)."""
    gender = gender or noun_gender(phrase)
    holders = role_holders(article, phrase)
    if len(holders) == 1:
        note(article, "r:holder")
        return _learn(article, holders[0], gender)
    if holders or _is_recurring_role(article, phrase):
        note(article, "r:holders" if holders else "r:recurring")
        return None
    if fold(determiner).strip() in _POSSESSIVES or at is not None and _of_an_actor(article, at):
        note(article, "r:relational")
        return None
    note(article, "r:recent")
    found = _recent_person(article, offset, gender)
    if found and at is not None:
        article.role_mentions.append((found, role_span(article.folded, at)))
    return _learn(article, found, gender) if found else None


_POSSESSIVES = frozenset("son sa ses leur leurs".split())
"""`son avocat`, `sa fille`: a person related to someone (most often the person last named)."""


def _of_an_actor(article: QuoteArticle, at: int) -> bool:
    """The role phrase at `at` has a complement naming an actor (`le porte-parole de la CGT`,
    `l'avocate de Marie X`): a person of that actor, whom only the article's roles tell."""
    start, end = role_span(article.folded, at)
    return any(start < a[0] < end and _OF_DETERMINED.search(article.folded, start, a[0])
               for a in article.actors) or _OF_COMMON_NOUN.search(article.text, start, end) is not None


_OF_COMMON_NOUN = re.compile(r"\s(?:de la|de l['’]|du|des)\s*[a-zà-ÿ]")


_OF_DETERMINED = re.compile(r"(?:\bde|\bdu|\bdes|\bd')\s*(?:(?:la|l')\s*)?$")


def _is_recurring_role(article: QuoteArticle, phrase: str) -> bool:
    """`l'enquêteur` said again and again of nobody named: the way the article refers to an
    unnamed person (a witness, an investigator), not to the person last named."""
    head = fold(phrase).split()[:1]
    if not head or head[0] in TITLES or head[0] in ROLE_HEADS:
        return False  # `le ministre` said again and again is the minister the article named
    pattern = rf"(?<![\w'])(?:le|la|l'|cet|cette|ce|un|une)\s*{re.escape(head[0])}(?![\w-])"
    return len(re.findall(pattern, article.folded)) >= _RECURRING


_RECURRING = 3
"""Mentions of a role phrase that make it the name of an unnamed person."""


_ROLE_TOKEN = re.compile(r"[^\s,.;:!?«»\"()]+")


_NEW_PHRASE = frozenset("le la les l un une son sa ses leur ce cette".split())
"""Words that open another phrase (`élu le 5 novembre`): the role ends before them."""


def role_span(folded: str, at: int) -> Span:
    """The span of the role phrase starting at `at`, up to its first clause word or mark
    (`l'élu avant d'assumer` -> `élu`)."""
    end, previous = at, ""
    for index, token in enumerate(_ROLE_TOKEN.finditer(folded, at, min(len(folded), at + 80))):
        words = fold(token.group()).split()
        opens = words and previous not in _PARTICLES and (words[0] in _NEW_PHRASE or words[0]
                                                              .isdigit())
        if folded[end:token.start()].strip() or index and words and (
                words[0] in CLAUSE_WORDS or opens):
            break
        end, previous = token.end(), words[-1] if words else ""
    return at, end


_PARTICLES = frozenset("de du des d a au aux en".split())


def resolve_demonym(article: QuoteArticle, offset: int, gender: str | None) -> str | None:
    """`», a déclaré la Japonaise`: the person last speaking or last subject (of the
    determiner's gender); a nationality is no role, so nothing is recorded."""
    note(article, "r:recent")
    found = _recent_person(article, offset, gender)
    return _learn(article, found, gender) if found else None


def role_holders(article: QuoteArticle, phrase: str) -> list[str]:
    """The persons the article gives the role `phrase` names: those whose role it begins
    (`ministre` of the `ministre de l'Intérieur`), else those whose role begins it."""
    key = _role_words(fold(phrase))
    keys = (key, *ROLE_EQUIVALENTS.get(key, ()))
    exact, loose = [], []
    for slug, roles in sorted(article.roles.items()):
        folded_roles = [fold(role) for role in roles]
        if any(_is_role_prefix(k, role) for k in keys for role in folded_roles):
            exact.append(slug)
        elif any(_role_matches(k, role) for k in keys for role in folded_roles):
            loose.append(slug)
    return exact or loose


def _role_subject(article: QuoteArticle, start: int, end: int) -> list[str]:
    """`La Première ministre a salué …`: the one holder of the role that is the subject."""
    role = subject_role(article.folded[start:end])
    holders = role_holders(article, role.group("np")) if role else []
    return holders if len(holders) == 1 else []


def _role_words(phrase: str) -> str:
    """`elu avant d assumer` -> `elu`: the role phrase up to the first clause word."""
    words = phrase.split()
    end = next((i for i, w in enumerate(words) if i and w in CLAUSE_WORDS), len(words))
    return " ".join(words[:end])


def _is_role_prefix(phrase: str, role: str) -> bool:
    """`ministre` is said of the `ministre de l interieur`; `avocat general` not of an `avocat`."""
    role_words = [w for w in role.split() if w not in _ROLE_ADJECTIVES]
    phrase_words = phrase.split()
    return bool(phrase_words) and role_words[:len(phrase_words)] == phrase_words


_ROLE_ADJECTIVES = frozenset(("ancien", "ancienne", "nouveau", "nouvelle"))


def _role_matches(phrase: str, role: str) -> bool:
    """`ministre` ~ `ministre de l interieur`; `premier ministre` !~ `ministre`."""
    role_words = [w for w in role.split() if w not in _ROLE_ADJECTIVES]
    phrase_words = phrase.split()
    shorter, longer = sorted((role_words, phrase_words), key=len)
    return bool(shorter) and longer[:len(shorter)] == shorter


def resolve_organisation(article: QuoteArticle, phrase: str, offset: int, *,
                         at: int | None = None) -> str | None:
    """`la direction de Renault` -> the organisation its complement names (`at`: where the
    phrase starts); `le tribunal administratif` -> the one organisation named so
    (`tribunal administratif de Dijon`); `le syndicat`, `l'hebdomadaire` -> the organisation
    last subject or speaking in the sentences before; None when none says."""
    if at is not None:
        start, end = role_span(article.folded, at)
        inside = [a for a in article.actors if a[3] == "ORG" and start < a[0] < end
                  and _OF.search(article.folded, start, a[0])]
        if inside:
            return inside[0][2]
    words = _role_words(fold(phrase)).split()[:3]
    named = sorted({a[2] for a in article.actors if a[3] == "ORG" and fold(
        article.text[a[0]:a[1]]).split()[:len(words)] == words})
    if len(named) == 1:
        return named[0]
    if named:
        return None
    index = index_of(offset, article.sentences)
    for position in range(index, max(index - _LOOK_BACK_ORGANISATION, -1), -1):
        start, end = article.sentences[position]
        stop = min(end, offset)
        speakers = [slug for mark, slug in reversed(article.spoken)
                    if article.labels.get(slug) == "ORG" and start <= mark.open_at < stop]
        subjects = [a[2] for a in subject_mentions(article, start, stop) if a[3] == "ORG"]
        if speakers or subjects:
            return (speakers or subjects)[0]
    return None


_OF = re.compile(r"(?:\bde|\bdu|\bdes|\bd')\s*$")
_LOOK_BACK_ORGANISATION = 2
"""Sentences searched back for the organisation `le syndicat` stands for."""
