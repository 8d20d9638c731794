"""Choropleth maps of Denmark as inline SVG: one small map per rule, each municipality
coloured by its rate (or its region's), Bornholm in an inset near the rest of the country and
Hovedstadsområdet enlarged in a second inset.

The outlines (``data/kommuner_map.json``, DAGI boundaries, see its SOURCES note) are written
once per report as ``<defs>`` paths and reused by every map through ``<use>``, whose ``fill``
the referenced shape inherits, so six maps cost little more than one.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from integaudit.figures import Group, RuleStats
from integaudit.i18n import number, percent, text
from integaudit.municipalities import all_municipalities

# Fixed class bounds, the same for every rule, run and municipality, so maps compare across
# rules and between audits (quantiles of 56 small groups would move with every sample).
BOUNDS = (0.0, 0.10, 0.20, 0.40, 0.60, 1.0)
# ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA = "#d9d9d9"
# Change in percentage points (compare): ColorBrewer RdBu, 5 classes, centred on 0.
CHANGE_BOUNDS = (-10.0, -2.0, 2.0, 10.0)
CHANGE_PALETTE = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")
SMALL = 5
SIMPLIFY = 0.8  # Douglas–Peucker tolerance in map units (1000 units wide)

BORNHOLM = "400"
# Bornholm moved west into a box beside the rest of the country.
BORNHOLM_SHIFT = (-215.0, 95.0)
# The small municipalities around Copenhagen, enlarged in a box in the empty north-east.
CAPITAL_CODES = frozenset(
    {"101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169"}
    | {"173", "175", "183", "185", "187", "190"}
)
CAPITAL_BOX = (575.0, 478.0, 93.0, 78.0)  # x, y, width, height of the area in map units
CAPITAL_AT = (680.0, 30.0)
CAPITAL_SCALE = 3.2
WIDTH, HEIGHT = 1000.0, 810.0


def _simplify(points: Sequence[Sequence[float]], tolerance: float) -> list[Sequence[float]]:
    """Return the ring thinned by Douglas–Peucker (first and last point kept)."""
    if len(points) < 3:
        return list(points)
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    far, index = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        if length:
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
        else:
            distance = math.hypot(x - x1, y - y1)
        if distance > far:
            far, index = distance, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def _path(polygons: Sequence[Sequence[Sequence[float]]]) -> str:
    """Return SVG path data for the polygons: relative moves, one decimal, each ring closed."""
    parts = []
    for ring in polygons:
        ring = _simplify(ring, SIMPLIFY)
        if len(ring) < 3:
            continue
        x0, y0 = round(ring[0][0], 1), round(ring[0][1], 1)
        steps = [f"M{x0:g} {y0:g}l"]
        px, py = x0, y0
        for x, y in ring[1:]:
            x, y = round(x, 1), round(y, 1)
            steps.append(f"{round(x - px, 1):g} {round(y - py, 1):g} ")
            px, py = x, y
        parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)


@functools.cache
def geometry() -> dict[str, str]:
    """Return municipality code → SVG path data of its outline (simplified, compact)."""
    source = files("integaudit").joinpath("data", "kommuner_map.json")
    outlines = json.loads(source.read_text(encoding="utf-8"))["municipalities"]
    return {code: _path(polygons) for code, polygons in outlines.items()}


def rate_class(rate: float) -> int:
    """Return the class (0–4) of a rate in the fixed bounds."""
    for i, upper in enumerate(BOUNDS[1:-1]):
        if rate < upper:
            return i
    return len(PALETTE) - 1


def change_class(pp: float) -> int:
    """Return the class (0–4) of a change in percentage points."""
    for i, upper in enumerate(CHANGE_BOUNDS):
        if pp < upper:
            return i
    return len(CHANGE_PALETTE) - 1


@dataclass(frozen=True)
class Shape:
    """One municipality on one map: its fill, whether its group is small, and its tooltip."""

    code: str
    fill: str
    small: bool
    title: str


@dataclass(frozen=True)
class Map:
    """One small map: its heading and a shape per municipality."""

    heading: str
    shapes: tuple[Shape, ...]


def _counts(stats: RuleStats, lang: str) -> str:
    assessed = stats["pass"] + stats["fail"]
    return text("map.count", lang, fail=stats["fail"], assessed=assessed)


def _shape(code: str, label: str, stats: RuleStats | None, lang: str) -> Shape:
    """Return a municipality's shape coloured by the rule's figures of its group."""
    if stats is None or stats["pass"] + stats["fail"] == 0:
        return Shape(code, NO_DATA, False, f"{label}: {text('not_assessed', lang)}")
    assessed = stats["pass"] + stats["fail"]
    title = f"{label}: {percent(stats['rate'], lang)} ({_counts(stats, lang)})"
    return Shape(code, PALETTE[rate_class(stats["rate"] or 0.0)], assessed < SMALL, title)


def rule_maps(
    groups: list[Group], rules: list[tuple[str, str]], group_by: str, lang: str
) -> list[Map]:
    """Return one map per rule (id, heading): each municipality coloured by its group's rate
    (its own with ``group_by`` municipality, its region's with region); grey where the group
    assessed no contract, marked small under 5 assessed."""
    by_key = {g["key"]: g for g in groups}
    maps = []
    for rule_id, heading in rules:
        shapes = []
        for m in all_municipalities():
            key = m.region_code if group_by == "region" else m.code
            group = by_key.get(key)
            label = m.name if group_by != "region" else f"{m.name} ({m.region_name})"
            stats = group["rules"][rule_id] if group else None
            shapes.append(_shape(m.code, label, stats, lang))
        maps.append(Map(heading, tuple(shapes)))
    return maps


def change_maps(result: dict[str, Any], titles: dict[str, str], lang: str) -> list[Map]:
    """Return one map per rule of a comparison: each municipality coloured by the change of
    its rate in percentage points; grey where one run lacks it or has no rate."""
    by_key = {g["key"]: g for g in result["groups"]}
    maps = []
    for rule_id in result["rules"]:
        shapes = []
        for m in all_municipalities():
            group = by_key.get(m.code)
            change = group["rules"][rule_id] if group else None
            if change is None or change.get("change_pp") is None:
                shapes.append(Shape(m.code, NO_DATA, False, f"{m.name}: –"))
                continue
            pp = change["change_pp"]
            shown = text("compare.pp", lang, value=number(pp, lang, 1, True))
            title = f"{m.name}: {percent(change['old'], lang)} → {percent(change['new'], lang)}"
            fill = CHANGE_PALETTE[change_class(pp)]
            shapes.append(Shape(m.code, fill, False, f"{title} ({shown})"))
        maps.append(Map(titles.get(rule_id, rule_id), tuple(shapes)))
    return maps


def legend(lang: str) -> list[dict[str, str]]:
    """Return the legend of the rate maps: colour and label per class, no data, small."""
    entries = [
        {
            "fill": PALETTE[i],
            "label": f"{percent(low, lang, 0)}–{percent(high, lang, 0)}",
        }
        for i, (low, high) in enumerate(itertools.pairwise(BOUNDS))
    ]
    entries.append({"fill": NO_DATA, "label": text("map.no_data", lang)})
    entries.append({"fill": PALETTE[2], "label": text("map.small", lang), "small": "1"})
    return entries


def change_legend(lang: str) -> list[dict[str, str]]:
    """Return the legend of the change maps, in percentage points."""
    edges = [None, *CHANGE_BOUNDS, None]
    entries = []
    for i, fill in enumerate(CHANGE_PALETTE):
        low, high = edges[i], edges[i + 1]
        if low is None:
            assert high is not None  # the first band has an upper edge
            label = text("map.below", lang, value=number(high, lang, 0, True))
        elif high is None:
            label = text("map.above", lang, value=number(low, lang, 0, True))
        else:
            label = f"{number(low, lang, 0, True)} – {number(high, lang, 0, True)}"
        entries.append({"fill": fill, "label": label})
    entries.append({"fill": NO_DATA, "label": text("map.no_change", lang)})
    return entries


def layout() -> dict[str, Any]:
    """Return the fixed geometry of a map: its view box, the Bornholm shift and the capital
    inset's box and transform."""
    x, y, w, h = CAPITAL_BOX
    ax, ay = CAPITAL_AT
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bornholm": BORNHOLM,
        "bornholm_shift": BORNHOLM_SHIFT,
        "bornholm_box": (712.0, 705.0, 80.0, 90.0),
        "capital": CAPITAL_CODES,
        "capital_box": (ax - 6, ay - 6, w * CAPITAL_SCALE + 12, h * CAPITAL_SCALE + 12),
        "capital_transform": f"translate({ax - x * CAPITAL_SCALE:g} {ay - y * CAPITAL_SCALE:g}) "
        f"scale({CAPITAL_SCALE:g})",
        "capital_area": (x, y, w, h),
    }
