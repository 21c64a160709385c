"""Every case in tests/hostile/ through the real CLI, in a subprocess with a time limit.

A case is a folder with a tiny site (site.yml, seeds/, content/...) and `expected.yml`:

    outcome: builds | refused | any
    exit_code: 0 | 1
    stderr_contains: [text, ...]          each must appear in the error output
    stderr_names_if_failing: seeds/x.txt  (outcome any) a failure must name this file
    pages_contain: [text, ...]            each must appear in some page of output/
    pages_lack: [text, ...]               none may appear in any page
    files_lack: [text, ...]               none may appear in any file of output/ or content/
    generate: {path: {bytes|count...}}    big inputs written at test time, not stored in git
    symlinks: {path: target}              symlinks made at test time (`outside` files beside the site)
    max_seconds / max_rss_mb              bounds on the build (defaults 120 s, 1500 MiB)

Whatever the case, the checks in `assert_site_is_safe` hold for every file written.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(path.name for path in HOSTILE.iterdir() if (path / "expected.yml").is_file())
DEFAULT_SECONDS = 120
DEFAULT_RSS_MB = 1500
_RUNNER = """
import resource, runpy, sys
rss_file = sys.argv.pop(1)
sys.argv[0] = "site-builder"
try:
    runpy.run_module("site_builder", run_name="__main__")
finally:
    with open(rss_file, "w") as handle:
        handle.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def run_cli(site: Path, *args: str, timeout: float) -> tuple[subprocess.CompletedProcess, float, int]:
    """`python -m site_builder ARGS --site SITE`: (result, seconds, peak RSS in MiB)."""
    rss_file = site.parent / "rss.txt"
    command = [sys.executable, "-c", _RUNNER, str(rss_file), *args, "--site", str(site)]
    env = {**os.environ, "PYTHONPATH": str(HOSTILE.parent.parent), "SOURCE_DATE_EPOCH": "1536000000"}
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    seconds = time.monotonic() - start
    rss = int(rss_file.read_text()) // 1024 if rss_file.exists() else 0
    return result, seconds, rss


def prepare_case(name: str, tmp_path: Path) -> tuple[Path, dict]:
    expected = yaml.safe_load((HOSTILE / name / "expected.yml").read_text(encoding="utf-8"))
    site = tmp_path / "site"
    shutil.copytree(HOSTILE / name, site, symlinks=True, ignore=shutil.ignore_patterns("expected.*"))
    for rel, spec in (expected.get("generate") or {}).items():
        _generate(site, rel, spec)
    for rel, text in (expected.get("outside") or {}).items():
        (tmp_path / "outside").mkdir(exist_ok=True)
        (tmp_path / "outside" / rel).write_text(text, encoding="utf-8")
    for rel, target in (expected.get("symlinks") or {}).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, site / rel)
    return site, expected


def _generate(site: Path, rel: str, spec: dict) -> None:
    if "count" in spec:
        for n in range(spec["count"]):
            path = site / rel.format(n=n)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(spec["text"].format(n=n), encoding="utf-8")
        return
    line = spec["line"] if spec.get("one_line") else spec["line"] + "\n\n"
    data = ("Une photo de la ville. / JEAN NOM / AFP\n\n" + line * (spec["bytes"] // len(line.encode()) + 1))
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8")[: spec["bytes"]])


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_hostile_case(name: str, tmp_path: Path) -> None:
    site, expected = prepare_case(name, tmp_path)
    max_seconds = expected.get("max_seconds", DEFAULT_SECONDS)
    result, seconds, rss = run_cli(site, "build", timeout=max_seconds + 30)
    report = f"exit {result.returncode} in {seconds:.1f} s, {rss} MiB\n{result.stdout}\n{result.stderr}"
    assert seconds <= max_seconds, report
    assert rss <= expected.get("max_rss_mb", DEFAULT_RSS_MB), report
    assert_one_line_errors(result.stderr, report)
    _check_outcome(expected, result, report)
    _check_pages(site, expected, report)
    assert_site_is_safe(site / "output")


def assert_one_line_errors(stderr: str, report: str) -> None:
    """No traceback; every error line names a file (and line) and says what to do."""
    assert "Traceback" not in stderr, report
    for line in filter(None, stderr.splitlines()):
        assert line.startswith(("error: ", "warning: ")) or line.split(". ", 1)[0].isdigit(), report
        assert ": " in line and len(line) < 2000, report


def _check_outcome(expected: dict, result: subprocess.CompletedProcess, report: str) -> None:
    outcome = expected["outcome"]
    if outcome in ("builds", "refused"):
        assert result.returncode == expected["exit_code"], report
    else:
        assert result.returncode in (0, 1), report
        if result.returncode and expected.get("stderr_names_if_failing"):
            assert expected["stderr_names_if_failing"] in result.stderr, report
    for text in expected.get("stderr_contains", ()):
        assert text in result.stderr, report


def _check_pages(site: Path, expected: dict, report: str) -> None:
    pages = read_text_files(site / "output", suffixes=(".html",))
    everything = "\n".join(html.unescape(re.sub(r"<[^>]*>", "", page)) for page in pages.values())
    for text in expected.get("pages_contain", ()):
        assert text in everything, f"{text!r} is on no page\n{report}"
    for text in expected.get("pages_lack", ()):
        assert text not in everything, f"{text!r} is on a page\n{report}"
    written = {**read_text_files(site / "output"), **read_text_files(site / "content")}
    for text in expected.get("files_lack", ()):
        leaks = sorted(name for name, body in written.items() if text in body)
        assert not leaks, f"{text!r} leaked into {leaks}\n{report}"


def test_every_case_says_what_it_expects() -> None:
    assert len(CASES) >= 20
    for name in CASES:
        expected = yaml.safe_load((HOSTILE / name / "expected.yml").read_text(encoding="utf-8"))
        assert expected["outcome"] in ("builds", "refused", "any"), name
        assert expected.get("description"), name
        if expected["outcome"] != "any":
            assert expected["exit_code"] == (0 if expected["outcome"] == "builds" else 1), name


# --- properties every built site must have, whatever went in ----------------------------------

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
OPTIONAL_END = frozenset("p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption "
                         "rp rt html head body".split())
FORBIDDEN_TAGS = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"})
HOSTILE_MARKER = "alert(1)"
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|data:image/svg)", re.I)
_CSP = re.compile(r"script-src [^;]+", re.I)


class PageChecker(HTMLParser):
    """Collects what makes a page unsafe or malformed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.script: list[str] | None = None
        self.script_type = ""
        self.csp: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_element(tag, dict(attrs))
        if tag == "script":
            self.script, self.script_type = [], dict(attrs).get("type") or ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_element(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self._check_script("".join(self.script))
            self.script = None
        if tag not in self.stack:
            if tag not in VOID:
                self.problems.append(f"stray </{tag}>")
            return
        while (top := self.stack.pop()) != tag:
            if top not in OPTIONAL_END:
                self.problems.append(f"<{top}> closed by </{tag}>")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def close(self) -> None:
        super().close()
        unclosed = [tag for tag in self.stack if tag not in OPTIONAL_END]
        if unclosed:
            self.problems.append(f"unclosed {unclosed}")

    def _check_element(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            cleaned = re.sub(r"[\x00-\x20]", "", value or "")
            if name in URL_ATTRS and _BAD_SCHEME.match(cleaned):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(attrs.get("content") or "")

    def _check_script(self, text: str) -> None:
        if self.script_type == "application/ld+json":
            try:
                json.loads(text)
            except ValueError as exc:
                self.problems.append(f"JSON-LD does not parse: {exc}")
        elif HOSTILE_MARKER in text:
            self.problems.append("input text inside an inline script")


def check_page(html: str) -> list[str]:
    """Problems of one HTML page: unsafe markup, malformed nesting, no strict CSP."""
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    problems = checker.problems
    if not html.lstrip().lower().startswith("<!doctype html>"):
        problems.append("no <!doctype html>")
    policy = _CSP.search(" ".join(checker.csp))
    if not policy or "'unsafe-inline'" in policy.group(0) or "'unsafe-eval'" in policy.group(0):
        problems.append(f"no Content-Security-Policy meta with a strict script-src: {checker.csp}")
    return problems


def read_text_files(root: Path, suffixes: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative path -> text of every regular file under `root` (symlinks not followed)."""
    files = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        if path.is_file() and not path.is_symlink() and (not suffixes or path.suffix in suffixes):
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return files


def assert_site_is_safe(out_dir: Path) -> None:
    """No markup from the input, well-formed pages and feeds, ASCII unique file names."""
    if not out_dir.exists():
        return
    problems = []
    for name, text in read_text_files(out_dir).items():
        is_data = name.startswith("data/") and name.endswith((".csv", ".json"))  # text, not markup
        if not is_data and "<script>alert" in text.replace(" ", "").lower():
            problems.append(f"{name}: raw <script> from the input")
        if name.endswith(".html"):
            problems += [f"{name}: {problem}" for problem in check_page(text)]
        elif name.endswith(".xml"):
            try:
                ET.fromstring(text.encode("utf-8"))
            except ET.ParseError as exc:
                problems.append(f"{name}: not well-formed XML ({exc})")
    names = [p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")]
    problems += [f"{name}: not an ASCII-safe name" for name in names if not re.fullmatch(r"[A-Za-z0-9._~+@=,/-]+", name)]
    folded = [name.casefold() for name in names]
    problems += [f"{name}: collides with another name on a case-insensitive disk"
                 for name in names if folded.count(name.casefold()) > 1]
    assert not problems, "\n".join(problems[:30])
