"""Redirect pages: the URL of an entity merged into another (`merge_into:`) keeps working.

A small HTML page at the old URL sends browsers on (meta refresh) and tells search engines
where the page now is (canonical link, noindex); it is not in the sitemap nor the search.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import PurePosixPath

from site_builder.model import Entity, EntityKind, OutputFile, SiteConfig

SECTIONS = {EntityKind.ACTOR: "actors", EntityKind.PLACE: "places"}


def render_redirects(cfg: SiteConfig, redirects: Mapping[tuple[EntityKind, str], str],
                     entities: Mapping[EntityKind, Mapping[str, Entity]]) -> list[OutputFile]:
    """One page per (kind, old slug) -> new slug, sorted by path."""
    files = []
    for (kind, old), new in sorted(redirects.items(), key=lambda item: (item[0][0].value, item[0][1])):
        path = f"{SECTIONS[kind]}/{new}/"
        text = render_redirect(entities[kind][new].name, f"{cfg.base_path}{path}",
                               f"{cfg.site_url or cfg.base_path}{path}", cfg.language)
        files.append(OutputFile(PurePosixPath(SECTIONS[kind], old, "index.html"), text))
    return files


def render_redirect(name: str, url: str, canonical: str, language: str) -> str:
    """The page sending browsers to `url`, named after the entity found there."""
    name, url, canonical = html.escape(name), html.escape(url), html.escape(canonical)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{name}</title>\n'
            f'<link rel="canonical" href="{canonical}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
            f'<p>Cette page a été fusionnée avec <a href="{url}">{name}</a>.</p>\n'
            f'</body>\n</html>\n')
