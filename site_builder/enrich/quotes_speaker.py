"""The speaker of one quotation; the first rule that applies decides (and may decide `None`).

1. an incise inside the marks: `« A, a déclaré X, B »`;
2. an incise right after the quote: `», a-t-il ajouté`, `», a déclaré à l'AFP le ministre X`,
   `», selon X`, `», explique la retraitée` (a role: the one person the article gives it),
   `», a indiqué le syndicat` (an organisation);
3. after an earlier quote of the same sentence: the incise between them, else its speaker;
4. an incise closing the sentence: `« … » très efficace, explique X.`;
5. before the quote in its clause: `selon X`, `pour l'association X,`, the subject
   (`X, 45 ans, a estimé que « … »`, `Il a jugé`, `Le ministre de l'Intérieur a annoncé`,
   `La direction de Renault a assuré`); `A et B ont dénoncé` is a joint statement (None);
6. a quote standing alone in its sentence: the speaker of the quote just before it, the
   speaker of the sentence before (`X a expliqué : …`) or the person opening it, else the
   person subject of a verb of saying in the sentence after (`« … ». X s'est félicité …`).
"""

from __future__ import annotations

import re

from site_builder.enrich.gazetteer import fold
from site_builder.enrich.quotes_article import (
    Actor,
    QuoteArticle,
    actors_in,
    near_paragraph,
    note,
    subject_actor,
    subject_mentions,
)
from site_builder.enrich.quotes_lexicon import (
    CLAUSE_STOP,
    INVERTED,
    PREPOSITION_BEFORE,
    PRONOUN_SUBJECT,
    SELON,
    WORD,
    determiner_gender,
    is_demonym,
    is_organisation_noun,
    is_person_noun,
    is_speech_word,
    role_phrases,
    subject_organisation,
    subject_role,
)
from site_builder.enrich.quotes_marks import Mark, Span, index_of, inner_incises
from site_builder.enrich.quotes_resolve import (
    resolve_demonym,
    resolve_organisation,
    resolve_pronoun,
    resolve_role,
)

UNDECIDED = "?"
"""A rule found nothing to go on: the next rule is tried (a rule may also decide None)."""


def attribute(article: QuoteArticle, mark: Mark, following: Mark | None = None) -> str | None:
    """The slug of who said `mark`, or None. `following`: the next quotation, whose incise
    also tells who said this one when only `et`/`mais` stands between them."""
    sentence = article.sentences[index_of(mark.open_at, article.sentences)]
    last_sentence = article.sentences[index_of(mark.close_at - 1, article.sentences)]
    for start, end in inner_incises(article.folded, mark):
        note(article, "inner")
        inside = _speech_subject(article, start, end)
        if inside is not None:
            return inside
        article.trace.clear()
    note(article, "after")
    after = _incise_after(article, mark.close_at, last_sentence[1])
    if after == UNDECIDED and following is not None and _LINK.fullmatch(
            article.folded, mark.close_at, following.open_at):
        note(article, "following")
        after = _incise_after(article, following.close_at, last_sentence[1])
    if after is None and _SELON_AFTER.match(article.folded, mark.close_at):
        source = _source_reported(article, sentence[0], mark.open_at)
        if source is not None:
            return source
    if after != UNDECIDED:
        return after
    article.trace.clear()
    previous = article.spoken[-1] if article.spoken else None
    clause_start = sentence[0]
    relative = None
    if previous is not None and sentence[0] <= previous[0].close_at <= mark.open_at:
        relative = _RELATIVE.search(article.folded, previous[0].close_at, mark.open_at)
        if relative is not None and _first_speech_word(article.folded, relative.end(),
                                                        mark.open_at):
            relative = None  # `», explique X, qui rappelle le « … »`: X speaks on
    if relative is not None:  # `», a dit X, dont les proches sont « … »`: a clause of its own
        clause_start = relative.end()
    elif previous is not None and sentence[0] <= previous[0].close_at <= mark.open_at:
        clause_start = previous[0].close_at
        note(article, "between")
        between = _incise_after(article, clause_start, mark.open_at)
        if between != UNDECIDED:
            return between
        article.trace[-1:] = ["previous"]
        if not subject_mentions(article, clause_start, mark.open_at):
            return previous[1]  # `que « A » avec X « B »`: X is no subject, B is A's speaker
        article.trace.clear()
    note(article, "trailing")
    trailing = _trailing_incise(article, mark.close_at, last_sentence[1])
    if trailing is not None:
        return trailing
    article.trace.clear()
    agent = _passive_agent(article, mark, clause_start, last_sentence[1])
    if agent is not None:
        note(article, "passive-agent")
        return agent
    if not article.text[sentence[0]:mark.open_at].strip():
        headline = _subject_after_colon(article, mark.close_at, last_sentence[1])
        if headline is not None:
            note(article, "colon-subject")
            return headline
    note(article, "before")
    before = _before(article, clause_start, mark.open_at)
    if before != UNDECIDED:
        return before
    article.trace.clear()
    note(article, "context")
    return _from_context(article, mark, sentence, last_sentence)


_SELON_AFTER = re.compile(r"[\s)]*,\s*(?:selon|d'apres)\b")


def _source_reported(article: QuoteArticle, start: int, at: int) -> str | None:
    """`X a souligné « … », selon l'Elysée`: the `selon` after the quote names no actor (a
    place, a source), only where the words come from; the speaker is the subject of the verb
    of saying before the quote, when there is one. None otherwise."""
    if _first_speech_word(article.folded, start, at) is None:
        return None
    note(article, "selon-source")
    found = _before(article, start, at)
    return None if found == UNDECIDED else found


_TRAILING = re.compile(r",\s*(?:(?:a|ont|avait|avaient|aura|encore|aussi|egalement|ensuite|alors|"
                       r"enfin|pour|sa|son|leur|part)\s+){0,4}(?=[^\W\d_])")
"""`…, explique X.` / `…, poursuit-elle.` / `…, a pour sa part lancé X`: an incise closing
the sentence, its verb first or after an auxiliary and adverbs."""


_SELON_NOUN = re.compile(
    r"(?<![\w'])(?:[Ss]elon|[Dd]'après|[Pp]our)\s+(?:le|la|l'|les)\s*(?P<words>(?:[a-zà-ÿ][\w'-]*\s+){1,3})$")
"""`Pour l'association de consommateurs X, …`, `selon l'avocat X`: the speaker behind a noun
(case-sensitive: lower-case words only)."""


def _is_behind_a_noun(article: QuoteArticle, start: int, actor: Actor) -> bool:
    """`Pour l'association X`, `selon l'avocat X`, but not `selon la porte-parole de X`
    (X is the complement of a person: the role speaks, see _before)."""
    found = _SELON_NOUN.search(article.text, max(start, actor[0] - 60), actor[0])
    if found is None:
        return False
    words = fold(found.group("words")).split()
    return not (is_person_noun(found.group("words")) and _OF_WORDS & set(words))


_OF_WORDS = frozenset("de du des d".split())


def _trailing_incise(article: QuoteArticle, start: int, end: int) -> str | None:
    """The speaker of an incise later in the quote's sentence (`« une chambre d'écho » très
    efficace, explique X.`): it attributes the whole sentence. None when there is none."""
    for comma in _TRAILING.finditer(article.folded, start, end):
        word = WORD.match(article.folded, comma.end())
        if word is None:
            continue
        if not (is_speech_word(word.group().split("-")[0], opens_incise=True)
                or INVERTED.search(word.group())) or word.group().endswith("ant"):
            continue
        speaker = _speech_subject(article, word.start(), _clause_end(article.text, word.start(), end))
        if speaker is not None:
            return speaker
    return None


_LINK = re.compile(r"[\s,;]*(?:(?:et|mais|puis|ou|ni|avant|voire)\s+(?:de\s+|d'|que\s+|qu')?)?")
"""What may stand between two quotations that share an incise: `« A », mais « B », dit-il`."""


_INCISE_WORDS = 6
"""The verb of an incise is among the first words after the quote (`», a pour sa part lancé`)."""


def _incise_after(article: QuoteArticle, start: int, limit: int) -> str | None:
    """`», a-t-il ajouté` / `», selon X` / `», a déclaré à l'AFP le ministre X` / `», lance X`."""
    end = _clause_end(article.text, start, limit)
    document = _DOCUMENT_INCISE.match(article.folded, start, end)
    if document is not None and (document["verb"] is None or is_speech_word(document["verb"])):
        note(article, "document-incise")
        return _document_author(article, document)
    window = article.folded[start:end]
    words = list(WORD.finditer(window))
    verb = next((w for i, w in enumerate(words[:_INCISE_WORDS]) if is_speech_word(
        w.group().split("-")[0], opens_incise=i == 0) or INVERTED.search(w.group())
        or i and words[i - 1].group() == "fait" and w.group() in ("savoir", "valoir")), None)
    if verb is None and words:
        return _inverted_name_incise(article, start, end)
    if verb is None or not re.match(r"[\s,)]*$", window[:words[0].start()]):
        return UNDECIDED
    if "," not in window[:words[0].start()] and (verb is not words[0] or _opens_sentence(
            article.text, start + words[0].start())):
        return UNDECIDED  # `« … » de racisme, avant de reconnaître`: no incise without a comma
    if actors_in(article, start, start + verb.start()) or any(
            w.group() in _SUBORDINATORS for w in words if w.start() < verb.start()):
        return UNDECIDED  # `», tandis que X réclamait`: a clause with its subject, no incise
    if verb.group().endswith("ant"):
        return UNDECIDED  # `», réclamant …`: a participle, its subject is the sentence's
    return _speech_subject(article, start + verb.start(), end)


_DOCUMENT_NOUNS = (r"(?:communique|lettre|courrier|message|texte|tweet|publication|declaration"
                   r"|rapport|note|document|avis)s?")
_DOCUMENT_INCISE = re.compile(
    r"[\s)]*,\s*(?:(?:peut|pouvait)-on lire\s+(?:dans|sur)|lit-on\s+(?:dans|sur)"
    r"|(?P<verb>[a-z]+))\s+(?:un|une|le|la|l'|son|sa|leur|ce|cette)\s*"
    rf"(?:(?:dernier|derniere|nouveau|nouvelle|nouvel|bref|long|longue)\s+)?{_DOCUMENT_NOUNS}\b"
    r"(?P<rest>[^,.;:!?«»\"()]{0,80})")
"""`», indique le communiqué du club`, `», peut-on lire dans un communiqué de X`: a document is
the subject of the incise; it speaks for its author, named in its complement (else nobody)."""


def _inverted_name_incise(article: QuoteArticle, start: int, end: int) -> str | None:
    """`», sourit Jean X.`: after a quote and a comma, one verb then a person's name closing
    the clause is an incise whatever the verb (French inverts the subject only there)."""
    incise = _INVERTED_INCISE.match(article.folded, start, end)
    if incise is None or incise["verb"] in _NOT_INCISE_VERBS or incise["verb"].endswith("ant"):
        return UNDECIDED
    actor = next((a for a in article.actors if a[0] == incise.end()), None)
    if actor is None or actor[3] != "PER" or not _CLAUSE_TAIL.match(article.folded, actor[1]):
        return UNDECIDED
    note(article, "inverted-name")
    return actor[2]


_INVERTED_INCISE = re.compile(
    r"[\s)]*,\s*(?:(?:a|avait|s'est|se|s')\s*)?(?P<verb>[a-z]+)\s+"
    r"(?:(?:alors|encore|aussi|ensuite|enfin|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|hier|soir|matin)\s+)*(?:(?:m|mme|me|dr|pr)\.?\s+)?")
_NOT_INCISE_VERBS = frozenset(
    "mais et ou ni comme pour avec chez a au aux de du des dont que qu qui selon sans contre par "
    "sur dans en lors apres avant depuis vers entre sous malgre outre car donc puis or si quand "
    "lorsque tandis alors ainsi soit voire notamment surtout meme y compris le la les un une "
    "son sa ses leur leurs ce cette ces".split())
"""Words after the comma that open no incise (`», mais X …`, `», comme X`)."""
_CLAUSE_TAIL = re.compile(r"\s*(?:[.,;!?)]|$|(?:a|au|aux|dans|sur|devant|lors)\b)")
"""What may follow the name ending an incise."""


def _subject_after_colon(article: QuoteArticle, at: int, end: int) -> str | None:
    """`« Le compte n'y est pas » : la CGT claque la porte`: a quote opening its sentence, then a
    colon and a clause whose subject is an actor: that actor said it (a headline's shape)."""
    colon = _COLON_SUBJECT.match(article.folded, at, end)
    actor = colon and next((a for a in article.actors if a[0] == colon.end()), None)
    if not actor or not _VERB_AFTER_SUBJECT.match(article.folded, actor[1], end):
        return None
    return actor[2]


_COLON_SUBJECT = re.compile(r"\s*:\s*(?:(?:le|la|les)\s+|l')?")
_VERB_AFTER_SUBJECT = re.compile(r"\s+(?:(?:ne|n'|se|s'|y|en)\s*)*[a-z]")
"""A word after the subject (its verb), not a comma or another name."""


def _passive_agent(article: QuoteArticle, mark: Mark, start: int, end: int) -> str | None:
    """`La réforme a été qualifiée de « … » par X`, `Y est accusé par X d'avoir « … »`: a
    participle of saying before the quote, and `par X` right after the quote or the
    participle: X said it. None when the sentence is not so."""
    verb = _first_speech_word(article.folded, start, mark.open_at)
    if verb is None or not article.text[verb.start():verb.end()].endswith(("é", "ée", "és", "ées")):
        return None
    passive = _AUXILIARY_BEFORE.search(article.folded, start, verb.start()) is not None
    for at, limit in ((verb.end(), mark.open_at) if passive else (0, 0), (mark.close_at, end)):
        agent = _BY_AGENT.match(article.folded, at, limit)
        actor = agent and next((a for a in article.actors if a[0] == agent.end()), None)
        if actor and not article.folded.startswith(",", actor[1]):
            return actor[2]  # not `Interrogé par X, Y a dit`: a fronted phrase
    return None


_AUXILIARY_BEFORE = re.compile(r"(?<![\w'])(?:est|sont|etait|etaient|a ete|ont ete|avait ete"
                               r"|sera|seront)\s+$")
_BY_AGENT = re.compile(r"\s*,?\s*par\s+(?:(?:le|la)\s+|l')?(?:(?:m|mme|me)\.?\s+)?")


def _opens_sentence(text: str, at: int) -> bool:
    """`« … » Interrogé sur …`: a capital or a bare participle right after the closing mark,
    no comma between, opens a sentence of its own (a missing full stop), not an incise."""
    word = WORD.match(text, at)
    return word is not None and (word.group()[0].isupper() or word.group().endswith(
        ("é", "ée", "és", "ées")))


_SUBORDINATORS = frozenset("que qu' qui tandis alors lorsque lorsqu' quand si parce puisque dont "
                          "comme".split())
"""Words opening a clause of its own: what follows them is no incise."""


def _speech_subject(article: QuoteArticle, verb_at: int, end: int) -> str | None:
    """Who the speech verb at `verb_at` has as subject, inverted after it: a pronoun
    (`a-t-il dit`), an actor (`a déclaré à l'AFP Jean Dupont`) or a role (`la retraitée`),
    before any relative clause (`le chef du gouvernement, qui parlait aux côtés de X`)."""
    document = _DOCUMENT.match(article.folded, verb_at, end)
    if document is not None:
        note(article, "ss:document")
        return _document_author(article, document)
    relative = _RELATIVE.search(article.folded, verb_at, end)
    end = relative.start() if relative else end
    window = article.folded[verb_at:end]
    inverted = INVERTED.search(window, 0, 40)
    if inverted and not actors_in(article, verb_at, verb_at + inverted.start()):
        note(article, "ss:pronoun")
        return resolve_pronoun(article, verb_at, inverted.group(1))
    demonstrative = _DEMONSTRATIVE_SUBJECT.match(window)
    if demonstrative:
        note(article, "ss:demonstrative")
        return resolve_pronoun(article, verb_at, demonstrative["p"])
    unnamed = next((m.start() for m in _INDEFINITE.finditer(window) if is_person_noun(m["n"])
                    and not PREPOSITION_BEFORE.search(window[:m.start()])), len(window))
    actor = subject_actor(article, verb_at, end, allow_first=True)
    if actor is not None and actor[0] > verb_at + unnamed and not _APPOSED.search(
            article.folded, verb_at, actor[0]):
        note(article, "ss:unnamed")
        return None  # `a expliqué un policier comme le relate le quotidien`: the unnamed speaks
    if actor is not None and _is_joint(article, actor, end):
        note(article, "ss:joint")
        return None  # `», ont déclaré A et B`: a joint statement
    if actor is not None:
        note(article, "ss:actor")
        return actor[2]  # named after the verb, or after its role (`son mari, Gaston`)
    for role in role_phrases(window):
        if role.start() > unnamed:
            note(article, "ss:unnamed")
            return None  # `a expliqué un policier de la BAC, comme le relate …`: unnamed
        if PREPOSITION_BEFORE.search(window[:role.start()]):
            continue
        gender = determiner_gender(window[role.start():role.start("np")])
        if is_person_noun(role.group("np")):
            note(article, "ss:role")
            return resolve_role(article, role.group("np"), verb_at, gender,
                                at=verb_at + role.start("np"),
                                determiner=window[role.start():role.start("np")])
        first = WORD.match(article.text, verb_at + role.start("np"))
        definite = article.text[verb_at + role.start():verb_at + role.start("np")].strip() in (
            "le", "la", "l'")
        if first is not None and definite and is_demonym(first.group()):
            note(article, "ss:demonym")
            return resolve_demonym(article, verb_at, gender)  # not `cette Américaine`: new
        if is_organisation_noun(role.group("np")):
            note(article, "ss:organisation")
            return resolve_organisation(article, role.group("np"), verb_at,
                                        at=verb_at + role.start("np"))
    note(article, "ss:nobody")
    return None


_DOCUMENT = re.compile(
    r"(?:selon|d'apres)\s+(?:un|une|le|la|l'|les|des|son|sa|ses|leur|leurs)\s*"
    r"(?:(?:dernier|derniere|nouveau|nouvelle|nouvel|premier|premiere|recent|recente)\s+)?"
    r"(?:communique|rapport|sondage|etude|enquete|note|lettre|courrier|declaration|document|"
    r"bilan|decompte|chiffres?|donnees|statistiques|estimations?|message|publication|tweet|"
    r"avis|analyse|releve|projection|prevision|previsions)s?\b(?P<rest>[^,.;:!?«»\"()]{0,80})")
"""`selon un communiqué de X`, `selon un sondage mené par l'institut X`: a document speaks for
its author, named after it in a complement."""


def _document_author(article: QuoteArticle, document: re.Match[str]) -> str | None:
    """The first actor of the document's complement (`… de l'Elysée`, `… mené par X`), None
    when the document has no named author (`selon un rapport publié mardi`)."""
    found = actors_in(article, document.start("rest"), document.end("rest"))
    return found[0][2] if found else None


_DEMONSTRATIVE_SUBJECT = re.compile(
    r"[a-z'-]*(?:\s+(?:[a-z]+ment|encore|aussi|alors|ensuite|enfin|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|hier|soir|matin))*\s+"
    r"(?P<p>ce dernier|cette derniere|celui-ci|celle-ci)(?![\w-])")
"""`», a répondu ce dernier`, `», a ajouté mardi celle-ci`: the inverted subject is the
demonstrative, the last person named before (of its gender), as `ce dernier` opening a clause."""
_APPOSED = re.compile(r",\s*(?:(?:m|mme|me|dr|pr)\.?\s+)?$")
"""`a dit un avocat, Me Jean Dupont`: the name set beside the unnamed phrase is its name."""
_INDEFINITE = re.compile(r"(?<![\w'])(?:un|une)\s+(?P<n>[a-z][\w-]*)")
"""`un policier`, `une habitante`: a person the text does not name."""
_RELATIVE = re.compile(r",\s*(?:qui|que|qu'|dont|ou|lequel|laquelle|lesquels|lesquelles)\b")
"""A relative clause after the subject of an incise: its names are not the speaker."""


def _clause_end(text: str, start: int, limit: int) -> int:
    stop = CLAUSE_STOP.search(text, start, max(limit, start))
    return stop.start() if stop else max(limit, start)


def _before(article: QuoteArticle, start: int, end: int) -> str | None:
    """`Selon X, « … »`, `X a estimé « … »`, `Il a jugé « … »`, `Le ministre a dit « … »`."""
    folded = article.folded
    for document in _DOCUMENT.finditer(folded, start, end):
        note(article, "b:document")
        return _document_author(article, document)
    for actor in actors_in(article, start, end):
        if SELON.search(folded, max(start, actor[0] - 12), actor[0]) or _is_behind_a_noun(
                article, start, actor):
            speaking = _speaking_clause_after(article, actor[1], end)
            if speaking is not None:
                note(article, "b:selon-then-speaker")
                found = _before(article, speaking, end)
                return None if found == UNDECIDED else found
            note(article, "b:selon")
            return actor[2]
    judging = _judging_subject(article, start, end) or _relative_speaker(article, start, end)
    if judging is not None:
        note(article, "b:judging")
        return judging
    window = folded[start:end]
    selon = re.search(r"\b(?:selon|d'apres)\s+(?P<d>le|la|l')\s*(?P<np>[a-z][\w' -]{2,40}?)\s*,",
                      window)
    if selon and is_person_noun(selon.group("np")):
        note(article, "b:selon-role")
        return resolve_role(article, selon.group("np"), start, determiner_gender(selon["d"]),
                            at=start + selon.start("np"))
    has_verb = any(is_speech_word(w.group()) for w in WORD.finditer(window))
    reported = _reported_speaker(article, start, end)
    if reported != UNDECIDED:
        note(article, "b:reported")
        return reported
    subject = subject_actor(article, start, end, allow_first=False)
    pronoun = PRONOUN_SUBJECT.search(window)
    if pronoun and (subject is None or start + pronoun.start() < subject[0]):
        note(article, "b:pronoun")
        return resolve_pronoun(article, start + pronoun.start("p"), pronoun.group("p"))
    if subject is not None:
        note(article, "b:subject")
        return None if _is_joint(article, subject, end) else subject[2]
    role = subject_role(window)
    if role is not None:
        note(article, "b:role")
        determiner = window[role.start():role.start("np")]
        return resolve_role(article, role.group("np"), start, determiner_gender(determiner),
                            at=start + role.start("np"), determiner=determiner)
    organisation = subject_organisation(window)
    if organisation is not None:
        note(article, "b:organisation")
        return resolve_organisation(article, organisation.group("np"), start,
                                    at=start + organisation.start("np"))
    inverted = next((w for w in WORD.finditer(window) if is_speech_word(w.group())), None)
    if inverted is not None:
        note(article, "b:inverted")
        return _speech_subject(article, start + inverted.start(), end)
    if not has_verb and window.rstrip().endswith(":"):
        persons = {a[2] for a in actors_in(article, start, end) if a[3] == "PER"}
        if len(persons) == 1:
            note(article, "b:colon-person")
            return persons.pop()  # `Même son de cloche chez X, de la CFDT : « … »`
    return UNDECIDED if not has_verb else None


def _speaking_clause_after(article: QuoteArticle, at: int, end: int) -> int | None:
    """`Selon le magazine X, une source a confié : « … »`: a clause after the `selon` phrase
    with a subject of its own and a finite verb of saying, whose subject speaks (not X):
    where it starts, or None."""
    comma = article.folded.find(",", at, end)
    if comma < 0:
        return None
    verb = _first_speech_word(article.folded, comma, end)
    if verb is None:
        return None
    before = article.folded[comma + 1:verb.start()]
    participle = article.text[verb.start():verb.end()].endswith(("é", "és", "ée", "ées", "ant"))
    finite = not participle or before.split()[-1:] in (["a"], ["ont"], ["avait"], ["avaient"])
    has_subject = _SUBJECT_DETERMINER.search(before) or actors_in(article, comma, verb.start())
    return comma + 1 if finite and has_subject and len(before.split()) <= 16 else None


_SUBJECT_DETERMINER = re.compile(r"(?<![\w'])(?:un|une|le|la|les|l'|des|son|sa|ses|leur|leurs|ce"
                                 r"|cette)(?![\w])")


def _reported_speaker(article: QuoteArticle, start: int, end: int) -> str | None:
    """`X raconte qu'un homme lui a dit de « … »`: the verb of saying nearest the quote is in a
    que-clause complement of another verb of saying; its subject speaks: an actor, or nobody
    named (`un homme`). UNDECIDED when the nearest verb of saying is not in such a clause."""
    verbs = [w for w in WORD.finditer(article.folded, start, end)
             if is_speech_word(w.group().split("-")[0])]
    if not verbs:
        return UNDECIDED
    verb = verbs[-1]
    ques = list(_QUE.finditer(article.folded, start, verb.start()))
    if not ques or any(w.start() > ques[-1].end() for w in verbs[:-1]) or not any(
            w.end() <= ques[-1].start() for w in verbs[:-1]):
        return UNDECIDED  # the que-clause is no complement of an earlier verb of saying
    que = ques[-1]
    unnamed = _UNNAMED_OPENING.match(article.folded, que.end(), verb.start())
    if unnamed is not None and is_person_noun(unnamed["n"]):
        return None
    subjects = subject_mentions(article, que.end(), verb.start())
    return subjects[0][2] if subjects else UNDECIDED


_QUE = re.compile(r"(?<![\w'])(?:que\s+|qu')")
_UNNAMED_OPENING = re.compile(r"\s*(?:un|une)\s+(?P<n>[a-z][\w-]*)")


def _judging_subject(article: QuoteArticle, start: int, end: int) -> str | None:
    """`…, ce que le syndicat considère comme la « ligne rouge »`: the subject of a relative clause
    whose verb of saying or judging governs the quote speaks, whoever the sentence is about."""
    for actor in reversed(actors_in(article, start, end)):
        relative = _RELATIVE_SUBJECT.search(article.folded, max(start, actor[0] - 12), actor[0])
        verb = _VERB_BEFORE_QUOTE.fullmatch(article.folded, actor[1], end)
        if relative is not None and verb is not None and is_speech_word(verb["verb"]):
            return actor[2]
    return None


def _relative_speaker(article: QuoteArticle, start: int, end: int) -> str | None:
    """`X a répondu à Y, qui l'accusait d'avoir « menti »`: a relative clause on a name whose
    verb of saying governs the quote (no other name after `qui`): the name speaks, or for an
    organisation in a complement the person before it (`X, chercheur à l'université Y, qui
    rappelle`)."""
    actors = actors_in(article, start, end)
    for index in range(len(actors) - 1, -1, -1):
        qui = _QUI.match(article.folded, actors[index][1], end)
        if qui is None:
            continue
        if index + 1 < len(actors) or _first_speech_word(article.folded, qui.end(), end) is None:
            return None
        antecedent = actors[index]
        if antecedent[3] == "ORG" and PREPOSITION_BEFORE.search(
                article.folded, max(start, antecedent[0] - 24), antecedent[0]):
            persons = [a for a in actors[:index] if a[3] == "PER"]
            antecedent = persons[-1] if persons else antecedent
        return antecedent[2]
    return None


_QUI = re.compile(r"\s*,?\s*qui\b")


_RELATIVE_SUBJECT = re.compile(r"(?<![\w'])(?:que|qu')\s*(?:(?:le|la|les|l')\s*)?$")
_VERB_BEFORE_QUOTE = re.compile(
    r"\s+(?:(?:a|ont|avait|avaient|ne|n')\s*)?(?P<verb>[a-z]+)\s+(?:(?:comme|de|d'|en)\s*)?"
    r"(?:(?:le|la|les|l'|un|une|des|du)\s*)?")
"""The verb right after the relative's subject, then at most a particle and a determiner."""


def _is_joint(article: QuoteArticle, subject: Actor, end: int) -> bool:
    """`A et B ont dénoncé « … »`: a joint statement is nobody's (GUIDELINES: null)."""
    return any(_JOINT.fullmatch(article.folded, subject[1], other[0])
               for other in actors_in(article, subject[1], end) if other[3] == subject[3])


_JOINT = re.compile(r"\s*(?:,\s*)?(?:et|ainsi que)\s+(?:(?:m|mme|me)\.?\s+)?")


def _from_context(article: QuoteArticle, mark: Mark, sentence: Span, last: Span) -> str | None:
    """A quote alone in its sentence: the previous quote's speaker, or the speaker of the
    sentence just before (`X a expliqué : …`, `…, dit-elle à l'AFP.`), else of the sentence
    just after (`« … ». Vendredi, X se félicitait …`)."""
    opening = fold(article.text[sentence[0]:mark.open_at]).split()
    if any(word not in _CONNECTORS for word in opening):
        note(article, "c:continued")
        return _continued(article, mark, sentence, last)
    alone = len(article.text[mark.close_at:last[1]].split()) <= 3
    index = index_of(mark.open_at, article.sentences)
    found = _from_sentence_before(article, mark, index, alone=alone) if index else UNDECIDED
    if found == UNDECIDED and alone:
        note(article, "c:next-sentence")
        return _from_sentence_after(article, mark, index_of(mark.close_at - 1, article.sentences))
    return None if found == UNDECIDED else found


_CONNECTORS = frozenset("et mais puis ou or donc alors enfin ensuite aussi car -".split())
"""Words that may open a sentence whose quote goes on from the sentences before (`Mais « … »`);
any other (`Les manifestants scandaient « … »`) opens a clause of its own."""


def _continued(article: QuoteArticle, mark: Mark, sentence: Span, last: Span) -> str | None:
    """`« … », explique X. Du coup, la mention d'un vaccin « est devenue … ».`: a sentence
    naming nobody, with no verb of saying outside the quote, right after a quote in its
    paragraph goes on with that quote's speaker."""
    index = index_of(sentence[0], article.sentences)
    if not index or not article.spoken or actors_in(article, sentence[0], last[1]):
        return None
    previous_mark, speaker = article.spoken[-1]
    previous_start = article.sentences[index - 1][0]
    if not previous_start <= previous_mark.open_at < sentence[0] or not near_paragraph(
            article, previous_start, sentence[0], 0):
        return None
    if any(_first_speech_word(article.folded, s, e) for s, e in (
            (sentence[0], mark.open_at), (mark.close_at, last[1]))):
        return None
    return speaker


def _from_sentence_before(article: QuoteArticle, mark: Mark, index: int, *, alone: bool
                          ) -> str | None:
    prev_start, prev_end = article.sentences[index - 1]
    same_paragraph = near_paragraph(article, prev_start, mark.open_at, 0)
    if not (alone and near_paragraph(article, prev_start, mark.open_at, 1) or same_paragraph):
        return UNDECIDED
    if article.spoken and article.spoken[-1][0].close_at >= prev_start:
        note(article, "c:previous-quote")
        return _speaker_after_quote(article, article.spoken[-1], mark)
    if not alone:
        note(article, "c:not-alone")
        return None
    verb = _first_speech_word(article.folded, prev_start, prev_end)
    if verb is None and article.text[prev_start:mark.open_at].rstrip().endswith(":"):
        note(article, "c:colon")  # `X est catégorique :` then the quote: its subject's words
        subject = _before(article, prev_start, prev_end)
        return None if subject == UNDECIDED else subject
    if verb is None:
        note(article, "c:leading-person")
        return _leading_person(article, prev_start, prev_end) if same_paragraph else UNDECIDED
    note(article, "c:sentence-before")
    spoken_before = _before(article, prev_start, verb.start())
    if spoken_before == UNDECIDED:
        note(article, "c:verb-after")
        return _speech_subject(article, verb.start(), prev_end)
    return spoken_before


def _speaker_after_quote(article: QuoteArticle, previous: tuple[Mark, str | None], mark: Mark
                         ) -> str | None:
    """The quote before goes on (`« A », dit X. « B »`) unless someone else speaks after it
    (`« A. » Puis Y a réagi. « B »`)."""
    previous_mark, speaker = previous
    for other in subject_mentions(article, previous_mark.close_at, mark.open_at):
        verb = _first_speech_word(article.folded, other[1], mark.open_at)
        if other[2] != speaker and verb is not None and not actors_in(
                article, other[1], verb.start()) and len(
                article.folded[other[1]:verb.start()].split()) <= _SUBJECT_TO_VERB:
            note(article, "c:new-speaker")
            return other[2]
    return speaker


_SUBJECT_TO_VERB = 3
"""Words at most between a subject and its verb of saying (`Y a alors réagi`)."""


def _leading_person(article: QuoteArticle, start: int, end: int) -> str | None:
    """`X, elle, n'est pas d'accord. « … »`: the person opening the sentence before, as its
    subject, or named right after the role opening it; UNDECIDED when it opens otherwise."""
    subject = subject_actor(article, start, end, allow_first=False)
    if subject is None or subject[3] != "PER" or article.text[start:subject[0]].strip() and not (
            _ROLE_APPOSED.fullmatch(article.folded, start, subject[0])):
        return UNDECIDED
    return subject[2]


_ROLE_APPOSED = re.compile(r"\s*(?:le|la|l')\s*[a-z][^,.;:!?«»\"()]{0,60},\s*(?:(?:m|mme|me|dr|pr)\.?\s+)?")
"""`Le président de la fédération, Paul X, s'est montré prudent.`: the role set before the
name opening the sentence leaves the name its subject."""


def _from_sentence_after(article: QuoteArticle, mark: Mark, index: int) -> str | None:
    """The person subject of a speech verb in the next sentence, when that sentence is in the
    quote's paragraph and holds no quotation of its own."""
    paragraph = article.paragraphs[index_of(mark.open_at, article.paragraphs)]
    if index + 1 >= len(article.sentences):
        return None
    start, end = article.sentences[index + 1]
    if end > paragraph[1] or re.search(r"[«\"]", article.text[start:end]):
        return None
    verb = _first_speech_word(article.folded, start, end)
    subject = subject_actor(article, start, verb.start(), allow_first=False) if verb else None
    return subject[2] if subject is not None and subject[3] == "PER" else None


def _first_speech_word(folded: str, start: int, end: int) -> re.Match[str] | None:
    return next((w for w in WORD.finditer(folded, start, end) if is_speech_word(
        w.group().split("-")[0]) or INVERTED.search(w.group())), None)
