"""maps.py: inline SVG maps from the packaged Natural Earth outlines."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from site_builder.model import Entity, EntityKind, Geo
from site_builder.render.maps import WORLD_FILE, load_world, locator_map_svg, world_map_svg

SVG = "{http://www.w3.org/2000/svg}"


def _place(slug: str, name: str, lat: float, lon: float) -> Entity:
    return Entity(EntityKind.PLACE, slug, name, "city", geo=Geo(lat, lon))


def test_packaged_outline_is_small_and_complete() -> None:
    assert WORLD_FILE.stat().st_size < 500_000
    world = load_world()
    assert len(world.countries) > 150
    assert world.land


@pytest.mark.parametrize(("lat", "lon", "country"), [
    (48.85, 2.35, "France"),
    (-33.87, 151.21, "Australia"),
    (-12.05, -77.04, "Peru"),
    (64.73, 177.5, "Russia"),
])
def test_locator_map_highlights_the_country_holding_the_point(lat, lon, country) -> None:
    svg = locator_map_svg(Geo(lat, lon), label="Un lieu")
    root = ET.fromstring(svg)
    homes = [p.find(f"{SVG}title").text for p in root.iter(f"{SVG}path")
             if p.get("class") == "map-home"]
    assert homes == [country]


def test_locator_map_marks_the_point_inside_its_view_box() -> None:
    root = ET.fromstring(locator_map_svg(Geo(48.85, 2.35), label="Paris"))
    west, top, width, height = map(float, root.get("viewBox").split())
    point = root.find(f"{SVG}circle")
    x, y = float(point.get("cx")), float(point.get("cy"))
    assert west < x < west + width and top < y < top + height
    assert (x, y) == (2.35, -48.85)


def test_locator_map_is_accessible_in_french_and_escapes_the_label() -> None:
    svg = locator_map_svg(Geo(10.0, 10.0), label='<Saint-Denis & "co">')
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == 'Carte de situation : <Saint-Denis & "co">'
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    assert "<Saint" not in svg


def test_locator_map_near_the_edge_stays_on_the_map() -> None:
    root = ET.fromstring(locator_map_svg(Geo(-89.0, 179.9), label="Pôle"))
    west, top, width, height = map(float, root.get("viewBox").split())
    assert west >= -180 and west + width <= 180 and -top <= 90 and -(top + height) >= -90


def test_world_map_links_every_located_place_with_a_title() -> None:
    places = [_place("lima", "Lima", -12.05, -77.04), _place("paris", "Paris", 48.85, 2.35),
              Entity(EntityKind.PLACE, "nulle-part", "Nulle part", "other")]
    root = ET.fromstring(world_map_svg(places, "/REPO/"))
    links = root.findall(f"{SVG}g/{SVG}a")
    assert [a.get("href") for a in links] == ["/REPO/places/lima/", "/REPO/places/paris/"]
    assert [a.find(f"{SVG}title").text for a in links] == ["Lima", "Paris"]
    assert root.get("aria-label") == "Carte du monde : 2 lieux"


def test_world_map_does_not_draw_lines_across_the_antimeridian() -> None:
    svg = world_map_svg([], "/")
    for data in re.findall(r' d="([^"]+)"', svg):
        for ring in data.split("M")[1:]:
            xs = [float(p.split()[0]) for p in ring.rstrip("Z").split("L")]
            assert all(abs(a - b) < 180 for a, b in zip(xs, xs[1:], strict=False))


def test_maps_are_deterministic() -> None:
    places = [_place("b", "B", 1.0, 2.0), _place("a", "A", 3.0, 4.0)]
    assert world_map_svg(places, "/") == world_map_svg(list(reversed(places)), "/")
    assert locator_map_svg(Geo(1.0, 2.0), label="x") == locator_map_svg(Geo(1.0, 2.0), label="x")
