"""All-or-nothing publication (issue 17, class 2), through the real CLI and the real server.

- a build with errors leaves output/ as it was, and says so;
- serve stages and swaps like the CLI: SIGKILLed at random moments of its rebuilds, it
  always leaves one whole site (the previous or the new one), and an output/ removed while
  it runs is rebuilt whole by the next rebuild;
- every build, a no-op one too, sweeps what killed builds left.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from tests.test_atomic_build import ENV, clean_build, snapshot, write_site
from tests.test_serve import _free_port

REPO = Path(__file__).resolve().parent.parent


def cli(site: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--site", str(site)])


def test_a_build_with_an_error_leaves_output_as_it_was(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", count=3, version=1)
    first = cli(site, "build")
    assert first.exit_code == 0, first.output
    before = snapshot(site / "output")
    article = sorted((site / "content" / "articles").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\ndate: ", "\ndate: 2018-13-45\nold_date: ", 1),
                       encoding="utf-8")
    (site / "seeds" / "article-001.txt").write_text("Un autre texte, le 4 septembre 2018.\n\n"
                                                    "Rien de plus.\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.exit_code == 1
    assert f"{article.relative_to(site).as_posix()}:" in result.output
    assert "output/: left as it was: the build found 1 error(s), so no page was published, " \
           "changed or removed; fix them and build again" in result.output
    assert snapshot(site / "output") == before
    again = cli(site, "build")  # a no-op build says it again
    assert again.exit_code == 1 and "left as it was" in again.output
    article.write_text(text, encoding="utf-8")
    fixed = cli(site, "build")
    assert fixed.exit_code == 0, fixed.output
    assert snapshot(site / "output") != before


@pytest.mark.usefixtures("french_messages")
def test_every_build_sweeps_leftovers_even_a_no_op_one(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", count=2, version=1)
    assert cli(site, "build").exit_code == 0
    planted = [site / ".output.new-abc123", site / ".site-builder" / "serve-spare-999999-x",
               site / ".site-builder" / "search-999999-y"]
    for folder in planted:
        folder.mkdir()
        (folder / "index.html").write_text("stale")
    temp_files = [site / ".site-builder" / "store" / ".last-build.marshal.tmp",
                  site / ".site-builder" / "enrich" / ".ab.json.tmp999999"]
    for path in temp_files:
        path.parent.mkdir(exist_ok=True)
        path.write_text("half")
    alive = site / ".site-builder" / f"serve-spare-{os.getpid()}-z"  # a running serve's
    alive.mkdir()
    result = cli(site, "build")
    assert result.exit_code == 0, result.output
    assert "Rien à refaire" in result.output
    assert not [path for path in [*planted, *temp_files] if path.exists()]
    assert alive.is_dir()


# --- serve ---------------------------------------------------------------------------------

class Serve:
    """`python -m site_builder serve` in its own process group; its output line by line."""

    def __init__(self, site: Path) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--site", str(site),
             "--port", str(_free_port())], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, cwd=REPO, env={**ENV, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, count: int = 1, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.proc.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.05)

    def pause(self) -> None:
        os.killpg(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.killpg(self.proc.pid, signal.SIGCONT)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def whole_site_version(out_dir: Path, paths: set[str]) -> int:
    """The one seed version every file of output/ shows, checking it is one whole site: the
    same files as a clean build, and no two versions (`version N`) mixed."""
    found = snapshot(out_dir)
    assert set(found) == paths, sorted(set(found) ^ paths)
    versions = {int(v) for path in found if path.endswith((".html", ".xml"))
                for v in re.findall(r"version (\d+)", (out_dir / path).read_text("utf-8"))}
    assert len(versions) == 1, f"pages of versions {sorted(versions)} mixed"
    return versions.pop()


@pytest.mark.slow
def test_serve_killed_at_random_moments_of_its_rebuilds_leaves_one_whole_site(tmp_path):
    """Each round: start serve, wait for its site, change every seed to a new text (so the
    rebuild re-extracts them all and rewrites every page, ~1-2 s), SIGKILL serve after a
    random delay; output/ must then be one whole site, of the old or the new version."""
    count = 30
    paths = set(clean_build(tmp_path, "clean", count=count, version=0))
    site = write_site(tmp_path / "site", count=count, version=1)
    rng = random.Random(1717)
    kills = []
    for version in range(1, 8):
        server = Serve(site)
        server.wait_for("Site servi sur")
        assert whole_site_version(site / "output", paths) == version, "after start-up"
        server.pause()  # every seed changes before serve looks: its rebuild sees one version
        write_site(site, count=count, version=version + 1)
        server.resume()
        delay = rng.uniform(0.1, 3.0)
        time.sleep(delay)
        server.kill()
        found = whole_site_version(site / "output", paths)
        assert found in (version, version + 1)
        kills.append((round(delay, 2), "new" if found == version + 1 else "old"))
    assert cli(site, "build").exit_code == 0  # sweeps what the kills left
    assert not [p.name for p in site.iterdir() if p.name.startswith(".output.")]
    assert not [p.name for p in (site / ".site-builder").iterdir()
                if p.name.startswith(("serve-spare-", "search-"))]
    assert {state for _delay, state in kills} == {"old", "new"}, kills  # both moments hit
    print("kills (delay, site found):", kills)


@pytest.mark.slow
def test_output_removed_while_serve_runs_is_rebuilt_whole_by_the_next_rebuild(tmp_path):
    count = 4
    whole = clean_build(tmp_path, "clean", count=count, version=2)
    site = write_site(tmp_path / "site", count=count, version=1)
    server = Serve(site)
    try:
        server.wait_for("Site servi sur")
        shutil.rmtree(site / "output")
        write_site(site, count=count, version=2)
        server.wait_for("Reconstruit (", count=2)  # the first is the start-up build
        assert snapshot(site / "output") == whole
    finally:
        server.kill()
