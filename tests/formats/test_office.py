#!/usr/bin/env python3
"""office.py against LibreOffice itself: what Danish Calc makes of a CSV.

These pin down the behaviour the CSV writer and the import must meet: a
semicolon CSV with a BOM and CRLF opens into its columns with the Danish
letters intact; dates written 04-11-2025 come back from Calc as 04-11-25
(two-digit years); a comma CSV is one column when opened with ';'. They
also prove the harness itself: the Danish locale takes effect (an en-US
profile reads the same file differently). Exits 77 without soffice.
"""

import csv
import io
import os
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office  # noqa: E402

# What `mestring export` writes for Danish Excel: ';', a BOM, CRLF, quotes
# where a cell holds ';', a quote or a line break.
SHEET = ("\ufeffSagsnr;Navn;Startdato;Niveau;Note\r\n"
         "2025-0142;Søren Ærø Åberg;2025-11-04;2;\"linje 1\r\nlinje 2\"\r\n"
         "2025-0143;\"Jens; \"\"Jensen\"\" Hansen\";04-11-2025;1,5;'=SUM(A1)\r\n")


class OfficeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.csv = pathlib.Path(cls.folder.name, "sager.csv")
        cls.csv.write_bytes(SHEET.encode("utf-8"))

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_a_semicolon_csv_opens_into_its_columns(self):
        cols = office.columns(self.csv)
        self.assertEqual([h for h, _ in cols], ["Sagsnr", "Navn", "Startdato", "Niveau", "Note"])  # BOM gone
        by_name = dict(cols)
        self.assertEqual([c.text for c in by_name["Sagsnr"]], ["2025-0142", "2025-0143"])
        self.assertEqual([c.type for c in by_name["Sagsnr"]], ["string", "string"])
        self.assertEqual([c.text for c in by_name["Navn"]], ["Søren Ærø Åberg", 'Jens; "Jensen" Hansen'])
        self.assertEqual([c.text for c in by_name["Note"]], ["linje 1\nlinje 2", "'=SUM(A1)"])

    def test_danish_calc_reads_dates_day_first_and_decimal_commas(self):
        by_name = dict(office.columns(self.csv))
        dates = by_name["Startdato"]
        self.assertEqual([(c.type, c.value) for c in dates], [("date", "2025-11-04"), ("date", "2025-11-04")])
        self.assertEqual([c.text for c in dates], ["2025-11-04", "04-11-25"])  # how Danish Calc shows them
        self.assertEqual([(c.type, c.value) for c in by_name["Niveau"]], [("float", "2"), ("float", "1.5")])

    def test_the_locale_comes_from_the_profile(self):
        # The same file in an en-US Calc: 04-11-2025 and 1,5 are not numbers.
        by_name = dict(office.columns(self.csv, locale="en-US"))
        self.assertEqual(by_name["Startdato"][1].type, "string")
        self.assertEqual(by_name["Niveau"][1].type, "string")

    def round_trip(self, via):
        back = office.round_trip(self.csv, via).decode("utf-8")
        rows = list(csv.reader(io.StringIO(back, newline=""), delimiter=";"))
        original = list(csv.reader(io.StringIO(SHEET.lstrip("\ufeff"), newline=""), delimiter=";"))
        self.assertEqual(len(rows), len(original))
        self.assertEqual(rows[0], original[0])
        self.assertEqual(rows[1][:4], original[1][:4])
        self.assertEqual(rows[1][4].replace("\r\n", "\n"), "linje 1\nlinje 2")
        # The one change a Danish office makes: a day-first date gets a two-digit year.
        self.assertEqual(rows[2], ["2025-0143", 'Jens; "Jensen" Hansen', "04-11-25", "1,5", "'=SUM(A1)"])

    def test_round_trip_through_xlsx(self):
        self.round_trip("xlsx")

    def test_round_trip_through_ods(self):
        self.round_trip("ods")

    def test_a_comma_csv_is_one_column_when_opened_with_semicolons(self):
        comma = pathlib.Path(self.folder.name, "findings.csv")
        comma.write_bytes(b"file,line,case\r\ncases/a.yaml,12,2025-0142\r\n")
        self.assertEqual(len(office.columns(comma)), 1)
        self.assertEqual([h for h, _ in office.columns(comma, separators=(office.COMMA,))], ["file", "line", "case"])


if __name__ == "__main__":
    if not office.soffice():
        print("soffice not found: skipped (apt-get install libreoffice-calc-nogui)")
        sys.exit(77)
    unittest.main(verbosity=2)
