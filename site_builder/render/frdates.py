"""French (or other CLDR locale) labels for the site: dates, months, countries, kinds."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

from site_builder.model import UNDATED

NO_DATE = "Sans date"
"""What an undated article shows instead of a date."""

_KIND_LABELS = {
    "person": ("Personne", "Personnes"),
    "organisation": ("Organisation", "Organisations"),
    "country": ("Pays", "Pays"),
    "city": ("Ville", "Villes"),
    "region": ("Région", "Régions"),
    "other": ("Lieu", "Autres lieux"),
}


@lru_cache(maxsize=4096)
def format_long_date(day: dt.date, language: str = "fr") -> str:
    """`3 septembre 2018` (CLDR long date for the site's language); NO_DATE when undated."""
    if day == UNDATED:
        return NO_DATE
    return format_date(day, format="long", locale=_locale(language))


def format_month(day: dt.date, language: str = "fr") -> str:
    """`Septembre 2018`: stand-alone month name and year, capitalised; NO_DATE when undated."""
    if day == UNDATED:
        return NO_DATE
    text = format_date(day, format="LLLL y", locale=_locale(language))
    return text[:1].upper() + text[1:]


def country_name(code: str, language: str = "fr") -> str:
    """French name of an ISO 3166 country code (`DE` -> `Allemagne`); the code if unknown."""
    if not code:
        return ""
    return _locale(language).territories.get(code.upper(), code.upper())


def kind_label(subkind: str, *, plural: bool = False) -> str:
    """`person` -> `Personne` (or `Personnes`); unknown kinds are shown capitalised."""
    singular, many = _KIND_LABELS.get(subkind, (subkind.capitalize(), subkind.capitalize()))
    return many if plural else singular


def format_coordinates(latitude: float, longitude: float) -> str:
    """`48,8566° N, 2,3522° E`: French decimal comma, hemisphere letters."""
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "O"
    lat = f"{abs(latitude):.4f}".replace(".", ",")
    lon = f"{abs(longitude):.4f}".replace(".", ",")
    return f"{lat}°\u00a0{north}, {lon}°\u00a0{east}"


def _locale(language: str) -> Locale:
    return Locale.parse(language.replace("-", "_"))
