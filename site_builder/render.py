"""make_env(cfg); render_site(site, env) -> list[OutputFile] (PROVISIONAL, minimal; no disk)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2
from markdown_it import MarkdownIt

from site_builder.model import OutputFile, Site, SiteConfig

THEME_DIR = Path(__file__).parent / "theme"


def make_env(cfg: SiteConfig) -> jinja2.Environment:
    """Site templates first, then the default theme: a site overrides it file by file."""
    loader = jinja2.FileSystemLoader([str(cfg.path("templates_dir")), str(THEME_DIR)])
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


def render_site(site: Site, env: jinja2.Environment) -> list[OutputFile]:
    md = MarkdownIt("commonmark", {"html": False})
    files = [OutputFile(PurePosixPath("index.html"),
                        env.get_template("index.html").render(site=site, base=site.config.base_path))]
    for article in site.articles:
        html = env.get_template("article.html").render(
            site=site, article=article, body=md.render(article.body_md), base=site.config.base_path)
        files.append(OutputFile(PurePosixPath("articles", article.slug, "index.html"), html))
    return files
