"""Golden test: the sample article through `entities` with fr_core_news_md (the default).

tests/golden/entities/sample_gold.json is the reviewed list of what a reader sees (every
person, organisation and place, with its kind); sample.json is the full JSON report.
`pytest --update-golden` rewrites sample.json; review that diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.enrich.entities_report import build_report, format_json, read_source_text
from site_builder.enrich.extract import build_context, extract_text
from site_builder.enrich.gazetteer import fold
from site_builder.enrich.nlp import load_nlp

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parent / "golden" / "entities"
SEED = Path(__file__).parent.parent / "seeds" / "000_4f838460b78f4446.txt"


@pytest.fixture(scope="module")
def report():
    text = read_source_text(SEED)
    result = extract_text(load_nlp("fr_core_news_md"), text, build_context())
    return build_report("seeds/" + SEED.name, "fr_core_news_md", result), text


def test_sample_entities_are_exactly_what_a_reader_sees(report):
    data, _ = report
    gold = json.loads((GOLDEN / "sample_gold.json").read_text(encoding="utf-8"))["entities"]
    assert sorted((fold(e["name"]), e["kind"]) for e in data["entities"]) == sorted(
        (fold(e["name"]), e["kind"]) for e in gold)


def test_sample_mentions_quotes_and_roles(report):
    data, text = report
    for mention in data["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    assert all("’" not in m["text"] and "AFP" not in m["text"] for m in data["mentions"])
    speakers = [q["speaker"] for q in data["quotes"]]
    assert speakers == ["donald-trump", "mike-pompeo"]
    roles = {e["name"]: e["roles"] for e in data["entities"]}
    assert roles["Donald Trump"] == ["président américain"]
    assert roles["Recep Tayyip Erdogan"] == ["président turc"]


def test_sample_report_matches_golden_file(report, update_golden):
    data, _ = report
    path = GOLDEN / "sample.json"
    if update_golden or not path.exists():
        path.write_text(format_json(data) + "\n", encoding="utf-8")
    assert format_json(data) + "\n" == path.read_text(encoding="utf-8")
