"""Shared fixtures: tiny projects on disk, the sample corpus, golden-file updates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# The stages' diagnostics are asserted as written (English); tests of what a French site's user
# reads take the `french_messages` fixture. Child processes inherit it.
os.environ["SITE_BUILDER_LANG"] = "en"

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SEEDS = REPO / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def french_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks the site's language, as for a user (French for the sites of these tests)."""
    monkeypatch.delenv("SITE_BUILDER_LANG")


@pytest.fixture
def make_project(tmp_path: Path):
    """make_project({'seeds/a.txt': '...', 'site.yml': '...'}) -> the project folder."""

    def _make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return _make


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A site folder holding the real sample seeds and nothing else."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE_SEEDS, root / "seeds")
    return root
