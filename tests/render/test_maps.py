"""Maps of Denmark in the reports: one small map per rule, coloured by class, grey without
data, the outlines written once; checked in the markup and in a real browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from integaudit.municipalities import all_municipalities
from integaudit.render import maps
from tests.conftest import run_cli_in
from tests.render.browser import NEEDS_BROWSER, NEEDS_PDFTOPPM, print_pages, run_browser
from tests.render.png import colours, pixel, read_png, read_ppm

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OUTLINES = ROOT / "integaudit" / "data" / "kommuner_map.json"
FIGURE = re.compile(r'<figure class="map">.*?</figure>', re.S)
USE = re.compile(r'<use href="#k(\d+)" data-kommune="(\d+)" fill="(#[0-9a-f]{6})"[^>]*>'
                 r"<title>([^<]*)</title>")  # fmt: skip


def _report(tmp_path: Path, sample: str, *extra: str) -> tuple[str, dict]:
    out, doc = tmp_path / f"{sample}.html", tmp_path / f"{sample}.json"
    result = run_cli_in(
        tmp_path, "check", str(ROOT / "samples" / sample), "--html", str(out),
        "--json", str(doc), *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), json.loads(doc.read_text(encoding="utf-8"))


def test_rr2014_report_has_a_map_per_rule_98_shapes_56_coloured(tmp_path: Path) -> None:
    html, doc = _report(tmp_path, "rr2014")
    figures = FIGURE.findall(html)
    assert len(figures) == 3
    groups = {g["key"]: g for g in doc["groups"]}
    for figure, rule in zip(figures, doc["total"]["rules"], strict=True):
        shapes = USE.findall(figure)
        assert len(shapes) == 98
        assert {code for code, _, _, _ in shapes} == {m.code for m in all_municipalities()}
        grey = [code for code, _, fill, _ in shapes if fill == maps.NO_DATA]
        assert len(grey) == 42 and len(shapes) - len(grey) == 56
        for code, _, fill, title in shapes:
            group = groups.get(code)
            if group is None:
                assert "ikke vurderet" in title
                continue
            stats = group["rules"][rule]
            assert fill == maps.PALETTE[maps.rate_class(stats["rate"])], (code, rule)
            assessed = stats["pass"] + stats["fail"]
            assert title.endswith(f"({stats['fail']} af {assessed})"), title
    odense = next(t for c, _, _, t in USE.findall(figures[0]) if c == "461")
    assert re.fullmatch(r"Odense: \d+,\d % \(\d+ af \d+\)", odense), odense


def test_bek2020_report_has_six_maps_and_the_outlines_once(tmp_path: Path) -> None:
    html, _ = _report(tmp_path, "bek2020")
    assert len(FIGURE.findall(html)) == 6
    assert html.count('<path id="k461"') == 1
    start, end = (
        html.index('<section id="maps">'),
        html.index("</section>", html.index('<section id="maps">')),
    )
    assert end - start < 200_000  # the map section adds at most 200 KB
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")


def test_by_region_colours_each_municipality_by_its_region(tmp_path: Path) -> None:
    html, doc = _report(tmp_path, "bek2020", "--by", "region")
    rates = {g["key"]: g["rules"]["late-signing"]["rate"] for g in doc["groups"]}
    figure = FIGURE.findall(html)[1]  # late-signing
    region = {m.code: m.region_code for m in all_municipalities()}
    for code, _, fill, title in USE.findall(figure):
        rate = rates.get(region[code])
        assert fill == (maps.NO_DATA if rate is None else maps.PALETTE[maps.rate_class(rate)])
        assert "(Region " in title


def test_compare_report_maps_the_change_in_percentage_points(tmp_path: Path) -> None:
    sample = str(ROOT / "samples" / "rr2014")
    for name, as_of in (("a.json", "2014-06-30"), ("b.json", "2014-12-31")):
        result = run_cli_in(tmp_path, "check", sample, "--as-of", as_of, "--json", name)
        assert result.exit_code == 0, result.output
    result = run_cli_in(tmp_path, "compare", "a.json", "b.json", "--html", "c.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    figures = FIGURE.findall(html)
    assert len(figures) == 3
    shapes = USE.findall(figures[2])  # missed-follow-up
    in_both = {g["key"] for g in b["groups"]}
    for code, _, fill, _ in shapes:
        if code not in in_both:
            assert fill == maps.NO_DATA
        else:
            assert fill in maps.CHANGE_PALETTE
    assert any(fill == maps.CHANGE_PALETTE[-1] for _, _, fill, _ in shapes)  # more breaches


def test_class_bounds_are_fixed_and_inclusive_below() -> None:
    assert [maps.rate_class(r) for r in (0, 0.0999, 0.1, 0.2, 0.4, 0.6, 1.0)] == [
        0, 0, 1, 2, 3, 4, 4
    ]  # fmt: skip
    assert [maps.change_class(p) for p in (-50, -10, -2, 0, 2, 10, 40)] == [0, 1, 2, 2, 3, 4, 4]


# --- in a real browser -------------------------------------------------------------------


def _interior_point(code: str) -> tuple[float, float]:
    """Return a point well inside a municipality's largest polygon: the middle of the widest
    stretch inside it on a few horizontal lines."""
    polygons = json.loads(OUTLINES.read_text(encoding="utf-8"))["municipalities"][code]

    def area(ring):
        return abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )

    ring = max(polygons, key=area)
    ys = [y for _, y in ring]
    best = (0.0, 0.0, 0.0)
    for share in (0.3, 0.4, 0.5, 0.6, 0.7):
        y = min(ys) + share * (max(ys) - min(ys)) + 0.013
        xs = sorted(
            x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            if (y1 <= y < y2) or (y2 <= y < y1)
        )
        for left, right in zip(xs[::2], xs[1::2], strict=False):
            if right - left > best[0]:
                best = (right - left, (left + right) / 2, y)
    return best[1], best[2]


@NEEDS_BROWSER
def test_first_map_shows_each_municipality_in_its_class_colour(tmp_path: Path) -> None:
    html, doc = _report(tmp_path, "bek2020")  # groups of 8–20 contracts: none drawn lighter
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    defs = re.search(r'<svg class="map-defs".*?</svg>', html, re.S).group(0)
    figure = FIGURE.findall(html)[0]
    page = tmp_path / "map.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style><style>"
        "body{margin:0;padding:0;max-width:none} .map{width:1000px} figcaption{display:none}"
        f"</style></head><body>{defs}{figure}</body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "map.png"
    run_browser(
        tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,810", page.as_uri()
    )
    image = read_png(shot)
    fills = {code: fill for code, _, fill, _ in USE.findall(figure)}
    groups = {g["key"] for g in doc["groups"]}
    # Municipalities of the sample (coloured by class) and without contracts (grey), large
    # enough for a point well inside them, away from the insets.
    coloured = ("851", "751", "561", "621", "791", "370", "461")
    grey = ("820", "787", "760", "661", "540")
    assert set(coloured) <= groups and not set(grey) & groups
    for code in (*coloured, *grey):
        x, y = _interior_point(code)
        assert pixel(image, round(x), round(y)) == fills[code], (code, x, y)
    assert {fills[c] for c in grey} == {maps.NO_DATA}
    assert len({fills[c] for c in coloured}) >= 2


@NEEDS_PDFTOPPM
def test_maps_are_in_the_a4_print(tmp_path: Path) -> None:
    _report(tmp_path, "bek2020")
    page = tmp_path / "bek2020.html"
    pages = print_pages(tmp_path / "profile", page, tmp_path, dpi=50, image="ppm")
    palette = [int(colour.lstrip("#"), 16) for colour in maps.PALETTE]
    found = sum(int(np.isin(colours(read_ppm(p)), palette).sum()) for p in pages)
    assert found > 1000, found  # map areas in the class colours appear on the printed pages
