#!/usr/bin/env python3
"""mestring's CSV files in LibreOffice Calc as a Danish office runs it (office.py).

- The round trip a coordinator makes: `mestring export` → Calc (da-DK) →
  saved as .xlsx or .ods → saved back as CSV (two-digit years, as Danish
  Calc writes dates) → `mestring import` → not one byte of a case changes.
- Each command's CSV (check, due, stats, export) opens into the columns its
  header names, with one row per JSON record, dates as dates, numbers as
  numbers, and case numbers left as text.
Exits 77 without soffice.
"""

import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office  # noqa: E402

BINARY = os.environ.get("MESTRING", "")
EXAMPLES = os.path.join(os.environ.get("MESTRING_PROJECT", ""), "examples")
AS_OF = "2025-11-26"


def mestring(args, cwd, check=True):
    done = subprocess.run([BINARY, "--as-of", AS_OF, *args], cwd=cwd, capture_output=True)
    if check and done.returncode not in (0, 1):
        raise AssertionError(f"mestring {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return done


def digest(folder):
    """The bytes of every case file, by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in pathlib.Path(folder, "cases").glob("*.yaml")}


class RoundTripTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self.folder.name, "examples")
        shutil.copytree(EXAMPLES, self.repo)

    def tearDown(self):
        self.folder.cleanup()

    def round_trip(self, via, lang):
        before = digest(self.repo)
        sheet = pathlib.Path(self.folder.name, "sager.csv")
        sheet.write_bytes(mestring(["export", "--lang", lang], self.repo).stdout)
        back = pathlib.Path(self.folder.name, f"sager-{via}.csv")
        back.write_bytes(office.round_trip(sheet, via))
        text = back.read_text(encoding="utf-8")
        # What a Danish office makes of it: dates with two-digit years, end reasons as exported.
        self.assertIn(";04-11-24;", text)
        self.assertIn(";mål nået" if lang == "da" else ";goal-achieved", text)
        done = mestring(["import", str(back)], self.repo)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        cases = len(before)
        self.assertEqual(done.stdout.decode().strip(),
                         f"{cases} rows: 0 new case files, 0 changed, {cases} rows already in the files")
        self.assertEqual(digest(self.repo), before)

    def test_export_calc_xlsx_import_changes_nothing(self):
        self.round_trip("xlsx", "da")

    def test_export_calc_ods_import_changes_nothing(self):
        self.round_trip("ods", "da")

    def test_an_english_export_round_trips_too(self):
        self.round_trip("xlsx", "en")

    def test_a_bad_two_digit_date_is_named_with_the_forms_to_use(self):
        sheet = pathlib.Path(self.folder.name, "bad.csv")
        sheet.write_bytes("Sagsnr;Startdato\r\n2025-0101;31-13-25\r\n".encode())
        done = mestring(["import", str(sheet)], self.repo)
        self.assertEqual(done.returncode, 1)
        self.assertIn('bad.csv:2: column "Startdato": "31-13-25" is not a date; write it as 31-12-2025, 31-12-25 '
                      "or 2025-12-31", done.stderr.decode())


class ColumnsTest(unittest.TestCase):
    """Each command's CSV as Danish Calc opens it with ';' (Text Import's defaults)."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def calc(self, name, args):
        path = pathlib.Path(self.folder.name, name)
        path.write_bytes(mestring([*args, "--format", "csv"] if args[0] != "export" else args, EXAMPLES).stdout)
        return dict(office.columns(path)), [h for h, _ in office.columns(path)]

    def test_check(self):
        findings = json.loads(mestring(["check", "--format", "json"], EXAMPLES).stdout)["findings"]
        cols, headers = self.calc("check.csv", ["check"])
        self.assertEqual(headers, ["file", "line", "case", "rule", "severity", "due", "message", "role", "owner"])
        self.assertEqual([c.text for c in cols["case"]], [f["case"] for f in findings])
        self.assertEqual({c.type for c in cols["case"]}, {"string"})
        self.assertEqual([c.text for c in cols["message"]], [f["message"] for f in findings])
        self.assertEqual([int(c.value) for c in cols["line"]], [f["line"] for f in findings])
        dated = [(c.type, c.value) for c, f in zip(cols["due"], findings) if f["due"]]
        self.assertEqual(dated, [("date", f["due"]) for f in findings if f["due"]])

    def test_due(self):
        agenda = json.loads(mestring(["due", "--month", "--format", "json"], EXAMPLES).stdout)
        items = agenda["items"] + agenda["exempted"]
        cols, headers = self.calc("due.csv", ["due", "--month"])
        self.assertEqual(headers[:6], ["due", "weekday", "week", "overdue", "case", "name"])
        self.assertEqual(len(headers), 19)
        self.assertEqual([c.text for c in cols["case"]], [i["case"] for i in items])
        self.assertEqual({c.type for c in cols["case"]}, {"string"})
        self.assertEqual([(c.type, c.value) for c in cols["due"]], [("date", i["due"]) for i in items])
        self.assertEqual([c.text for c in cols["title"]], [i["title"] for i in items])
        self.assertEqual([c.text for c in cols["name"]], [i["name"] for i in items])
        self.assertEqual({c.type for c in cols["week"]}, {"float"})

    def test_stats(self):
        stats = json.loads(mestring(["stats", "--format", "json"], EXAMPLES).stdout)
        cols, headers = self.calc("stats.csv", ["stats"])
        self.assertEqual(headers, ["rule", "met", "met_late", "missed", "exempted", "open", "total", "from", "to"])
        self.assertEqual([c.text for c in cols["rule"]], [r["rule"] for r in stats["compliance"]])
        for key in ("met", "met_late", "missed", "exempted", "open", "total"):
            self.assertEqual([(c.type, int(c.value)) for c in cols[key]],
                             [("float", r[key]) for r in stats["compliance"]])
        self.assertEqual({(c.type, c.value) for c in cols["to"]}, {("date", AS_OF)})

    def test_export(self):
        cols, headers = self.calc("export.csv", ["export"])
        self.assertEqual(headers[:4], ["Sagsnr", "Navn", "CPR", "Paragraf"])
        ids = sorted(p.stem for p in pathlib.Path(EXAMPLES, "cases").glob("*.yaml"))
        self.assertEqual(sorted(c.text for c in cols["Sagsnr"]), ids)
        self.assertEqual({c.type for c in cols["Sagsnr"]}, {"string"})
        starts = [c for c in cols["Startdato"] if c.text]
        self.assertTrue(starts)
        self.assertEqual({c.type for c in starts}, {"date"})  # 04-11-2024 read day first


if __name__ == "__main__":
    if not office.soffice():
        print("soffice not found: skipped (apt-get install libreoffice-calc-nogui)")
        sys.exit(77)
    unittest.main(verbosity=2)
