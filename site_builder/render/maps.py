"""Locator and world maps drawn at build time as inline SVG from packaged Natural Earth outlines.

Equirectangular projection: x = longitude, y = -latitude, in degrees. The outlines are the
public-domain Natural Earth 1:110m countries (see data/README.md); nothing is fetched.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from site_builder.model import Entity, Geo

WORLD_FILE = Path(__file__).parent / "data" / "countries-110m.json"
LOCATOR_HALF_WIDTH = 18.0
"""Degrees of longitude shown on each side of the point in a locator map."""
LOCATOR_HALF_HEIGHT = 12.0
"""Degrees of latitude shown above and below the point in a locator map."""

LOCATOR_WIDTH = 720
WORLD_WIDTH = 1080
"""Intrinsic widths in pixels (CSS usually scales them): they give the browser the aspect ratio."""

Ring = tuple[tuple[float, float], ...]
Box = tuple[float, float, float, float]
"""(west, south, east, north) in degrees."""


@dataclass(frozen=True)
class Shape:
    """One country (or land mass): its name and its rings, each with a bounding box."""

    name: str
    rings: tuple[Ring, ...]
    box: Box
    path_data: str = ""
    """The rings as SVG path data, computed once when the outlines are loaded."""


@dataclass(frozen=True)
class World:
    countries: tuple[Shape, ...]
    land: tuple[Shape, ...]


def locator_map_svg(geo: Geo, *, label: str) -> Markup:
    """A region of the world around `geo`, its country highlighted and the point marked."""
    box = _locator_box(geo)
    world = load_world()
    shapes = [s for s in world.countries if _overlaps(s.box, box)]
    point = (geo.longitude, geo.latitude, geo.longitude, geo.latitude)
    home = {s.name for s in shapes
            if _overlaps(s.box, point) and _contains(s, geo.longitude, geo.latitude)}
    paths = "".join(_path(s, "map-home" if s.name in home else "map-land") for s in shapes)
    x, y = _fmt(geo.longitude), _fmt(-geo.latitude)
    marker = (f'<circle class="map-point" cx="{x}" cy="{y}" r="0.9" '
              f'stroke-width="1.5" vector-effect="non-scaling-stroke"/>')
    aria = f"Carte de situation : {label}"
    return _svg(box, aria, paths + marker, css_class="map map-locator", width=LOCATOR_WIDTH)


def world_map_svg(points: Iterable[Entity], base_path: str) -> Markup:
    """All places with coordinates on a world map, each point a link to its page (map.js
    adds zoom, pan and clusters; without it the map is this picture of links)."""
    world = load_world()
    box = (-180.0, -60.0, 180.0, 85.0)
    paths = "".join(_path(s, "map-land") for s in world.land if _overlaps(s.box, box))
    placed = sorted((p for p in points if p.geo is not None), key=lambda p: p.slug)
    links = f'<g class="map-points">{"".join(_point_link(p, base_path) for p in placed)}</g>'
    count = len(placed)
    aria = f"Carte du monde : {count} lieu{'x' if count > 1 else ''}"
    # role="group", not "img": an image's children are hidden from screen readers, links too.
    return _svg(box, aria, paths + links, css_class="map map-world", width=WORLD_WIDTH,
                role="group")


def load_world() -> World:
    """The packaged outlines, decoded once per process (read-only data)."""
    return _load_world(WORLD_FILE)


@functools.cache
def _load_world(path: Path) -> World:
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology["arcs"], topology["transform"])
    objects = topology["objects"]
    return World(countries=_shapes(objects["countries"], arcs), land=_shapes(objects["land"], arcs))


def _decode_arcs(raw: Sequence[Sequence[Sequence[int]]], transform: dict) -> list[Ring]:
    """TopoJSON arcs are delta-encoded integers; turn them into (lon, lat) points."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in raw:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        decoded.append(tuple(points))
    return decoded


def _shapes(collection: dict, arcs: list[Ring]) -> tuple[Shape, ...]:
    shapes = []
    for index, geometry in enumerate(collection["geometries"]):
        polygons = _polygons(geometry)
        rings = _wrap(tuple(_ring(indexes, arcs) for polygon in polygons for indexes in polygon))
        if rings:
            name = geometry.get("properties", {}).get("name", f"land-{index}")
            shapes.append(Shape(name=name, rings=rings, box=_bounds(rings),
                                path_data=_path_data(rings)))
    return tuple(shapes)


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def _ring(indexes: Sequence[int], arcs: list[Ring]) -> Ring:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return _unwrap(points)


def _unwrap(points: list[tuple[float, float]]) -> Ring:
    """Keep longitudes continuous across the antimeridian (179 then -179 becomes 179, 181)."""
    out: list[tuple[float, float]] = []
    for x, y in points:
        if out and x - out[-1][0] > 180:
            x -= 360
        elif out and out[-1][0] - x > 180:
            x += 360
        out.append((x, y))
    return tuple(out)


def _wrap(rings: tuple[Ring, ...]) -> tuple[Ring, ...]:
    """Add a copy shifted by 360 degrees of every ring that pokes past +-180."""
    shifted = [tuple((x - 360 if max(rx for rx, _ in ring) > 180 else x + 360, y) for x, y in ring)
               for ring in rings if max(x for x, _ in ring) > 180 or min(x for x, _ in ring) < -180]
    return rings + tuple(shifted)


def _bounds(rings: Iterable[Ring]) -> Box:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def _locator_box(geo: Geo) -> Box:
    """A fixed-size window around the point, kept inside the map's edges."""
    west = min(max(geo.longitude - LOCATOR_HALF_WIDTH, -180.0), 180.0 - 2 * LOCATOR_HALF_WIDTH)
    south = min(max(geo.latitude - LOCATOR_HALF_HEIGHT, -90.0), 90.0 - 2 * LOCATOR_HALF_HEIGHT)
    return (west, south, west + 2 * LOCATOR_HALF_WIDTH, south + 2 * LOCATOR_HALF_HEIGHT)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _contains(shape: Shape, x: float, y: float) -> bool:
    """Even-odd rule over every ring: holes cancel out."""
    inside = False
    for ring in shape.rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _path(shape: Shape, css_class: str) -> str:
    return f'<path class="{css_class}" d="{shape.path_data}"><title>{escape(shape.name)}</title></path>'


def _path_data(rings: Iterable[Ring]) -> str:
    return "".join("M" + "L".join(f"{_fmt(x)} {_fmt(-y)}" for x, y in ring) + "Z" for ring in rings)


def _point_link(place: Entity, base_path: str) -> str:
    assert place.geo is not None
    href = escape(f"{base_path}places/{place.slug}/")
    x, y = _fmt(place.geo.longitude), _fmt(-place.geo.latitude)
    return (f'<a href="{href}" class="map-place"><title>{escape(place.name)}</title>'
            f'<circle class="map-point" cx="{x}" cy="{y}" r="2.2" '
            f'stroke-width="1" vector-effect="non-scaling-stroke"/></a>')


def _svg(box: Box, aria_label: str, body: str, *, css_class: str, width: int,
         role: str = "img") -> Markup:
    west, south, east, north = box
    view = f"{_fmt(west)} {_fmt(-north)} {_fmt(east - west)} {_fmt(north - south)}"
    # Colours from the page's theme (style.css sets them for light and dark), these by default.
    style = ('<style>.map-land{fill:var(--map-land,#d8d3c4);stroke:var(--map-coast,#8a8577)}'
             '.map-home{fill:var(--map-home,#b8c9a3);stroke:var(--map-home-coast,#5d6b4c)}'
             '.map-land,.map-home{stroke-width:.6px;vector-effect:non-scaling-stroke}'
             '.map-sea{fill:var(--map-sea,#eaf2f8)}'
             '.map-point{fill:var(--map-point,#c0392b);stroke:var(--map-point-ring,#fff)}</style>')
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="{view}" '
        f'width="{width}" height="{round(width * (north - south) / (east - west))}" overflow="hidden" '
        f'role="{role}" aria-label="{escape(aria_label)}" preserveAspectRatio="xMidYMid meet">'
        f'<title>{escape(aria_label)}</title>{style}'
        f'<rect x="{_fmt(west)}" y="{_fmt(-north)}" width="{_fmt(east - west)}" '
        f'height="{_fmt(north - south)}" class="map-sea"/>{body}</svg>'
    )


def _fmt(value: float) -> str:
    """Short, stable number text: 2 decimals at most, no trailing zeros, no `-0`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
