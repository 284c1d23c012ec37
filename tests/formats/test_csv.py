"""Every CSV mestring writes, read by Python's csv module, against the JSON output.

cli.md, "CSV, every command alike": `check`, `due`, `stats` and `export` write
one convention: the config's csv: {delimiter, bom} (by default ';' and a
UTF-8 BOM), --delimiter to override, CRLF, formula cells guarded; headers
are the JSON keys, except export's, which are the import's Danish names.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import AS_OF, BINARY, CHECK_RUNS, EXAMPLES, run, run_json  # noqa: E402

BOM = b"\xef\xbb\xbf"
CHECK_COLUMNS = ["file", "line", "case", "rule", "severity", "due", "message", "role", "owner"]
DUE_COLUMNS = ["due", "weekday", "week", "overdue", "case", "name", "paragraph", "coach", "advisor", "rule", "title",
               "anchor", "role", "owner", "exemption_reason", "exemption_until", "exemption_by", "file", "line"]
STATS_COLUMNS = ["rule", "met", "met_late", "missed", "exempted", "open", "total", "from", "to"]
EXPORT_COLUMNS = ["Sagsnr", "Navn", "CPR", "Paragraf", "Niveau", "Rådgiver", "Mestringsvejleder", "Ansøgt",
                  "Afgørelse", "Startdato", "Borgerplan", "Slutdato", "Ophørsårsag"]
FORMULA_START = tuple("=+-@\t\r")


def rows_of(raw, delimiter=";", bom=True):
    """The records of a CSV after checking its BOM and line ends."""
    assert raw.startswith(BOM) == bom, raw[:10]
    assert raw.endswith(b"\r\n")
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def guarded(text):
    """A text cell as the writer guards it against formula injection."""
    return "'" + text if text.startswith(FORMULA_START) else text


def opt(value):
    return "" if value is None else str(value)


class CsvTest(unittest.TestCase):
    def test_check_rows_match_the_json_findings(self):
        for args, cwd in CHECK_RUNS:
            with self.subTest(args=args, cwd=cwd):
                rows = rows_of(run([*args, "--format", "csv"], cwd))
                findings = run_json(args, cwd)["findings"]
                self.assertEqual(rows[0], CHECK_COLUMNS)
                self.assertEqual(len(rows) - 1, len(findings))
                for row, f in zip(rows[1:], findings):
                    want = [f["file"], opt(f["line"]), opt(f["case"]), f["rule"], f["severity"], opt(f["due"]),
                            guarded(f["message"]), opt(f["role"]), opt(f["owner"])]
                    self.assertEqual(row, want)

    def test_due_rows_match_the_json_items_then_the_exempted(self):
        for lang in ("en", "da"):
            args = ["due", "--as-of", AS_OF, "--month", "--lang", lang]
            with self.subTest(lang=lang):
                rows = rows_of(run([*args, "--format", "csv"]))
                agenda = run_json(args)
                items = agenda["items"] + agenda["exempted"]
                self.assertTrue(agenda["exempted"])
                self.assertEqual(rows[0], DUE_COLUMNS)
                self.assertEqual(len(rows) - 1, len(items))
                for row, i in zip(rows[1:], items):
                    cells = dict(zip(DUE_COLUMNS, row))
                    exemption = i.get("exemption") or {}
                    want = {"due": i["due"], "overdue": "true" if i["overdue"] else "false", "case": i["case"],
                            "name": i["name"], "paragraph": i["paragraph"], "coach": i["coach"],
                            "advisor": i["advisor"], "rule": i["rule"], "title": i["title"], "anchor": i["anchor"],
                            "role": i["role"], "owner": opt(i["owner"]),
                            "exemption_reason": opt(exemption.get("reason")),
                            "exemption_until": opt(exemption.get("until")),
                            "exemption_by": opt(exemption.get("by")), "file": i["file"], "line": str(i["line"])}
                    self.assertEqual({k: cells[k] for k in want}, want)
                # The text cells follow --lang, as the JSON's do.
                if lang == "da":
                    self.assertIn("hold første opfølgning", {r[10] for r in rows[1:]})
                    self.assertIn("mandag", {r[1] for r in rows[1:]})

    def test_stats_rows_match_the_json_compliance(self):
        args = ["stats", "--as-of", AS_OF]
        rows = rows_of(run([*args, "--format", "csv"]))
        stats = run_json(args)
        self.assertEqual(rows[0], STATS_COLUMNS)
        self.assertEqual([r[0] for r in rows[1:]], [c["rule"] for c in stats["compliance"]])
        for row, c in zip(rows[1:], stats["compliance"]):
            self.assertEqual(row, [c["rule"], *(str(c[k]) for k in STATS_COLUMNS[1:7]), stats["from"], stats["to"]])

    def test_export_has_the_import_headers_and_one_row_per_case(self):
        rows = rows_of(run(["export", "--as-of", AS_OF]))
        self.assertEqual(rows[0], EXPORT_COLUMNS)
        self.assertEqual(len(rows) - 1, len(os.listdir(os.path.join(EXAMPLES, "cases"))))

    def test_delimiter_overrides_every_command(self):
        for args in (["check", "--format", "csv"], ["due", "--format", "csv"], ["stats", "--format", "csv"],
                     ["export"]):
            for delimiter, char in ((",", ","), ("tab", "\t"), ("|", "|")):
                with self.subTest(args=args, delimiter=delimiter):
                    rows = rows_of(run([*args, "--as-of", AS_OF, "--delimiter", delimiter]), char)
                    self.assertGreater(len(rows[0]), 5)
                    self.assertEqual(len({len(r) for r in rows}), 1)

    def test_the_config_sets_the_delimiter_and_the_bom_of_every_csv(self):
        with tempfile.TemporaryDirectory() as folder:
            repo = os.path.join(folder, "examples")
            shutil.copytree(EXAMPLES, repo)
            with open(os.path.join(repo, "mestring.yaml"), "a", encoding="utf-8") as config:
                config.write("\ncsv: {delimiter: \",\", bom: false}\n")
            for args in (["check", "--format", "csv"], ["due", "--format", "csv"], ["stats", "--format", "csv"],
                         ["export"]):
                with self.subTest(args=args):
                    rows = rows_of(run([*args, "--as-of", AS_OF], repo), ",", bom=False)
                    self.assertGreater(len(rows[0]), 5)

    def test_delimiter_is_refused_where_no_csv_is_written(self):
        for args in (["check"], ["due", "--format", "json"], ["stats", "--format", "text"]):
            with self.subTest(args=args):
                done = subprocess.run([BINARY, *args, "--as-of", AS_OF, "--delimiter", ","], cwd=EXAMPLES,
                                      capture_output=True, text=True)
                self.assertEqual(done.returncode, 2)
                self.assertIn("--delimiter: only --format csv has cells to separate", done.stderr)

    def test_every_record_ends_in_crlf(self):
        raw = run(["check", "--as-of", AS_OF, "--min-severity", "info", "--format", "csv"], CHECK_RUNS[2][1])
        # No field holds a line break here, so every line is one record.
        for line in raw.split(b"\r\n")[:-1]:
            self.assertNotIn(b"\n", line)
        self.assertIn(b'"', raw)  # the fixture's quoted messages were quoted


if __name__ == "__main__":
    unittest.main()
