"""open_data.py: the site's tables load in the tools researchers use (pandas, networkx, a
GeoJSON validator), agree with the pages, and are rebuilt like every other output."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path, PurePosixPath

import geojson
import networkx as nx
import pandas as pd
import pytest
from render_sites import assemble, edit_body, make_articles
from test_incremental import seed_text, snapshot, write_seeds

from site_builder.config import load_config
from site_builder.engine.build import build
from site_builder.index.indexes import build_site
from site_builder.model import Entity, EntityKind, Geo, Quote
from site_builder.render.open_data import (
    DATA_DIR,
    GEOJSON_NAME,
    GRAPH_NAME,
    JSON_NAME,
    PACKAGE_NAME,
    SCHEMA_VERSION,
    TABLES,
    OpenDataMemo,
    build_data_page,
    render_open_data,
)
from site_builder.render.render import make_env, render_site
from site_builder.serve.serve import ServeBuilder

DOCS = Path(__file__).resolve().parent.parent / "docs" / "open-data.md"


@pytest.fixture(scope="module")
def site():
    return assemble(Path("/tmp/open-data-site"), make_articles(40))


@pytest.fixture(scope="module")
def files(site) -> dict[str, str]:
    return {file.path.name: file.content for file in render_open_data(site)}


def _table(files: dict[str, str], name: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(files[f"{name}.csv"]), keep_default_na=False,
                       na_values=[""])


def test_every_file_is_under_data_and_always_the_same(site) -> None:
    first, second = render_open_data(site), render_open_data(site)
    assert [f.path for f in first] == [DATA_DIR / f"{t.name}.csv" for t in TABLES] + [
        DATA_DIR / name for name in (JSON_NAME, PACKAGE_NAME, GRAPH_NAME, GEOJSON_NAME)]
    assert first == second


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_each_csv_loads_in_pandas_with_the_documented_columns(files, table) -> None:
    frame = _table(files, table.name)
    assert list(frame.columns) == [column.name for column in table.columns]
    assert not frame.duplicated(subset=list(table.primary_key)).any()
    for column in table.columns:
        values = frame[column.name]
        if not column.is_optional:
            assert values.notna().all(), column.name
        if column.type == "integer":
            assert pd.api.types.is_integer_dtype(values.dropna().astype("int64")), column.name
        if column.type == "boolean":
            assert values.dtype == bool, column.name
        if column.type == "date":
            pd.to_datetime(values.dropna(), format="%Y-%m-%d")
        if column.type == "array":
            assert all(isinstance(json.loads(cell), list) for cell in values)


def test_the_tables_agree_with_the_site(site, files) -> None:
    articles, actors = _table(files, "articles"), _table(files, "actors")
    assert list(articles.slug) == [a.slug for a in site.articles]  # newest first
    assert sorted(actors.slug) == list(actors.slug) == sorted(site.actors)
    links = _table(files, "article_entities")
    per_entity = links.groupby(["entity_type", "entity_slug"]).size()
    for key, slugs in site.articles_by_entity.items():
        assert per_entity[(key[0].value, key[1])] == len(slugs)
    mentions = _table(files, "mentions")
    assert len(mentions) == sum(len(a.mentions) for a in site.articles)
    texts = dict(zip(articles.slug, articles.text, strict=True))
    for row in mentions.itertuples():  # the offsets index the text column
        assert texts[row.article_slug][row.start:row.end] == row.text
    counted = mentions.groupby(["article_slug", "entity_type", "entity_slug"]).size()
    for row in links.itertuples():
        assert counted.get((row.article_slug, row.entity_type, row.entity_slug), 0) == row.mentions
    quotes = _table(files, "quotes")
    assert len(quotes) == sum(len(a.quotes) for a in site.articles)
    assert set(quotes.speaker_slug.dropna()) <= set(site.actors)


def test_the_counts_agree_with_the_entity_pages(site, files) -> None:
    pages = {str(f.path): f.content for f in render_site(site, make_env(site.config))}
    for kind, table in (("actors", _table(files, "actors")), ("places", _table(files, "places"))):
        for row in table.itertuples():
            html = pages[f"{kind}/{row.slug}/index.html"]
            listed = sum(page.count('class="mention-title"') for path, page in pages.items()
                         if path == f"{kind}/{row.slug}/index.html"
                         or path.startswith(f"{kind}/{row.slug}/page/"))  # every page of it
            assert listed == row.article_count
            assert f"<dd>{row.mention_count} dans {row.article_count} article" in html
            assert row.url == f"/{kind}/{row.slug}/"


def test_the_json_file_holds_the_same_rows_as_the_csv_files(files) -> None:
    data = json.loads(files[JSON_NAME])
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["site"]["title"] == "Revue générée"
    assert list(data) == ["schema_version", "site", "tables"]
    assert list(data["tables"]) == [t.name for t in TABLES]
    for table in TABLES:
        assert data["tables"][table.name]["columns"] == [c.name for c in table.columns]
        from_json = pd.DataFrame(**data["tables"][table.name])  # pandas' "split" layout
        from_csv = _table(files, table.name)
        for column in table.columns:
            if column.type == "array":
                from_json[column.name] = [json.dumps(v, ensure_ascii=False)
                                          for v in from_json[column.name]]
        pd.testing.assert_frame_equal(_plain(from_json), _plain(from_csv), check_dtype=False)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None whatever the column's type (JSON null, CSV empty cell)."""
    return frame.astype(object).where(frame.notna(), None)


def test_the_graph_loads_in_networkx_with_the_cooccurrence_weights(site, files, tmp_path) -> None:
    path = tmp_path / GRAPH_NAME
    path.write_text(files[GRAPH_NAME], encoding="utf-8")
    graph = nx.read_graphml(path)
    assert not graph.is_directed()
    entities = [*site.actors.values(), *site.places.values()]
    assert set(graph.nodes) == {f"{e.kind.value}:{e.slug}" for e in entities}
    pairs = _table(files, "cooccurrences")
    assert graph.number_of_edges() == len(pairs) > 0
    for row in pairs.itertuples():
        edge = graph.edges[f"{row.source_type}:{row.source_slug}", f"{row.target_type}:{row.target_slug}"]
        assert edge["weight"] == row.shared_articles
    for (kind, slug), related in site.cooccurrences.items():  # every link a page shows
        for other_kind, other_slug, shared in related:
            assert graph.edges[f"{kind.value}:{slug}", f"{other_kind.value}:{other_slug}"][
                "weight"] == shared
    lyon = graph.nodes["place:lyon"]
    assert (lyon["label"], lyon["kind"], lyon["latitude"], lyon["longitude"]) == \
        ("Lyon", "city", 45.75, 4.85)
    assert graph.nodes["actor:claire-morel"]["article_count"] == \
        len(site.articles_by_entity[(EntityKind.ACTOR, "claire-morel")])


def test_places_are_valid_geojson_points_in_longitude_latitude_order(site, files) -> None:
    collection = geojson.loads(files[GEOJSON_NAME])
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    places = _table(files, "places").set_index("slug")
    located = [slug for slug, place in site.places.items() if place.geo is not None]
    assert [feature["id"] for feature in collection["features"]] == located
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        place = places.loc[feature["id"]]
        assert (longitude, latitude) == (place.longitude, place.latitude)
        assert feature["properties"]["article_count"] == place.article_count


def test_the_data_package_describes_every_csv(files) -> None:
    package = json.loads(files[PACKAGE_NAME])
    assert package["version"].startswith(f"{SCHEMA_VERSION}.")
    assert [r["path"] for r in package["resources"]] == [f"{t.name}.csv" for t in TABLES]
    for resource in package["resources"]:
        header = files[resource["path"]].split("\n", 1)[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert set(resource["schema"]["primaryKey"]) <= set(header)
        for key in resource["schema"]["foreignKeys"]:  # every reference resolves
            frame = _table(files, resource["name"])[key["fields"]].dropna()
            target = key["reference"]
            assert set(frame) <= set(_table(files, target["resource"])[target["fields"]])


def test_an_actor_and_a_place_with_one_slug_are_two_nodes_and_hidden_ones_are_left_out(site):
    articles = list(site.articles)
    articles[0] = dataclasses.replace(articles[0], places=(*articles[0].places, "claire-morel"),
                                      quotes=(Quote("Secret.", "masque"),))
    places = [*site.places.values(), Entity(EntityKind.PLACE, "claire-morel", "Claire-Morel",
                                            "city", geo=Geo(1.5, 2.5))]
    actors = [*site.actors.values(), Entity(EntityKind.ACTOR, "masque", "Masqué", "person",
                                            hidden=True)]
    changed = build_site(site.config, articles, actors, places)
    files = {f.path.name: f.content for f in render_open_data(changed)}
    assert "masque" not in files["actors.csv"] and "masque" not in files["quotes.csv"]
    assert 'id="actor:claire-morel"' in files[GRAPH_NAME]
    assert 'id="place:claire-morel"' in files[GRAPH_NAME]
    assert _table(files, "places").set_index("slug").loc["claire-morel"].article_count == 1


def test_the_memo_gives_the_bytes_made_without_it(site) -> None:
    memo = OpenDataMemo()
    assert render_open_data(site, memo) == render_open_data(site)
    articles = list(site.articles)
    articles[3] = edit_body(articles[3], "Claire Morel et Turin, encore.")
    edited = assemble(site.config.root, articles)
    assert render_open_data(edited, memo) == render_open_data(edited)
    assert memo.articles[articles[4].slug][0] is articles[4]  # kept, not made again
    fewer = assemble(site.config.root, articles[:-5])
    assert render_open_data(fewer, memo) == render_open_data(fewer)
    assert len(memo.articles) == len(fewer.articles)


def test_the_data_page_lists_every_file_and_column(site) -> None:
    env = make_env(site.config)
    pages = {str(f.path): f.content for f in render_site(site, env)}
    html = pages["data/index.html"]
    page = build_data_page(site)
    assert "<h1>Données</h1>" in html and f"<dd>{SCHEMA_VERSION}</dd>" in html
    linked = set(re.findall(r'href="/data/([^"]+)" download', html))
    assert linked == {f.path.name for f in render_open_data(site)}
    for table in TABLES:
        for column in table.columns:
            assert f"<code>{column.name}</code>" in html
    assert len(page.groups) == len(linked)
    assert '<a href="/data/">Données</a>' in pages["index.html"]  # reachable from every page


def test_the_schema_document_gives_every_field_its_type() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"Schema version: {SCHEMA_VERSION}" in text
    for table in TABLES:
        section = text.split(f"### {table.file_name}", 1)[1].split("\n### ", 1)[0]
        for column in table.columns:
            assert re.search(rf"^\| `{column.name}` \| {column.type} \|", section, re.M), \
                (table.name, column.name)


@pytest.mark.slow
def test_a_real_build_publishes_them_and_a_rebuild_with_no_change_writes_nothing(tmp_path) -> None:
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(4)})
    first = build(load_config(root))
    assert not first.has_errors, first.diagnostics
    out = root / "output"
    for name in ("articles.csv", JSON_NAME, GRAPH_NAME, GEOJSON_NAME, "index.html"):
        assert (out / "data" / name).is_file(), name
    actors = pd.read_csv(out / "data" / "actors.csv")
    for row in actors.itertuples():
        html = (out / "actors" / row.slug / "index.html").read_text(encoding="utf-8")
        assert html.count('class="mention-title"') == row.article_count
    nx.read_graphml(out / "data" / GRAPH_NAME)
    texts = pd.read_csv(out / "data" / "articles.csv").set_index("slug").text
    for name in ("mentions", "quotes"):  # real extraction offsets index the text column
        table = pd.read_csv(out / "data" / f"{name}.csv").dropna(subset=["start"])
        assert len(table) > 0, name
        for row in table.itertuples():
            assert texts[row.article_slug][int(row.start):int(row.end)] == row.text, name
    before = snapshot(out)
    seed = root / "seeds" / "a01.txt"
    seed.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")  # touched, not changed
    again = build(load_config(root))
    assert not again.is_unchanged  # the whole pipeline ran (no shortcut)
    assert again.written.changed == () and again.written.removed == ()
    assert snapshot(out) == before
    seed.write_text(seed_text(1, " Gaston Lemercier était là."), encoding="utf-8")
    edited = build(load_config(root))
    assert PurePosixPath("data/articles.csv").as_posix() in edited.written.changed


@pytest.mark.slow
def test_open_data_false_leaves_out_the_files_the_page_and_its_link(tmp_path) -> None:
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(2)})
    build(load_config(root))
    assert (root / "output" / "data" / JSON_NAME).is_file()
    (root / "site.yml").write_text("open_data: false\n", encoding="utf-8")
    report = build(load_config(root))
    assert not report.has_errors, report.diagnostics
    assert not (root / "output" / "data").exists()
    home = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert "Données" not in home and "/data/" not in home


def test_an_empty_site_and_awkward_names_still_load(site, tmp_path) -> None:
    empty = {f.path.name: f.content for f in render_open_data(assemble(site.config.root, []))}
    assert json.loads(empty[JSON_NAME])["tables"]["articles"]["data"] == []
    assert geojson.loads(empty[GEOJSON_NAME]).is_valid
    assert _table(empty, "mentions").empty
    odd = Entity(EntityKind.ACTOR, "claire-morel", 'Claire\x0b <Morel> & "Cie", dite «\u00a0CM\u00a0»',
                 "person", aliases=("C|M", "a,b"))
    awkward = build_site(site.config, make_articles(3), [odd], [])
    files = {f.path.name: f.content for f in render_open_data(awkward)}
    path = tmp_path / GRAPH_NAME
    path.write_text(files[GRAPH_NAME], encoding="utf-8")
    assert nx.read_graphml(path).nodes["actor:claire-morel"]["label"] == \
        'Claire <Morel> & "Cie", dite «\u00a0CM\u00a0»'
    row = _table(files, "actors").iloc[0]
    assert row["name"] == odd.name and json.loads(row.aliases) == ["C|M", "a,b"]


@pytest.mark.slow
def test_serve_rebuilds_write_nothing_without_a_change_and_only_the_data_an_edit_changes(
        tmp_path) -> None:
    root = tmp_path / "site"
    write_seeds(root, {f"a{n:02d}.txt": seed_text(n) for n in range(4)})
    builder = ServeBuilder()
    builder.saw([])
    assert not builder(load_config(root)).has_errors
    builder.saw([])
    again = builder(load_config(root))
    assert again.written.changed == () and again.written.removed == ()
    (root / "seeds" / "a02.txt").write_text(seed_text(2, " Une phrase."), encoding="utf-8")
    builder.saw(["seeds/a02.txt"])
    edited = builder(load_config(root))
    data = {path for path in edited.written.changed if path.startswith("data/")}
    assert {"data/articles.csv", "data/open-data.json"} <= data  # the text; offsets after it moved
    assert not data & {"data/actors.csv", "data/places.csv", f"data/{GRAPH_NAME}",
                       f"data/{GEOJSON_NAME}", f"data/{PACKAGE_NAME}"}  # no entity changed
