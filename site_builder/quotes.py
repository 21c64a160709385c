"""Quotations and their speakers (pure functions on the normalized text).

Quotation marks: `« »` and straight `"…"` (typographic `“ ”` arrive as `"`, see nlp.prepare_text).
A quotation running over several paragraphs, French style (an opening mark at the start of each
continued paragraph, the closing one only at the end), is one quotation: one QuoteSpan per
paragraph, all with the same speaker. Subheadings (`- « Contact rompu » -`) hold no quotation.

What is a quotation: a passage of at least MIN_QUOTE_WORDS words or one ending a sentence; a
shorter fragment of two words or more only when its sentence attributes it (a speech verb and a
speaker); a single quoted word (« imprudente ») is a term, never a quotation.

The speaker, in order (the first rule that applies decides, and may decide `None`):
1. an incise after the quote: `», a-t-il ajouté`, `», a déclaré à l'AFP le ministre X`,
   `», selon X`, `», explique la retraitée` (a role: the one person the article gives it);
2. before it in its sentence: `selon X`, `pour X,`, the subject (`X, 45 ans, a estimé que « … »`,
   `Il a jugé`, `Le ministre de l'Intérieur a annoncé`), or the incise between two quotes;
3. a quote standing alone in its sentence: the speaker of the quote just before it, or the
   subject of a previous sentence ending in `:`.
A pronoun (`il`, `elle`, `ce dernier`) is the person last speaking or last subject of the
sentences before (of the pronoun's gender when the text tells it); a role phrase (`le
ministre`) is the one person holding that role in the article; organisations speak too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.entity_cues import TITLES
from site_builder.gazetteer import fold

MIN_QUOTE_WORDS = 4
Actor = tuple[int, int, str, str]
"""(start, end, slug, label) of an actor mention, label PER or ORG."""
Span = tuple[int, int]


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    speaker: str | None
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class Mark:
    """One quotation: the body of each of its paragraphs, and where its marks are."""

    segments: tuple[Span, ...]
    open_at: int
    """Offset of the opening mark."""
    close_at: int
    """Offset just after the closing mark."""


# --- quotation marks ------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"[^\n]+")
_SUBHEADING = re.compile(r"^\s*[-–—]\s.*\s[-–—]\s*$")
_MARK = re.compile(r"[«»\"]")


def find_marks(text: str) -> list[Mark]:
    """Every quotation of `text`, paragraph by paragraph, continued paragraphs joined."""
    marks: list[Mark] = []
    chain: list[Span] = []
    chain_open = chain_kind = None
    for paragraph in _PARAGRAPH.finditer(text):
        start, end = paragraph.span()
        if _SUBHEADING.match(paragraph.group()):
            chain, chain_open = [], None
            continue
        cursor = start
        if chain_open is not None:
            first = _first_char(text, start, end)
            if first is not None and text[first] == chain_kind:
                cursor = first + 1
            else:
                chain, chain_open = [], None
        spans, tail = _pairs(text, cursor, end, continuing=chain_open is not None, kind=chain_kind)
        for span_open, body, close in spans:
            if chain_open is not None:
                marks.append(Mark((*chain, _trim(text, *body)), chain_open, close))
                chain, chain_open = [], None
            else:
                marks.append(Mark((_trim(text, *body),), span_open, close))
        if tail is not None:
            tail_open, body, kind = tail
            if chain_open is None:
                chain_open, chain_kind = tail_open, kind
            chain.append(_trim(text, *body))
        elif chain_open is not None and not spans:
            chain, chain_open = [], None
    return [mark for mark in marks if all(e > s for s, e in mark.segments)]


def _first_char(text: str, start: int, end: int) -> int | None:
    for index in range(start, end):
        if not text[index].isspace():
            return index
    return None


def _pairs(text: str, start: int, end: int, *, continuing: bool, kind: str | None
           ) -> tuple[list[tuple[int, Span, int]], tuple[int, Span, str] | None]:
    """(open, body, close) of each closed quotation in text[start:end], and the one left open
    at the paragraph's end (open, body, kind), if any. `continuing`: the paragraph starts
    inside a quotation of `kind` (`«` or `"`, its mark already passed)."""
    found = []
    open_at, open_kind = (start - 1, kind) if continuing else (None, None)
    for mark in _MARK.finditer(text, start, end):
        char, role = mark.group(), _role_of(text, mark.start(), end)
        char = '"' if char == '"' else "«"
        if open_kind is None:
            if role != "close":
                open_at, open_kind = mark.start(), char
        elif char == open_kind and role != "open":
            found.append((open_at, (open_at + 1, mark.start()), mark.end()))
            open_at = open_kind = None
        elif char == open_kind == "«":
            open_at = mark.start()  # a second opening: the first one was never closed
    if open_kind is None or open_at is None:
        return found, None
    return found, (open_at, (open_at + 1, end), open_kind)


def _role_of(text: str, at: int, end: int) -> str:
    """`open`, `close` or `either`, from the mark and its spacing: `« a`, `a »`, and the
    mirrored guillemets of damaged copy (`des »mots« ici`)."""
    char = text[at]
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < end else " "
    if char == "«":
        return "close" if before.isalnum() and not after.isalnum() else "open"
    if char == "»":
        return "open" if before.isspace() and after.isalnum() else "close"
    return "either"


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- sentences that never cut a quotation ---------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+(?:\s*[»\"])?(?=\s+[«\"(\[A-ZÀ-Ý0-9-])")
_ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-Z]|M|Mme|Mmes|Mlle|Me|Mgr|Dr|Pr|St|Ste|av|J\.-C|etc)$")


def quote_sentences(text: str, marks: list[Mark]) -> list[Span]:
    """Sentences of `text`, one paragraph at a time; a boundary inside a quotation is none."""
    inside = [(mark.open_at, mark.close_at - 1) for mark in marks]
    sentences = []
    for paragraph in _PARAGRAPH.finditer(text):
        start, end = paragraph.span()
        for boundary in _BOUNDARY.finditer(text, start, end):
            cut = boundary.end()
            if _ABBREVIATION.search(text, max(start, boundary.start() - 6), boundary.start()):
                continue
            if any(s < cut <= e for s, e in inside):
                continue
            sentences.append((start, cut))
            start = cut
        sentences.append((start, end))
    return sentences


def _index_of(offset: int, spans: list[Span]) -> int:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return max(len(spans) - 1, 0)


# --- words --------------------------------------------------------------------------------

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
    r"|rel[eè]v|releve|reconnu|promis|promett|ass[eé]n|martel|resum|souffl|confess|sout)"
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
    "dite dites ecrivain ecrivains ecriture ecrits decision decisions".split())
"""Nouns and other words that the stems above also begin (`notamment`, `directeur`)."""


def is_speech_word(word: str) -> bool:
    """`déclaré`, `a-t-elle ajouté`'s `ajouté`, `selon`: a verb of saying (folded match)."""
    key = fold(word)
    return key not in _NOT_VERBS and SPEECH_VERB.fullmatch(key) is not None


_WORD = re.compile(r"[^\W\d_][\w'-]*")
_INVERTED = re.compile(r"(?:\bt|-t)?-(il|elle|ils|elles)\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*|\bet\s+|\bmais\s+|\bpuis\s+|\balors\s+|\bselon\s+|\bpour\s+)(?P<p>ils?|elles?"
    r"|lui|ce dernier|cette derniere|celui-ci|celle-ci)\b(?!\s+(?:y\s|faut|s'agit|semble|reste"
    r"|suffit|est\s+(?:possible|probable|vrai|clair|temps|question|difficile|important|evident)))")
_ROLE_NP = re.compile(r"(?<![\w'])(?:le|la|l'|son|sa|leur|ce|cette)\s*(?P<np>[a-z][\w'-]*(?:\s+"
                      r"(?:de la|de l'|des|du|de|d'|en|[a-z][\w-]*)\s*[\w'-]*){0,4})")
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w'])(?:a|au|aux|de|du|des|d'|par|avec|contre|sur|sous|chez|dans|en|entre|vers|envers"
    r"|apres|avant|que|qu'|comme|face|depuis|aupres de|aupres du|parmi)\s*"
    r"(?:(?:le|la|les|l')\s*)?$")
_SELON = re.compile(r"(?<![\w'])(?:selon|d'apres|pour)\s+(?:(?:le|la|l'|les)\s*)?$")
_CLAUSE_STOP = re.compile(r"[!?;«\":]|(?<![A-Z])(?<!\bMme)(?<!\bMgr)\.(?=\s|$)")
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
_FEMININE_CUE = re.compile(
    r"(?:\b(?:Mme|Madame|Mlle)\.?|(?<![\w'])(?:[Ll]a|[Uu]ne|[Cc]ette))\s+"
    r"(?:(?!(?:de|du|des|d)\b)[a-zà-ÿ'-]+\s+){0,3}$")
_MASCULINE_CUE = re.compile(
    r"(?:\b(?:M|Monsieur|Mr)\.?|(?<![\w'])(?:[Ll]e|[Uu]n|[Cc]e))\s+"
    r"(?:(?!(?:de|du|des|d)\b)[a-zà-ÿ'-]+\s+){0,3}$")


# --- the speaker --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Article:
    """What attribution looks at: the text, its sentences and actors, and their roles."""

    text: str
    folded: str
    sentences: list[Span]
    paragraphs: list[Span]
    actors: list[Actor]
    """Actor mentions outside quotation marks, in text order."""
    roles: Mapping[str, tuple[str, ...]]
    genders: dict[str, str]
    """Person slug -> `F`/`M` when the text tells it (cues, then resolved pronouns)."""
    labels: Mapping[str, str]
    """Actor slug -> PER or ORG."""
    spoken: list[tuple[Mark, str | None]]
    """Quotations attributed so far, in order (find_quotes appends as it goes)."""


_UNDECIDED = "?"
"""A rule found nothing to go on: the next rule is tried (a rule may also decide None)."""


def find_quotes(text: str, sentences: list[Span], actors: list[Actor],
                roles: Mapping[str, tuple[str, ...]] | None = None) -> list[QuoteSpan]:
    """Every quotation of `text` with its speaker's slug (None when the text does not say).

    `sentences` (spaCy's) are not used for attribution: quotations cut them in odd places;
    the module's own sentences never cut a quotation. `roles`: person slug -> role phrases
    of the article (roles.find_roles), used to resolve `le ministre` to a person."""
    del sentences
    marks = find_marks(text)
    own = quote_sentences(text, marks)
    spans = [(mark.open_at, mark.close_at) for mark in marks]
    speaking = sorted(a for a in actors if not any(s <= a[0] < e for s, e in spans))
    article = _Article(text, _fold_same_length(text), own,
                       [m.span() for m in _PARAGRAPH.finditer(text)], speaking, roles or {}, {},
                       {a[2]: a[3] for a in actors}, [])
    article.genders.update(_genders(article))
    quotes: list[QuoteSpan] = []
    for index, mark in enumerate(marks):
        speaker = attribute(article, mark, marks[index + 1] if index + 1 < len(marks) else None)
        if not _is_quotation(text, mark, has_speaker=speaker is not None):
            continue
        article.spoken.append((mark, speaker))
        first, last = _index_of(mark.open_at, own), _index_of(mark.close_at - 1, own)
        bounds = own[first][0], own[last][1]
        quotes.extend(QuoteSpan(start, end, speaker, *bounds) for start, end in mark.segments)
    return quotes


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay valid)."""
    return "".join(_fold_char(char) for char in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    folded = fold(char)
    return folded[0] if len(folded) == 1 else ("'" if char in "’‘" else char.lower()[:1] or " ")


def _is_quotation(text: str, mark: Mark, *, has_speaker: bool) -> bool:
    body = " ".join(text[s:e] for s, e in mark.segments)
    words = len(body.split())
    if words >= MIN_QUOTE_WORDS or len(mark.segments) > 1:
        return True
    if body.rstrip().endswith(("!", "?", ".", "…")) and words > 1:
        return True
    return words >= 2 and has_speaker


def is_quotation(body: str) -> bool:
    """A quotation whatever its context: ≥ MIN_QUOTE_WORDS words, or a whole sentence."""
    return len(body.split()) >= MIN_QUOTE_WORDS or body.rstrip().endswith(("!", "?", ".", "…"))


def attribute(article: _Article, mark: Mark, following: Mark | None = None) -> str | None:
    """The slug of who said `mark`, or None. `following`: the next quotation, whose incise
    also tells who said this one when only `et`/`mais` stands between them."""
    sentence = article.sentences[_index_of(mark.open_at, article.sentences)]
    last_sentence = article.sentences[_index_of(mark.close_at - 1, article.sentences)]
    after = _incise_after(article, mark.close_at, last_sentence[1])
    if after == _UNDECIDED and following is not None and _LINK.fullmatch(
            article.folded, mark.close_at, following.open_at):
        after = _incise_after(article, following.close_at, last_sentence[1])
    if after != _UNDECIDED:
        return after
    previous = article.spoken[-1] if article.spoken else None
    clause_start = sentence[0]
    if previous is not None and sentence[0] <= previous[0].close_at <= mark.open_at:
        clause_start = previous[0].close_at
        between = _incise_after(article, clause_start, mark.open_at)
        if between != _UNDECIDED:
            return between
        if not _actors_in(article, clause_start, mark.open_at):
            return previous[1]
    before = _before(article, clause_start, mark.open_at)
    if before != _UNDECIDED:
        return before
    return _from_context(article, mark, sentence, last_sentence)


_LINK = re.compile(r"[\s,;]*(?:(?:et|mais|puis|ou|ni|avant|voire)\s+(?:de\s+|d'|que\s+|qu')?)?")
"""What may stand between two quotations that share an incise: `« A », mais « B », dit-il`."""


_INCISE_WORDS = 6
"""The verb of an incise is among the first words after the quote (`», a pour sa part lancé`)."""


def _incise_after(article: _Article, start: int, limit: int) -> str | None:
    """`», a-t-il ajouté` / `», selon X` / `», a déclaré à l'AFP le ministre X` / `», lance X`."""
    end = _clause_end(article.text, start, limit)
    window = article.folded[start:end]
    words = list(_WORD.finditer(window))
    verb = next((w for w in words[:_INCISE_WORDS] if is_speech_word(w.group().split("-")[0])
                 or _INVERTED.search(w.group())), None)
    if verb is None or not re.match(r"[\s,)]*$", window[:words[0].start()]):
        return _UNDECIDED
    if verb.group().endswith("ant"):
        return _UNDECIDED  # `», réclamant …`: a participle, its subject is the sentence's
    return _speech_subject(article, start + verb.start(), end)


def _speech_subject(article: _Article, verb_at: int, end: int) -> str | None:
    """Who the speech verb at `verb_at` has as subject, inverted after it: a pronoun
    (`a-t-il dit`), an actor (`a déclaré à l'AFP Jean Dupont`) or a role (`la retraitée`)."""
    window = article.folded[verb_at:end]
    inverted = _INVERTED.search(window, 0, 40)
    if inverted and not _actors_in(article, verb_at, verb_at + inverted.start()):
        return _resolve_pronoun(article, verb_at, inverted.group(1))
    actor = _subject_actor(article, verb_at, end, allow_first=True)
    if actor is not None:
        return actor[2]
    for role in _ROLE_NP.finditer(window):
        if _PREPOSITION_BEFORE.search(window[:role.start()]):
            continue
        if _is_person_noun(role.group("np")):
            gender = _determiner_gender(window[role.start():role.start("np")])
            return _resolve_role(article, role.group("np"), verb_at, gender)
    return None


def _is_person_noun(phrase: str) -> bool:
    head = fold(phrase).split()[:1]
    if not head:
        return False
    word = head[0]
    return word in TITLES or word in PERSON_NOUNS or word in _ROLE_HEADS or (
        len(word) > 5 and word.endswith(_PERSON_SUFFIXES))


def _determiner_gender(determiner: str) -> str | None:
    word = determiner.strip().rstrip("'")
    return {"la": "F", "sa": "F", "cette": "F", "le": "M", "ce": "M"}.get(word)


def _clause_end(text: str, start: int, limit: int) -> int:
    stop = _CLAUSE_STOP.search(text, start, max(limit, start))
    return stop.start() if stop else max(limit, start)


def _before(article: _Article, start: int, end: int) -> str | None:
    """`Selon X, « … »`, `X a estimé « … »`, `Il a jugé « … »`, `Le ministre a dit « … »`."""
    folded = article.folded
    for actor in _actors_in(article, start, end):
        if _SELON.search(folded, max(start, actor[0] - 12), actor[0]):
            return actor[2]
    window = folded[start:end]
    selon = re.search(r"\b(?:selon|d'apres)\s+(?P<d>le|la|l')\s*(?P<np>[a-z][\w' -]{2,40}?)\s*,",
                      window)
    if selon and _is_person_noun(selon.group("np")):
        return _resolve_role(article, selon.group("np"), start, _determiner_gender(selon["d"]))
    has_verb = any(is_speech_word(w.group()) for w in _WORD.finditer(window))
    subject = _subject_actor(article, start, end, allow_first=False)
    pronoun = _PRONOUN_SUBJECT.search(window)
    if pronoun and (subject is None or start + pronoun.start() < subject[0]):
        return _resolve_pronoun(article, start + pronoun.start("p"), pronoun.group("p"))
    if subject is not None:
        return subject[2]
    role = _subject_role(window)
    if role is not None:
        return _resolve_role(article, role[1], start, _determiner_gender(role[0]))
    inverted = next((w for w in _WORD.finditer(window) if is_speech_word(w.group())), None)
    if inverted is not None:
        return _speech_subject(article, start + inverted.start(), end)
    return _UNDECIDED if not has_verb else None


def _subject_role(window: str) -> tuple[str, str] | None:
    """`le ministre de l'Intérieur avait annoncé` -> (`le`, `ministre de l interieur`)."""
    for match in _ROLE_NP.finditer(window):
        if _PREPOSITION_BEFORE.search(window[:match.start()]):
            continue
        np = match.group("np")
        head = fold(np).split()[:1]
        if head and (head[0] in TITLES or head[0] in _ROLE_HEADS):
            return window[match.start():match.start("np")], np
        return None
    return None


_ROLE_HEADS = frozenset("porte-parole porte secretaire chef patron responsable elu elue".split())


def _from_context(article: _Article, mark: Mark, sentence: Span, last: Span) -> str | None:
    """A quote alone in its sentence: the previous quote's speaker, or the speaker of the
    sentence just before (`X a expliqué : …`, `…, dit-elle à l'AFP.`)."""
    if len(article.text[sentence[0]:mark.open_at].split()) > 3:
        return None
    index = _index_of(mark.open_at, article.sentences)
    if index == 0:
        return None
    prev_start, prev_end = article.sentences[index - 1]
    alone = len(article.text[mark.close_at:last[1]].split()) <= 3
    same_paragraph = _near_paragraph(article, prev_start, mark.open_at, 0)
    if not (alone and _near_paragraph(article, prev_start, mark.open_at, 1) or same_paragraph):
        return None
    if article.spoken and article.spoken[-1][0].close_at >= prev_start:
        return article.spoken[-1][1]
    if not alone:
        return None
    folded = article.folded[prev_start:prev_end]
    verb = next((w for w in _WORD.finditer(folded) if is_speech_word(w.group().split("-")[0])
                 or _INVERTED.search(w.group())), None)
    if verb is None:
        return None
    spoken_before = _before(article, prev_start, prev_start + verb.start())
    if spoken_before == _UNDECIDED:
        return _speech_subject(article, prev_start + verb.start(), prev_end)
    return spoken_before


def _near_paragraph(article: _Article, earlier: int, later: int, apart: int) -> bool:
    """`earlier` is in the paragraph of `later` or at most `apart` paragraphs before."""
    return _index_of(later, article.paragraphs) - _index_of(earlier, article.paragraphs) <= apart


def _actors_in(article: _Article, start: int, end: int) -> list[Actor]:
    return [a for a in article.actors if start <= a[0] and a[1] <= end]


def _subjects(article: _Article, start: int, end: int) -> list[Actor]:
    """The actors of text[start:end] not inside a prepositional phrase or parentheses
    (`à l'AFP`, `par M. Macron`)."""
    candidates = []
    for actor in _actors_in(article, start, end):
        before = article.folded[max(start, actor[0] - 24):actor[0]]
        if _PREPOSITION_BEFORE.search(before) or article.text.count("(", start, actor[0]) > \
                article.text.count(")", start, actor[0]):
            continue
        candidates.append(actor)
    return candidates


def _subject_actor(article: _Article, start: int, end: int, *, allow_first: bool) -> Actor | None:
    """The first of _subjects, persons before organisations in an incise (`allow_first`)."""
    candidates = _subjects(article, start, end)
    if not candidates:
        return None
    if allow_first:
        persons = [a for a in candidates if a[3] == "PER"]
        return (persons or candidates)[0]
    return candidates[0]


_LOOK_BACK = 6
"""Sentences searched back for the person a pronoun or a role phrase stands for..."""
_LOOK_BACK_PARAGRAPHS = 3
"""... in its paragraph and at most this many before it."""


def _resolve_pronoun(article: _Article, offset: int, pronoun: str) -> str | None:
    """The person `il`/`elle`/`ce dernier` at `offset` stands for, or None."""
    pronoun = pronoun.lower()
    gender = "F" if pronoun.startswith(("elle", "cette", "celle")) else "M"
    if pronoun in ("ce dernier", "cette derniere", "celui-ci", "celle-ci"):
        persons = [a for a in article.actors if a[1] <= offset and a[3] == "PER"]
        fitting = [a for a in persons if article.genders.get(a[2], gender) == gender]
        return _learn(article, fitting[-1][2], gender) if fitting else None
    found = _recent_person(article, offset, gender)
    return _learn(article, found, gender) if found else None


def _learn(article: _Article, slug: str, gender: str | None) -> str:
    """Remember the gender a pronoun or a determiner gave `slug`."""
    if gender is not None:
        article.genders.setdefault(slug, gender)
    return slug


def _recent_person(article: _Article, offset: int, gender: str | None) -> str | None:
    """The person last speaking or last subject before `offset` (of `gender` if known); a
    sentence whose subject is itself a pronoun passes on the person that one stands for."""
    index = _index_of(offset, article.sentences)
    first_paragraph = _index_of(offset, article.paragraphs) - _LOOK_BACK_PARAGRAPHS
    for position in range(index, max(index - _LOOK_BACK, -1), -1):
        start, end = article.sentences[position]
        if _index_of(start, article.paragraphs) < first_paragraph:
            break
        stop = min(end, offset)
        speakers = [slug for mark, slug in reversed(article.spoken)
                    if slug in article.labels and start <= mark.open_at < stop]
        subjects = [a[2] for a in _subjects(article, start, stop) if a[3] == "PER"]
        pronoun = _PRONOUN_SUBJECT.search(article.folded, start, stop)
        if pronoun and not subjects and position < index and pronoun.group("p") in _PERSONAL:
            chained = _recent_person(article, pronoun.start("p"),
                                     "F" if pronoun.group("p").startswith("elle") else "M")
            subjects = [chained] if chained else []
        for slug in speakers + subjects:
            if article.labels.get(slug) == "PER" and (
                    gender is None or article.genders.get(slug, gender) == gender):
                return slug
    return None


_PERSONAL = frozenset({"il", "elle"})


def _resolve_role(article: _Article, phrase: str, offset: int, gender: str | None) -> str | None:
    """`le ministre de l'Intérieur` -> the one person the article gives that role; when it
    gives it to nobody, the person last speaking or last subject (`», ajoute la retraitée`);
    None when several persons hold it."""
    key = fold(phrase)
    keys = (key, *ROLE_EQUIVALENTS.get(key, ()))
    holders = []
    for slug, roles in article.roles.items():
        folded_roles = [fold(role) for role in roles]
        if any(_role_matches(k, role) for k in keys for role in folded_roles):
            holders.append(slug)
    if len(holders) == 1:
        return _learn(article, holders[0], gender)
    if holders:
        return None
    found = _recent_person(article, offset, gender)
    return _learn(article, found, gender) if found else None


def _role_matches(phrase: str, role: str) -> bool:
    """`ministre` ~ `ministre de l interieur`; `premier ministre` !~ `ministre`."""
    role_words = [w for w in role.split() if w not in ("ancien", "ancienne", "nouveau", "nouvelle")]
    phrase_words = phrase.split()
    shorter, longer = sorted((role_words, phrase_words), key=len)
    return bool(shorter) and longer[:len(shorter)] == shorter


def _genders(article: _Article) -> dict[str, str]:
    """Person slug -> `F` or `M` when its mentions are preceded by `Mme`/`la …` or `M.`/`le …`
    (and never by both)."""
    votes: dict[str, set[str]] = {}
    for start, _, slug, label in article.actors:
        if label != "PER":
            continue
        before = article.text[max(0, start - 40):start]
        clause = before[before.rfind(",") + 1:]
        if _FEMININE_CUE.search(clause):
            votes.setdefault(slug, set()).add("F")
        elif _MASCULINE_CUE.search(clause):
            votes.setdefault(slug, set()).add("M")
    return {slug: next(iter(found)) for slug, found in votes.items() if len(found) == 1}
