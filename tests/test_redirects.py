"""Redirect pages left at the URL of an entity merged into another."""

from __future__ import annotations

from pathlib import PurePosixPath

from site_builder.config import load_config
from site_builder.model import Entity, EntityKind
from site_builder.render.redirects import render_redirects

KEPT = Entity(EntityKind.PLACE, "saint-etienne", "Saint-Étienne <42>", "city")


def test_a_redirect_page_points_browsers_and_crawlers_at_the_page_kept(make_project):
    cfg = load_config(make_project({"site.yml": "base_url: https://example.org/revue/\n"}))
    [page] = render_redirects(cfg, {(EntityKind.PLACE, "st-etienne"): "saint-etienne"},
                              {EntityKind.ACTOR: {}, EntityKind.PLACE: {KEPT.slug: KEPT}})
    assert page.path == PurePosixPath("places/st-etienne/index.html")
    assert '<meta http-equiv="refresh" content="0; url=/revue/places/saint-etienne/">' in page.content
    assert ('<link rel="canonical" href="https://example.org/revue/places/saint-etienne/">'
            in page.content)
    assert "<title>Saint-Étienne &lt;42&gt;</title>" in page.content
    assert '<meta name="robots" content="noindex">' in page.content
