"""Title and summary of an article derived from its lede (pure, regexes only).

The title is the lede's first sentence without its date phrase (`lundi 3 septembre dans la
soirée`), cut to at most MAX_TITLE characters on a clause boundary (`,`, `;`, `:`, a dash),
else on a word boundary with an ellipsis; never mid-word, never on a dangling word or sign.
"""

from __future__ import annotations

import re

from site_builder.ingest.dates import WEEKDAY_DATE, WEEKDAYS, strip_dateline

MAX_TITLE = 110
"""Longest derived title, in characters."""
MIN_CLAUSE = 40
"""Shortest first clause worth a title on its own."""
MIN_SUMMARY = 60
"""A first sentence shorter than this is summarised with the next one."""
MAX_SUMMARY = 400
"""Longest summary, in characters: a one-sentence lede of megabytes stays a one-line summary."""

_ABBREVIATIONS = frozenset({
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "etc", "cf", "av",
    "apr", "j.-c", "no", "art", "p", "vol", "gén", "gal", "col", "cdt", "lt", "sgt", "mgr", "vs",
})
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s?[»”\"’)])*(?=\s+[«\"“(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_DANGLING_WORDS = frozenset({
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "à", "au", "aux", "et", "ou", "en",
    "dans", "sur", "sous", "pour", "par", "avec", "sans", "contre", "vers", "chez", "entre", "que",
    "qu", "qui", "dont", "où", "ne", "ni", "mais", "car", "son", "sa", "ses", "leur", "leurs",
    "ce", "cet", "cette", "ces", "se", "s", "y", "a", "est", "très", "plus", "moins", "selon",
})
_TRAILING_SIGNS = " \u00a0\u202f,;:–—-(«“\"'’/"
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[–—-])\s")
_WORD_BREAK = re.compile(
    r"\s(?=(?:pour|afin\s+de|alors\s+que|tandis\s+que|après|avant\s+de|depuis|selon|faisant|"
    r"lors\s+d|dont|où|qui)\s)")
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
_TIME_OF_DAY = (r"(?:\s+(?:dans\s+la|en|en\s+fin\s+de|au|en\s+début\s+de)\s+"
                r"(?:soirée|matinée|nuit|journée|soir|matin|après-midi))?")
_DATE_PHRASE = re.compile(
    rf"(?P<before>\s*,)?(?:\s+(?:ce|le))?\s+(?:{WEEKDAY_DATE.pattern}"
    rf"|(?:{_WEEKDAY_NAMES})(?:\s+(?:soir|matin|après-midi|prochain|dernier))?(?=[\s,.]|$))"
    rf"{_TIME_OF_DAY}"
    r"(?P<after>\s*,)?",
    re.IGNORECASE)
_PREPOSITIONS = frozenset({"de", "du", "des", "à", "au", "dès", "depuis", "avant", "après", "entre",
                           "et", "ou", "jusqu’au", "jusqu'au", "partir", "prochain", "dernier",
                           "chaque", "un", "tous", "les", "d’ici", "d'ici"})
_SPACES = re.compile(r"[ \t\r\n]+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations (`M.`), initials and open « quotes » do not end one."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _is_false_end(text[start:match.end()]):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*sentences, rest] if rest else sentences


def _is_false_end(sentence: str) -> bool:
    if sentence.count("«") > sentence.count("»"):
        return True
    word = re.search(r"(\S+?)[.!?…]+(?:\s?[»”\"’)])*$", sentence)
    token = word.group(1).lower().lstrip("(«\"“") if word else ""
    return len(token) == 1 and token.isalpha() or token in _ABBREVIATIONS


def build_summary(lede: str) -> str:
    """The lede's first sentence (a one-line description for lists, meta tags and the feed),
    cut on a word with `…` past MAX_SUMMARY characters."""
    sentences = _sentences(lede[:MAX_SUMMARY * 8])
    summary = sentences[0] if sentences else ""
    if len(sentences) > 1 and len(summary) < MIN_SUMMARY:
        summary = f"{summary} {sentences[1]}"
    if len(summary) <= MAX_SUMMARY:
        return summary
    return summary[:MAX_SUMMARY].rsplit(" ", 1)[0].rstrip(" ,;:«(") + "…"


def _sentences(lede: str) -> list[str]:
    return split_sentences(strip_dateline(_SPACES.sub(" ", lede).strip()))


def build_title(lede: str) -> str:
    """A readable headline of at most MAX_TITLE characters from the lede."""
    sentence = next(iter(_sentences(lede)), "")
    text = _drop_date_phrases(sentence).rstrip(".…! \u00a0")
    if len(text) <= MAX_TITLE:
        return _trim_end(text)
    return (_cut_on_clause(text, _CLAUSE_BREAK) or _cut_on_clause(text, _WORD_BREAK)
            or _cut_on_word(text))


def _drop_date_phrases(sentence: str) -> str:
    """`X a appelé lundi 3 septembre dans la soirée Y` -> `X a appelé Y` (not at the start)."""
    head, body = sentence[:1], sentence[1:]
    return head + _DATE_PHRASE.sub(lambda match: _date_replacement(match, body), body)


def _date_replacement(match: re.Match[str], text: str) -> str:
    previous = text[:match.start()].rsplit(None, 1)
    if match.start() == 0 or (previous and previous[-1].lower() in _PREPOSITIONS):
        return match.group(0)
    return ""


def _cut_on_clause(text: str, breaks: re.Pattern[str]) -> str:
    cuts = [match.start() for match in breaks.finditer(text)
            if MIN_CLAUSE <= match.start() <= MAX_TITLE]
    for cut in reversed(cuts):
        candidate = _trim_end(text[:cut])
        if len(candidate) >= MIN_CLAUSE and _is_balanced(candidate):
            return candidate
    return ""


def _cut_on_word(text: str) -> str:
    candidate = text[:MAX_TITLE]
    if text[MAX_TITLE:MAX_TITLE + 1].strip() and " " in candidate:
        candidate = candidate.rsplit(" ", 1)[0]
    candidate = _trim_end(candidate)
    if candidate.count("«") > candidate.count("»"):
        candidate = _trim_end(candidate[:candidate.rindex("«")]) or candidate
    return candidate + "…"


def _trim_end(text: str) -> str:
    """Drop trailing signs and dangling short words (`de`, `la`, `et`…)."""
    while True:
        text = text.rstrip(_TRAILING_SIGNS)
        last = re.split(r"[\s’']", text)[-1].lower()
        if last not in _DANGLING_WORDS or " " not in text:
            return text
        text = text[:len(text) - len(last)]


def _is_balanced(text: str) -> bool:
    return text.count("«") <= text.count("»") and text.count("(") <= text.count(")")
