"""Untrusted inputs (issue 17): cache entries, entity files and the templates folder are input,
bounded and checked like front matter. Unit checks on tiny inputs, then the real CLI."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cache_files import read_cache_bytes
from site_builder.cli import main
from site_builder.enrich.enrich_cache import entities_to_json, entry_path, read_entry, write_entry
from site_builder.enrich.entity_files import MAX_NAMES
from site_builder.frontmatter import MAX_META_NODES
from site_builder.model import ArticleEntities, Entity, EntityKind, Geo, Mention, Quote
from site_builder.slugs import is_slug

KEY = "ab" + "0" * 62
GOOD = ArticleEntities(
    mentions=(Mention(0, 4, "Lyon", "LOC", "lyon", EntityKind.PLACE),),
    entities=(Entity(EntityKind.PLACE, "lyon", "Lyon", "city", ("Lugdunum",), (),
                     Geo(45.75, 4.85, "FR", 2996944)),
              Entity(EntityKind.ACTOR, "jean-dupont", "Jean Dupont", "person", (), ("maire",))),
    quotes=(Quote("Nous irons.", "jean-dupont", 10, 21, 0, 30),),
)


def _entry(**changes) -> dict:
    data = entities_to_json(GOOD)
    for path, value in changes.items():
        target = data
        *parts, last = path.split(".")
        for part in parts:
            target = target[int(part) if part.isdigit() else part]
        target[int(last) if last.isdigit() else last] = value
    return data


def _write_raw(root: Path, data: object) -> None:
    path = entry_path(root, KEY)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


# --- cache entries ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["lyon", "a-1", "x" * 80])
def test_is_slug_accepts_slugs(slug):
    assert is_slug(slug)


@pytest.mark.parametrize("slug", ["../../evil", "a/b", "..", ".", "", "A", "a--b", "-a", "a-",
                                  "é", "x" * 81, "a b", "a\x00", 7, None, ["a"], "con.md"])
def test_is_slug_refuses_paths_and_other_types(slug):
    assert not is_slug(slug)


def test_a_good_entry_reads_back(tmp_path):
    write_entry(tmp_path, KEY, GOOD)
    assert read_entry(tmp_path, KEY) == GOOD


@pytest.mark.parametrize("changes", [
    {"entities.0.slug": "../../../../outside"},
    {"entities.1.slug": "/etc/x"},
    {"mentions.0.4": "../x"},
    {"quotes.0.1": "../speaker"},
    {"entities.0.kind": "wizard"},
    {"entities.0.kind": ["place"]},
    {"entities.0.subkind": "planet"},
    {"entities.0.name": 42},
    {"entities.0.name": "  "},
    {"entities.0.aliases": [1, 2]},
    {"entities.0.aliases": "Lugdunum"},
    {"entities.0.roles": {"a": 1}},
    {"entities.0.geo": ["north", 4.85, "FR", None]},
    {"entities.0.geo": [1e400, 4.85, "FR", None]},
    {"entities.0.geo": [95.0, 4.85, "FR", None]},
    {"entities.0.geo": [45.0, 4.85, "FR", 10**400]},
    {"entities.0.geo": 5},
    {"mentions.0.0": "0"},
    {"mentions.0.0": -1},
    {"mentions.0.0": 9, "mentions.0.1": 3},
    {"mentions.0.0": True},
    {"mentions.0": "lyon"},
    {"mentions.0": [0, 4]},
    {"quotes.0.2": 2**80},
    {"mentions": {"a": 1}},
    {"entities": None},
    {"quotes": 3},
])
def test_a_malformed_entry_is_a_miss_never_a_crash(tmp_path, changes):
    _write_raw(tmp_path, _entry(**changes))
    assert read_entry(tmp_path, KEY) is None


@pytest.mark.parametrize("data", [[], "x", 3, None, {"mentions": []}, {}])
def test_an_entry_of_another_shape_is_a_miss(tmp_path, data):
    _write_raw(tmp_path, data)
    assert read_entry(tmp_path, KEY) is None


def test_entry_files_that_are_not_regular_files_are_not_read(tmp_path):
    path = entry_path(tmp_path, KEY)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)  # reading a FIFO would block the build for ever
    started = time.monotonic()
    assert read_entry(tmp_path, KEY) is None
    assert time.monotonic() - started < 2
    path.unlink()
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(entities_to_json(GOOD)), encoding="utf-8")
    path.symlink_to(secret)
    assert read_entry(tmp_path, KEY) is None
    assert read_cache_bytes(secret, 10) is None  # over the bound


def test_writing_never_follows_a_planted_link_out(tmp_path):
    cache, outside = tmp_path / "cache", tmp_path / "outside"
    outside.mkdir()
    cache.mkdir()
    (cache / KEY[:2]).symlink_to(outside)  # the entry's folder
    tmp_name = cache / f".{KEY}.json.tmp{os.getpid()}"
    tmp_name.symlink_to(outside / "written-through-the-link")  # its temporary file
    write_entry(cache, KEY, GOOD)
    assert list(outside.iterdir()) == []
    assert not (cache / KEY[:2]).is_symlink() and read_entry(cache, KEY) == GOOD


# --- entity files: the article limits -------------------------------------------------------


def _billion_laughs(key: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}: *j\n"


def _build(site: Path):
    return CliRunner().invoke(main, ["build", "--site", str(site), "-q"])


@pytest.mark.parametrize(("name", "text", "error"), [
    ("bombe.md", "---\nname: Bombe\n" + _billion_laughs("hidden") + "---\n",
     f"content/actors/bombe.md:2: front matter holds more than {MAX_META_NODES} values (YAML "
     "aliases count each time); shorten it"),
    ("bombe-kind.md", "---\nname: Bombe\n" + _billion_laughs("kind") + "---\n",
     "content/actors/bombe-kind.md:2: front matter holds more than"),
    ("alias.md", "---\nname: Beaucoup\naliases: [" + ",".join(f"n{i}" for i in range(5000))
     + "]\n---\n", f"content/actors/alias.md: 'aliases' lists 5000 names, more than {MAX_NAMES}; "
                   "keep those the articles use"),
    ("long.md", f"---\nname: Long\naliases: [{'x' * 5000}]\n---\n",
     "content/actors/long.md: 'aliases' holds a name longer than 200 characters; shorten it"),
    ("nested.md", "---\nname: N\nx: " + "[" * 60 + "]" * 60 + "\n---\n",
     "content/actors/nested.md:2: front matter is nested more than 32 levels deep; flatten it"),
    ("latin.md", "---\nname: Fran\xe7ois\n---\n".encode("latin-1"),
     "content/actors/latin.md: is not UTF-8 text; save it as UTF-8"),
])
def test_entity_files_get_the_article_limits(make_project, name, text, error):
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": "",
                         f"content/actors/{name}": text})
    started = time.monotonic()
    result = _build(site)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1, result.output
    assert error in result.output, result.output
    assert "Traceback" not in result.output


def test_a_huge_entity_file_is_refused_from_its_size(make_project):
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": ""})
    (site / "content" / "places").mkdir(parents=True)
    with open(site / "content" / "places" / "big.md", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: 21 MiB read by nothing
    result = _build(site)
    assert result.exit_code == 1
    assert "content/places/big.md: is larger than 20 MiB; split it into several files" in result.output


def test_an_entity_file_linked_out_of_the_site_is_refused(make_project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Secret\n---\nTOP-SECRET\n", encoding="utf-8")
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": ""})
    (site / "content" / "actors").mkdir(parents=True)
    (site / "content" / "actors" / "secret.md").symlink_to(secret)
    result = _build(site)
    assert result.exit_code == 1
    assert ("content/actors/secret.md: is a link to a file outside the site; copy the file into "
            "the site instead") in result.output
    assert not any("TOP-SECRET" in p.read_text(errors="replace")
                   for p in (site / "output").rglob("*") if p.is_file())


# --- templates --------------------------------------------------------------------------------


def test_a_templates_folder_linked_out_of_the_site_is_refused(make_project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "base.html").write_text("{{ 'RAN-FOREIGN-TEMPLATE' }}", encoding="utf-8")
    os.mkfifo(elsewhere / "pipe.html")  # reading it would block the build for ever
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": ""})
    (site / "templates").symlink_to(elsewhere)
    started = time.monotonic()
    result = _build(site)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output
    assert (f"error: templates: the templates folder leads outside the site (to {elsewhere}); "
            "copy the templates into the site instead of linking them") in result.output
    assert not (site / "output").exists() or not any(
        "RAN-FOREIGN-TEMPLATE" in p.read_text(errors="replace")
        for p in (site / "output").rglob("*") if p.is_file())


def test_a_templates_dir_setting_linked_out_names_its_line(make_project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = make_project({"site.yml": "search: false\ntemplates_dir: theme-perso\n", "seeds/.keep": ""})
    (site / "theme-perso").symlink_to(elsewhere)
    result = _build(site)
    assert result.exit_code == 1, result.output
    assert "error: site.yml:2: the templates folder leads outside the site" in result.output


def test_a_lock_file_shipped_as_a_link_truncates_nothing(make_project, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": "",
                         ".site-builder/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"})
    (site / ".site-builder" / "build.lock").symlink_to(precious)
    result = _build(site)
    assert result.exit_code == 1
    assert "build.lock: Too many levels of symbolic links; remove that symbolic link" in result.output
    assert "Traceback" not in result.output
    assert precious.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(("template", "problem"), [
    ("ok\n{{ 1 / 0 }}\n", "templates/404.html:2: ZeroDivisionError: division by zero"),
    ("{{ [][3] }}\n", "templates/404.html:1: list object has no element 3"),
    ("{{ 'x' + 1 }}\n", "templates/404.html:1: TypeError: "),
])
def test_a_template_raising_at_render_time_is_its_line(make_project, template, problem):
    site = make_project({"site.yml": "search: false\n", "seeds/.keep": "",
                         "templates/404.html": template})
    result = _build(site)
    assert result.exit_code == 1
    assert f"error: {problem}" in result.output, result.output
    assert "(while rendering 404.html); fix the template" in result.output
    assert "Traceback" not in result.output
