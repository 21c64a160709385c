"""Open data for researchers: the Site's tables as files under data/ (docs/open-data.md).

`render_open_data(site)` -> CSV tables (one per table), the same tables in one JSON file, a
Frictionless `datapackage.json` describing them, the co-occurrence graph as GraphML (Gephi,
networkx, igraph) and the places as GeoJSON. Pure: Site in, OutputFiles out; deterministic
(site order for articles, slug order for entities; ids are slugs, `actor:SLUG` / `place:SLUG`
in the graph). Every file is made on every build and written only if its bytes changed.

No file passes `part_bytes` (PART_BYTES: GitHub refuses files over 100 MB and warns over
50 MB): a table or the JSON file that would is cut into parts at row (CSV) or article (JSON)
boundaries, `articles.csv`, `articles-2.csv`, ..., each a complete file with its own header,
listed in `datapackage.json` (a multipart `path`) and in each JSON part (`parts`).

With an `OpenDataMemo` (serve keeps one in its RenderMemo), an unchanged article's rows are
not made again (per article object, and while the same of its entities are visible), and a
file or part made from the same inputs is reused and listed in `memo.reused`: serve then
writes it as a kept page (an edit remakes the parts holding the edited article, not the
hundreds of megabytes of a 10,000-article site). The bytes are those made without it.

`build_data_page(site)` is the context of the "Données" page (theme/data.html).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from site_builder.model import Article, Entity, EntityKind, OutputFile, Site

SCHEMA_VERSION = 2
"""Raised when a column is removed, renamed or changes meaning, or a file's layout changes
(2: tables and the JSON file cut into parts past PART_BYTES); adding a column keeps it."""
PART_BYTES = 32 * 1024**2
"""The most bytes an open-data file holds (one row larger than this makes a part of its own)."""
DATA_DIR = PurePosixPath("data")
JSON_NAME = "open-data.json"
GRAPH_NAME = "cooccurrences.graphml"
GEOJSON_NAME = "places.geojson"
PACKAGE_NAME = "datapackage.json"
GEONAMES_NOTE = ("Coordonnées et identifiants GeoNames : © GeoNames (geonames.org), "
                 "licence CC BY 4.0.")
TEXTS_NOTE = ("Les textes, titres et citations des articles restent la propriété de leurs "
              "auteurs et éditeurs.")

_PLACE = EntityKind.PLACE
_SLUG, _DATE = attrgetter("slug"), attrgetter("date")
Value = str | int | float | bool | tuple[str, ...] | None
Row = tuple[Value, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """Table Schema type: string, integer, number, boolean, date, or array (in CSV, a JSON
    array of strings)."""
    description: str
    is_optional: bool = False
    """Empty in CSV (null in JSON) when unknown."""


@dataclass(frozen=True)
class Table:
    name: str
    """The CSV is data/<name>.csv; the key of its rows in open-data.json."""
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    """(column, table, its column) this table's column refers to."""

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _col(name: str, kind: str, description: str, *, optional: bool = False) -> Column:
    return Column(name, kind, description, optional)


_OF_ARTICLE = ("article_slug", "articles", "slug")
_ENTITY_COUNTS = (
    _col("article_count", "integer", "Articles qui le nomment (le nombre qu’indique sa page)."),
    _col("mention_count", "integer", "Mentions dans ces articles (1 pour un article qui le "
         "liste sans le citer)."),
    _col("first_seen", "date", "Date de l’article le plus ancien qui le nomme.", optional=True),
    _col("last_seen", "date", "Date de l’article le plus récent qui le nomme.", optional=True),
    _col("url", "string", "Adresse de sa page sur le site."),
)
ARTICLES = Table("articles", "Articles", "Un article par ligne, du plus récent au plus ancien.", (
    _col("slug", "string", "Identifiant stable de l’article (adresse de sa page)."),
    _col("title", "string", "Titre."),
    _col("date", "date", "Date de publication (AAAA-MM-JJ)."),
    _col("date_inferred", "boolean", "true si la date a été déduite du texte."),
    _col("language", "string", "Langue (code BCP 47)."),
    _col("summary", "string", "Chapô.", optional=True),
    _col("image_caption", "string", "Légende de la photo.", optional=True),
    _col("photo_credit", "string", "Crédit de la photo.", optional=True),
    _col("word_count", "integer", "Nombre de mots du texte."),
    _col("reading_time", "integer", "Temps de lecture estimé, en minutes."),
    _col("url", "string", "Adresse de la page de l’article."),
    _col("text", "string", "Texte de l’article en Markdown : les positions des mentions et "
         "des citations s’y rapportent."),
), ("slug",))
ACTORS = Table("actors", "Acteurs", "Une personne ou une organisation par ligne.", (
    _col("slug", "string", "Identifiant stable de l’acteur (adresse de sa page)."),
    _col("name", "string", "Nom."),
    _col("kind", "string", "person ou organisation."),
    _col("roles", "array", "Fonctions relevées dans les articles."),
    _col("aliases", "array", "Autres noms."),
    *_ENTITY_COUNTS,
), ("slug",))
PLACES = Table("places", "Lieux", "Un lieu par ligne.", (
    _col("slug", "string", "Identifiant stable du lieu (adresse de sa page)."),
    _col("name", "string", "Nom."),
    _col("kind", "string", "country, city, region ou other."),
    _col("aliases", "array", "Autres noms."),
    _col("country_code", "string", "Code pays ISO 3166-1 alpha-2.", optional=True),
    _col("latitude", "number", "Latitude (WGS 84, degrés).", optional=True),
    _col("longitude", "number", "Longitude (WGS 84, degrés).", optional=True),
    _col("geonames_id", "integer", "Identifiant GeoNames.", optional=True),
    *_ENTITY_COUNTS,
), ("slug",))
ARTICLE_ENTITIES = Table(
    "article_entities", "Articles et entités",
    "Qui et quoi chaque article nomme : une ligne par article et par acteur ou lieu.", (
        _col("article_slug", "string", "L’article (articles.slug)."),
        _col("entity_type", "string", "actor ou place."),
        _col("entity_slug", "string", "L’acteur ou le lieu (actors.slug ou places.slug)."),
        _col("mentions", "integer", "Mentions dans cet article (0 : listé sans être cité)."),
    ), ("article_slug", "entity_type", "entity_slug"), (_OF_ARTICLE,))
MENTIONS = Table("mentions", "Mentions", "Chaque occurrence d’un acteur ou d’un lieu dans un "
                 "texte, dans l’ordre du texte.", (
    _col("article_slug", "string", "L’article (articles.slug)."),
    _col("entity_type", "string", "actor ou place."),
    _col("entity_slug", "string", "L’acteur ou le lieu nommé."),
    _col("start", "integer", "Position du premier caractère dans articles.text (à partir de 0)."),
    _col("end", "integer", "Position qui suit le dernier caractère."),
    _col("text", "string", "Le nom tel qu’il est écrit."),
    _col("label", "string", "Étiquette de l’entité nommée : PER, ORG ou LOC."),
), ("article_slug", "start", "end", "entity_type", "entity_slug"), (_OF_ARTICLE,))
QUOTES = Table("quotes", "Citations", "Les citations de chaque article, dans l’ordre du texte.", (
    _col("article_slug", "string", "L’article (articles.slug)."),
    _col("position", "integer", "Rang de la citation dans l’article (à partir de 0)."),
    _col("text", "string", "La citation."),
    _col("speaker_slug", "string", "Qui parle (actors.slug), si on le sait.", optional=True),
    _col("start", "integer", "Position du début de la citation dans articles.text.",
         optional=True),
    _col("end", "integer", "Position qui suit sa fin.", optional=True),
), ("article_slug", "position"),
    (_OF_ARTICLE, ("speaker_slug", "actors", "slug")))
COOCCURRENCES = Table(
    "cooccurrences", "Cooccurrences",
    "Les liens que montrent les pages : pour chaque acteur ou lieu, les entités qui partagent "
    "le plus d’articles avec lui ; une ligne par paire, sans direction.", (
        _col("source_type", "string", "actor ou place (la première entité de la paire)."),
        _col("source_slug", "string", "Sa page."),
        _col("target_type", "string", "actor ou place (la seconde)."),
        _col("target_slug", "string", "Sa page."),
        _col("shared_articles", "integer", "Articles qui nomment les deux."),
    ), ("source_type", "source_slug", "target_type", "target_slug"))
TABLES = (ARTICLES, ACTORS, PLACES, ARTICLE_ENTITIES, MENTIONS, QUOTES, COOCCURRENCES)
_ARTICLE_TABLES = (ARTICLES, ARTICLE_ENTITIES, MENTIONS, QUOTES)
"""Tables whose rows come from one article each (kept per article by the memo)."""

GRAPH_NODE_KEYS = (("label", "string"), ("type", "string"), ("kind", "string"),
                   ("article_count", "int"), ("mention_count", "int"), ("url", "string"),
                   ("latitude", "double"), ("longitude", "double"))
"""GraphML node attributes (name, GraphML type); latitude/longitude only on located places."""
GRAPH_EDGE_KEYS = (("weight", "int"),)
"""`weight`: shared articles (the attribute Gephi takes as the edge weight)."""
GEOJSON_PROPERTIES = ("slug", "name", "kind", "country_code", "geonames_id", "article_count",
                      "mention_count", "url")


Fragments = tuple[str, ...]
"""One article's part of each table of _ARTICLE_TABLES, ready to join: its CSV lines, then its
JSON objects, comma-separated."""
Sizes = tuple[int, ...]
"""The UTF-8 length of each fragment (to cut files into parts without encoding them twice)."""


@dataclass
class OpenDataMemo:
    """What the last render_open_data call made, and from what (serve keeps one)."""

    visible: object = None
    """(config, visible actor slugs, visible place slugs) the article rows were made for."""
    articles: dict[str, tuple[Article, Row, Fragments, Sizes]] = field(default_factory=dict)
    """Article slug -> (the article, which of its entities were visible, its fragments, their
    sizes)."""
    files: dict[str, tuple[object, list[OutputFile]]] = field(default_factory=dict)
    """File name -> (what it was made from, the file and its further parts)."""
    reused: tuple[PurePosixPath, ...] = ()
    """The files of the last call made from the same inputs as in the call before: output/
    holds them already (serve writes them as kept pages), unless `forget()` was called since."""

    def forget(self) -> None:
        """The files of the last call did not reach output/: none is reused next time."""
        self.files, self.reused = {}, ()


def render_open_data(site: Site, memo: OpenDataMemo | None = None, *,
                     part_bytes: int = PART_BYTES) -> list[OutputFile]:
    """Every open-data file of the site, in a fixed order (a table's parts one after another)."""
    memo = memo if memo is not None else OpenDataMemo()
    previous, memo.files, reused = memo.files, {}, []
    made = _Made(previous, memo.files, reused)
    per_article = _article_fragments(site, memo)
    dates = dict(zip(map(_SLUG, site.articles), map(_DATE, site.articles), strict=True))
    rows = {ACTORS.name: tuple(_entity_rows(site, EntityKind.ACTOR, dates)),
            PLACES.name: tuple(_entity_rows(site, EntityKind.PLACE, dates)),
            COOCCURRENCES.name: made.rows(COOCCURRENCES.name, site.cooccurrences,
                                          lambda: tuple(cooccurrence_rows(site)))}
    tables = [_table_files(made, table, per_article, rows, part_bytes) for table in TABLES]
    files = [file for parts in tables for file in parts]
    files += _json_files(made, site, per_article, rows, part_bytes)
    paths = tuple(tuple(file.path.name for file in parts) for parts in tables)
    files += made.files(PACKAGE_NAME, (site.config, paths), lambda: [_package_file(site, paths)])
    graph = (rows[ACTORS.name], rows[PLACES.name], rows[COOCCURRENCES.name])
    files += made.files(GRAPH_NAME, graph, lambda: [_graphml_file(*graph)])
    files += made.files(GEOJSON_NAME, rows[PLACES.name], lambda: [_geojson_file(rows[PLACES.name])])
    memo.reused = tuple(reused)
    return files


@dataclass(frozen=True)
class _Made:
    """One call's view of the memo: what the call before made (`previous`), what this one
    makes (`fresh`), and the paths of the files it takes unchanged from the call before."""

    previous: dict[str, tuple[object, list[OutputFile]]]
    fresh: dict[str, tuple[object, list[OutputFile]]]
    reused: list[PurePosixPath]

    def files(self, name: str, key: object,
              make: Callable[[], list[str] | list[OutputFile]]) -> list[OutputFile]:
        """`make`'s files (a text is the file `name`), or those of the call before when made
        from an equal key (compared item by item: the same objects compare at once)."""
        known = self.previous.get(name)
        if known is not None and known[0] == key:
            self.reused.extend(file.path for file in known[1])
        else:
            known = (key, [OutputFile(DATA_DIR / name, item) if isinstance(item, str) else item
                           for item in make()])
        self.fresh[name] = known
        return known[1]

    def rows(self, name: str, key: object, make: Callable[[], Any]) -> Any:
        """Rows (or lines) made from `key`, or the call before's when made from an equal key."""
        known = self.previous.get(f"#{name}")
        if known is None or known[0] != key:
            known = (key, make())
        self.fresh[f"#{name}"] = known
        return known[1]


def _table_files(made: _Made, table: Table, per_article: list[tuple[Fragments, Sizes]],
                 rows: dict[str, tuple[Row, ...]], part_bytes: int) -> list[OutputFile]:
    """The table's CSV file, or its parts when it would pass `part_bytes`."""
    header = _csv_header(table)
    if table in _ARTICLE_TABLES:  # one copy of the text (tens of MB at 10,000 articles)
        at = _ARTICLE_TABLES.index(table)
        lines = [fragments[at] for fragments, _ in per_article]
        sizes = [found[at] for _, found in per_article]
        return _csv_parts(made, table.file_name, header, lines, sizes, part_bytes)
    found = rows[table.name]
    lines, sizes = made.rows(f"{table.name}-lines", found,
                             lambda: _with_sizes(_csv_lines(table, found)))
    return _csv_parts(made, table.file_name, header, lines, sizes, part_bytes)


def _csv_parts(made: _Made, name: str, header: str, lines: list[str], sizes: list[int],
               part_bytes: int) -> list[OutputFile]:
    """Each part is made again only when one of its lines changed (an edit: one part)."""
    groups = cut_into_parts(sizes, part_bytes, reserved=len(header.encode()))
    names = part_names(name, len(groups))
    return [file for part, group in zip(names, groups, strict=True) for file in made.files(
        part, (header, tuple(lines[group.start:group.stop])),
        lambda group=group: ["".join([header, *lines[group.start:group.stop]])])]


def cut_into_parts(sizes: list[int], limit: int, *, reserved: int = 0,
                   first_reserved: int = 0) -> list[range]:
    """Consecutive items grouped so that `reserved` (+ `first_reserved` in the first group)
    plus their sizes stay within `limit`; an item larger than that alone; at least one group
    (the first without items when the first item does not fit beside `first_reserved`)."""
    groups, start, used = [], 0, reserved + first_reserved
    for index, size in enumerate(sizes):
        if used + size > limit and (index > start or used > reserved):
            groups.append(range(start, index))
            start, used = index, reserved
        used += size
    return [*groups, range(start, len(sizes))]


def part_names(name: str, count: int) -> list[str]:
    """`articles.csv`, then `articles-2.csv`, `articles-3.csv`... (like the pages' page/2/)."""
    stem, dot, suffix = name.partition(".")
    return [name, *(f"{stem}-{number}{dot}{suffix}" for number in range(2, count + 1))]


def _with_sizes(lines: list[str]) -> tuple[list[str], list[int]]:
    return lines, _utf8_sizes(lines)


def _utf8_sizes(texts: Iterable[str]) -> list[int]:
    return [len(text.encode()) for text in texts]


# Rows -------------------------------------------------------------------------------------


def article_rows(site: Site, article: Article) -> tuple[list[Row], ...]:
    """One article's rows of each table of _ARTICLE_TABLES (only visible entities); dates as
    ISO text, lists as tuples. Mentions in text order (ties as the article has them)."""
    slug, actors, places = article.slug, site.actors, site.places
    mentions = [(slug, "place", m.slug, m.start, m.end, m.text, m.label) if m.kind is _PLACE
                else (slug, "actor", m.slug, m.start, m.end, m.text, m.label)
                for m in sorted(article.mentions, key=_OFFSETS)
                if m.slug in (places if m.kind is _PLACE else actors)]
    counts = Counter(map(_ENTITY_OF_MENTION, mentions))
    listed = {*(("actor", s) for s in article.actors if s in actors),
              *(("place", s) for s in article.places if s in places), *counts}
    entities = [(slug, kind, entity, counts[kind, entity]) for kind, entity in sorted(listed)]
    return (
        [(slug, article.title, article.date.isoformat(), article.date_inferred,
          article.language, article.summary or None, article.image_caption or None,
          article.photo_credit or None, article.word_count, article.reading_time,
          _url(site, f"articles/{slug}/"), article.body_md)],
        entities,
        mentions,
        [(slug, index, q.text, q.speaker if q.speaker in actors else None,
          *((q.start, q.end) if q.end > q.start else (None, None)))
         for index, q in enumerate(article.quotes)],
    )


_OFFSETS = attrgetter("start", "end")
_ENTITY_OF_MENTION = itemgetter(1, 2)


def _type(kind: EntityKind) -> str:
    """`actor` or `place` (EntityKind.value, without the enum's slow attribute lookup)."""
    return "place" if kind is _PLACE else "actor"


def _entity_rows(site: Site, kind: EntityKind, dates: dict[str, dt.date]) -> Iterator[Row]:
    """`dates`: article slug -> date."""
    entities = site.actors if kind is EntityKind.ACTOR else site.places
    for slug in sorted(entities):
        entity = entities[slug]
        slugs = site.articles_by_entity.get((kind, slug), ())
        counts = (len(slugs), site.mention_counts.get((kind, slug), 0),
                  dates[slugs[-1]].isoformat() if slugs else None,
                  dates[slugs[0]].isoformat() if slugs else None,
                  _url(site, f"{'actors' if kind is EntityKind.ACTOR else 'places'}/{slug}/"))
        yield (slug, entity.name, entity.subkind, *_described(entity), *counts)


def _described(entity: Entity) -> Row:
    """The columns between `kind` and the counts: roles and aliases, or a place's geography."""
    if entity.kind is EntityKind.ACTOR:
        return tuple(entity.roles), tuple(entity.aliases)
    geo = entity.geo
    if geo is None:
        return tuple(entity.aliases), None, None, None, None
    return (tuple(entity.aliases), geo.country_code or None, geo.latitude, geo.longitude,
            geo.geonames_id)


def cooccurrence_rows(site: Site) -> Iterator[Row]:
    """Each pair that Site.cooccurrences links (in either direction) once, in key order."""
    pairs: dict[tuple[str, str, str, str], int] = {}
    for (kind, slug), related in site.cooccurrences.items():
        one = (_type(kind), slug)
        for other_kind, other_slug, shared in related:
            other = ("place" if other_kind is _PLACE else "actor", other_slug)
            pairs[(*one, *other) if one < other else (*other, *one)] = shared
    for key in sorted(pairs):
        yield (*key, pairs[key])


# CSV and JSON -----------------------------------------------------------------------------


def _article_fragments(site: Site, memo: OpenDataMemo) -> list[tuple[Fragments, Sizes]]:
    """Each article's fragments and their sizes, in site order; the memo's when the article is
    the same object, the configuration the same, and the same of its entities are visible."""
    visible = (site.config, list(site.actors), list(site.places))
    known, slugs = memo.articles, list(map(_SLUG, site.articles))
    if memo.visible != visible:  # an entity came or went: the articles that name it change
        same_config = memo.visible is not None and memo.visible[0] == site.config
        known = {slug: entry for slug, entry in known.items()
                 if entry[1] == _visibility(site, entry[0])} if same_config else {}
        memo.visible, memo.articles = visible, known
    missing = [a for a in site.articles if (known.get(a.slug) or (None,))[0] is not a]
    for article, fragments in zip(missing, _make_fragments(site, missing), strict=True):
        known[article.slug] = (article, _visibility(site, article), fragments,
                               tuple(_utf8_sizes(fragments)))
    if len(known) > len(slugs):  # articles removed
        memo.articles = known = {slug: known[slug] for slug in slugs}
    return [known[slug][2:] for slug in slugs]


def _visibility(site: Site, article: Article) -> Row:
    """Which of the entities an article's rows may name are on the site (article_rows)."""
    actors, places = site.actors, site.places
    return (*(m.slug in (places if m.kind is _PLACE else actors) for m in article.mentions),
            *(slug in actors for slug in article.actors), *(slug in places for slug in article.places),
            *(q.speaker in actors for q in article.quotes))


def _make_fragments(site: Site, articles: list[Article]) -> list[Fragments]:
    """The fragments of these articles (one CSV writer per table for all of them)."""
    rows = [article_rows(site, article) for article in articles]
    csv_parts = [_csv_groups([found[index] for found in rows], is_plain=table is not ARTICLES)
                 for index, table in enumerate(_ARTICLE_TABLES)]
    json_parts = [[_json_part(found[index]) for found in rows]
                  for index in range(len(_ARTICLE_TABLES))]
    return list(zip(*csv_parts, *json_parts, strict=True))


def _csv_groups(groups: list[list[Row]], *, is_plain: bool) -> list[str]:
    """The CSV lines of each group of rows; `is_plain`: no boolean nor list in them."""
    lines: list[str] = []
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")
    parts = []
    for group in groups:
        start = len(lines)
        writer.writerows(group if is_plain else map(_csv_row, group))
        parts.append("".join(lines[start:]))
    return parts


def _json_part(rows: list[Row]) -> str:
    """The rows as comma-separated JSON arrays (tuples are arrays)."""
    return _dumps(rows)[1:-1]


def _csv_row(row: Row) -> Row:
    """Booleans as `true`/`false`, lists as JSON arrays; the csv module writes None as ''."""
    return tuple(_csv_cell(value) for value in row)


def _csv_header(table: Table) -> str:
    return ",".join(column.name for column in table.columns) + "\n"


def _csv_lines(table: Table, rows: Iterable[Row]) -> list[str]:
    """One CSV line per row (a text with line breaks stays in its row's line)."""
    lines: list[str] = []
    is_plain = all(column.type not in ("boolean", "array") for column in table.columns)
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")
    for row in rows if is_plain else map(_csv_row, rows):
        writer.writerow(row)
    return lines


def _csv_cell(value: Value) -> Value:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value  # floats: repr, the shortest exact text


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def site_header(site: Site, parts: list[str]) -> dict[str, object]:
    """What each JSON part says about itself: schema version, site, licence notes, the parts."""
    cfg = site.config
    return {"schema_version": SCHEMA_VERSION, "site": {
        "title": cfg.title, "url": _url(site, ""), "language": cfg.language,
        "licences": [TEXTS_NOTE, GEONAMES_NOTE]}, "parts": parts}


def _json_files(made: _Made, site: Site, per_article: list[tuple[Fragments, Sizes]],
                entity_rows: dict[str, tuple[Row, ...]], part_bytes: int) -> list[OutputFile]:
    """open-data.json, or its parts: each article's rows in one part, the entity tables' rows
    in the first (every part names every table, so a reader concatenates them alike)."""
    offset = len(_ARTICLE_TABLES)
    entities = {table.name: made.rows(f"{table.name}-json", entity_rows[table.name],
                                      lambda rows=entity_rows[table.name]: _dumps(rows)[1:-1])
                for table in TABLES if table not in _ARTICLE_TABLES}
    sizes = [sum(found[offset:]) + offset for _, found in per_article]  # + the commas
    skeleton = len(_json_document(_dumps(site_header(site, []))[:-1], [], {}).encode())
    count = 1
    while True:  # the list of parts is in each part: more parts, a longer header
        reserved = skeleton + len(_dumps(part_names(JSON_NAME, count)).encode())
        groups = cut_into_parts(sizes, part_bytes, reserved=reserved,
                                first_reserved=sum(_utf8_sizes(entities.values())))
        if len(groups) <= count:
            break
        count = len(groups)
    names = part_names(JSON_NAME, len(groups))
    header = _dumps(site_header(site, names))[:-1]  # without its closing brace
    return [file for number, (name, group) in enumerate(zip(names, groups, strict=True))
            for file in made.files(name, (header, tuple(
                fragments[offset:] for fragments, _ in per_article[group.start:group.stop]),
                tuple(entities.values()) if number == 0 else ()),
                lambda group=group, number=number: [_json_document(
                    header, per_article[group.start:group.stop], entities if number == 0 else {})])]


def _json_document(header: str, per_article: list[tuple[Fragments, Sizes]],
               entities: dict[str, str]) -> str:
    """{"schema_version", "site", "parts", "tables": {name: {"columns": [...], "data": [[...],
    ...]}}}: pandas' "split" layout (`pandas.DataFrame(**tables["actors"])`), one line per
    table; rows as arrays rather than objects: half the size, a third of the time to write."""
    parts = [header, ',\n"tables":{']
    for index, table in enumerate(TABLES):
        if table in _ARTICLE_TABLES:
            at = len(_ARTICLE_TABLES) + _ARTICLE_TABLES.index(table)
            rows = ",".join(filter(None, (fragments[at] for fragments, _ in per_article)))
        else:
            rows = entities.get(table.name, "")
        columns = _dumps([column.name for column in table.columns])
        parts += [",\n" if index else "\n", _dumps(table.name), ':{"columns":', columns,
                  ',"data":[', rows, "]}"]
    return "".join([*parts, "}}\n"])


def _package_file(site: Site, paths: tuple[tuple[str, ...], ...]) -> str:
    """A Frictionless Data Package (datapackage.json) describing every CSV; `paths`: each
    table's files (several: a multipart resource, each part with its header)."""
    package = {"name": "site-builder-open-data", "title": site.config.title,
               "version": f"{SCHEMA_VERSION}.0.0", "homepage": _url(site, "data/"),
               "description": TEXTS_NOTE,
               "resources": [_resource(table, found) for table, found in zip(TABLES, paths,
                                                                             strict=True)]}
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def _resource(table: Table, paths: tuple[str, ...]) -> dict[str, object]:
    schema = {"fields": [_field(column) for column in table.columns],
              "primaryKey": list(table.primary_key),
              "foreignKeys": [{"fields": column, "reference": {"resource": other, "fields": key}}
                              for column, other, key in table.foreign_keys],
              "missingValues": [""]}
    resource = {"name": table.name, "path": paths[0] if len(paths) == 1 else list(paths),
                "title": table.title,
                "description": table.description, "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "schema": schema}
    if table is PLACES:  # coordinates and ids from GeoNames
        resource["sources"] = [{"title": "GeoNames", "path": "https://www.geonames.org/"}]
        resource["licenses"] = [{"name": "CC-BY-4.0", "title": GEONAMES_NOTE,
                                 "path": "https://creativecommons.org/licenses/by/4.0/"}]
    return resource


def _field(column: Column) -> dict[str, object]:
    described: dict[str, object] = {"name": column.name, "type": column.type,
                                    "description": column.description}
    if not column.is_optional:
        described["constraints"] = {"required": True}
    return described


# Graph and map ----------------------------------------------------------------------------


def node_id(kind: str, slug: str) -> str:
    """`actor:SLUG` or `place:SLUG`: an actor and a place may share a slug."""
    return f"{kind}:{slug}"


def _graphml_file(actors: tuple[Row, ...], places: tuple[Row, ...],
                  pairs: tuple[Row, ...]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    lines += [f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>'
              for name, kind in GRAPH_NODE_KEYS]
    lines += [f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>'
              for name, kind in GRAPH_EDGE_KEYS]
    lines.append('  <graph id="cooccurrences" edgedefault="undirected">')
    ids = {("actor", row[0]): quoteattr(node_id("actor", str(row[0]))) for row in actors}
    ids.update({("place", row[0]): quoteattr(node_id("place", str(row[0]))) for row in places})
    lines += [_graphml_node(ids["actor", row[0]], "actor", named(ACTORS, row)) for row in actors]
    lines += [_graphml_node(ids["place", row[0]], "place", named(PLACES, row)) for row in places]
    lines += [f'<edge source={ids[a, b]} target={ids[c, d]}><data key="weight">{n}</data></edge>'
              for a, b, c, d, n in pairs]  # escaped once per node: 24 edges per entity
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _graphml_node(node: str, kind: str, values: dict[str, Value]) -> str:
    """`node`: its id, quoted for XML."""
    shown = {"label": values["name"], "type": kind, "kind": values["kind"],
             "article_count": values["article_count"],
             "mention_count": values["mention_count"], "url": values["url"]}
    if values.get("latitude") is not None and values.get("longitude") is not None:
        shown.update(latitude=float(values["latitude"]), longitude=float(values["longitude"]))
    data = "".join(f'<data key="{key}">{_xml_text(value)}</data>' for key, value in shown.items())
    return f"    <node id={node}>{data}</node>"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped (a name taken from a broken text may have one)."""


def _xml_text(value: Value) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def named(table: Table, row: Row) -> dict[str, Value]:
    """A row as {column name: value}."""
    return {column.name: value for column, value in zip(table.columns, row, strict=True)}


def _geojson_file(places: tuple[Row, ...]) -> str:
    """A FeatureCollection of Points ([longitude, latitude], RFC 7946) for the located places."""
    features = []
    for row in places:
        values = named(PLACES, row)
        if values["latitude"] is None or values["longitude"] is None:
            continue
        features.append({
            "type": "Feature", "id": values["slug"],
            "geometry": {"type": "Point",
                         "coordinates": [float(values["longitude"]), float(values["latitude"])]},
            "properties": {name: values[name] for name in GEOJSON_PROPERTIES}})
    collection = {"type": "FeatureCollection", "features": features}
    return "{" + ",\n".join(f"{_dumps(k)}:{_dumps(v)}" for k, v in collection.items()) + "}\n"


def _url(site: Site, path: str) -> str:
    return f"{site.config.site_url or site.config.base_path}{path}"


# The "Données" page -----------------------------------------------------------------------


@dataclass(frozen=True)
class DataFileView:
    """One downloadable file on the Données page."""

    title: str
    anchor: str
    url: str
    name: str
    format: str
    description: str
    use: str
    """What a researcher does with it (which tool opens it)."""
    columns: tuple[Column, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(label, names) of what a file that is not a table holds (graph and map attributes)."""


@dataclass(frozen=True)
class DataPage:
    title: str
    intro: str
    schema_version: int
    groups: tuple[DataFileView, ...]
    """The files (named `groups` like the list pages': the table of contents is made from them)."""
    notes: tuple[str, ...]


def build_data_page(site: Site) -> DataPage:
    """The Données page: each file, what it holds, its columns, the schema version."""
    base = f"{site.config.base_path}{DATA_DIR}/"
    tables = tuple(DataFileView(
        table.title, f"table-{table.name}", base + table.file_name, table.file_name, "CSV",
        table.description, _TABLE_USE + _PARTS_NOTE.format(stem=table.name), table.columns)
        for table in TABLES)
    others = (
        DataFileView("Tout en JSON", "json", base + JSON_NAME, JSON_NAME, "JSON",
                     "Les sept tables ci-dessous dans un seul fichier : pour chacune, ses "
                     "colonnes (columns) et ses lignes (data), les listes en vrais tableaux. "
                     f"Au-delà de {_PART_LABEL}, il continue dans open-data-2.json, "
                     "open-data-3.json… (leur liste : parts).", _JSON_USE),
        DataFileView("Graphe des cooccurrences", "graphe", base + GRAPH_NAME, GRAPH_NAME,
                     "GraphML", "Un nœud par acteur ou lieu (identifiant actor:SLUG ou "
                     "place:SLUG), une arête par paire de la table Cooccurrences.", _GRAPH_USE,
                     attributes=(("Attributs des nœuds", tuple(n for n, _ in GRAPH_NODE_KEYS)),
                                 ("Attributs des arêtes", tuple(n for n, _ in GRAPH_EDGE_KEYS)))),
        DataFileView("Carte des lieux", "geojson", base + GEOJSON_NAME, GEOJSON_NAME, "GeoJSON",
                     "Les lieux situés, en points (longitude, latitude).", _GEOJSON_USE,
                     attributes=(("Propriétés de chaque point", GEOJSON_PROPERTIES),)),
        DataFileView("Description des tables", "datapackage", base + PACKAGE_NAME, PACKAGE_NAME,
                     "JSON", "Le schéma des fichiers CSV (Data Package de Frictionless) : "
                     "colonnes, types, clés.", _PACKAGE_USE),
    )
    return DataPage(
        title="Données", intro="Les articles, acteurs, lieux, mentions, citations et "
        "cooccurrences du site, à télécharger pour les analyser.",
        schema_version=SCHEMA_VERSION, groups=(*others[:1], *tables, *others[1:]),
        notes=(TEXTS_NOTE, GEONAMES_NOTE))


_TABLE_USE = "pandas.read_csv, R (readr), un tableur (UTF-8, séparateur virgule)."
_PART_LABEL = f"{PART_BYTES // 1024**2} Mio"
_PARTS_NOTE = (f" Au-delà de {_PART_LABEL}, la table continue dans {{stem}}-2.csv, "
               "{stem}-3.csv… (chacun avec sa ligne d’en-tête ; la liste : datapackage.json).")
_JSON_USE = "json.load puis pandas.DataFrame(**data[\"tables\"][\"actors\"]), jq."
_GRAPH_USE = "Gephi (Fichier > Ouvrir), networkx.read_graphml, igraph."
_GEOJSON_USE = "QGIS, geopandas.read_file, geojson.io."
_PACKAGE_USE = "frictionless validate, ou pour typer les colonnes à la lecture."
