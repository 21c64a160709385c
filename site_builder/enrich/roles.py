"""Roles of persons from their context (pure functions on the normalized text).

A role is a function the text gives a person, in one of these shapes:
- a title run before the name: `le président américain X`, `le ministre de la Santé X`,
  `le député LREM X`, `du tueur en série X`, `les actrices A et B` (each gets it);
- a role phrase, then a comma, before the name: `le ministre de l'Economie, X`,
  `Son avocat, Me X`;
- an apposition after the name, between commas or in parentheses: `X, maire de Lyon,`,
  `X, 45 ans, avocat de Y`, `X, l'un des avocats de la famille`, `X (co-auteure de …)`;
- enumerations `les présidents russe, iranien et turc – A, B et C` (mapped in order).
Kinship words (`soeur`, `épouse`) are not roles, nor ages or relative clauses. Roles are
returned as offsets so the caller can quote the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from site_builder.enrich.entity_cues import CIVILITIES, DETERMINERS, TITLES
from site_builder.enrich.gazetteer import fold

Span = tuple[int, int]
Person = tuple[int, int, str]
_WORD = re.compile(r"[^\W\d_][\w.-]*'?")

KINSHIP = frozenset((
    "epouse epoux femme mari fils fille frere soeur pere mere veuve veuf oncle tante neveu "
    "niece cousin cousine grand-mere grand-pere grand mere pere compagne compagnon "
    "petite-fille petit-fils beau-frere belle-soeur belle-mere beau-pere enfant enfants").split())
"""Words of family, not of function: never a role (GUIDELINES: not kinship)."""
ROLE_NOUNS = frozenset((
    "porte-parole porte secretaire membre responsable figure joker mentor veteran co-auteur "
    "co-auteure coauteur coauteure presentateur presentatrice animateur animatrice "
    "suspect suspecte accuse accusee tueur tueuse meurtrier policier policiere ex-policier "
    "gendarme sondeur sondeuse pasteur pretre abbe rockeur rappeur rappeuse star vedette "
    "comedien comedienne humoriste elu elue retraite retraitee habitant habitante temoin "
    "victime etudiant etudiante eleve enseignant enseignante expert experte specialiste "
    "manifestant manifestante benevole infirmier infirmiere salarie salariee employe "
    "employee ouvrier ouvriere agriculteur agricultrice commercant commercante proprietaire "
    "mannequin magistrat magistrate delegue deleguee charge chargee consultant consultante "
    "analyste epidemiologiste virologue urgentiste scientifique ingenieur ingenieure pilote "
    "sportif sportive footballeur footballeuse cycliste nageur nageuse tennisman athlete "
    "coach president presidente ministre ministres head numero icone pionnier pionniere "
    "animatrice editorialiste chroniqueur chroniqueuse reporter photographe cineaste "
    "producteur productrice musicien musicienne compositeur compositrice poete poetesse "
    "philosophe juriste notaire huissier greffier greffiere commissaire-priseur "
    "lieutenant-colonel sous-prefet sous-prefete vice-president vice-presidente "
    "ex-president ex-ministre ex-premier premiere vice").split())
"""Function nouns besides the titles of entity_cues (`porte-parole`, `sondeur`, `élu`)."""
_ROLE_SUFFIXES = ("iste", "logue", "teur", "trice", "ateur", "eur", "euse")
_NOT_PERSONS = frozenset((
    "rumeur valeur couleur erreur secteur honneur faveur hauteur longueur largeur chaleur "
    "douleur humeur lueur saveur vigueur ampleur lenteur terreur horreur fureur malheur bonheur "
    "labeur odeur teneur moteur capteur vecteur reacteur ordinateur interrupteur radiateur "
    "tracteur compteur ascenseur detecteur indicateur accelerateur").split())
"""Words the suffixes above take for persons and are not (`D'après les rumeurs, X`)."""
_PARTICLES = frozenset({"de", "du", "des", "d", "la", "l", "le", "les", "en", "et", "a", "au",
                        "aux", "sur", "pour", "auprès", "aupres", "chez"})
_BREAKS = frozenset((
    "a ont est sont etait etaient avait avaient sera seront va vont fait font qui que qu dont "
    "mais ou ni car donc il elle ils elles on ne n se s y lui leur leurs ce cet cette ces "
    "selon avec par dans lors apres avant depuis pendant comme entre contre sans sous vers "
    "alors puis aussi deja encore tres plus moins bien mal pas jamais toujours").split())
"""Words that cannot be inside a title run: a verb, a pronoun, a clause word."""


def is_role_noun(word: str) -> bool:
    """`ministre`, `porte-parole`, `sondeur`, `avocate`: a word naming a function."""
    key = fold(word.rstrip(".'")).replace(" ", "-")
    if key in KINSHIP or key in CIVILITIES or key in _BREAKS:
        return False
    singular = key[:-1] if key.endswith(("s", "x")) and len(key) > 3 else key
    if singular in _NOT_PERSONS:
        return False
    return any(form in TITLES or form in ROLE_NOUNS or form.split("-")[0] in TITLES
               or len(form) > 5 and form.endswith(_ROLE_SUFFIXES) for form in (key, singular))


def find_roles(text: str, persons: list[Person], sentences: list[Span],
               render: Callable[[int, int], str] | None = None) -> dict[str, tuple[str, ...]]:
    """Person slug -> role phrases, from titles before, appositions after, enumerations.

    `render(start, end)` gives the characters to show for a span of `text` (the caller's
    original text, typographic apostrophes included); default: `text` itself.
    """
    show = render or (lambda start, end: text[start:end])
    roles: dict[str, set[str]] = {}
    ordered = sorted(persons)
    shared: dict[int, Span] = {}
    titles = [role_before(text, _sentence(start, sentences, len(text))[0], start)
              for start, _, _ in ordered]
    for index, (start, end, slug) in enumerate(ordered):
        sentence_start, sentence_end = _sentence(start, sentences, len(text))
        before = shared.get(index) or titles[index]
        if _is_inside_a_title(start, end, titles):
            before = None  # `le député LREM Jean X`: LREM qualifies Jean X's title
        for span in (before, role_after(text, end, sentence_end)):
            if span is not None:
                for part in _parts(text, span):
                    roles.setdefault(slug, set()).add(_tidy(show(*part)))
        if before is not None and _is_plural_title(text, before):
            _share_with_list(text, ordered, index, before, shared)
    for slug, title, adjective in enumerated_roles(text, persons):
        roles.setdefault(slug, set()).add(_tidy(f"{_singular(show(*title))} {show(*adjective)}"))
    return {slug: tuple(sorted(found)) for slug, found in roles.items()}


def _is_inside_a_title(start: int, end: int, titles: list[Span | None]) -> bool:
    """The name is a word of another person's title run (a party, a country), not a holder."""
    return any(title is not None and title[0] < start and end <= title[1] for title in titles)


def _parts(text: str, span: Span) -> list[Span]:
    """`soeur du jeune homme et figure du comité` -> [`figure du comité`]: the parts joined
    by `et` that are not kinship."""
    start, end = span
    parts, cursor = [], start
    for joint in re.finditer(r"\s+et\s+", text[start:end]):
        parts.append((cursor, start + joint.start()))
        cursor = start + joint.end()
    parts.append((cursor, end))
    if len(parts) == 1:
        return parts
    kept = [(s, e) for s, e in parts if _first_key(text[s:e]) not in KINSHIP]
    return kept if all(_first_key(text[s:e]) for s, e in kept) else [span]


def _first_key(phrase: str) -> str:
    words = _WORD.findall(phrase)
    return fold(words[0].rstrip(".'")).replace(" ", "-") if words else ""


def _is_plural_title(text: str, span: Span) -> bool:
    first = _WORD.match(text, span[0])
    return first is not None and first.group().endswith(("s", "x")) and " " not in text[
        span[0]:span[1]].strip()


def _share_with_list(text: str, persons: list[Person], index: int, title: Span,
                     shared: dict[int, Span]) -> None:
    """`les actrices A, B et C`: B and C get A's plural title too."""
    cursor = persons[index][1]
    for later in range(index + 1, len(persons)):
        if not re.fullmatch(r"\s*(?:,|et|,\s*et)\s*", text[cursor:persons[later][0]]):
            return
        shared[later] = title
        cursor = persons[later][1]


def _tidy(role: str) -> str:
    return " ".join(role.replace("«", " ").replace("»", " ").replace('"', " ").split())


def _singular(title: str) -> str:
    """`présidents` -> `président`, `ministres des Affaires étrangères` -> `ministre des …`."""
    first, _, rest = title.partition(" ")
    first = first[:-1] if first.endswith(("s", "x")) and not first.endswith("ss") else first
    return f"{first} {rest}".strip()


def _sentence(offset: int, sentences: list[Span], length: int) -> Span:
    return next(((s, e) for s, e in sentences if s <= offset < e), (0, length))


# --- before the name -------------------------------------------------------------------------

_DETERMINER = re.compile(r"(?:^|(?<=[\s(]))(?:[Ll]e|[Ll]a|[Ll]'|[Ss]a|[Ss]on|[Ll]eur|[Uu]n"
                         r"|[Uu]ne|[Dd]u|[Dd]es|[Ll]es|[Ss]es|[Ll]'une? des)\s*")
_COMMA_END = re.compile(r"\s*,\s*(?:(?:Me|Mme|M\.|Dr|Pr|Mgr|Maître|Maitre)\s+)?$")
_NOT_IN_ROLE = re.compile(r"[,.;:()\"]")
_CIVILITY_TAIL = re.compile(r"\s+(?:Me|Mme|Mlle|M\.|Dr|Pr|Mgr|Maître|Maitre)\s*$")


def role_before(text: str, sentence_start: int, start: int) -> Span | None:
    """`Le président américain X` or `Le maire de Lyon, X` -> span of the title phrase."""
    return (_title_run_before(text, sentence_start, start)
            or _comma_role_before(text, sentence_start, start))


def _comma_role_before(text: str, sentence_start: int, start: int) -> Span | None:
    """`… le ministre de l'Economie, X`, `Son avocat, Me X`: the nearest `le|la|son TITLE …`
    ending on the comma."""
    first = max(sentence_start, start - 120)
    comma = _COMMA_END.search(text, first, start)
    if comma is None:
        return None
    for determiner in reversed(list(_DETERMINER.finditer(text, first, comma.start()))):
        role = text[determiner.end():comma.start()]
        if _NOT_IN_ROLE.search(role) or len(role) > 100:
            return None
        words = _WORD.findall(role)
        if words and fold(words[0]) in _PRE_ADJECTIVES:
            words = words[1:]
        if words and is_role_noun(words[0]) and _is_run(words[1:]):
            return determiner.end(), comma.start()
    return None



_PRE_ADJECTIVES = frozenset(
    "meme nouveau nouvel nouvelle ancien ancienne futur future actuel actuelle jeune "
    "celebre influent influente puissant puissante fidele principal principale".split())
"""Adjectives that may come before a function noun (`le même mentor, X`)."""


def _is_run(words: list[str]) -> bool:
    """The words after a title: adjectives, complements (`de la Santé`), acronyms."""
    return all(fold(word.rstrip(".'")) not in _BREAKS for word in words)


def _title_run_before(text: str, sentence_start: int, start: int) -> Span | None:
    """`le ministre de la Santé X`: the title word nearest the name whose run reaches it."""
    window_start = max(sentence_start, start - 120)
    tail = _CIVILITY_TAIL.search(text, window_start, start)
    end_at = tail.start() if tail else start
    words = list(_WORD.finditer(text, window_start, end_at))
    if not words or words[-1].end() < end_at - 2:
        return None
    if fold(words[-1].group().rstrip(".'")) in DETERMINERS:
        return None
    chosen = None
    for position in range(len(words) - 1, max(len(words) - 13, -1), -1):
        word = words[position].group()
        between = text[words[position].end():words[-1].end()]
        if re.search(r"[,;:()«»\"]", between):
            break
        if is_role_noun(word) and (position == len(words) - 1 or _is_run(
                [w.group() for w in words[position + 1:]])):
            chosen = position
        if fold(word.rstrip(".'")) in _BREAKS:
            break
    if chosen is None:
        return None
    if not _is_title_start(text, words, chosen):
        return None
    return words[chosen].start(), words[-1].end()



def _is_title_start(text: str, words: list[re.Match[str]], chosen: int) -> bool:
    """The title is lower case, or opens its sentence, or follows a determiner
    (`Le Premier ministre X`), and it does not end a prepositional phrase of a title
    further left (`chef de file de La Gauche unie`, judged from its own start)."""
    word = words[chosen].group()
    if word[0].islower():
        return True
    previous = words[chosen - 1].group() if chosen else ""
    return not previous or fold(previous.rstrip("'")) in DETERMINERS


# --- after the name --------------------------------------------------------------------------

_AGE = r"(?:\s*,\s*(?:âgée?s? de\s+)?\d{1,3}\s+ans)?"
_AFTER = re.compile(
    _AGE + r"\s*(?P<open>[,(])\s*(?P<det>(?:(?:[Ll]'une? des|[Uu]ne? des|[Ll]e|[Ll]a|[Ll]'|[Uu]ne"
    r"|[Uu]n|[Ss]on|[Ss]a|[Ll]eur)\s*))?(?P<role>(?:[^,.;:()\"«»\n]|\"[^\"«»\n]{1,60}\"|« ?"
    r"[^\"«»\n]{1,60} ?»){2,100}?)\s*(?=[,.;:)]|$|\s+(?:a|ont|est|avait|estime|explique|affirme"
    r"|indique|qui|se|s')[\s'])")
"""An apposition: `, maire de Lyon,`, `, l'un des avocats de Y`, `, une des figures des
« gilets jaunes »` (a quoted word or two inside); it ends on punctuation or a verb."""
_NOT_ROLE_START = frozenset((
    "qui que dont ou et mais selon lors a au aux en dans pour par sur avec sans apres avant "
    "du de des d "
    "depuis pendant il elle ils elles lui eux on le la les son sa ses un une ce cette c "
    "mardi lundi mercredi jeudi vendredi samedi dimanche hier aujourd demain jusqu").split())


def role_after(text: str, end: int, sentence_end: int) -> Span | None:
    """`X, maire de Lyon, a dit` -> span of `maire de Lyon`; `X, l'un des avocats de Y`,
    `X, 45 ans, avocat de Y`, `X (co-auteure de …)`."""
    match = _AFTER.match(text[:sentence_end], end)
    if not match:
        return None
    start = match.start("role")
    role = match.group("role")
    kin = re.match(r"(?P<kin>[^,]*?)\s+et\s+", role)
    if kin and _first_key(kin.group("kin")) in KINSHIP:
        start += kin.end()
        role = role[kin.end():]
    words = _WORD.findall(role)
    if not words or not words[0][0].islower():
        return None
    key = fold(words[0].rstrip(".'")).replace(" ", "-")
    if key in _NOT_ROLE_START or key in KINSHIP or key in CIVILITIES:
        return None
    if not (is_role_noun(words[0]) or match.group("det") and _is_run(words[1:3])):
        return None
    if match.group("open") == "(" and not re.match(r"[^()]*\)", text[start:]):
        return None
    return start, match.end("role")


# --- enumerations ------------------------------------------------------------------------------

_ENUMERATION = re.compile(
    r"\b(?:[Ll]es|[Dd]es)\s+(?P<title>\w+)\s+"
    r"(?P<adjs>[a-zà-ÿ-]+(?:\s*,\s*[a-zà-ÿ-]+)*\s+et\s+[a-zà-ÿ-]+)\s*[–—:,-]\s*")
_SEPARATOR = re.compile(r"^\s*(?:,|et|,\s*et)?\s*$")


def enumerated_roles(text: str, persons: list[Person]) -> list[tuple[str, Span, Span]]:
    """`les présidents russe, iranien et turc – A, B et C` -> (A, title, `russe`), …"""
    found = []
    ordered = sorted(persons)
    for match in _ENUMERATION.finditer(text):
        if fold(match.group("title")) not in TITLES or not match.group("title").endswith("s"):
            continue
        adjectives = list(re.finditer(r"[a-zà-ÿ-]+", match.group("adjs")))
        adjectives = [a for a in adjectives if a.group() != "et"]
        following = _persons_in_list(text, ordered, match.end(), len(adjectives))
        for (_, _, slug), adjective in zip(following, adjectives, strict=False):
            base = match.start("adjs")
            found.append((slug, match.span("title"), (base + adjective.start(), base + adjective.end())))
    return found


def _persons_in_list(text: str, persons: list[Person], start: int, count: int) -> list[Person]:
    chosen: list[Person] = []
    cursor = start
    for person in persons:
        if person[0] < cursor:
            continue
        if not _SEPARATOR.match(text[cursor:person[0]]) or len(chosen) == count:
            break
        chosen.append(person)
        cursor = person[1]
    return chosen
