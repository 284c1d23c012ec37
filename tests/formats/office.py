#!/usr/bin/env python3
"""LibreOffice Calc as a Danish office runs it, headless, for tests.

LibreOffice takes its locale from its user profile, not from LANG: the
setting "Locale setting" (Tools > Options > Language Settings) is
/org.openoffice.Setup/L10N/ooSetupSystemLocale in registrymodifications.xcu.
Each Office here starts from a fresh profile folder (-env:UserInstallation)
whose registry says da-DK for the locale, the interface and the documents,
so dates are read day first (04-11-2025 is 4 November), written as Danish
Calc shows them (04-11-25: two-digit years), and 1,5 is a number.

CSV filter options (the "Text CSV" filter, LibreOffice 7.4), by position:
  1 field separator(s) as character codes, several joined by '/' (59 is ';')
  2 text delimiter (34 is '"')
  3 character set (76 is UTF-8)
  4 first line to read (1)
  5 column formats (empty: standard)
  6 language of the cells (empty: the locale above)
  7 import: quoted fields as text; export: quote all text cells
  8 import: detect special numbers (dates, times, percents)
  9 export: save cell contents as shown
The import here is what Calc's Text Import dialog does when a user picks
';' (or several separators) and UTF-8 and clicks OK: detect special numbers
on, quoted fields not forced to text.

  columns(csv)            the columns Calc makes of a CSV: header, cells (type, value, text)
  convert(src, fmt, out)  one soffice --headless --convert-to run
  round_trip(csv, "xlsx") CSV -> .xlsx (or .ods) -> CSV, as an office saves it back
Command line:
  office.py columns FILE.csv [--separators ';']
  office.py round-trip FILE.csv --via xlsx --out BACK.csv
Exits 77 when soffice is missing.
"""

import argparse
import contextlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

SEMICOLON, COMMA, TAB = 59, 44, 9
UTF8 = 76

REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def profile(locale="da-DK"):
    """A fresh LibreOffice user profile whose locale is `locale`; removed afterwards."""
    folder = tempfile.mkdtemp(prefix="mestring-lo-")
    user = pathlib.Path(folder, "user")
    user.mkdir()
    (user / "registrymodifications.xcu").write_text(REGISTRY.format(locale=locale), encoding="utf-8")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def csv_options(separators=(SEMICOLON,), export=False):
    """The filter options string: separators, '"', UTF-8, from line 1; as the dialog's defaults."""
    separator = "/".join(str(s) for s in separators)
    if export:  # quote text cells that need it; save as shown, as Calc's "Save as CSV" does
        return f"{separator},34,{UTF8},1,,0,false,true,true"
    return f"{separator},34,{UTF8},1,,,false,true"


def convert(source, target_format, out_dir, user_profile, infilter=None, timeout=180):
    """Runs soffice --headless --convert-to; returns the path of the file it wrote."""
    command = [soffice(), f"-env:UserInstallation={pathlib.Path(user_profile).as_uri()}", "--headless",
               "--norestore", "--nolockcheck"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target_format, "--outdir", str(out_dir), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    extension = target_format.split(":", 1)[0]
    written = pathlib.Path(out_dir, pathlib.Path(source).stem + "." + extension)
    if done.returncode != 0 or not written.exists():
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stdout} {done.stderr}")
    return written


class Cell:
    """A cell as Calc holds it: its type (string, float, date, percentage, …), value and shown text."""

    def __init__(self, kind, value, text):
        self.type, self.value, self.text = kind, value, text

    def __repr__(self):
        return f"Cell({self.type!r}, {self.value!r}, {self.text!r})"


def _cell_text(cell):
    lines = []
    for paragraph in cell.findall("text:p", NS):
        parts = []

        def walk(element):
            if element.text:
                parts.append(element.text)
            for child in element:
                tag = child.tag.split("}")[1]
                if tag == "s":
                    parts.append(" " * int(child.get(f"{{{NS['text']}}}c", "1")))
                elif tag == "tab":
                    parts.append("\t")
                elif tag == "line-break":
                    parts.append("\n")
                else:
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(paragraph)
        lines.append("".join(parts))
    return "\n".join(lines)


def ods_rows(path):
    """The rows of the first sheet of an .ods file, as lists of Cells (trailing empty cells dropped)."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    sheet = root.find(".//table:table", NS)
    rows = []
    for row in sheet.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row:
            tag = cell.tag.split("}")[1]
            if tag not in ("table-cell", "covered-table-cell"):
                continue
            kind = cell.get(f"{{{NS['office']}}}value-type", "")
            value = (cell.get(f"{{{NS['office']}}}date-value") or cell.get(f"{{{NS['office']}}}value")
                     or cell.get(f"{{{NS['office']}}}boolean-value"))
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            entry = Cell(kind, value, _cell_text(cell))
            cells += [entry] * min(repeat, 1024)
        while cells and not cells[-1].type and not cells[-1].text:
            cells.pop()
        repeat = int(row.get(f"{{{NS['table']}}}number-rows-repeated", "1"))
        if cells:
            rows += [cells] * repeat
    return rows


def sheet_of(csv_path, work, user_profile, separators=(SEMICOLON,), target="ods"):
    """Opens the CSV as Calc's Text Import with these separators does, and saves it as `target`."""
    return convert(csv_path, target, work, user_profile, infilter=f"CSV:{csv_options(separators)}")


def columns(csv_path, separators=(SEMICOLON,), locale="da-DK"):
    """The columns Calc makes of a CSV: [(header text, [Cell, …])], in order."""
    with profile(locale) as user, tempfile.TemporaryDirectory() as work:
        rows = ods_rows(sheet_of(csv_path, work, user, separators))
    if not rows:
        return []
    width = max(len(r) for r in rows)
    padded = [r + [Cell("", None, "")] * (width - len(r)) for r in rows]
    return [(padded[0][i].text, [r[i] for r in padded[1:]]) for i in range(width)]


def round_trip(csv_path, via="xlsx", separators=(SEMICOLON,), locale="da-DK"):
    """CSV -> .xlsx or .ods -> CSV (';', UTF-8, as shown), each by soffice; returns the CSV's bytes."""
    with profile(locale) as user, tempfile.TemporaryDirectory() as work:
        sheet = sheet_of(csv_path, work, user, separators, via)
        back = pathlib.Path(work, "back")
        back.mkdir()
        written = convert(sheet, f'csv:Text - txt - csv (StarCalc):{csv_options(separators, export=True)}', back, user)
        return written.read_bytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("columns", help="print the columns Calc makes of a CSV")
    c.add_argument("csv")
    c.add_argument("--separators", default=";", help="separator characters, e.g. ';' or ';,\\t'")
    r = sub.add_parser("round-trip", help="CSV to a spreadsheet and back")
    r.add_argument("csv")
    r.add_argument("--via", default="xlsx", choices=["xlsx", "ods"])
    r.add_argument("--out", required=True)
    args = parser.parse_args()
    if not soffice():
        print("soffice not found: skipped (apt-get install libreoffice-calc-nogui)")
        return 77
    if args.command == "columns":
        separators = [ord(ch) for ch in args.separators.encode().decode("unicode_escape")]
        for header, cells in columns(args.csv, separators):
            print(f"{header}: " + " | ".join(f"{c.text} ({c.type})" for c in cells))
    else:
        pathlib.Path(args.out).write_bytes(round_trip(args.csv, args.via))
    return 0


if __name__ == "__main__":
    sys.exit(main())
