"""Open data: the site's actors, places, articles, mentions, quotes and co-occurrences as
files for researchers, under a documented, versioned schema. Pure functions of the Site.

`render_open_data(site)` returns the files under `data/`:

- one CSV (RFC 4180, UTF-8, header row; lists joined with ` | `) and one JSON file (an object
  with the schema version and the rows, lists as lists) per table: articles, actors, places,
  mentions, quotes, cooccurrences;
- `places.geojson`: the places with coordinates as a GeoJSON FeatureCollection (RFC 7946);
- `cooccurrences.gexf` (Gephi) and `cooccurrences.graphml`: the co-occurrence graph, entities
  as nodes, shared articles as edge weights;
- `datapackage.json`: a Frictionless Data Package describing every table and field.

The schema (TABLES) is the single source of the files' columns and of the "Données" page's
documentation. SCHEMA_VERSION follows semantic versioning: a new column is a minor version, a
column removed or changed a major one. Output is deterministic (sorted rows, no clock).

With an `OpenDataMemo` (serve keeps one), an article's rows are made again only when the
article, or the visibility of the entities it names, changed; the bytes are those made without.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from xml.sax.saxutils import quoteattr

from site_builder.frdates import country_name
from site_builder.model import Article, Entity, EntityKind, OutputFile, Site

SCHEMA_VERSION = "1.0.0"
"""Version of the files' schema (semantic versioning), in every JSON file and the package."""
DATA_DIR = PurePosixPath("data")
LIST_SEPARATOR = " | "
"""How a list (roles, aliases) is written in a CSV cell."""
_KIND_NAMES = {EntityKind.ACTOR: "actor", EntityKind.PLACE: "place"}
_SECTIONS = {EntityKind.ACTOR: "actors", EntityKind.PLACE: "places"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """Frictionless field type: string, integer, number, boolean, date, array."""
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """The columns identifying a row (the Data Package's primary key)."""

    @property
    def files(self) -> tuple[str, ...]:
        return (f"{self.name}.csv", f"{self.name}.json")


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


TABLES = (
    Table("articles", "Articles", "Un article par ligne, du plus récent au plus ancien.", (
        _c("slug", "string", "Identifiant de l’article (sa page : articles/<slug>/)."),
        _c("title", "string", "Titre."),
        _c("date", "date", "Date de publication (AAAA-MM-JJ) ; vide si l’article n’est pas daté."),
        _c("date_inferred", "boolean", "La date a été déduite du texte."),
        _c("undated", "boolean", "L’article n’a pas de date."),
        _c("language", "string", "Langue (code BCP 47)."),
        _c("author", "string", "Signature (« Par … »), vide si inconnue."),
        _c("summary", "string", "Chapeau ou première phrase."),
        _c("word_count", "integer", "Nombre de mots."),
        _c("image", "string", "Adresse de l’image de l’article, vide sans image."),
        _c("image_caption", "string", "Légende de la photo."),
        _c("photo_credit", "string", "Crédit de la photo."),
        _c("url", "string", "Adresse de la page de l’article."),
    ), ("slug",)),
    Table("actors", "Acteurs", "Personnes et organisations, une par ligne, par identifiant.", (
        _c("slug", "string", "Identifiant de l’acteur (sa page : actors/<slug>/)."),
        _c("name", "string", "Nom retenu."),
        _c("kind", "string", "person ou organisation."),
        _c("roles", "array", "Fonctions relevées dans les articles."),
        _c("aliases", "array", "Autres noms relevés."),
        _c("article_count", "integer", "Articles qui le mentionnent."),
        _c("mention_count", "integer", "Mentions dans l’ensemble des articles."),
        _c("url", "string", "Adresse de sa page."),
    ), ("slug",)),
    Table("places", "Lieux", "Pays, villes, régions et autres lieux, un par ligne.", (
        _c("slug", "string", "Identifiant du lieu (sa page : places/<slug>/)."),
        _c("name", "string", "Nom retenu."),
        _c("kind", "string", "country, city, region ou other."),
        _c("country_code", "string", "Code ISO 3166-1 du pays, vide si inconnu."),
        _c("country", "string", "Nom du pays dans la langue du site."),
        _c("latitude", "number", "Latitude (degrés décimaux, WGS 84), vide si inconnue."),
        _c("longitude", "number", "Longitude (degrés décimaux, WGS 84), vide si inconnue."),
        _c("geonames_id", "integer", "Identifiant GeoNames, vide si inconnu."),
        _c("aliases", "array", "Autres noms relevés."),
        _c("article_count", "integer", "Articles qui le mentionnent."),
        _c("mention_count", "integer", "Mentions dans l’ensemble des articles."),
        _c("url", "string", "Adresse de sa page."),
    ), ("slug",)),
    Table("mentions", "Mentions", "Chaque passage d’un article qui nomme un acteur ou un lieu.", (
        _c("article", "string", "Article (slug)."),
        _c("start", "integer", "Début du passage : position (en caractères, à partir de 0) dans "
                               "le texte Markdown de l’article."),
        _c("end", "integer", "Fin du passage (exclue)."),
        _c("text", "string", "Le passage tel qu’il est écrit."),
        _c("entity_type", "string", "actor ou place."),
        _c("entity", "string", "L’acteur ou le lieu (slug)."),
        _c("label", "string", "Étiquette de l’analyse : PER, ORG ou LOC."),
    ), ("article", "start", "end", "entity_type", "entity")),
    Table("quotes", "Citations", "Les citations entre « » et leur auteur quand il est connu.", (
        _c("article", "string", "Article (slug)."),
        _c("position", "integer", "Rang de la citation dans l’article (à partir de 1)."),
        _c("text", "string", "Texte de la citation."),
        _c("speaker", "string", "Auteur (slug d’acteur), vide s’il n’est pas connu."),
        _c("speaker_name", "string", "Nom de l’auteur."),
    ), ("article", "position")),
    Table("cooccurrences", "Co-occurrences",
          "Paires d’entités citées dans les mêmes articles : pour chaque entité, les liens les plus "
          "forts, ceux que montre sa page (une ligne par paire).", (
              _c("source_type", "string", "actor ou place."),
              _c("source", "string", "Première entité (slug) ; les paires sont dans l’ordre "
                                     "(type, slug)."),
              _c("target_type", "string", "actor ou place."),
              _c("target", "string", "Seconde entité (slug)."),
              _c("shared_articles", "integer", "Articles qui citent les deux."),
          ), ("source_type", "source", "target_type", "target")),
)
"""Every table of the open data: columns in file order."""
EXTRA_FILES = (
    ("places.geojson", "Lieux situés (GeoJSON, RFC 7946), pour QGIS, uMap ou geojson.io."),
    ("cooccurrences.gexf", "Graphe des co-occurrences (GEXF 1.2) pour Gephi."),
    ("cooccurrences.graphml", "Le même graphe en GraphML (networkx, igraph, Cytoscape)."),
    ("datapackage.json", "Description de toutes les tables (Frictionless Data Package)."),
)
"""Files that are not one table's CSV/JSON, with what they hold."""

Row = dict[str, Any]


@dataclass
class OpenDataMemo:
    """Each article's rows last time (serve keeps one between builds)."""

    config: object = None
    """The configuration the rows were made with (URLs and the default author come from it)."""
    rows: dict[str, tuple[Article, tuple[object, ...], tuple[Serialised, ...]]] = \
        field(default_factory=dict)
    """Article slug -> (the article, what its rows take from outside it (_visibility), its
    rows of the articles, mentions and quotes tables, serialised)."""


def render_open_data(site: Site, memo: OpenDataMemo | None = None) -> list[OutputFile]:
    """Every open-data file under data/, in a fixed order."""
    chunks = _article_chunks(site, memo)
    tables = {"actors": _entity_rows(site, EntityKind.ACTOR),
              "places": _entity_rows(site, EntityKind.PLACE), "cooccurrences": cooccurrence_rows(site)}
    files = []
    for table in TABLES:
        if table.name in tables:
            made = _serialised(tables[table.name])
        else:  # an article table: the articles' pieces, in article order
            index = _ARTICLE_TABLES.index(table.name)
            made = ("".join(c[index][0] for c in chunks), [line for c in chunks for line in c[index][1]])
        files.append(OutputFile(DATA_DIR / f"{table.name}.csv", _csv_header(table) + made[0]))
        files.append(OutputFile(DATA_DIR / f"{table.name}.json", _json_table(table, made[1])))
    files.append(OutputFile(DATA_DIR / "places.geojson", _geojson(tables["places"])))
    nodes = [*tables["actors"], *tables["places"]]
    files.append(OutputFile(DATA_DIR / "cooccurrences.gexf",
                            _gexf(site, nodes, tables["cooccurrences"])))
    files.append(OutputFile(DATA_DIR / "cooccurrences.graphml",
                            _graphml(nodes, tables["cooccurrences"])))
    files.append(OutputFile(DATA_DIR / "datapackage.json", _datapackage(site)))
    return files


_ARTICLE_TABLES = ("articles", "mentions", "quotes")
Serialised = tuple[str, list[str]]
"""A table's rows as CSV text (no header) and as JSON objects, one text per row."""


def _article_chunks(site: Site, memo: OpenDataMemo | None) -> list[tuple[Serialised, ...]]:
    """Each article's rows of the article tables, serialised; with `memo`, those of an article
    that is the same object, naming the same visible entities, are last time's."""
    known = memo.rows if memo is not None and memo.config == site.config else {}
    fresh = {}
    chunks = []
    for article in site.articles:
        outside = _visibility(site, article)
        cached = known.get(article.slug)
        if cached is not None and cached[0] is article and cached[1] == outside:
            made = cached[2]
        else:
            rows = ([_article_row(site, article)], _mention_rows(site, article),
                    _quote_rows(site, article))
            made = tuple(map(_serialised, rows))
        fresh[article.slug] = (article, outside, made)
        chunks.append(made)
    if memo is not None:
        memo.config, memo.rows = site.config, fresh
    return chunks


# --- rows ------------------------------------------------------------------------------------

def _url(site: Site, path: str) -> str:
    return f"{site.config.site_url or site.config.base_path}{path}"


def _visibility(site: Site, article: Article) -> tuple[object, ...]:
    """What the article's rows take from outside it: which entities it mentions have a page,
    and the names of its speakers."""
    seen = tuple(m.slug in _entities(site, m.kind) for m in article.mentions)
    speakers = tuple(getattr(site.actors.get(q.speaker or ""), "name", None) for q in article.quotes)
    return seen, speakers


def _article_row(site: Site, article: Article) -> Row:
    image = article.image
    return {
        "slug": article.slug, "title": article.title,
        "date": None if article.is_undated else article.date.isoformat(),
        "date_inferred": article.date_inferred, "undated": article.is_undated,
        "language": article.language, "author": article.author or site.config.author,
        "summary": article.summary, "word_count": article.word_count,
        "image": (image if "://" in image else _url(site, image)) if image else "",
        "image_caption": article.image_caption, "photo_credit": article.photo_credit,
        "url": _url(site, f"articles/{article.slug}/"),
    }


def _mention_rows(site: Site, article: Article) -> list[Row]:
    rows = [{"article": article.slug, "start": m.start, "end": m.end, "text": m.text,
             "entity_type": _KIND_NAMES[m.kind], "entity": m.slug, "label": m.label}
            for m in article.mentions
            if m.slug in (site.actors if m.kind is EntityKind.ACTOR else site.places)]
    return sorted(rows, key=lambda r: (r["start"], r["end"], r["entity_type"], r["entity"]))


def _quote_rows(site: Site, article: Article) -> list[Row]:
    rows = []
    for position, quote in enumerate(article.quotes, 1):
        speaker = site.actors.get(quote.speaker) if quote.speaker else None
        rows.append({"article": article.slug, "position": position, "text": quote.text,
                     "speaker": speaker.slug if speaker else "",
                     "speaker_name": speaker.name if speaker else ""})
    return rows


def _entity_rows(site: Site, kind: EntityKind) -> list[Row]:
    entities = site.actors if kind is EntityKind.ACTOR else site.places
    return [_entity_row(site, entities[slug]) for slug in sorted(entities)]


def _entity_row(site: Site, entity: Entity) -> Row:
    key = (entity.kind, entity.slug)
    counts = {"article_count": len(site.articles_by_entity.get(key, ())),
              "mention_count": site.mention_counts.get(key, 0),
              "url": _url(site, f"{_SECTIONS[entity.kind]}/{entity.slug}/")}
    if entity.kind is EntityKind.ACTOR:
        return {"slug": entity.slug, "name": entity.name, "kind": entity.subkind,
                "roles": list(entity.roles), "aliases": list(entity.aliases), **counts}
    geo = entity.geo
    code = geo.country_code if geo else ""
    return {"slug": entity.slug, "name": entity.name, "kind": entity.subkind,
            "country_code": code, "country": country_name(code, site.config.language),
            "latitude": geo.latitude if geo else None, "longitude": geo.longitude if geo else None,
            "geonames_id": geo.geonames_id if geo else None, "aliases": list(entity.aliases),
            **counts}


def cooccurrence_rows(site: Site) -> list[Row]:
    """Each pair of entities that one of them lists among its co-occurring entities (its page
    shows the MAX_COOCCURRENCES strongest), once, in (type, slug) order."""
    pairs: dict[tuple[tuple[str, str], tuple[str, str]], int] = {}
    for (kind, slug), related in site.cooccurrences.items():
        if slug not in _entities(site, kind):
            continue
        for other_kind, other, shared in related:
            if other not in _entities(site, other_kind):
                continue
            ends = sorted([(_KIND_NAMES[kind], slug), (_KIND_NAMES[other_kind], other)])
            pairs[ends[0], ends[1]] = shared
    return [{"source_type": a[0], "source": a[1], "target_type": b[0], "target": b[1],
             "shared_articles": shared} for (a, b), shared in sorted(pairs.items())]


def _entities(site: Site, kind: EntityKind) -> Mapping[str, Entity]:
    return site.actors if kind is EntityKind.ACTOR else site.places


# --- formats ---------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _csv_header(table: Table) -> str:
    return ",".join(column.name for column in table.columns) + "\r\n"


def _serialised(rows: Iterable[Row]) -> Serialised:
    """Rows (dicts in schema column order) as CSV lines (RFC 4180) and one JSON object each."""
    rows = list(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(map(_cells, rows))
    return out.getvalue(), list(map(_ENCODE, rows))


def _cells(row: Row) -> list[str]:
    return [_cell(value) for value in row.values()]


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
"""One encoder for every row (json.dumps with options would make one per call)."""


def _json_table(table: Table, rows: list[str]) -> str:
    """`{"schema_version": …, "table": …, "rows": [...]}`, one row per line."""
    head = json.dumps({"schema_version": SCHEMA_VERSION, "table": table.name})[:-1]
    return head + ', "rows": [\n' + ",\n".join(rows) + "\n]}\n"


def _geojson(places: list[Row]) -> str:
    features = [{"type": "Feature", "id": row["slug"],
                 "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                 "properties": {key: value for key, value in row.items()
                                if key not in ("latitude", "longitude")}}
                for row in places if row["latitude"] is not None and row["longitude"] is not None]
    data = {"type": "FeatureCollection", "schema_version": SCHEMA_VERSION, "features": features}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _node_id(kind: str, slug: str) -> str:
    return f"{kind}:{slug}"


_NODE_ATTRIBUTES = (("kind", "string"), ("subkind", "string"), ("article_count", "integer"),
                    ("mention_count", "integer"), ("url", "string"))


def _node_values(row: Row) -> dict[str, Any]:
    kind = "place" if "latitude" in row else "actor"
    return {"kind": kind, "subkind": row["kind"], "article_count": row["article_count"],
            "mention_count": row["mention_count"], "url": row["url"]}


def _gexf(site: Site, nodes: list[Row], edges: list[Row]) -> str:
    gexf_type = {"string": "string", "integer": "integer"}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
             f'  <meta><creator>site-builder</creator><description>{_text(site.config.title)} : '
             f'co-occurrences (schéma {SCHEMA_VERSION})</description></meta>',
             '  <graph mode="static" defaultedgetype="undirected">',
             '    <attributes class="node">']
    lines += [f'      <attribute id="{index}" title="{name}" type="{gexf_type[kind]}"/>'
              for index, (name, kind) in enumerate(_NODE_ATTRIBUTES)]
    lines += ["    </attributes>", "    <nodes>"]
    for row in nodes:
        values = _node_values(row)
        node = _node_id(values["kind"], row["slug"])
        lines.append(f"      <node id={quoteattr(node)} label={quoteattr(row['name'])}>"
                     "<attvalues>" + "".join(
                         f'<attvalue for="{index}" value={quoteattr(str(values[name]))}/>'
                         for index, (name, _) in enumerate(_NODE_ATTRIBUTES)) +
                     "</attvalues></node>")
    lines += ["    </nodes>", "    <edges>"]
    lines += [f'      <edge id="{index}" source={quoteattr(_node_id(e["source_type"], e["source"]))}'
              f' target={quoteattr(_node_id(e["target_type"], e["target"]))}'
              f' weight="{e["shared_articles"]}"/>' for index, e in enumerate(edges)]
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def _graphml(nodes: list[Row], edges: list[Row]) -> str:
    graphml_type = {"string": "string", "integer": "int"}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '  <key id="label" for="node" attr.name="label" attr.type="string"/>']
    lines += [f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{graphml_type[kind]}"/>'
              for name, kind in _NODE_ATTRIBUTES]
    lines += ['  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
              '  <graph id="cooccurrences" edgedefault="undirected">']
    for row in nodes:
        values = _node_values(row)
        data = f'<data key="label">{_text(row["name"])}</data>' + "".join(
            f'<data key="{name}">{_text(str(values[name]))}</data>' for name, _ in _NODE_ATTRIBUTES)
        lines.append(f'    <node id={quoteattr(_node_id(values["kind"], row["slug"]))}>{data}</node>')
    lines += [f'    <edge source={quoteattr(_node_id(e["source_type"], e["source"]))} '
              f'target={quoteattr(_node_id(e["target_type"], e["target"]))}>'
              f'<data key="weight">{e["shared_articles"]}</data></edge>' for e in edges]
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _field(column: Column) -> dict[str, Any]:
    """A Frictionless field; a list is a string in CSV (joined with LIST_SEPARATOR)."""
    if column.type == "array":
        return {"name": column.name, "type": "string",
                "description": f"{column.description} (CSV : séparés par « "
                               f"{LIST_SEPARATOR.strip()} » ; JSON : une liste)"}
    return {"name": column.name, "type": column.type, "description": column.description}


def _datapackage(site: Site) -> str:
    resources = []
    for table in TABLES:
        fields = [_field(column) for column in table.columns]
        resources.append({
            "name": table.name, "title": table.title, "description": table.description,
            "path": f"{table.name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "profile": "tabular-data-resource",
            "schema": {"fields": fields, "primaryKey": list(table.key)}})
    data = {"profile": "tabular-data-package", "name": "site-builder-open-data",
            "title": site.config.title, "description": site.config.description,
            "version": SCHEMA_VERSION, "homepage": _url(site, ""), "resources": resources}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def data_files(site: Site) -> tuple[tuple[str, str, str], ...]:
    """(file name, URL, what it holds) of every open-data file, for the "Données" page."""
    base = site.config.base_path
    found = [(name, f"{base}{DATA_DIR}/{name}", f"{table.title} ({name.rsplit('.', 1)[1].upper()})")
             for table in TABLES for name in table.files]
    found += [(name, f"{base}{DATA_DIR}/{name}", text) for name, text in EXTRA_FILES]
    return tuple(found)


# --- the "Données" page ----------------------------------------------------------------------

@dataclass(frozen=True)
class DataLink:
    name: str
    url: str
    description: str


@dataclass(frozen=True)
class TableDoc:
    """One table on the "Données" page: its files and its documented columns."""

    title: str
    anchor: str
    name: str
    description: str
    files: tuple[DataLink, ...]
    columns: tuple[Column, ...]
    key: str


@dataclass(frozen=True)
class DataPage:
    title: str
    intro: str
    version: str
    groups: tuple[TableDoc, ...]
    """The tables (named `groups` like the other list pages: each gives a table-of-contents entry)."""
    others: tuple[DataLink, ...]
    counts: str
    example_url: str
    """Where the files are, as a reader's script would fetch them (absolute when known)."""


def build_data_page(site: Site) -> DataPage:
    """The context of data/index.html, from TABLES (the files' own schema)."""
    base = f"{site.config.base_path}{DATA_DIR}/"
    tables = tuple(
        TableDoc(table.title, table.name, table.name, table.description,
                 tuple(DataLink(name, base + name, name.rsplit(".", 1)[1].upper())
                       for name in table.files),
                 table.columns, ", ".join(table.key))
        for table in TABLES)
    others = tuple(DataLink(name, base + name, text) for name, text in EXTRA_FILES)
    counts = (f"{len(site.articles)}\u00a0articles, {len(site.actors)}\u00a0acteurs et "
              f"{len(site.places)}\u00a0lieux")
    intro = ("Les acteurs, lieux, articles, mentions, citations et co-occurrences de ce site, à "
             f"télécharger pour les analyser (tableur, pandas, R, Gephi, QGIS) : {counts}.")
    return DataPage("Données", intro, SCHEMA_VERSION, tables, others, counts,
                    _url(site, f"{DATA_DIR}/"))
