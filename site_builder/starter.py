"""new_site(dest): a starter site (site.yml + the sample article) to build at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_builder.errors import SiteError
from site_builder.model import SourceLocation

STARTER_DIR = Path(__file__).parent / "starter"
EMPTY_FOLDERS = ("content", "templates", "static")
GITIGNORE = "output/\n.site-builder/\n"


def new_site(dest: Path) -> list[Path]:
    """Copy the starter into `dest` (absent or empty); return the files written."""
    if dest.exists() and any(dest.iterdir()):
        raise SiteError(SourceLocation(str(dest)), "is not empty; choose a new folder name")
    shutil.copytree(STARTER_DIR, dest, dirs_exist_ok=True)
    for name in EMPTY_FOLDERS:
        (dest / name).mkdir(exist_ok=True)
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return sorted(path for path in dest.rglob("*") if path.is_file())
