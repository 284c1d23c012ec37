#!/usr/bin/env python3
"""Render mestring's own HTML pages from examples/ for the page checks.

Runs `due --format html` and `stats --format html` on the example repository
(as of Wednesday 26 November 2025, week 48) in English and Danish, grouped by
date and by the person who must act, one page per person (--output-dir), with
citizens' names left out (privacy: ids-only), and filtered; writes the pages
into OUTDIR with an expected.json in html_demo's shape, so that the same
checks read them: html_check.py (strict parse, every item of `due --format
json` a row, nothing external), svg_check.py (every bar as long as `stats
--format json` says) and browser.py (Chromium: no console error, no network
request, not blank, A4).

  real_pages.py MESTRING PROJECT OUTDIR
"""

import json
import os
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from svg_check import expected_from_stats_json  # noqa: E402

AS_OF = "2025-11-26"


def main():
    binary, project, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    examples = project / "examples"
    ids_only = project / "tests" / "formats" / "ids-only.yaml"
    out.mkdir(parents=True, exist_ok=True)
    pages = {}

    def mestring(*args):
        done = subprocess.run([binary, "--as-of", AS_OF, *args], cwd=examples, capture_output=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"mestring {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
        return done.stdout

    def agenda(name, args, lang, texts=(), absent=()):
        (out / name).write_bytes(mestring("due", *args, "--lang", lang, "--format", "html"))
        due = json.loads(mestring("due", *args, "--lang", lang, "--format", "json"))
        assert due["items"], f"{name}: the example agenda should not be empty"
        pages[name] = {"kind": "agenda", "lang": lang, "items": due["items"], "exempted": due["exempted"],
                       "texts": list(texts), "absent": list(absent)}
        return due

    def report(name, args, lang, texts=()):
        (out / name).write_bytes(mestring("stats", *args, "--lang", lang, "--format", "html"))
        stats = json.loads(mestring("stats", *args, "--lang", lang, "--format", "json"))
        pages[name] = {"kind": "report", "lang": lang, "charts": expected_from_stats_json(stats), "texts": list(texts)}

    due = agenda("agenda-week-en.html", [], "en",
                 ["Agenda: Week 48, Monday 24 November 2025 – Sunday 30 November 2025", "OVERDUE", "Exempted",
                  "Thursday 27 November 2025, week 48"])
    agenda("agenda-owner-da.html", ["--by", "owner"], "da",
           ["Frister: Uge 48", "Grupperet efter den, der skal handle.", "OVERSKREDET", "Fritaget", "myndighed"])
    agenda("agenda-month-coach-en.html", ["--month", "--coach", "Lars Berg", "--by", "coach"], "en",
           ["Only: coach Lars Berg.", "Lars Berg"])
    names = sorted({i["name"] for i in due["items"] if i["name"]})
    agenda("agenda-ids-only-en.html", ["--config", str(ids_only), "cases"], "en", ["2025-0113"], names)
    report("report-en.html", [], "en", ["Coping guidance: caseload and compliance", "Compliance per rule",
                                        "Cases per status", "level-frequency-85 and level-above-85 are rates"])
    report("report-da.html", [], "da", ["Overholdelse pr. regel", "Til tiden"])
    report("report-coach-en.html", ["--coach", "Lars Berg", "--from", "2025-01-01"], "en", ["Only: coach Lars Berg."])

    # One page per person who must act, as mailed to each, and the index.
    folder = out / "pages-owner-en"
    printed = mestring("due", "--by", "owner", "--lang", "en", "--output-dir", str(folder)).decode()
    written = {}
    for line in printed.splitlines():
        m = re.match(r"^(.*?/([^/]+\.html)): (.*?)(?: \(Overdue: .*\))?$", line)
        assert m, f"unexpected line from --output-dir: {line!r}"
        written[m.group(2)] = m.group(3)
    assert "index.html" in written, printed
    for file, title in written.items():
        if file == "index.html":
            people = [t for f, t in written.items() if f != "index.html"]
            pages[f"pages-owner-en/{file}"] = {"kind": "agenda", "lang": "en", "items": [], "exempted": [],
                                               "texts": [*people, *[f for f in written if f != "index.html"]]}
            continue
        mine = [i for i in due["items"] if (i["owner"] or "(nobody named)") == title]
        exempt = [i for i in due["exempted"] if (i["owner"] or "(nobody named)") == title]
        assert mine or exempt, f"{file}: no item of {title}"
        pages[f"pages-owner-en/{file}"] = {"kind": "agenda", "lang": "en", "items": mine, "exempted": exempt,
                                           "texts": [title, "Week 48"]}
    (out / "expected.json").write_text(json.dumps({"as_of": AS_OF, "pages": pages}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    print(f"{len(pages)} pages in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
