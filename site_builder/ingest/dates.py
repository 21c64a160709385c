"""French dates: month and weekday names, explicit dates, and the date a news text implies.

`infer_date(text, now=...)` reads a publication date out of an undated article:

1. a weekday + day + month (`lundi 3 septembre`), resolved to the year in which that day
   falls on that weekday, the earliest such year not before the latest year the text
   mentions as past (`depuis 2017`), never after `now`;
2. otherwise the latest full date (`3 septembre 2018`) that is not after `now`.

Pure functions, regexes only (ingest calls this for every seed).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
"""French month names and their usual abbreviations, accents folded."""
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
"""French weekday names, Monday first (index = `date.weekday()`)."""
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")

_MONTH_ALTERNATIVES = (
    r"janv(?:ier|\.)|f[ée]v(?:rier|r?\.)|mars|avr(?:il|\.)|mai|juin|juil(?:let|\.)|ao[ûu]t"
    r"|sept(?:embre|\.)|oct(?:obre|\.)|nov(?:embre|\.)|d[ée]c(?:embre|\.)"
)
_DAY = r"(?P<day>1er|1ᵉʳ|[12]\d|3[01]|0?[1-9])"
_MONTH = rf"(?P<month>{_MONTH_ALTERNATIVES})"
_YEAR = r"(?P<year>1[89]\d\d|2[01]\d\d)"
_WEEKDAY = rf"(?P<weekday>{'|'.join(WEEKDAYS)})"
_END = r"(?![\w\d])"
WEEKDAY_DATE = re.compile(rf"\b{_WEEKDAY}\s+{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?{_END}", re.IGNORECASE)
FULL_DATE = re.compile(rf"(?<![\w\d]){_DAY}\s+{_MONTH}\s+{_YEAR}{_END}", re.IGNORECASE)
YEAR_MENTION = re.compile(
    r"(?<![\w\d,./])(1[89]\d\d|20\d\d)(?![\w\d]|[,.]\d|[\u00a0\u202f ]\d{3}(?!\d)|\s?%|/\d)")
_FUTURE_CUES = re.compile(
    r"(?:d[’']ici(?:\s+à)?|jusqu[’']en|horizon|prévue?s?\s+(?:en|pour)|pour|avant|en\s+vue\s+de)\s+$",
    re.IGNORECASE)
_FUTURE_DATE_CUES = re.compile(
    r"(?:à\s+partir\s+d[eu]|dès|jusqu[’']au|d[’']ici|avant|prévue?s?|attendue?s?)(?:\s+le)?\s+$",
    re.IGNORECASE)
_CAPS = "A-ZÀ-ÖØ-Þ"
DATELINE = re.compile(
    rf"^\s*(?P<place>[{_CAPS}][{_CAPS}'’. -]*[{_CAPS}])(?P<agency>\s*\([^()]{{1,30}}\))?"
    rf"(?:\s*,\s*(?i:(?:le\s+)?(?:{_WEEKDAY}\s+)?{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?))?"
    r"(?P<agency_after>\s*\([^()]{1,30}\))?\s*[-–—]\s+")
"""A wire dateline opening a text: `PARIS, 12 mars (Reuters) - `, `BEYROUTH (AFP) — `."""
_CUE_WINDOW = 25
_OLDEST_YEAR = 1900


@dataclass(frozen=True)
class DateGuess:
    """A date read from a text, and the words it was read from (for messages)."""

    date: dt.date
    evidence: str


def fold(text: str) -> str:
    """Lower case, accents removed: `Août` -> `aout`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def month_number(name: str) -> int | None:
    return MONTHS.get(fold(name).rstrip("."))


def _day_number(text: str) -> int:
    return int(text) if text.isdigit() else 1  # `1er`, `1ᵉʳ`


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_french_date(text: str) -> dt.date | None:
    """`3 septembre 2018`, `lundi 1er mars 2021`, `2018-09-03` -> a date; else None."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = FULL_DATE.fullmatch(re.sub(rf"^{_WEEKDAY}\s+", "", text, flags=re.IGNORECASE))
    if match is None:
        return None
    return _safe_date(int(match["year"]), month_number(match["month"]) or 0,
                      _day_number(match["day"]))


def parse_date_value(value: Any) -> dt.date | None:
    """A front-matter `date` value (YAML date, datetime or text) -> a date; None if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_french_date(value)
    return None


def past_years(text: str, *, now: dt.date) -> tuple[int, ...]:
    """Years the text mentions as already past (`en 2011`, `depuis 2017`), sorted."""
    years = set()
    for match in YEAR_MENTION.finditer(text):
        year = int(match.group(1))
        before = text[max(0, match.start() - _CUE_WINDOW):match.start()]
        if _OLDEST_YEAR <= year <= now.year and not _FUTURE_CUES.search(before):
            years.add(year)
    return tuple(sorted(years))


def resolve_weekday_date(day: int, month: int, weekday: int, *, lower: int | None,
                         now: dt.date) -> dt.date | None:
    """The year in which `day month` is a `weekday`: earliest >= `lower`, else the latest; <= now."""
    years = range(now.year, _OLDEST_YEAR - 1, -1) if lower is None else range(lower, now.year + 1)
    for year in years:
        date = _safe_date(year, month, day)
        if date is not None and date.weekday() == weekday and date <= now:
            return date
    return None


def _weekday_guess(match: re.Match[str], *, lower: int | None, now: dt.date) -> dt.date | None:
    month = month_number(match["month"])
    day = _day_number(match["day"])
    if month is None:
        return None
    if match["year"]:
        date = _safe_date(int(match["year"]), month, day)
        return date if date and date <= now else None
    weekday = WEEKDAYS.index(match["weekday"].lower())
    return resolve_weekday_date(day, month, weekday, lower=lower, now=now)


PUBLISHED = re.compile(
    rf"^(?:publié|paru|mis\s+en\s+ligne)\s+le\s+(?:{_WEEKDAY}\s+)?{_DAY}\s+{_MONTH}\s+{_YEAR}"
    rf"{_END}", re.IGNORECASE)
"""A `Publié le 3 septembre 2018 à 22h41 - Mis à jour le …` line, as newspapers print it."""


def read_published_date(line: str) -> dt.date | None:
    """The date of a `Publié le …` line, or None when the line is not one."""
    match = PUBLISHED.match(line.strip())
    if match is None:
        return None
    return _safe_date(int(match["year"]), month_number(match["month"]) or 0,
                      _day_number(match["day"]))


_LINE_DATE = (r"(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
              rf"(?:1er|1ᵉʳ|[12]\d|3[01]|0?[1-9])\s+(?:{_MONTH_ALTERNATIVES})(?:\s+(?:1[89]|2[01])\d\d)?")
_LINE_TIME = r"(?:\s*(?:à|,)?\s*\d{1,2}\s?(?:h|:)\s?(?:\d{2})?(?:\s?min)?)?"
_UPDATED_CUE = r"(?:mis\s+à\s+jour|modifié|actualisé|mise\s+à\s+jour|dernière\s+mise\s+à\s+jour)"
DATE_LINE = re.compile(
    rf"(?P<cue>publié|paru|mis\s+en\s+ligne|{_UPDATED_CUE})\s*(?:le\s+|:\s*)?"
    rf"(?P<date>{_LINE_DATE}){_LINE_TIME}"
    rf"(?:\s*(?:[-–—,;|·•/]|\(|et)?\s*{_UPDATED_CUE}\s*(?:le\s+|:\s*)?(?:{_LINE_DATE})?"
    rf"{_LINE_TIME}\)?)?\s*[.)]?",
    re.IGNORECASE)
"""A whole line that is only a publication/update date: `Publié le 19 mars 2024 à 10h12`,
`Publié le … - Mis à jour le …`, `Mis à jour le 20 mars 2024`."""


@dataclass(frozen=True)
class DateLine:
    """What a `Publié le … / Mis à jour le …` line says."""

    date: dt.date | None
    """The publication date (or the update date of a line giving only that)."""
    is_update: bool
    """The line gives an update date only (`Mis à jour le …`)."""


def read_date_line(line: str) -> DateLine | None:
    """A line that is nothing but a publication or update date, read; None for any other
    line (a sentence that starts with `Publié le 3 mars 2020, le rapport…` is text)."""
    text = line.strip()
    if "\n" in text or len(text) > 160:
        return None
    match = DATE_LINE.fullmatch(text)
    if match is None:
        return None
    is_update = not re.match(r"publié|paru|mis\s+en", match["cue"], re.IGNORECASE)
    full = FULL_DATE.search(match["date"])
    date = None if full is None else _safe_date(
        int(full["year"]), month_number(full["month"]) or 0, _day_number(full["day"]))
    return DateLine(date, is_update)


def match_dateline(text: str) -> re.Match[str] | None:
    """The dateline opening `text`, if any (it needs a date or an agency in brackets)."""
    match = DATELINE.match(text)
    if match and (match["day"] or match["agency"] or match["agency_after"]):
        return match
    return None


def strip_dateline(text: str) -> str:
    """`PARIS, 12 mars (Reuters) - Le gouvernement…` -> `Le gouvernement…`."""
    match = match_dateline(text)
    return text[match.end():] if match else text


def resolve_day_month(day: int, month: int, *, lower: int | None, now: dt.date) -> dt.date | None:
    """`12 mars` without a year: in the year `lower` (or just after), else the latest; <= now."""
    years = range(now.year, _OLDEST_YEAR - 1, -1) if lower is None else range(lower, now.year + 1)
    for year in years:
        date = _safe_date(year, month, day)
        if date is not None and date <= now:
            return date
    return None


def _dateline_guess(text: str, *, lower: int | None, now: dt.date) -> DateGuess | None:
    match = match_dateline(text)
    if match is None or not match["day"]:
        return None
    if match["weekday"] or match["year"]:
        date = _weekday_guess(match, lower=lower, now=now)
    else:
        date = resolve_day_month(_day_number(match["day"]), month_number(match["month"]) or 0,
                                 lower=lower, now=now)
    return DateGuess(date, match.group(0).strip()) if date else None


def infer_date(text: str, *, now: dt.date) -> DateGuess | None:
    """The publication date a news text implies, or None when it gives no usable clue."""
    years = past_years(text, now=now)
    lower = years[-1] if years else None
    dateline = _dateline_guess(text.lstrip(), lower=lower, now=now)
    if dateline is not None:
        return dateline
    for match in WEEKDAY_DATE.finditer(text):
        before = text[max(0, match.start() - _CUE_WINDOW):match.start()]
        date = None if _FUTURE_DATE_CUES.search(before) else _weekday_guess(match, lower=lower,
                                                                             now=now)
        if date is not None:
            return DateGuess(date, match.group(0))
    return _latest_full_date(text, now=now)


def _latest_full_date(text: str, *, now: dt.date) -> DateGuess | None:
    guesses = []
    for match in FULL_DATE.finditer(text):
        month = month_number(match["month"])
        date = _safe_date(int(match["year"]), month or 0, _day_number(match["day"]))
        if date is not None and date <= now:
            guesses.append(DateGuess(date, match.group(0)))
    return max(guesses, key=lambda guess: guess.date) if guesses else None


def format_french_date(date: dt.date) -> str:
    """`2018-09-03` -> `3 septembre 2018` (`1er` for the first of the month)."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTH_NAMES[date.month - 1]} {date.year}"
