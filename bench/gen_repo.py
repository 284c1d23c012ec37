#!/usr/bin/env python3
"""Writes a synthetic case repository for the benchmark.

usage: gen_repo.py OUTDIR N [SEED]

OUTDIR/mestring.yaml and OUTDIR/cases/B000001.yaml … : N cases of every
programme with realistic sizes (10-80 contacts, follow-ups, meetings, health
checks, a few notes), about 3.3 KB each on average, valid at the as-of date
2025-11-26 (some obligations missed, as in real life). Deterministic per SEED.
"""

import os
import random
import sys
from datetime import date, timedelta

AS_OF = date(2025, 11, 26)
PROGRAMMES = ["85", "85", "82a", "82b", "mestringsforloeb"]
FIRST = ["Jens", "Mette", "Søren", "Anne", "Lars", "Birgitte", "Åse", "Ole", "Kirsten", "Mads", "Ida", "Peter"]
LAST = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Sørensen", "Mørk", "Ærø", "Berg", "Holm", "Lund"]
COACHES = ["Lars Berg", "Pia Lund", "Ib Skov", "Hanne Dahl", "Omar Said", "Trine Kjær"]
ADVISORS = ["Mette Holm", "Karen Vang", "Jonas Bech"]
MODES = ["visit", "phone", "online", "group", "office"]
NOTES = ["Aftalt næste besøg", "Borgeren var syg", "Gennemgik handleplanen", "Talte om bolig og økonomi",
         "Ledsaget til lægen", "Øvede indkøb", "Ingen svar på sms"]


def case(r, i):
    cid = "B%06d" % i
    p = PROGRAMMES[i % len(PROGRAMMES)]
    start = date(2019, 1, 1) + timedelta(days=r.randint(0, (date(2025, 9, 30) - date(2019, 1, 1)).days))
    out = ['id: "%s"' % cid, 'paragraph: "%s"' % p, "citizen:",
           "  name: %s %s" % (r.choice(FIRST), r.choice(LAST)),
           '  cpr: "%02d%02d%02d-%d%03d"' % (r.randint(1, 28), r.randint(1, 12), r.randint(40, 99),
                                            r.randint(0, 3), r.randint(0, 999)),
           "advisor: %s" % r.choice(ADVISORS), "coach: %s" % r.choice(COACHES)]
    if p == "85":
        applied = start - timedelta(days=r.randint(20, 90))
        out += ["level: %d" % r.randint(1, 5), "applied: %s" % applied,
                "decided: %s" % (applied + timedelta(days=r.randint(5, 19)))]
    out.append("start: %s" % start)
    out.append("plan: %s" % (start + timedelta(days=r.randint(1, 12))))
    if p == "mestringsforloeb":
        out.append("main_phase: %s" % (start + timedelta(days=r.randint(20, 30))))
    caps = {"82a": 180, "82b": 365, "mestringsforloeb": 300}
    end = None
    if p in caps and (start + timedelta(days=caps[p]) < AS_OF or r.random() < 0.3):
        end = start + timedelta(days=r.randint(60, caps[p]))
    elif r.random() < 0.15:
        end = start + timedelta(days=r.randint(200, 1500))
    if end and end > AS_OF + timedelta(days=200):
        end = None
    last = min(end or AS_OF, AS_OF)
    span = max(1, (last - start).days)
    if end:
        out += ["end: %s" % end, "end_reason: %s" % r.choice(["goal-achieved", "moved", "citizen-declined"])]
        if p in ("82a", "82b"):
            out.append("closing_talk: %s" % (end + timedelta(days=r.randint(0, 10))))
        if p == "mestringsforloeb":
            out.append("report: %s" % (end + timedelta(days=r.randint(0, 20))))

    def dates(n):
        return sorted(start + timedelta(days=r.randint(0, span)) for _ in range(n))

    step = 30 if p in ("82a", "82b") else 330
    fu = []
    d = start + timedelta(days=r.randint(20, 60))
    while d <= last and len(fu) < 40:
        fu.append(d)
        d += timedelta(days=step + r.randint(-5, 10))
    out.append("followups:")
    kind = "monthly" if p in ("82a", "82b") else "annual"
    for k, d in enumerate(fu):
        out.append("  - {date: %s, kind: %s}" % (d, "first" if k == 0 and p == "85" else kind))
    if not fu:
        out[-1] = "followups: []"
    out.append("contacts:")
    for d in dates(r.randint(10, 80)):
        outcome = r.choices(["reached", "no-answer", "cancelled"], [8, 2, 1])[0]
        line = "  - {date: %s, outcome: %s, mode: %s" % (d, outcome, r.choice(MODES))
        if r.random() < 0.15:
            line += ', note: "%s"' % r.choice(NOTES)
        out.append(line + "}")
    if r.random() < 0.2:
        out.append("escalations:")
        for d in dates(r.randint(1, 2)):
            out.append("  - {date: %s, reason: %s}" % (d, r.choice(["non-response", "significant-change"])))
    if p == "85":
        out.append("health_checks: [%s]" % ", ".join(str(d) for d in dates(r.randint(0, 6))))
    meetings = dates(r.randint(0, 8))
    if meetings:
        out.append("meetings:")
        for d in meetings:
            out.append("  - {date: %s, status: %s}" % (d, d - timedelta(days=r.randint(1, 6))))
    if r.random() < 0.3:
        out.append('notes: "%s"' % r.choice(NOTES))
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    outdir, n = sys.argv[1], int(sys.argv[2])
    r = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 1)
    os.makedirs(os.path.join(outdir, "cases"), exist_ok=True)
    with open(os.path.join(outdir, "mestring.yaml"), "w") as f:
        f.write("cases: cases\nlanguage: en\n")
    for i in range(1, n + 1):
        with open(os.path.join(outdir, "cases", "B%06d.yaml" % i), "w") as f:
            f.write(case(r, i))


if __name__ == "__main__":
    main()
