#!/usr/bin/env python3
"""Writes the two spreadsheets of the import benchmark, as Danish Excel saves them.

usage: gen_sheets.py OUTDIR N [SEED]

OUTDIR/cases.csv   N rows, one new case each (ids 2025-000001 …): semicolons,
                   Windows-1252, CRLF, DD-MM-YYYY dates, Danish headers and
                   names; §85 rows with level, applied and decided; about one
                   case in ten ended, with its reason.
OUTDIR/events.csv  N rows appended to those cases, two per case over the first
                   ceil(N/2): contacts (reached, no answer, cancelled; visit,
                   phone, online, group, office; some notes with semicolons
                   and quotes) and citizen-plan meetings with their status
                   date. UTF-8 with BOM, semicolons, CRLF, DD-MM-YYYY. Each
                   case's two rows fall on different days between its start
                   and its end (or the as-of date 2025-11-26).
Deterministic per SEED (default 1).
"""

import csv
import os
import random
import sys
from datetime import date, timedelta

AS_OF = date(2025, 11, 26)
PROGRAMMES = ["85", "85", "82a", "82b", "mestringsforloeb"]
FIRST = ["Jens", "Mette", "Søren", "Anne", "Lars", "Birgitte", "Åse", "Ole", "Kirsten", "Mads", "Ida", "Ærling"]
LAST = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Sørensen", "Mørk", "Ærø", "Bøgh", "Østergård", "Lund"]
COACHES = ["Lars Berg", "Pia Lund", "Ib Skov", "Hanne Dahl", "Omar Said", "Trine Kjær"]
ADVISORS = ["Mette Holm", "Karen Vang", "Jonas Bech", "Søs Ørum"]
OUTCOMES = [("Truffet", 7), ("Ikke truffet", 2), ("Aflyst", 1)]
MODES = ["Besøg", "Telefon", "Online", "Gruppe", "Kontor"]
NOTES = ["Aftalt næste besøg", "Borgeren var syg", "Gennemgik handleplanen; god energi",
         'Talte om "bolig" og økonomi', "Ledsaget til lægen", "Øvede indkøb"]


def dk(d):
    return d.strftime("%d-%m-%Y")


def case_id(i):
    return "2025-%06d" % i


def cases(r, n):
    """The header and n rows of the cases sheet, and each case's (start, last day for events)."""
    header = ["Sagsnr", "Navn", "CPR-nr.", "Paragraf", "Niveau", "Rådgiver", "Mestringsvejleder", "Ansøgt",
              "Afgørelse", "Startdato", "Borgerplan", "Slutdato", "Ophørsårsag"]
    rows, spans = [], []
    for i in range(1, n + 1):
        p = PROGRAMMES[i % len(PROGRAMMES)]
        start = date(2024, 1, 1) + timedelta(days=r.randint(0, (date(2025, 9, 30) - date(2024, 1, 1)).days))
        level = applied = decided = ""
        if p == "85":
            a = start - timedelta(days=r.randint(20, 90))
            level, applied, decided = str(r.randint(1, 5)), dk(a), dk(a + timedelta(days=r.randint(5, 19)))
        cpr = "" if r.random() < 0.2 else "%02d%02d%02d-%04d" % (r.randint(1, 28), r.randint(1, 12),
                                                                 r.randint(40, 99), r.randint(0, 9999))
        end = reason = ""
        last = AS_OF
        if r.random() < 0.1:
            e = min(start + timedelta(days=r.randint(30, 170)), AS_OF)
            end, reason, last = dk(e), r.choice(["goal-achieved", "moved", "citizen-declined"]), e
        rows.append([case_id(i), "%s %s" % (r.choice(FIRST), r.choice(LAST)), cpr, p, level, r.choice(ADVISORS),
                     r.choice(COACHES), applied, decided, dk(start), dk(start + timedelta(days=r.randint(1, 12))), end,
                     reason])
        spans.append((start, last))
    return header, rows, spans


def events(r, n, spans):
    """The header and n rows of the events sheet, two per case."""
    header = ["Sagsnr", "Dato", "Type", "Udfald", "Kontaktform", "Bemærkning", "Årsag", "Art", "Status"]
    rows = []
    for k in range((n + 1) // 2):
        start, last = spans[k]
        days = (last - start).days
        picked = sorted(r.sample(range(1, days + 1), 2)) if days >= 2 else [0, days or 1]
        for d in picked[: n - 2 * k]:
            when = start + timedelta(days=d)
            if d > 5 and r.random() < 0.1:
                rows.append([case_id(k + 1), dk(when), "Møde", "", "", "", "", "",
                             dk(when - timedelta(days=r.randint(1, 5)))])
            else:
                outcome = r.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
                note = r.choice(NOTES) if r.random() < 0.2 else ""
                rows.append([case_id(k + 1), dk(when), "Kontakt", outcome, r.choice(MODES), note, "", "", ""])
    return header, rows


def write(path, header, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    outdir, n = sys.argv[1], int(sys.argv[2])
    r = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 1)
    os.makedirs(outdir, exist_ok=True)
    header, rows, spans = cases(r, n)
    write(os.path.join(outdir, "cases.csv"), header, rows, "cp1252")
    header, rows = events(r, n, spans)
    write(os.path.join(outdir, "events.csv"), header, rows, "utf-8-sig")


if __name__ == "__main__":
    main()
