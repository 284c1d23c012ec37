#!/usr/bin/env python3
"""Random but valid mestring case files for cross-checking.

usage: gen_cases.py OUTDIR N SEED

Writes OUTDIR/R0001.yaml ... with all programmes, edge-case dates (29th-31st,
2024-02-29), streaks of exactly 4 unanswered attempts, escalations before a
streak, events after the as-of dates, ties on dates.  Every date is in
2023-01-01 .. 2026-06-30.
"""

import os
import random
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import add_months, add_working_days, easter_sunday, holidays  # noqa: E402

LO = date(2023, 1, 1)
HI = date(2026, 6, 30)

PROGRAMMES = ["82a", "82b", "85", "mestringsforloeb"]
END_REASONS = ["goal-achieved", "citizen-declined", "moved", "deceased", "transferred", "other"]
OUTCOMES = ["reached", "no-answer", "cancelled"]
MODES = ["visit", "phone", "online", "group", "office"]
FU_KINDS = ["first", "annual", "monthly", "extra"]
ESC_REASONS = ["non-response", "significant-change", "coach-change", "other"]
FIRST = ["Jens", "Mette", "Søren", "Anne", "Lars", "Birgitte", "Åse", "Ole", "Kirsten", "Mads"]
LAST = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Sørensen", "Mørk", "Ærø", "Berg", "Holm"]
COACHES = ["Lars Berg", "Pia Lund", "Ib Skov"]
ADVISORS = ["Mette Holm", "Karen Vang"]
AS_OFS = [date(2024, 3, 1), date(2024, 12, 31), date(2025, 6, 15),
          date(2025, 11, 26), date(2026, 2, 28)]


def clamp(d):
    return max(LO, min(HI, d))


class Gen:
    def __init__(self, rng):
        self.r = rng

    def rdate(self, lo=LO, hi=HI):
        lo, hi = clamp(lo), clamp(hi)
        if hi < lo:
            hi = lo
        r = self.r.random()
        if r < 0.15:
            # edge days: 29th-31st of a month, or leap day
            cands = []
            d = lo
            while d <= hi and len(cands) < 2000:
                if d.day >= 29:
                    cands.append(d)
                d += timedelta(days=1)
            if cands:
                return self.r.choice(cands)
        if r < 0.20 and lo <= date(2024, 2, 29) <= hi:
            return date(2024, 2, 29)
        if r < 0.30:
            # near an as-of date (just before, on, just after)
            a = self.r.choice(AS_OFS) + timedelta(days=self.r.randint(-3, 3))
            if lo <= a <= hi:
                return a
        return lo + timedelta(days=self.r.randint(0, (hi - lo).days))

    def near(self, d, lo_days, hi_days):
        return clamp(d + timedelta(days=self.r.randint(lo_days, hi_days)))

    def cpr(self, start):
        r = self.r
        if r.random() < 0.1:
            born = date(1996, 2, 29)
        else:
            born = date(1940, 1, 1) + timedelta(days=r.randint(0, (date(1999, 12, 31) - date(1940, 1, 1)).days))
        # adult at start (all born <= 1999, starts >= 2023)
        seventh = r.randint(0, 3)
        return "%02d%02d%02d-%d%03d" % (born.day, born.month, born.year % 100, seventh, r.randint(0, 999))

    def contacts(self, start, end, plan=None):
        r = self.r
        hi = end + timedelta(days=20) if end else HI
        out = []
        n = r.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20])
        d = self.near(start, -5, 15)
        for _ in range(n):
            out.append((d, r.choices(OUTCOMES, [5, 3, 1])[0]))
            step = r.choice([0, 1, 2, 3, 7, 7, 10, 14, 30])
            if d >= HI:
                break
            d = clamp(d + timedelta(days=step))
            if d > hi:
                break
        if r.random() < 0.2 and out:
            # tie: same date, different outcomes
            d0 = r.choice(out)[0]
            out.append((d0, "reached" if r.random() < 0.5 else "no-answer"))
        live = [a for a in AS_OFS if a >= start + timedelta(days=28) and (end is None or a < end)]
        if live and r.random() < 0.4:
            # a burst of reached contacts in the 28-day window before an as-of date,
            # sized around the level minimum/maximum, touching the window's edges
            a = r.choice(live)
            k = r.choice([1, 2, 3, 4, 5, 8, 9, 12, 13, 16, 17])
            for j in range(k):
                back = r.choice([0, 27, 28]) if j < 2 else r.randint(0, 28)
                out.append((a - timedelta(days=back), "reached"))
        if plan is not None and r.random() < 0.4:
            # a contact right around the first-contact deadline (10 working days)
            due = add_working_days(plan, 10)
            out.append((clamp(due + timedelta(days=r.choice([-1, 0, 0, 1]))), r.choice(OUTCOMES)))
        if r.random() < 0.45:
            # a streak of (mostly exactly) 4 unanswered attempts, quick or slow,
            # placed anywhere, after all other contacts, or just before an as-of date
            x = r.random()
            if x < 0.35 and out:
                base = max(t[0] for t in out) + timedelta(days=r.randint(1, 20))
            elif x < 0.7:
                base = r.choice(AS_OFS) - timedelta(days=r.randint(0, 45))
            else:
                base = self.near(start, 0, 500)
            base = clamp(max(base, start))
            gap = r.choice([1, 3, 7, 9, 10, 11])
            for k in range(r.choice([4, 4, 4, 3, 5])):
                out.append((clamp(base + timedelta(days=gap * k)), r.choice(["no-answer", "cancelled", "no-answer"])))
            if r.random() < 0.2:
                out.append((clamp(base + timedelta(days=gap * 5)), "reached"))
        if r.random() < 0.8:
            out.sort(key=lambda t: t[0])  # stable sort, some files stay unsorted
        return out

    def case(self, i):
        r = self.r
        cid = "R%04d" % i
        p = PROGRAMMES[i % 4] if r.random() < 0.7 else r.choice(PROGRAMMES)
        c = [("id", '"%s"' % cid), ("paragraph", '"%s"' % p)]
        start = self.rdate(LO, date(2026, 3, 31))
        near_holiday = p in ("82a", "82b") and r.random() < 0.35
        if near_holiday:
            # start/plan just before Easter, Ascension, Whitsun, 5 June or Christmas
            y = r.choice([2023, 2024, 2025, 2026])
            traps = [easter_sunday(y) + timedelta(days=26), date(y, 5, 1)]  # Store Bededag after 2023, 1 May: working days
            hs = sorted(h for h in list(holidays(y)) + traps if h <= date(2026, 3, 31))
            start = clamp(r.choice(hs) - timedelta(days=r.randint(0, 14)))
        lines = ["citizen:", "  name: %s %s" % (r.choice(FIRST), r.choice(LAST))]
        if r.random() < 0.6:
            lines.append('  cpr: "%s"' % self.cpr(start))
        if r.random() < 0.8:
            c.append(("coach", r.choice(COACHES)))
        if r.random() < 0.7:
            c.append(("advisor", r.choice(ADVISORS)))
        has_start = True
        if p == "85":
            c.append(("level", str(r.randint(1, 5))))
            if r.random() < 0.7:
                applied = self.near(start, -120, -1) if start > LO + timedelta(days=2) else start
                decided = None
                if r.random() < 0.85:
                    decided = applied + timedelta(days=r.randint(0, (start - applied).days)) if r.random() < 0.7 \
                        else applied + timedelta(days=r.choice([55, 56, 57]))
                    if decided > start:
                        start = decided
                    if r.random() < 0.1:
                        decided = start  # tie
                c.append(("applied", applied.isoformat()))
                if decided:
                    c.append(("decided", decided.isoformat()))
                if r.random() < 0.1 and decided is None:
                    has_start = False  # pending application
        if has_start:
            c.append(("start", start.isoformat()))
        plan = None
        if has_start and r.random() < 0.8:
            plan = self.near(start, 0, 20) if r.random() < 0.9 else start
            if near_holiday:
                plan = self.near(start, 0, 3)
            c.append(("plan", plan.isoformat()))
        if has_start and p == "mestringsforloeb" and r.random() < 0.7:
            c.append(("main_phase", self.near(start, r.choice([20, 27, 28, 29]), 40).isoformat()))
        end = None
        if has_start and r.random() < 0.45:
            kind = r.random()
            if kind < 0.3:
                months = 6
                # exactly at / around the 6-month cap
                end = clamp(add_months(start, months) + timedelta(days=r.choice([-1, 0, 0, 1])))
            elif kind < 0.45:
                # exactly on a due date of a rule that stops at end
                end = r.choice([add_months(start, 3), start + timedelta(days=28),
                                add_months(plan or start, 1), add_months(start, 12)])
                end = clamp(end + timedelta(days=r.choice([0, 0, -1])))
            else:
                end = self.rdate(start, start + timedelta(days=r.randint(0, 800)))
            end = max(end, start)
            c.append(("end", end.isoformat()))
            if r.random() < 0.85:
                c.append(("end_reason", r.choice(END_REASONS)))
            if p in ("82a", "82b") and r.random() < 0.7:
                c.append(("closing_talk", self.near(end, -5, r.choice([14, 15, 30])).isoformat()))
            if p == "85" and r.random() < 0.6:
                c.append(("hearing", self.near(end, -30, 3).isoformat()))
            if p == "mestringsforloeb" and r.random() < 0.6:
                c.append(("report", self.near(end, 0, r.choice([14, 15, 30])).isoformat()))
        body = []
        if has_start:
            # followups
            if r.random() < 0.8:
                fu = []
                n = r.choice([0, 1, 1, 2, 3, 5, 8])
                d = self.near(start, r.choice([-5, 20, 60, 89, 90]), 100)
                for _ in range(n):
                    fu.append(d)
                    if d >= HI:
                        break
                    d = self.near(d, r.choice([25, 28, 30, 31, 300, 365]), 370)
                if r.random() < 0.1 and fu:
                    fu.append(fu[-1])  # tie
                body.append("followups:")
                if not fu:
                    body[-1] = "followups: []"
                for k, d in enumerate(fu):
                    if r.random() < 0.5:
                        body.append("  - {date: %s, kind: %s}" % (d, r.choice(FU_KINDS)))
                    else:
                        body.append("  - {date: %s}" % d)
            cts = self.contacts(start, end, plan)
            if cts or r.random() < 0.3:
                body.append("contacts:" if cts else "contacts: []")
                for d, o in cts:
                    if r.random() < 0.6:
                        body.append("  - {date: %s, outcome: %s, mode: %s}" % (d, o, r.choice(MODES)))
                    else:
                        body.append("  - {date: %s, outcome: %s}" % (d, o))
            esc = []
            if cts and r.random() < 0.5:
                ds = sorted(x[0] for x in cts)
                for _ in range(r.choice([1, 1, 2])):
                    # before, inside or after a streak
                    esc.append(self.near(r.choice(ds), -10, 35))
            if esc or r.random() < 0.2:
                body.append("escalations:" if esc else "escalations: []")
                for d in esc:
                    body.append("  - {date: %s, reason: %s}" % (d, r.choice(ESC_REASONS)))
            if p == "85" and r.random() < 0.7:
                hc = []
                d = self.near(start, 0, 370)
                for _ in range(r.choice([0, 1, 2])):
                    hc.append(d)
                    d = self.near(d, 300, 370)
                body.append("health_checks: [%s]" % ", ".join(x.isoformat() for x in hc))
            if r.random() < 0.5:
                body.append("meetings:")
                for _ in range(r.choice([1, 1, 2, 3])):
                    md = self.near(start, 1, 600)
                    x = r.random()
                    if x < 0.3:
                        body.append("  - {date: %s}" % md)
                    else:
                        st = md - timedelta(days=r.choice([0, 1, 1, 2, 10, -3]))
                        body.append("  - {date: %s, status: %s}" % (md, clamp(st)))
        if r.random() < 0.1:
            body.append("notes: 'Tilfældig note: æøå'")
        out = ["%s: %s" % kv for kv in c[:2]] + lines + ["%s: %s" % kv for kv in c[2:]] + body
        return cid, "\n".join(out) + "\n"


def generate(outdir, n, seed):
    os.makedirs(outdir, exist_ok=True)
    g = Gen(random.Random(seed))
    paths = []
    for i in range(1, n + 1):
        cid, text = g.case(i)
        path = os.path.join(outdir, cid + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    return paths


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: gen_cases.py OUTDIR N SEED\n")
        return 2
    generate(argv[1], int(argv[2]), int(argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
