#!/usr/bin/env python3
"""Check that the report's SVG bars are as long as the numbers they show.

Each chart is an <svg data-chart=ID data-direction=horizontal|vertical
data-scale=UNITS_PER_COUNT>; each bar segment a <rect data-category
data-series data-value>. A chart passes when
  - every segment's length (width when horizontal, height when vertical) is
    value x data-scale within a pixel,
  - and, not trusting data-scale, proportional to the largest bar's within a
    pixel (length / value is the same for every bar),
  - a category's segments are stacked end to end from one common baseline,
    and lie inside the chart,
  - its values are exactly the expected ones: every expected (category,
    series) has its segment with that data-value, and there is no other.

Expected values are {chart: {category: {series: value}}}, e.g.
{"per-rule": {"first-followup-85": {"on_time": 24, "late": 0, ...}},
 "coach": {"Lars Berg": {"count": 38}}}.

Usage:
  svg_check.py DEMO_DIR                   the reports of DEMO_DIR/expected.json
  svg_check.py PAGE.html EXPECTED.json    one page against expected values
  svg_check.py PAGE.html --stats-json S   against `mestring stats --format json` (real_pages.py
                                          writes such pages and values into a DEMO_DIR)
Exits 0 when every chart passes, 1 otherwise, 77 when html5lib is missing.
"""

import argparse
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from html_check import SVG, ParseError, html5lib, parse  # noqa: E402

TOLERANCE = 1.0  # pixels (user units; 1 unit = 1 CSS px at the chart's full width)


def charts(root):
    """{chart id: {"direction", "scale", "width", "height", "bars": [dict]}} from a parsed page."""
    out = {}
    for svg in root.iter(SVG + "svg"):
        chart = svg.get("data-chart")
        if chart is None:
            continue
        bars = []
        for rect in svg.iter(SVG + "rect"):
            if rect.get("data-series") is None:
                continue  # legend swatches and pattern tiles
            bars.append({"category": rect.get("data-category"), "series": rect.get("data-series"),
                         "value": int(rect.get("data-value")), "x": float(rect.get("x")), "y": float(rect.get("y")),
                         "width": float(rect.get("width")), "height": float(rect.get("height"))})
        out[chart] = {"direction": svg.get("data-direction"), "scale": float(svg.get("data-scale")),
                      "width": float(svg.get("width")), "height": float(svg.get("height")), "bars": bars}
    return out


def length(chart, bar):
    return bar["width"] if chart["direction"] == "horizontal" else bar["height"]


def geometry_problems(name, chart):
    found = []
    bars = chart["bars"]
    if chart["direction"] not in ("horizontal", "vertical") or chart["scale"] <= 0:
        return [f"{name}: direction {chart['direction']!r}, scale {chart['scale']}"]
    for bar in bars:
        if abs(length(chart, bar) - bar["value"] * chart["scale"]) > TOLERANCE:
            found.append(f"{name}: {bar['category']}/{bar['series']} is {length(chart, bar):.2f} long for "
                         f"{bar['value']} x {chart['scale']:.4f}")
        if bar["x"] < -0.01 or bar["y"] < -0.01 or bar["x"] + bar["width"] > chart["width"] + 0.01 \
                or bar["y"] + bar["height"] > chart["height"] + 0.01:
            found.append(f"{name}: {bar['category']}/{bar['series']} lies outside the chart")
    largest = max(bars, key=lambda b: b["value"], default=None)
    if largest and largest["value"] > 0:
        per_count = length(chart, largest) / largest["value"]
        for bar in bars:
            if abs(length(chart, bar) - bar["value"] * per_count) > TOLERANCE:
                found.append(f"{name}: {bar['category']}/{bar['series']} ({bar['value']}) is not in proportion "
                             f"to the largest bar ({largest['value']})")
    # Stacking: from one baseline, each segment where the previous one ended.
    baselines = set()
    by_category = {}
    for bar in bars:
        by_category.setdefault(bar["category"], []).append(bar)
    for category, segments in by_category.items():
        if chart["direction"] == "horizontal":
            start, end = segments[0]["x"], lambda b: b["x"] + b["width"]
            begin = lambda b: b["x"]  # noqa: E731
        else:
            start, end = segments[0]["y"] + segments[0]["height"], lambda b: b["y"]
            begin = lambda b: b["y"] + b["height"]  # noqa: E731
        baselines.add(round(start, 1))
        for previous, segment in zip(segments, segments[1:]):
            if abs(begin(segment) - end(previous)) > 0.05:
                found.append(f"{name}: {category}: {segment['series']} does not start where {previous['series']} ends")
    if len(baselines) > 1:
        found.append(f"{name}: the bars start from different baselines {sorted(baselines)}")
    return found


def value_problems(name, chart, expected):
    found = []
    have = {(b["category"], b["series"]): b["value"] for b in chart["bars"]}
    want = {(category, series): value for category, values in expected.items() for series, value in values.items()}
    for key, value in want.items():
        if key not in have:
            found.append(f"{name}: no bar for {key[0]}/{key[1]} (expected {value})")
        elif have[key] != value:
            found.append(f"{name}: {key[0]}/{key[1]} shows {have[key]}, expected {value}")
    for key in have.keys() - want.keys():
        found.append(f"{name}: a bar for {key[0]}/{key[1]} that is not expected")
    return found


def check_page(path, expected):
    try:
        root = parse(pathlib.Path(path).read_text(encoding="utf-8"))
    except ParseError as e:
        return [f"parse error: {e}"]
    found = []
    drawn = charts(root)
    for name, chart in drawn.items():
        found += geometry_problems(name, chart)
    for name, values in expected.items():
        if name not in drawn:
            found.append(f"no chart {name}")
        else:
            found += value_problems(name, drawn[name], values)
    return found


def expected_from_stats_json(stats):
    """The expected bar values from `mestring stats --format json`.

    caseload.by_status, by_coach, by_programme and by_level give the caseload
    charts; compliance[] (per rule), by_month[] and by_coach[] (per coach:
    "" for the cases without one), each with met, met_late, missed, exempted
    and open, the compliance charts.
    """
    def states(row):
        return {"on_time": row["met"], "late": row["met_late"], "missed": row["missed"],
                "exempted": row["exempted"], "open": row["open"]}

    load = stats["caseload"]
    return {
        "status": {k: {"count": v} for k, v in load["by_status"].items()},
        "coach": {k: {"count": v} for k, v in load["by_coach"].items()},
        "programme": {k: {"count": v} for k, v in load["by_programme"].items()},
        "level": {k: {"count": v} for k, v in load["by_level"].items()},
        "per-rule": {row["rule"]: states(row) for row in stats["compliance"]},
        "per-month": {row["month"]: states(row) for row in stats["by_month"]},
        "per-coach": {row["coach"]: states(row) for row in stats["by_coach"]},
    }


def self_test():
    """The checks can fail: a bar drawn one and a half pixels short is caught."""
    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
            '<svg xmlns="http://www.w3.org/2000/svg" data-chart="c" data-direction="horizontal" data-scale="2" '
            'width="100" height="20" viewBox="0 0 100 20">'
            '<rect x="10" y="0" width="20" height="5" data-category="a" data-series="s" data-value="10"/>'
            '<rect x="10" y="6" width="{w}" height="5" data-category="b" data-series="s" data-value="5"/>'
            '</svg></body></html>')
    good = charts(parse(page.format(w="10")))["c"]
    assert not geometry_problems("c", good), geometry_problems("c", good)
    assert not value_problems("c", good, {"a": {"s": 10}, "b": {"s": 5}})
    assert value_problems("c", good, {"a": {"s": 10}, "b": {"s": 6}}), "self-test: a wrong value was not caught"
    bad = charts(parse(page.format(w="8.5")))["c"]
    assert geometry_problems("c", bad), "self-test: a short bar was not caught"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="a demo folder with expected.json, or an HTML page")
    parser.add_argument("expected", nargs="?", help="expected values, {chart: {category: {series: value}}}")
    parser.add_argument("--stats-json", help="`mestring stats --format json` output to take the values from")
    args = parser.parse_args()
    if html5lib is None:
        print("html5lib not found: skipped (apt-get install python3-html5lib)")
        return 77
    self_test()
    print("self-test: a bar a pixel and a half short and a wrong value are caught")

    path = pathlib.Path(args.path)
    checks = []
    if path.is_dir():
        demo = json.loads((path / "expected.json").read_text(encoding="utf-8"))
        checks = [(path / name, page["charts"]) for name, page in demo["pages"].items() if "charts" in page]
    elif args.stats_json:
        checks = [(path, expected_from_stats_json(json.loads(pathlib.Path(args.stats_json).read_text())))]
    elif args.expected:
        checks = [(path, json.loads(pathlib.Path(args.expected).read_text(encoding="utf-8")))]
    else:
        parser.error("give EXPECTED.json or --stats-json")

    failed = 0
    for page, expected in checks:
        found = check_page(page, expected)
        bars = sum(len(v) for v in expected.values())
        print(f"{'ok' if not found else 'FAIL'}: {page}: {len(expected)} charts, {bars} bars")
        for p in found:
            print(f"  {p}")
        failed += bool(found)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
