"""`check --format csv` read by Python's csv module, against `check --format json`."""

import csv
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import CHECK_RUNS, run, run_json  # noqa: E402

COLUMNS = ["file", "line", "case", "rule", "severity", "due", "message"]


class CsvTest(unittest.TestCase):
    def test_rows_match_the_json_findings(self):
        for args, cwd in CHECK_RUNS:
            with self.subTest(args=args, cwd=cwd):
                raw = run([*args, "--format", "csv"], cwd)
                findings = run_json(args, cwd)["findings"]
                self.assertTrue(raw.endswith(b"\r\n"))
                rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
                self.assertEqual(rows[0], COLUMNS)
                self.assertEqual(len(rows) - 1, len(findings))
                for row, f in zip(rows[1:], findings):
                    want = [f["file"], "" if f["line"] is None else str(f["line"]), f["case"] or "", f["rule"],
                            f["severity"], f["due"] or "", f["message"]]
                    self.assertEqual(row, want)

    def test_every_record_ends_in_crlf(self):
        raw = run(["check", "--as-of", "2025-11-26", "--min-severity", "info", "--format", "csv"], CHECK_RUNS[2][1])
        # No field holds a line break here, so every line is one record.
        for line in raw.split(b"\r\n")[:-1]:
            self.assertNotIn(b"\n", line)
        self.assertIn(b'"', raw)  # the fixture's quoted messages were quoted


if __name__ == "__main__":
    unittest.main()
