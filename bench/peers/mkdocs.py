"""An MkDocs project for the bench corpus: Material theme, tags plugin (tags = actors and places)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

from peers.markdown import seed_to_markdown

CONFIG = {
    "site_name": "Banc d’essai",
    "site_url": "https://example.org/",
    "theme": {"name": "material", "language": "fr"},
    "plugins": ["tags"],
    # An explicit nav: MkDocs' automatic nav lists every page on every page (N² work).
    "nav": ["index.md", "tags.md"],
}


def write_project(corpus: Path, project: Path) -> None:
    """PROJECT/mkdocs.yml and docs/ (index, tags page, one page per article)."""
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs" / "articles"
    docs.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True), encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Banc d’essai\n", encoding="utf-8")
    (project / "docs" / "tags.md").write_text("# Acteurs et lieux\n\n<!-- material/tags -->\n",
                                              encoding="utf-8")
    for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        title, body = seed_to_markdown((corpus / "seeds" / entry["file"]).read_text(encoding="utf-8"))
        front = {"title": title, "date": entry["date"], "tags": [*entry["actors"], *entry["places"]]}
        (docs / entry["file"].replace(".txt", ".md")).write_text(
            f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\n# {title}\n\n{body}", encoding="utf-8")


def build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--config-file",
            str(project / "mkdocs.yml"), "--site-dir", str(project / "site")]


def output_dir(project: Path) -> Path:
    return project / "site"


def version() -> str:
    from importlib.metadata import version as dist_version
    return f"mkdocs {dist_version('mkdocs')}, mkdocs-material {dist_version('mkdocs-material')}"
