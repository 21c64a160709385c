"""Places read against each other across one article (after each mention is typed alone).

A news story's small places cluster: a village comes with its département and the town beside it. A small town
linked hundreds of kilometres from every other local place of the article, in the same country,
is most likely a homonym of a place the gazetteer lacks (a hamlet, a district): it is left
unlinked rather than put at a wrong point, unless a local story names one city far more than
the others (its centre, where the hamlet or quarter most likely is). A street or a square is
in the city its sentence names (`à Paris, place de la Nation`); an unknown region in the
part of a country its apposition names (`en X, dans le nord de la Grèce`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from site_builder.enrich.entity_rules import Typing
from site_builder.enrich.gazetteer import HOME_COUNTRY, Gazetteer, Place, fold, is_compass_point, km
from site_builder.model import Geo

OUTLIER_MAX_POPULATION = 30_000
"""Only places smaller than this can be outliers (a big city is rarely a homonym)."""
NEAR_CITY_KM = 250
NEAR_REGION_KM = 400
"""A place is near a city of the article within NEAR_CITY_KM, near a region's centre within
NEAR_REGION_KM (regions are wide)."""
NATIONAL_CITY_POPULATION = 500_000
"""Capitals and cities this big are named for national reasons: they are no local anchor."""


def outlying_places(typings: list[Typing], gazetteer: Gazetteer,
                    countries: frozenset[str] = frozenset()) -> frozenset[str]:
    """Folded names of the small linked cities that no other local place of the article, in
    their country, is near."""
    located = {fold(t.name): t for t in typings if t.label == "LOC" and t.geo is not None
               and t.subkind in ("city", "region")}
    anchors = {key: t for key, t in located.items() if t.subkind == "region" or _is_local(t, gazetteer, countries)}
    far = set()
    for key, typing in located.items():
        if typing.subkind != "city" or not _is_small(typing, gazetteer, countries):
            continue
        same_country = [t for other, t in anchors.items()
                        if other != key and t.geo.country_code == typing.geo.country_code]
        tiny = _is_tiny(typing, gazetteer, countries)
        if same_country and not any(_near(typing, anchor, tiny=tiny) for anchor in same_country):
            far.add(key)
        elif not same_country and tiny:
            far.add(key)  # a village named alone is more often a namesake (`Matignon`, the office)
    return frozenset(far)


def compass_regions_abroad(typings: list[Typing]) -> frozenset[str]:
    """Folded names of the home country's subdivisions named by a compass word (`le Nord`) in
    an article that links places abroad and no other place at home: the part of the
    article's country (`concentrées dans le Nord` of a Malian story), not the département."""
    located = [t for t in typings if t.label == "LOC" and t.geo is not None]
    compass = {fold(t.name) for t in located if t.subkind == "region" and t.geo.country_code == HOME_COUNTRY
               and is_compass_point(fold(t.name))}
    if not compass:
        return frozenset()
    home = [t for t in located if t.geo.country_code == HOME_COUNTRY and fold(t.name) not in compass]
    abroad = [t for t in located if t.geo.country_code != HOME_COUNTRY]
    return frozenset(compass) if abroad and not home else frozenset()


STORY_CENTRE_MENTIONS = 3
"""A city named this often, more than any other, is where a local story happens."""


def story_centre(typings: list[Typing], gazetteer: Gazetteer,
                 countries: frozenset[str] = frozenset()) -> Geo | None:
    """The point of the local city (no capital, no national city) the article names most,
    when it names it STORY_CENTRE_MENTIONS times at least and more than any other city:
    there a name the gazetteer places far away (an outlier) is most likely a quarter or a
    hamlet (`un camping de La Fontaine` in a story from a Provence town, not the namesake far away)."""
    counts: dict[str, list] = {}
    for typing in typings:
        if typing.label == "LOC" and typing.subkind == "city" and typing.geo is not None:
            counts.setdefault(fold(typing.name), [0, typing])[0] += 1
    ranked = sorted(counts.values(), key=lambda pair: -pair[0])
    if not ranked or ranked[0][0] < STORY_CENTRE_MENTIONS or len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None
    centre = ranked[0][1]
    return replace(centre.geo, geonames_id=None) if _is_local(centre, gazetteer, countries) else None


TINY_NEAR_KM = 150
"""A village (under TINY_POPULATION) is near a city or a region's centre within this: a
département is about 100 km across, and a village comes with its own or a town beside it."""


def _near(typing: Typing, anchor: Typing, *, tiny: bool = False) -> bool:
    limit = NEAR_REGION_KM if anchor.subkind == "region" else NEAR_CITY_KM
    return km(typing.geo, anchor.geo) <= (min(limit, TINY_NEAR_KM) if tiny else limit)


def _is_small(typing: Typing, gazetteer: Gazetteer, countries: frozenset[str]) -> bool:
    place = gazetteer.city(typing.name, countries)
    return place is not None and not place.capital and place.population < OUTLIER_MAX_POPULATION


TINY_POPULATION = 2_000
"""A place this small is linked only when another local place of the article is near it."""


def _is_tiny(typing: Typing, gazetteer: Gazetteer, countries: frozenset[str]) -> bool:
    place = gazetteer.city(typing.name, countries)
    return place is not None and place.population < TINY_POPULATION


def _is_local(typing: Typing, gazetteer: Gazetteer, countries: frozenset[str]) -> bool:
    place = gazetteer.city(typing.name, countries)
    return place is not None and not place.capital and place.population < NATIONAL_CITY_POPULATION


def surnames_read_as_places(mentions: list[tuple[str, str, Typing]], gazetteer: Gazetteer
                            ) -> frozenset[int]:
    """Indexes of the place mentions that are the surname of a person the article names in
    full (`Hollande` after `François Hollande`): there the bare name is the person, unless
    an article or a preposition of place leads it (`la Hollande`, `en Hollande`).

    `mentions` are (text before, mention text, typing) of the article's items in order."""
    surnames = set()
    for _left, _text, typing in mentions:
        words = typing.name.split()
        if (typing.label == "PER" and len(words) >= 2 and gazetteer.is_first_name(words[0])
                and words[-1][:1].isupper()):
            surnames.add(fold(words[-1]))
    return frozenset(index for index, (left, text, typing) in enumerate(mentions)
                     if typing.label == "LOC" and " " not in text.strip() and fold(text) in surnames
                     and not _PLACE_LEAD.search(left))


_PLACE_LEAD = re.compile(r"(?:^|\s)(?:la|le|les|l'|en|au|aux|du|des|vers|depuis|à)\s*$", re.IGNORECASE)


STREET_HEADS = frozenset(
    "place rue avenue boulevard quai esplanade square parvis cours allee impasse".split())
"""Heads of streets and squares: they are in a city, and the sentence names which (`à Paris,
place de la Nation`); their own `de X` does not (`rue de Rome` is in Paris)."""


def streets_in_cities(mentions: list[tuple[int, int, str, Typing]], capital: Geo | None = None,
                      text: str = "") -> dict[int, Geo]:
    """Index -> point for the unlinked street and square mentions whose sentence places a city
    with `à` (`à Paris`, before or after them): the nearest such city's point; and for the
    other unlinked places the gazetteer lacks (`château du Sautou`), see `sites_in_cities`.

    `mentions` are (sentence, offset, text before, typing) of the article's items in order."""
    cities = [(sentence, offset, typing.geo) for sentence, offset, left, typing in mentions
              if typing.label == "LOC" and typing.subkind == "city" and typing.geo is not None
              and _AT.search(left)]
    found = {}
    for index, (sentence, offset, _left, typing) in enumerate(mentions):
        if typing.label != "LOC" or typing.geo is not None or not _is_street(typing):
            continue
        near = [(abs(offset - at), geo) for at_sentence, at, geo in cities if at_sentence == sentence]
        if near:
            found[index] = replace(min(near, key=lambda pair: pair[0])[1], geonames_id=None)
    found.update(sites_in_cities(mentions, capital, text))
    return found


def _is_street(typing: Typing) -> bool:
    words = typing.name.split()
    return len(words) >= 2 and fold(words[0]) in STREET_HEADS


SITE_SENTENCES_BACK = 1
"""A site takes the point of a city of its sentence or of the one city of the sentence before
(`à Tampa. ... sa résidence de Bel-Air`)."""


def sites_in_cities(mentions: list[tuple[int, int, str, Typing]], capital: Geo | None = None,
                    text: str = "") -> dict[int, Geo]:
    """Index -> point for the unlinked places the gazetteer lacks (a castle, a venue, an estate:
    typed `other`), neither led by `à` (unless a venue: `à la salle X`) nor the short form of a longer name of the article (`à Bruxelles-Midi` is a place of its own): the
    point of the nearest linked city of the article's main country, in their sentence or
    SITE_SENTENCES_BACK before (a news story names the town of a site beside it); a venue
    without one is in the article's home city, else, in a story that names no city at all,
    in `capital` (French national news leaves the capital's venues unplaced: `au Palais des sports`).

    The main country (the one most of the article's linked places are in) keeps a city of
    another country from lending its point (a foreign capital's palace beside a Florida estate)."""
    main = _main_country([typing for *_rest, typing in mentions])
    cities = [(sentence, offset, typing.geo) for sentence, offset, _left, typing in mentions
              if typing.label == "LOC" and typing.subkind == "city" and typing.geo is not None
              and typing.geo.country_code == main and not _is_dateline(text, offset, typing.name)]
    longer = _longer_names([typing for *_rest, typing in mentions])
    paired = towns_paired_with_towns(mentions, text)
    placed_by_region: dict[int, list[Geo]] = {}
    for sentence, _offset, _left, typing in mentions:
        if typing.label == "LOC" and typing.subkind == "region" and typing.geo is not None:
            placed_by_region.setdefault(sentence, []).append(typing.geo)
    found = {}
    for index, (sentence, offset, left, typing) in enumerate(mentions):
        if typing.label != "LOC" or typing.subkind != "other" or typing.geo is not None or _is_street(typing):
            continue
        described = _town_in_description(mentions, index, text)
        if described is not None:
            found[index] = replace(described, geonames_id=None)  # a place of its own, whatever is named after it
            continue
        if fold(typing.name) in longer:
            continue
        is_venue = fold(typing.name).split()[0] in VENUE_HEADS
        if _AT.search(left) and not is_venue:
            continue  # `à Bruxelles-Midi`: a place of its own, not a site of a city
        if fold(typing.name) in paired or is_compass_point(fold(typing.name)):
            continue  # `de X à Y`: a town of its own beside Y; `le Nord-Est`: a part of a country
        near = [city for city in cities if not _said_far_apart(text, (offset, offset + len(typing.name)), city[1])]
        geo = _city_in_apposition(mentions, index) or _city_of_sentence(
            near, sentence, offset, regions=placed_by_region.get(sentence, ()))
        if geo is None and is_venue:
            geo = _home_city(mentions, main) or _capital_when_no_city(mentions, main, capital)
        if geo is not None:
            found[index] = replace(geo, geonames_id=None)
    return found


REGION_OF_CITY_KM = 200
"""A region the site's sentence names (`près de X, dans le département de Y`) lets it take the
previous sentence's city only when that city is within this of the region's centre."""


def _city_of_sentence(cities: list[tuple[int, int, Geo]], sentence: int, offset: int, *,
                      regions: list[Geo] | tuple = ()) -> Geo | None:
    """The point of the nearest city of `sentence`, else of the one city of the sentence
    before (of two there, nothing tells which the site is in) that is in the `regions` the
    site's sentence names, if any."""
    here = [(abs(offset - at), geo) for at_sentence, at, geo in cities if at_sentence == sentence]
    if here:
        return min(here, key=lambda pair: pair[0])[1]
    before = {(geo.latitude, geo.longitude): geo for at_sentence, _at, geo in cities
              if 0 < sentence - at_sentence <= SITE_SENTENCES_BACK
              and (not regions or any(km(geo, region) <= REGION_OF_CITY_KM for region in regions))}
    return next(iter(before.values())) if len(before) == 1 else None


_PEER_LINK = re.compile(r"^\s*(?:,|et|ou|ni)\s*(?:(?:de la|de l['’]|du|des|de|d['’]|à|au|aux)\s*)?$")
"""What joins two names of one list (`X et Y`, `X, Y`, `de X et de Y`)."""
_ROUTE_START = re.compile(r"(?:^|\s)(?:de|d['’]|depuis)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:^|\s)entre\s+(?:les\s+\w+\s+(?:de\s+|d['’]\s*)?)?$", re.IGNORECASE)


OWN_HEADS = frozenset(
    "plage hameau quartier lieu dit pointe port village commune localite cite domaine camping foret "
    "bois lac anse baie ile col mont vallee zone cap site centre residence".split())
"""Words before a place's own `de` (`la plage de X à Y`): the name's head, not a route's start."""
_WORD_BEFORE_DE = re.compile(r"([\w-]+)\s+(?:de|d['’]|des|du)\s*$")


def _after_a_site_head(left: str) -> bool:
    match = _WORD_BEFORE_DE.search(left)
    head = fold(match.group(1)).split(" ")[-1] if match else ""
    return head in OWN_HEADS or head in STREET_HEADS or head in VENUE_HEADS


_DATELINE_END = re.compile(r"^\s*(?:\(|-|–|—|\||,\s*(?:\d|[A-ZÀ-Ý]))")


def _is_dateline(text: str, offset: int, name: str) -> bool:
    """Whether a city opens a line as a dateline (`VILLE (AFP) -`, `Ville - `, `Ville, 7 mai`):
    where the story was filed, not where its villages are (a capital's newsroom)."""
    if not text or text[:offset].rstrip(" \t")[-1:] not in ("", "\n"):
        return False
    return _DATELINE_END.match(text[offset + len(name):offset + len(name) + 12]) is not None


_DISTANCE = re.compile(r"\bà\s+(?:(?P<number>\d+)|(?:une?|quelques)\s+(?P<words>\w+)\s+(?:de\s+)?)\s*(?:km|kilomètres)\b", re.IGNORECASE)
_ROUND_NUMBERS = {"dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
                  "cinquantaine": 50, "soixantaine": 60, "centaine": 100}
FAR_APART_KM = 30
"""A place the text says is this far from a town (`à 50 kilomètres de X`) is not at its point."""


def _said_far_apart(text: str, site: tuple[int, int], city_offset: int) -> bool:
    """Whether a stated distance of FAR_APART_KM or more joins a site and a city of its sentence."""
    if not text:
        return False
    start, end = site
    between = text[end:city_offset] if city_offset >= end else text[city_offset:start]
    match = _DISTANCE.search(between) if len(between) <= 80 else None
    if match is None:
        return False
    if match.group("number"):
        return int(match.group("number")) >= FAR_APART_KM
    return _ROUND_NUMBERS.get(match.group("words").lower(), 0) >= FAR_APART_KM


def towns_paired_with_towns(mentions: list[tuple[int, int, str, Typing]], text: str) -> frozenset[str]:
    """Folded names of the unlinked places that a two-item list, a route or a range pairs with
    a linked town (`X et Y`, `de X et de Y`, `de X à Y`, `entre X et Y`): a town of its own
    the gazetteer lacks, not a site of Y (a longer list, `A, B et C`, may be one city's quarters)."""
    paired = set()
    for index in range(len(mentions) - 1):
        first, second = mentions[index], mentions[index + 1]
        if first[0] != second[0] or not _is_pair(text, mentions, index):
            continue
        for unlinked, linked in ((first[3], second[3]), (second[3], first[3])):
            if (unlinked.label == "LOC" and unlinked.geo is None and linked.label == "LOC"
                    and linked.subkind == "city" and linked.geo is not None):
                paired.add(fold(unlinked.name))
    return frozenset(paired)


def _is_pair(text: str, mentions: list[tuple[int, int, str, Typing]], index: int) -> bool:
    """Whether mentions `index` and `index + 1` are a list of two, a route or a range."""
    if not text:
        return False
    link = _between(text, mentions, index)
    if link is None:
        return False
    before = text[max(0, mentions[index][1] - 40):mentions[index][1]]
    if link.strip() == "à":
        return _ROUTE_START.search(before) is not None and not _after_a_site_head(before)
    if _PEER_LINK.match(link) is None:
        return False
    if link.strip().startswith(","):
        return False  # `A, B`: a longer list, or an apposition
    listed_before = index > 0 and _between(text, mentions, index - 1) is not None and _PEER_LINK.match(
        _between(text, mentions, index - 1)) is not None
    return not listed_before or _BETWEEN.search(before) is not None


def _between(text: str, mentions: list[tuple[int, int, str, Typing]], index: int) -> str | None:
    """The text from mention `index`'s end to the next one's start, when short and in one sentence."""
    (sentence, offset, _left, typing), (next_sentence, next_offset, _l, _t) = mentions[index], mentions[index + 1]
    link = text[offset + len(typing.name):next_offset]
    return link if sentence == next_sentence and 0 <= len(link) <= 12 else None


APPOSITION_GAP = 12
"""Characters at most between a site and the `à City` that follows it (`, à `)."""


def _city_in_apposition(mentions: list[tuple[int, int, str, Typing]], index: int) -> Geo | None:
    """The point of a linked city, of any country, that `à` introduces right after mention
    `index` in its sentence (`au Stade de France, à Saint-Denis`): the site's own town."""
    sentence, offset, _left, typing = mentions[index]
    if index + 1 >= len(mentions):
        return None
    next_sentence, at, left, city = mentions[index + 1]
    if (next_sentence == sentence and city.label == "LOC" and city.subkind == "city"
            and city.geo is not None and _AT.search(left)
            and at - offset - len(typing.name) <= APPOSITION_GAP):
        return city.geo
    return None


_DESCRIBED_BY_TOWN = re.compile(
    r"^\s*,\s*(?:(?:(?:la|le|l['’]|un|une)\s*)?(?:[\w-]+\s+){0,2}?(?:commune|quartier|banlieue|faubourg"
    r"|localité|village|hameau|bourgade|arrondissement)(?:\s+[\w'’-]+){0,3}?\s+|(?:tout\s+)?près\s+|non\s+loin\s+"
    r"|aux\s+portes\s+|dans\s+la\s+banlieue\s+)(?:de\s+la\s+|de\s+l['’]\s*|du\s+|de\s+|d['’]\s*)$")
"""What describes a place by its town right after it: `X, la plus grande commune d'Y`,
`X, un quartier populaire de Y`, `X, près de Y`."""


def _town_in_description(mentions: list[tuple[int, int, str, Typing]], index: int, text: str) -> Geo | None:
    """The point of the linked city an apposition describes mention `index` by (`X, quartier
    d'Y`, `X, près de Y`): a quarter or a village the gazetteer lacks is within a few
    kilometres of it, even led by `à` (a town of its own, but told by its city)."""
    if not text or index + 1 >= len(mentions):
        return None
    sentence, offset, _left, typing = mentions[index]
    next_sentence, at, _next_left, city = mentions[index + 1]
    if (next_sentence != sentence or city.label != "LOC" or city.subkind != "city" or city.geo is None
            or not _DESCRIBED_BY_TOWN.match(text[offset + len(typing.name):at])):
        return None
    return city.geo


VENUE_HEADS = frozenset(
    "stade parc palais gare aeroport zenith velodrome arena arenes theatre opera musee cathedrale "
    "basilique eglise chateau hopital prison universite campus salle".split())
"""First words of a building or venue (`salle`, `stade`): one the article
names without its town is in the article's home city (`au Parc des Princes` in a story from
Paris)."""
HOME_CITY_MENTIONS = 2


def _home_city(mentions: list[tuple[int, int, str, Typing]], main: str) -> Geo | None:
    """The point of the city of `main` the article names most (HOME_CITY_MENTIONS times at
    least; the first named of those most named), or of the one city of `main` it names;
    else None."""
    counts: dict[str, list] = {}
    for _sentence, _offset, _left, typing in mentions:
        if (typing.label == "LOC" and typing.subkind == "city" and typing.geo is not None
                and typing.geo.country_code == main):
            counts.setdefault(fold(typing.name), [0, typing.geo])[0] += 1
    best = max(counts.values(), key=lambda pair: pair[0], default=None)
    if best is not None and (best[0] >= HOME_CITY_MENTIONS or len(counts) == 1):
        return best[1]
    return None


def _capital_when_no_city(mentions: list[tuple[int, int, str, Typing]], main: str,
                          capital: Geo | None) -> Geo | None:
    """`capital` when the article links no city at all and its places, if any, are of
    HOME_COUNTRY; else None."""
    if capital is None or main not in ("", HOME_COUNTRY):
        return None
    if any(t.label == "LOC" and t.subkind == "city" and t.geo is not None for *_rest, t in mentions):
        return None
    return capital


def _longer_names(typings: list[Typing]) -> frozenset[str]:
    """Folded ends of the article's longer names (`vernay` of `Château du Vernay`, `matin`
    of `Le Matin`): a mention of one is that longer name's short form, which extraction
    reads later as that name (a site, an organisation) only while it is unlinked."""
    ends = set()
    for typing in typings:
        words = fold(typing.name).split()
        ends.update(" ".join(words[start:]) for start in range(1, len(words)))
    return frozenset(ends)


def _main_country(typings: list[Typing]) -> str:
    """The country code most of the linked places are in (`` when none is linked)."""
    counts: dict[str, int] = {}
    for typing in typings:
        if typing.label == "LOC" and typing.geo is not None:
            counts[typing.geo.country_code] = counts.get(typing.geo.country_code, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else ""


_AT = re.compile(r"(?:^|\s)(?:à|À|A)\s*$")
"""`à`, and `A` as French capitals often drop the accent (`A Paris,`)."""


def cities_named_with_a(mentions: list[tuple[str, str, Typing]], gazetteer: Gazetteer,
                        countries: frozenset[str] = frozenset()) -> dict[int, Typing]:
    """Index -> city typing for the subdivisions named after `à`, which French puts before a
    city (`à Québec`, but `au Québec`), when a city of that name is in the same country.

    `mentions` are (text before, mention text, typing) of the article's items in order."""
    found = {}
    for index, (left, text, typing) in enumerate(mentions):
        if typing.label != "LOC" or typing.subkind != "region" or typing.geo is None or not _AT.search(left):
            continue
        city = gazetteer.city(text, countries)
        if city is not None and city.geo is not None and city.geo.country_code == typing.geo.country_code:
            found[index] = Typing("LOC", "city", text.strip(), city.geo)
    return found


NEIGHBOUR_CITY_KM = 100
NEIGHBOUR_REGION_KM = 200
"""An ambiguous name is the one of its places this close to a local city (or to a region's
centre) of the article, when only one is."""


def places_near_the_others(mentions: list[tuple[str, str, Typing]], gazetteer: Gazetteer,
                           countries: frozenset[str] = frozenset()) -> dict[int, Typing]:
    """Index -> linked typing for the ambiguous city names (`Melle`: Deux-Sèvres or Flanders)
    of which one place only is near the article's other local places (`Niort`); also for a
    town linked to the most likely of its namesakes far from all of them (`_far_namesake`)."""
    anchors = [(fold(t.name), t.geo, NEIGHBOUR_REGION_KM if t.subkind == "region" else NEIGHBOUR_CITY_KM)
               for _left, _text, t in mentions
               if t.label == "LOC" and t.geo is not None and t.subkind in ("city", "region")
               and (t.subkind == "region" or _is_local(t, gazetteer, countries))]
    named = {t.geo.country_code for _left, _text, t in mentions
             if t.label == "LOC" and t.subkind == "country" and t.geo is not None}
    found = {}
    for index, (_left, text, typing) in enumerate(mentions):
        if typing.label != "LOC" or typing.subkind != "city":
            continue
        if typing.geo is not None and not _far_namesake(typing, mentions, gazetteer, countries):
            continue
        candidates = gazetteer.city_candidates(text)[1]
        key = fold(typing.name)
        others = [(geo, limit) for name, geo, limit in anchors if name != key]
        near = _one_place_near(candidates, [a for a in others if a[1] == NEIGHBOUR_CITY_KM]) \
            or _one_place_near(candidates, others)
        if near and typing.geo is not None and not _can_stand_for(near[0], typing, gazetteer, countries):
            continue
        if near and not _in_another_named_country(candidates, near[0], named):
            found[index] = Typing("LOC", "city", typing.name, near[0].geo)
    return found


def _one_place_near(candidates: tuple[Place, ...], anchors: list[tuple[Geo, int]]) -> list[Place]:
    """The candidates near an anchor when they are one place (within a tenth of
    NEIGHBOUR_CITY_KM of each other), else []."""
    near = [c for c in candidates if c.geo is not None and any(km(c.geo, geo) <= limit for geo, limit in anchors)]
    if near and all(km(near[0].geo, other.geo) <= NEIGHBOUR_CITY_KM / 10 for other in near):
        return near
    return []


REPLACEABLE_POPULATION = 200_000
"""A linked town smaller than this, far from all the article's other local places, may be the
wrong one of its namesakes (`Saint-Paul` of La Réunion in a story of the Oise)."""


def _far_namesake(typing: Typing, mentions: list[tuple[str, str, Typing]], gazetteer: Gazetteer,
                  countries: frozenset[str]) -> bool:
    """Whether a linked town with namesakes is no capital, smaller than REPLACEABLE_POPULATION,
    and near none of the article's other local places (of which there is one at least)."""
    key = fold(typing.name)
    place = gazetteer.city(typing.name, countries)
    if (place is None or place.capital or place.population >= REPLACEABLE_POPULATION
            or len(gazetteer.city_candidates(typing.name)[1]) < 2):
        return False
    others = [t for _left, _text, t in mentions
              if t.label == "LOC" and t.geo is not None and t.subkind in ("city", "region")
              and fold(t.name) != key and (t.subkind == "region" or _is_local(t, gazetteer, countries))]
    return bool(others) and not any(
        km(typing.geo, t.geo) <= (NEIGHBOUR_REGION_KM if t.subkind == "region" else NEIGHBOUR_CITY_KM)
        for t in others)


NAMESAKE_SHARE = 20
"""A namesake near the article's places replaces a linked town only if it has a
NAMESAKE_SHARE-th of its people at least: there is a hamlet of almost any name near any town."""


def _can_stand_for(namesake: Place, typing: Typing, gazetteer: Gazetteer, countries: frozenset[str]) -> bool:
    linked = gazetteer.city(typing.name, countries)
    return linked is None or namesake.population * NAMESAKE_SHARE >= linked.population


def _in_another_named_country(candidates: tuple[Place, ...], chosen: Place, named: set[str]) -> bool:
    """Whether a candidate lies in a country the article names, not the chosen one's:
    `Douvres` in a story naming the United Kingdom may be Dover however near a French place
    the village of the Ain is."""
    return any(c.geo is not None and c.geo.country_code in named and c.geo.country_code != chosen.geo.country_code
               for c in candidates)


_PART_OF_COUNTRY = re.compile(
    r"^\s*,\s*(?:dans|au|à)\s+(?:le\s+|l['’]\s*)?(?P<part>(?:nord|sud)(?:-(?:est|ouest))?|est|ouest|centre)"
    r"\s+(?:du|de la|de l['’]|des|de)\s*(?P<country>[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)?)")
"""`en X, dans le nord de la Grèce`: the part of a country an unknown region is in."""
_PART_VECTORS = {"nord": (1, 0), "sud": (-1, 0), "est": (0, 1), "ouest": (0, -1),
                 "nord-est": (1, 1), "nord-ouest": (1, -1), "sud-est": (-1, 1), "sud-ouest": (-1, -1)}
PART_SHARE = 4
MAINLAND_FACTOR = 2
"""Subdivisions further from the capital than this many times the median distance are
islands or overseas (Madeira, the Azores): no part of the country's `sud`."""


def regions_by_part_of_country(mentions: list[tuple[str, str, Typing]], gazetteer: Gazetteer
                               ) -> dict[int, Typing]:
    """Index -> region typing for the unlinked places named after `en` that an apposition
    puts in a part of a country (`en X, dans le nord de la Grèce`): the point of that
    country's subdivision furthest that way (its middle one for `centre`). A region is wide
    (the scorer's and the reader's scale): a town (`à X`) is never placed so.

    `mentions` are (text before, text after, typing) of the article's items in order."""
    found = {}
    for index, (left, right, typing) in enumerate(mentions):
        if typing.label != "LOC" or typing.geo is not None or not _EN.search(left):
            continue
        match = _PART_OF_COUNTRY.match(right)
        country = gazetteer.country(match.group("country")) if match else None
        if country is None or country.geo is None:
            continue
        point = _part_of_country(gazetteer.subdivisions_of(country.geo.country_code), country.geo,
                                 match.group("part"))
        if point is not None:
            found[index] = Typing("LOC", "region", typing.name, replace(point, geonames_id=None))
    return found


_EN = re.compile(r"(?:^|\s)[Ee]n\s+$")


def _part_of_country(subdivisions: tuple[Place, ...], capital: Geo, part: str) -> Geo | None:
    """The mean point of the mainland subdivisions furthest towards `part`, the first
    1/PART_SHARE of them (an enclave alone would pull it off: Ceuta for Spain's south); the
    subdivision nearest the mainland's mean point for `centre`; None for fewer than 3."""
    if len(subdivisions) < 3:
        return None
    distances = sorted(km(place.geo, capital) for place in subdivisions)
    limit = MAINLAND_FACTOR * max(distances[len(distances) // 2], 1.0)
    mainland = [place.geo for place in subdivisions if km(place.geo, capital) <= limit]
    if part == "centre":
        mean = Geo(sum(g.latitude for g in mainland) / len(mainland),
                   sum(g.longitude for g in mainland) / len(mainland), capital.country_code)
        return min(mainland, key=lambda g: km(g, mean))
    north, east = _PART_VECTORS[part]
    ranked = sorted(mainland, key=lambda g: -(north * g.latitude + east * g.longitude))
    part_of = ranked[:-(-len(ranked) // PART_SHARE)]
    return Geo(sum(g.latitude for g in part_of) / len(part_of),
               sum(g.longitude for g in part_of) / len(part_of), capital.country_code)
