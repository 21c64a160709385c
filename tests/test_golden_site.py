"""Golden build of the sample corpus (seeds/) with the real pipeline, determinism, sub-path.

The golden files keep the list of output files and a few fragments of each page, not whole
HTML. `pytest --update-golden tests/test_golden_site.py` rewrites them; review the diff.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.engine.build import build
from site_builder.enrich.enrich import ModelProvider

GOLDEN = Path(__file__).parent / "golden" / "site"
SAMPLE_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SKIPPED_DIRS = ("pagefind/",)
"""Search index files depend on Pagefind's version; tests/test_search.py covers them."""
FRAGMENTS = {
    "lang": re.compile(r'<html lang="[^"]*">'),
    "title": re.compile(r"(?m)^<title>.*?</title>"),
    "h1": re.compile(r"<h1[^>]*>.*?</h1>", re.S),
    "time": re.compile(r"<time [^>]*>.*?</time>"),
    "badge": re.compile(r'<span class="badge"[^>]*>.*?</span>'),
    "crumbs": re.compile(r'<nav class="breadcrumbs".*?</nav>', re.S),
    "toc": re.compile(r'<li class="toc-level-\d"><a href="#[^"]*">.*?</a></li>'),
    "entity": re.compile(r'<a href="[^"]*" class="entity entity-\w+">.*?</a>'),
    "pager": re.compile(r'<a class="pager-\w+" href="[^"]*" rel="\w+">'),
    "group": re.compile(r'<h2 id="[^"]*">[^<]*<span class="count[^"]*">\d+</span></h2>'),
}


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> ModelProvider:
    """One spaCy pipeline for the module's builds (it is loaded on first use)."""
    return ModelProvider(load_config(SAMPLE_SEEDS.parent).nlp_model)


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory, nlp: ModelProvider) -> Path:
    return _build(tmp_path_factory.mktemp("golden") / "site", nlp)


def _build(root: Path, nlp: ModelProvider, **overrides: object) -> Path:
    shutil.copytree(SAMPLE_SEEDS, root / "seeds")
    report = build(load_config(root, {"search": False, **overrides}), nlp_provider=nlp)
    assert not report.has_errors, [str(d) for d in report.diagnostics]
    return root / "output"


def _files(out: Path) -> list[str]:
    names = (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    return sorted(n for n in names if not n.startswith(SKIPPED_DIRS))


def _fragments(out: Path, files: list[str]) -> list[str]:
    lines = []
    for name in (n for n in files if n.endswith(".html")):
        html = (out / name).read_text(encoding="utf-8")
        for kind, pattern in FRAGMENTS.items():
            for match in pattern.findall(html):
                lines.append(f"{name} | {kind} | {' '.join(match.split())}")
    return lines


def test_sample_site_matches_golden(sample_output: Path, update_golden: bool) -> None:
    out = sample_output
    files = _files(out)
    actual = {"files.txt": files, "fragments.txt": _fragments(out, files)}
    for name, lines in actual.items():
        path = GOLDEN / name
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected = path.read_text(encoding="utf-8").splitlines()
        assert lines == expected, f"{path} differs; run pytest --update-golden and review the diff"


def test_two_builds_are_byte_identical(sample_output: Path, tmp_path: Path,
                                       nlp: ModelProvider) -> None:
    first, second = sample_output, _build(tmp_path / "again", nlp)
    files = _files(first)
    assert files == _files(second)
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_sub_path_build_prefixes_every_internal_link(tmp_path: Path, nlp: ModelProvider) -> None:
    out = _build(tmp_path / "site", nlp, base_url="https://exemple.github.io/REPO/")
    html_files = [n for n in _files(out) if n.endswith(".html")]
    assert html_files
    for name in html_files:
        html = (out / name).read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src|action)="(/[^"]*)"', html):
            assert url.startswith("/REPO/"), (name, url)
