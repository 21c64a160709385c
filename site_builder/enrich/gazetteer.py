"""Gazetteer: countries (CLDR French names), cities (GeoNames), subdivisions (ISO 3166-2 with
French names), regions, first names; and which of several same-named places a text means.

Built once per process by `load_gazetteer()` from compact files in site_builder/data
(written by scripts/build_gazetteer.py from pip packages; nothing is read from the network).
Countries and subdivisions load at once (~20 ms); the ~86,000 cities on the first city lookup
(~0.5 s). Every lookup is a dict access on a folded key
(`fold("États-Unis") == fold("Etats Unis") == "etats unis"`).
"""

from __future__ import annotations

import bisect
import functools
import lzma
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from site_builder.enrich.first_names import load_first_names
from site_builder.model import Geo

_NON_WORD = re.compile(r"[^a-z0-9]+")
AMBIGUITY_RATIO = 5
"""A place name is linked to its best-scored candidate only if that one scores this many times
the next one (see `resolve`); otherwise the place stays unlinked rather than risk a wrong point."""
CONTEXT_WEIGHT = 20
"""A candidate in a country the article names (or in which it names a place) counts this many
times its population."""
HOME_WEIGHT = 10
"""French news: a candidate in France counts this many times its population."""
CAPITAL_WEIGHT = 10
"""A national capital counts this many times its population (`Paris`, not Paris, Texas)."""
MIN_WEIGHED_POPULATION = 1000
SAME_PLACE_KM = 30
"""Candidates this close to a better one are the same place (a town and its centre)."""
PROMINENT_CITY = 1_000_000
"""A city this big (or a capital) wins over a subdivision of the same name (`New York`)."""
REMEMBERED_NAMES = 500_000
"""Names (found or not) a CityIndex keeps looked up: tens of MB at most."""
HOME_COUNTRY = "FR"
FRENCH_SPEAKING = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "NC", "PF", "PM", "WF", "BL", "MF",
                             "BE", "CH", "LU", "MC"})
"""Where French news names small places without naming the country."""
FRENCH_OVERSEAS = frozenset({"GP", "MQ", "GF", "RE", "YT", "NC", "PF", "PM", "WF", "BL", "MF"})
"""France's overseas territories, which GeoNames lists as countries: their capitals are no
national capitals (`Saint-Denis` of La Réunion does not outweigh Saint-Denis by Paris)."""
MINOR_FOREIGN_POPULATION = 50_000
"""Other places smaller than this are linked only when the article names their country."""
CITY_FILES = ("places-cities-fr.tsv.xz", "places-communes-fr.tsv.xz", "places-cities-world.tsv.xz",
              "places-cities-world-small.tsv.xz")


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
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _NON_WORD.sub(" ", decomposed.translate(_FOLD_TABLE)).strip()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key: `Côte d’Ivoire` -> `cote d ivoire`.

    Memoised: extraction folds the same words (`le`, `président`, names) again and again.
    Building the gazetteer folds ~400,000 distinct names once each: it uses `_fold_once`."""
    return _fold_once(text)


SHORT_OTHER_NAME = 3
"""GeoNames' other names this short are mostly transcriptions and codes (`Lio` for a city,
`Kan` for Cannes) that French text never uses but writes as names or words."""


def _is_short_transcription(key: str, name: str) -> bool:
    """Whether `key` is a short other name of the place `name` that is none of its words
    (`Aix` of `Aix-en-Provence` is kept: French news shortens the name so)."""
    return len(key) <= SHORT_OTHER_NAME and key not in re.split(r"[\s-]+", fold(name))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical French name, kind and coordinates."""

    name: str
    subkind: str
    """country / city / region."""
    geo: Geo | None
    population: int = 0
    code: str = ""
    """ISO 3166-2 code of a subdivision (`FR-93`), else empty."""
    capital: bool = False
    """A national capital."""


class CityIndex(Mapping):
    """Folded name or other name -> candidate cities, most populous first.

    The packaged files are read on first use (start-up and the tools that never look up a
    city pay nothing) into sorted lists of lines, searched by bisection: no index is built.
    Each name's candidates are made into Places once, then kept."""

    def __init__(self, capitals: frozenset[int] = frozenset(), files: tuple[str, ...] = CITY_FILES):
        self._capitals, self._files = capitals, files
        self._lines: list[list[str]] | None = None
        self._places: dict[str, tuple[Place, ...]] = {}

    def _sorted_lines(self) -> list[list[str]]:
        if self._lines is None:
            self._lines = []
            for filename in self._files:
                data = resources.files("site_builder").joinpath("data", filename).read_bytes()
                self._lines.append(lzma.decompress(data).decode("utf-8").split("\n")[:-1])
        return self._lines

    def __getitem__(self, key: str) -> tuple[Place, ...]:
        places = self.get(key)
        if places is None:
            raise KeyError(key)
        return places

    def get(self, key: str, default: Any = None) -> Any:
        """Most names looked up are no city (a person's, a variant tried): the misses are
        kept too, or each would cost a bisection per file and a KeyError again."""
        places = self._places.get(key)
        if places is None:
            if len(self._places) >= REMEMBERED_NAMES:
                self._places.clear()  # a bound on a long build's memory, not a cache policy
            places = self._places[key] = self._find(key)
        return places or default

    def _find(self, key: str) -> tuple[Place, ...]:
        """The candidates of `key`, most populous first; () when none."""
        prefix = key + "\t"
        rows = []
        for lines in self._sorted_lines():
            index = bisect.bisect_left(lines, prefix)
            while index < len(lines) and lines[index].startswith(prefix):
                row = lines[index].split("\t")
                if not _is_short_transcription(key, row[-1]):
                    rows.append(row)
                index += 1
        return tuple(sorted((self._place(row) for row in rows), key=lambda p: (-p.population, p.name)))

    def _place(self, row: list[str]) -> Place:
        _key, geonames_id, country, latitude, longitude, population, name = row
        place_id = int(geonames_id) if geonames_id else None  # a commune GeoNames lacks: no id
        geo = Geo(float(latitude), float(longitude), country, place_id)
        return Place(name, "city", geo, int(population), capital=place_id in self._capitals)

    def __iter__(self):
        return iter(dict.fromkeys(key for lines in self._sorted_lines() for line in lines
                                  if not _is_short_transcription(key := line.partition("\t")[0],
                                                                 line.rpartition("\t")[2])))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, Place]
    """Folded name or alias -> country."""
    cities: Mapping[str, tuple[Place, ...]]
    """Folded name or alternate name -> candidate cities, most populous first."""
    regions: dict[str, tuple[Place, ...]]
    """Folded name -> subdivisions and regions of that name (French ones first)."""
    first_names: frozenset[str]
    """Folded first names (first_names.load_first_names: Faker's lists, MIT)."""
    country_by_code: dict[str, Place]
    country_prefixes: dict[str, str] = field(init=False, compare=False, repr=False)
    """Folded prefix (a country's name less at most 4 final letters) -> the code of the
    first country, in `countries` order, with coordinates (derived; see country_code_starting)."""
    candidates_by_name: dict[str, tuple[str, tuple[Place, ...]]] = field(
        default_factory=dict, init=False, compare=False, repr=False)
    """city_candidates' answers so far."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "country_prefixes", _prefixes(self.countries, _DEMONYM_ENDING))

    def country_code_starting(self, stem: str) -> str | None:
        """The code of the first located country whose folded name is `stem` plus at most
        4 letters: `russ` -> RU (`russie`)."""
        return self.country_prefixes.get(stem)

    def country(self, name: str) -> Place | None:
        return self.countries.get(fold(name))

    def subdivisions_of(self, country_code: str) -> tuple[Place, ...]:
        """The located ISO 3166-2 subdivisions of a country, by code."""
        found = {place.code: place for places in self.regions.values() for place in places
                 if place.code.startswith(country_code + "-") and place.geo is not None}
        return tuple(found[code] for code in sorted(found))

    def is_first_name(self, word: str) -> bool:
        return fold(word) in self.first_names

    def city(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """The city `name` designates, or a geo-less city when it stays ambiguous."""
        key, candidates = self.city_candidates(name)
        if not candidates:
            return None
        weighed = _weighed_by_name(candidates, key, context_countries)
        place = resolve(weighed, context_countries)
        place = candidates[weighed.index(place)] if place is not None else None
        if place is None and not any(_linkable(c, context_countries) for c in candidates):
            return None  # only small foreign places of that name: most likely no place here
        return place or Place(candidates[0].name, "city", None, candidates[0].population)

    def city_candidates(self, name: str) -> tuple[str, tuple[Place, ...]]:
        """_find_city_candidates, kept per name: a name is looked up at each of its mentions."""
        found = self.candidates_by_name.get(name)
        if found is None:
            if len(self.candidates_by_name) >= REMEMBERED_NAMES:
                self.candidates_by_name.clear()
            found = self.candidates_by_name[name] = self._find_city_candidates(name)
        return found

    def _find_city_candidates(self, name: str) -> tuple[str, tuple[Place, ...]]:
        """The folded key that finds `name` (also without its article, with `St` in full, or
        with the article French contracts into `au`, `du`, `aux`, `des`: `au Mans`, `des Ulis`)
        and its candidate cities, most populous first; ("", ()) when none."""
        folded = fold(name)
        if is_compass_point(folded):
            return "", ()  # `le Sud-Ouest`: a part of the country, not Montreal's borough of that name
        for key in (folded, _without_article(folded), _saint_in_full(folded), _breton_ch(folded)):
            candidates = self.cities.get(key, ())
            if candidates:
                return key, candidates
        if folded.startswith(_ARTICLES):
            return "", ()
        for key in (article + folded for article in _CONTRACTED_ARTICLES):
            candidates = self.cities.get(key, ())
            if candidates and candidates[0].population >= CONTRACTED_MIN_POPULATION:
                return key, candidates
        return "", ()

    def region(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """The subdivision or region `name` designates (`la Seine-Saint-Denis` too); a geo-less
        one when several countries have one of that name and nothing tells which."""
        key = fold(name)
        candidates = self.regions.get(key) or self.regions.get(_without_article(key), ())
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        place = resolve(candidates, context_countries)
        return place or Place(candidates[0].name, "region", None)

    def lookup(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """Country first, then a numbered arrondissement, then region or city: a city that is
        a capital or has a million people wins over a subdivision of its name (`New York`),
        a subdivision over a smaller city (`Québec`); last an island's name without its head
        (`l'île Maurice`)."""
        country = self.country(name)
        if country is not None:
            return country
        place = self._lookup_place(name, context_countries)
        island = _ISLAND.match(name.strip()) if place is None else None
        if island is not None:
            return self.lookup(island.group("name"), context_countries)
        return place

    def _has_subdivision_in(self, name: str, code: str) -> bool:
        key = fold(name)
        candidates = self.regions.get(key) or self.regions.get(_without_article(key), ())
        return any(place.geo is not None and place.geo.country_code == code for place in candidates)

    def _lookup_place(self, name: str, context_countries: frozenset[str]) -> Place | None:
        """`lookup` after the country: a district, a building, a region or a city."""
        district = self.arrondissement(name, context_countries) or self.building(name, context_countries)
        if district is not None:
            return district
        region = self.region(name, context_countries)
        city = self.city(name, context_countries)
        if region is not None and city is not None and _city_by_another_name_abroad(region, city, name):
            return region  # `Victoria`, Australia's state, not Hong Kong (`Victoria` is one of its names)
        if region is not None and city is not None and city.geo is not None and (
                city.capital or city.population >= PROMINENT_CITY):
            return city
        if region is not None and city is not None and _other_countries(region, city):
            return _region_or_city(region, city, context_countries,
                                   self._has_subdivision_in(name, city.geo.country_code))
        if region is not None and city is not None and city.geo is None:
            return _region_beside_cities(region, context_countries)
        if region is not None and region.geo is None and city is not None and city.geo is not None:
            return city  # subdivisions of several countries, one city: `Gaza`, `La Paz`, `Maputo`
        if region is not None and city is not None and _province_of_its_city(region, city):
            return city
        return region or city

    def arrondissement(self, name: str, context_countries: frozenset[str] = frozenset()
                       ) -> Place | None:
        """`VIIe arrondissement`, `le 6e arrondissement de Lyon`, `Lyon 3e`: the district of a
        city, at the city's point (Paris, the only city of numbered districts when none is named)."""
        match = _ARRONDISSEMENT.match(name.strip())
        if match is not None:
            city = self.city(match.group("city") or _DEFAULT_ARRONDISSEMENT_CITY, context_countries)
            return Place(_LEADING_LE.sub("", name.strip()), "city", city.geo if city else None, 0)
        match = _CITY_ORDINAL.match(name.strip())
        city = self.city(match.group("city"), context_countries) if match else None
        if city is None or city.geo is None:
            return None  # `Louis XIVe` is no district
        return Place(name.strip(), "city", city.geo, 0)


    def building(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """`aéroport de Lima`, `église Saint-Pierre de Lyon`: a building named after the city
        it stands in, at that city's point (no GeoNames id: it is not the city itself)."""
        match = _BUILDING.match(name.strip())
        if match is None or fold(match.group("head")) not in BUILDING_HEADS:
            return None
        city = match.group("city")
        if match.group("link").lower() == "du ":
            city = "Le " + city  # `port du Havre`
        place = self.city(city, context_countries)
        if place is None or place.geo is None:
            return None
        return Place(name.strip(), "other", replace(place.geo, geonames_id=None), 0)


BUILDING_HEADS = frozenset(
    "aeroport aerogare cathedrale basilique eglise abbaye chapelle chateau prison port zenith "
    "arenes".split())
"""Heads of buildings whose `de X` is the city they stand in. Not a station (`gare de Lyon` is
in Paris), a street or a square (`rue de Rome`), a museum (`musée d'Orsay`), a palace
(`palais de Tokyo`), a stadium (`Stade de Reims`, a club) or a bridge (`pont de Normandie`)."""
_BUILDING = re.compile(
    r"^(?P<head>[^\W\d_]+)\s+(?:internationale?\s+)?(?:[A-ZÀ-Ý][\w'’-]*\s+)*?(?P<link>de |d'|d’|du |des )\s*"
    r"(?P<city>[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*)$")
"""A head (`aéroport international`), capitalised name words (`Saint-Pierre`), then `de` and a
capitalised city name (a lower-case article after `de` names no city: `église de la Madeleine`)."""
_ARRONDISSEMENT = re.compile(
    r"^(?:[Ll]e\s+)?(?:[1-9]\d?|[IVXL]+)(?:e|er|ème|è)\s+arrondissement"
    r"(?:\s+(?:de|d')\s*(?P<city>[A-ZÀ-Ý][\w' -]+))?$")
_ISLAND = re.compile(r"^(?:[Ll]['’]\s*)?[îÎiI]les?\s+(?:de\s+la\s+|de\s+|d['’]\s*|du\s+|des\s+)?(?P<name>[A-ZÀ-Ý].*)$")
"""`l'île Maurice`, `île de la Réunion`, `les îles Canaries`: the island's own name after its
head (tried after the whole name: `Île-de-France`, `L'Île-d'Yeu`)."""
_LEADING_LE = re.compile(r"^[Ll]e\s+")
_CITY_ORDINAL = re.compile(r"^(?P<city>[A-ZÀ-Ý][\w-]+)\s+(?:[1-9]\d?|[IVXL]+)(?:e|er|ème)(?:\s+arrondissement)?$")
"""`Paris 18e`, `Lyon 3e arrondissement`: a district written after its city."""
_DEFAULT_ARRONDISSEMENT_CITY = "Paris"
_ARTICLES = ("la ", "le ", "les ", "l ")
_CONTRACTED_ARTICLES = ("le ", "les ")
CONTRACTED_MIN_POPULATION = 3000
"""A name found only with an article added must be a town this big: `Bois`, `Chêne` or
`Palais` alone are common words, not the villages `Le Bois`, `Le Chêne`, `Le Palais`."""


def _without_article(key: str) -> str:
    """`la seine saint denis` -> `seine saint denis` (the key itself when no article leads)."""
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article):]
    return key


REGION_DISCOUNT = 10
"""A subdivision's population share overstates how often news means it: weighed against a
city of another country of its name, it counts this much less (`Gaza` is the city of the
Palestinian territories more than Mozambique's province)."""


PROVINCE_CITY_KM = 150
"""A foreign subdivision whose centre is this close to the city of its name is that city's
province (`Kandahar`, `Hérat`): news names the city more, and its point is right for both."""


def _province_of_its_city(region: Place, city: Place) -> bool:
    return (region.geo is not None and city.geo is not None and region.geo.country_code == city.geo.country_code
            and city.geo.country_code not in FRENCH_SPEAKING and city.population >= MINOR_FOREIGN_POPULATION
            and km(region.geo, city.geo) <= PROVINCE_CITY_KM)


def _city_by_another_name_abroad(region: Place, city: Place, name: str) -> bool:
    """Whether `name` is the subdivision's own name but only another name of the city, in
    another country: the subdivision is meant (`Victoria` is the Australian state; Hong Kong
    is found under it as one of its GeoNames other names)."""
    key = _without_article(fold(name))
    return (_other_countries(region, city) and _without_article(fold(region.name)) == key
            and _without_article(fold(city.name)) != key)


def _other_countries(region: Place, city: Place) -> bool:
    return (region.geo is not None and city.geo is not None
            and region.geo.country_code != city.geo.country_code)


def _region_or_city(region: Place, city: Place, context_countries: frozenset[str],
                    city_country_has_one: bool = False) -> Place:
    """A subdivision and a city of its name in two countries: the one the article's countries
    or France point to, weighed as `resolve` does; when neither wins, the city if its own
    country has a subdivision of its name too (`Gaza`, city and governorate, over Mozambique's
    province), else a geo-less region."""
    proxy = replace(region, population=region.population // REGION_DISCOUNT)
    best = resolve((proxy, city), context_countries)
    if best is None:
        return city if city_country_has_one else Place(region.name, "region", None)
    return region if best is proxy else city


def _region_beside_cities(region: Place, context_countries: frozenset[str]) -> Place:
    """A subdivision whose name is also that of cities nothing tells apart (`Manchester`): it
    keeps its point in France or in a country of the article only."""
    code = region.geo.country_code if region.geo else ""
    if code == HOME_COUNTRY or code in context_countries:
        return region
    return Place(region.name, "region", None)


_COMPASS_WORDS = frozenset("nord sud est ouest centre".split())


def is_compass_point(key: str) -> bool:
    """Whether a folded name is only compass words, with or without its article (`le sud ouest`)."""
    words = _without_article(key).split()
    return bool(words) and all(word in _COMPASS_WORDS for word in words)


_BRETON_CH = re.compile(r"(?<=[a-z]c) h\b")
"""Breton `c'h` folded: `Plouc'h` -> `plouc h`; official names write it `ch` (`Plouch`)."""


def _breton_ch(key: str) -> str:
    return _BRETON_CH.sub("h", key)


_SAINT = re.compile(r"\b(st|ste|sts|stes)\b")
_SAINT_IN_FULL = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def _saint_in_full(key: str) -> str:
    """`ste maxime` -> `sainte maxime`: French place names abbreviated (GeoNames spells them)."""
    return _SAINT.sub(lambda match: _SAINT_IN_FULL[match.group(1)], key)


OTHER_NAME_DISCOUNT = 10
"""A place found by one of its other names (`Petropolis`, an old name of Saint Petersburg)
counts this much less when a foreign city bears that name as its own."""


def _weighed_by_name(candidates: tuple[Place, ...], key: str,
                     context_countries: frozenset[str] = frozenset()) -> tuple[Place, ...]:
    """`candidates`, those found by another name discounted when a foreign city of
    MINOR_FOREIGN_POPULATION people or more has the name as its own (`Petrópolis`, Brazil),
    or a city of any size in a country the article names (`Koro`, Mali, in a story on Mali:
    not Venezuela's Coro, of which `Koro` is another name)."""
    owners = {c.geo.country_code for c in candidates
              if c.geo is not None and fold(c.name) == key and c.geo.country_code not in FRENCH_SPEAKING
              and (c.population >= MINOR_FOREIGN_POPULATION or c.geo.country_code in context_countries)}
    if not owners:
        return candidates
    return tuple(replace(c, population=c.population // OTHER_NAME_DISCOUNT)
                 if fold(c.name) != key and c.geo is not None else c for c in candidates)


def resolve(candidates: tuple[Place, ...], context_countries: frozenset[str] = frozenset()
            ) -> Place | None:
    """The candidate a French article most likely means: population, weighed up for a capital,
    for France and for a country of the article; None when the best is not AMBIGUITY_RATIO
    times the next (candidates within SAME_PLACE_KM of a better one are that one)."""
    scored = sorted(candidates, key=lambda place: -_weight(place, context_countries))
    best = scored[0]
    rivals = [place for place in scored[1:] if not _same_place(best, place)]
    if best.geo is None or not _linkable(best, context_countries):
        return None
    if not rivals or _weight(best, context_countries) >= AMBIGUITY_RATIO * _weight(rivals[0], context_countries):
        return best
    return None


def _linkable(place: Place, context_countries: frozenset[str]) -> bool:
    """A small foreign place is linked only in an article about its country: French news
    names `Tokoroa` in a story on New Zealand, and a word like `Saint-Pierre` is no US town."""
    code = place.geo.country_code if place.geo else ""
    return (code == HOME_COUNTRY or code in context_countries or code in FRENCH_SPEAKING
            or place.capital or place.population >= MINOR_FOREIGN_POPULATION)


def _weight(place: Place, context_countries: frozenset[str]) -> float:
    weight = float(max(place.population, MIN_WEIGHED_POPULATION))
    code = place.geo.country_code if place.geo else ""
    if place.capital and code not in FRENCH_OVERSEAS:
        weight *= CAPITAL_WEIGHT
    if code == HOME_COUNTRY:
        weight *= HOME_WEIGHT
    if code and code in context_countries:
        weight *= CONTEXT_WEIGHT
    return weight


def _same_place(a: Place, b: Place) -> bool:
    if a.geo is None or b.geo is None or a.geo.country_code != b.geo.country_code:
        return False
    return km(a.geo, b.geo) <= SAME_PLACE_KM


def km(a: Geo, b: Geo) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


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
    """Read the packaged place files and lexicons; cities are read on first lookup."""
    by_code, capitals = _load_countries()
    countries = {}
    for place in by_code.values():
        for form in _name_forms(place.name):
            countries.setdefault(form, place)
    for alias, code in _read_pairs("country_aliases.txt"):
        if code in by_code:
            countries[_fold_once(alias)] = by_code[code]
    first_names = load_first_names()
    for code, name in _english_country_names().items():
        for form in _name_forms(name):
            if code in by_code and form not in first_names:
                countries.setdefault(form, by_code[code])
    return Gazetteer(
        countries=countries,
        cities=CityIndex(capitals),
        regions=_load_regions({code: place.population for code, place in by_code.items()}),
        first_names=first_names,
        country_by_code=by_code,
    )


_PARENTHESIS = re.compile(r"\s*\(([^()]+)\)\s*")


def _name_forms(name: str) -> list[str]:
    """Folded forms of a CLDR country name: the name, each capitalised part of a name with a
    parenthesis (`Myanmar (Birmanie)`: `myanmar`, `birmanie`; not `partie néerlandaise`) and a
    two-word name with a short word written as one (`Viêt Nam`: `vietnam`)."""
    parts = [_PARENTHESIS.sub(" ", name), *_PARENTHESIS.findall(name)]
    forms = [_fold_once(name)] + [_fold_once(part) for part in parts if part.strip()[:1].isupper()]
    forms += [form.replace(" ", "") for form in forms
              if form.count(" ") == 1 and min(len(word) for word in form.split()) <= 3]
    return list(dict.fromkeys(forms))


def _english_country_names() -> dict[str, str]:
    """ISO code -> CLDR English name: photo captions and quoted sources write `United States`.
    A name that is also a first name (`Jordan`, `Israel`, `Chad`) is left out by the caller."""
    from babel import Locale

    return {code: name for code, name in Locale("en").territories.items() if code.isalpha()}


def _load_countries() -> tuple[dict[str, Place], frozenset[int]]:
    """ISO code -> country (French name, point of its capital); and the capitals' GeoNames ids."""
    by_code, capitals = {}, set()
    for row in _read_rows("places-countries.tsv"):
        code, geonames_id, population, latitude, longitude, capital, name = row
        geo = Geo(float(latitude), float(longitude), code, int(geonames_id)) if latitude else None
        by_code[code] = Place(name, "country", geo, int(population))
        if capital:
            capitals.add(int(capital))
    return by_code, frozenset(capitals)


def _load_regions(country_population: dict[str, int]) -> dict[str, tuple[Place, ...]]:
    """ISO 3166-2 subdivisions under their French and local names, the regions of regions.txt
    and the continents (CLDR); French places first under each name. A subdivision's population
    is its country's share (`Floride` is the US state, not Uruguay's department)."""
    from babel import Locale

    rows = _read_rows("places-subdivisions.tsv")
    shares = _population_shares(rows, country_population)
    by_code: dict[str, Place] = {}
    index: dict[str, list[Place]] = {}
    for code, _parent, latitude, longitude, name, others in rows:
        place = Place(name, "region", Geo(float(latitude), float(longitude), code[:2]),
                      shares.get(code[:2], 0), code=code)
        by_code[code] = place
        for alias in {name, *filter(None, others.split("|"))}:
            index.setdefault(_fold_once(alias), []).append(place)
    for name, codes in _read_pairs("regions.txt"):
        place = _region(name, codes.split(), by_code)
        index[_fold_once(name)] = [place]
    for code, name in Locale("fr").territories.items():
        if code.isdigit() and code != _WORLD:
            index.setdefault(_fold_once(name), [Place(name, "region", None)])
    return {key: tuple(sorted(places, key=lambda p: p.code[:2] != HOME_COUNTRY))
            for key, places in index.items()}


_WORLD = "001"
"""CLDR's `Monde`: a common noun of French text, not a place."""


def _population_shares(rows: list[list[str]], country_population: dict[str, int]) -> dict[str, int]:
    """Country code -> its population divided by its number of first-level subdivisions."""
    counts: dict[str, int] = {}
    for code, parent, *_rest in rows:
        if not parent:
            counts[code[:2]] = counts.get(code[:2], 0) + 1
    return {country: country_population.get(country, 0) // count for country, count in counts.items()}


def _region(name: str, codes: list[str], subdivisions: dict[str, Place]) -> Place:
    """A regions.txt entry: the mean point of its ISO 3166-2 codes, or only a country."""
    parts = [subdivisions[code] for code in codes if code in subdivisions]
    if len(parts) != len(codes) and any("-" in code for code in codes):
        raise ValueError(f"regions.txt: {name}: unknown ISO 3166-2 code in {codes}; "
                         "use a code of places-subdivisions.tsv")
    if not parts:
        return Place(name, "region", None, code=codes[0] if codes else "")
    geo = Geo(sum(p.geo.latitude for p in parts) / len(parts),
              sum(p.geo.longitude for p in parts) / len(parts), parts[0].geo.country_code)
    return Place(name, "region", geo, code=parts[0].code if len(parts) == 1 else parts[0].code[:2])


def _read_rows(filename: str) -> list[list[str]]:
    text = resources.files("site_builder").joinpath("data", filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def _read_pairs(filename: str) -> list[tuple[str, str]]:
    """Lines `name<TAB>value` of a packaged data file; `#` starts a comment."""
    text = resources.files("site_builder").joinpath("data", filename).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(row[0].strip(), row[1].strip() if len(row) > 1 else "") for row in rows]
