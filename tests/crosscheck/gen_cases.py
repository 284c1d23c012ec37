#!/usr/bin/env python3
"""Random but valid mestring case files (format version 2) for cross-checking.

usage: gen_cases.py OUTDIR N SEED

Writes OUTDIR/R0001.yaml ... covering every field and choice of version 2:
all programmes; §85 applications pending, refused (`decision: refused`) and
granted (`decision: granted` written or implied), starts just after an as-of
date (granted, not started); `level_changes` 20, 27, 28 and 40 days before an
as-of date; `exemptions` for rules the case has (starting on, running over and
expired before an as-of date, up to the 6-month limit); escalations of all
four reasons (significant-change ones followed by follow-ups around the
4-week due date); meetings on the working day after holidays; contacts with
same-day ties, streaks of exactly 4 attempts, streaks answered in time and
contacts around the 10-working-day deadlines; ends on and around due dates.

Every date is in LO..HI, and HI is at most a year after the earliest as-of
date, so no file has the data error "event more than a year after as-of".
The files have no data errors, except that about one case in 33 gets one
broken exemption (`BROKEN_EXEMPTION_RATE`): compare.py expects an `exemption`
finding for exactly those, and that the rules ignore them.
"""

import os
import random
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yaml  # noqa: E402

import reference as ref  # noqa: E402
from reference import SPEC, add_months, add_working_days, holidays, is_working_day  # noqa: E402

LO = date(2023, 9, 1)
HI = date(2026, 4, 15)
AS_OFS = [date(2025, 4, 17), date(2025, 9, 30), date(2025, 12, 29), date(2026, 3, 31)]
assert all(HI <= add_months(a, 12) for a in AS_OFS)

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
EXEMPTION_REASONS = ["Indlagt på psykiatrisk afdeling", "Ophold i udlandet",
                     "I misbrugsbehandling", "Borgeren er sygemeldt", "Ferie i Grønland"]
BROKEN_EXEMPTION_RATE = 0.03
# §85 cases: no application on file, a pending application, a refusal, a grant,
# a grant whose start lies just after an as-of date
KINDS_85 = ["granted", "pending", "granted", "refused", "none", "granted", "granted-later",
            "granted", "refused", "none"]

# The two repository configs compare.py runs: the built-in defaults, and one
# that turns first-contact-85 on, moves due dates off closed days, gives one
# rule to the other role, changes two periods and adds a closed day.
CONFIGS = {
    "defaults": "",
    "custom": """\
calendar:
  move_off_weekends: true
  closed: [2025-05-02]
rules:
  first-contact-85: {enabled: true}
  status-before-meeting: {role: authority, period: 2 days}
  followup-after-change: {period: 3 weeks}
  level-above-85: {enabled: false}
""",
}


def clamp(d):
    return max(LO, min(HI, d))


def days_after_holidays():
    """The first working day after each run of closed days (Easter, Christmas, Whitsun...)."""
    out = []
    for y in range(LO.year, HI.year + 1):
        for h in sorted(holidays(y)):
            d = h + timedelta(days=1)
            while not is_working_day(d):
                d += timedelta(days=1)
            if LO <= d <= HI:
                out.append(d)
    return sorted(set(out))


AFTER_HOLIDAYS = days_after_holidays()
CONFIG_OBJECTS = {name: ref.make_config(yaml.safe_load(text)) for name, text in CONFIGS.items()}


def rules_of(paragraph):
    return [r.id for r in SPEC.values() if paragraph in r.programmes]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.n85 = 0

    # ------------------------------------------------------------ dates

    def rdate(self, lo=LO, hi=HI):
        lo, hi = clamp(lo), clamp(hi)
        if hi < lo:
            hi = lo
        x = self.r.random()
        if x < 0.12:
            cands = [lo + timedelta(days=k) for k in range(min((hi - lo).days + 1, 2000))
                     if (lo + timedelta(days=k)).day >= 29]
            if cands:
                return self.r.choice(cands)   # 29th-31st: month arithmetic clamps
        if x < 0.30:
            a = self.r.choice(AS_OFS) + timedelta(days=self.r.randint(-3, 3))
            if lo <= a <= hi:
                return a                      # just before, on, just after an as-of date
        return lo + timedelta(days=self.r.randint(0, (hi - lo).days))

    def near(self, d, lo_days, hi_days):
        return clamp(d + timedelta(days=self.r.randint(lo_days, hi_days)))

    def cpr(self):
        r = self.r
        born = date(1996, 2, 29) if r.random() < 0.1 else \
            date(1940, 1, 1) + timedelta(days=r.randint(0, (date(1999, 12, 31) - date(1940, 1, 1)).days))
        # born 1940-1999 with a 7th digit 0-3: an adult at every start
        return "%02d%02d%02d-%d%03d" % (born.day, born.month, born.year % 100, r.randint(0, 3),
                                        r.randint(0, 999))

    # ------------------------------------------------------------ events

    def contacts(self, start, end, anchors):
        """Contacts from start on; anchors are dates with a 10-working-day deadline
        (plan, decided) that get a contact just around it."""
        r = self.r
        hi = end + timedelta(days=20) if end else HI
        out = []
        d = self.near(start, -5, 15)
        for _ in range(r.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20])):
            out.append((d, r.choices(OUTCOMES, [5, 3, 1])[0]))
            d = clamp(d + timedelta(days=r.choice([0, 1, 2, 3, 7, 7, 10, 14, 30])))
            if d >= HI or d > hi:
                break
        if out and r.random() < 0.25:
            # same-day tie: two outcomes on one date, in either order
            d0 = r.choice(out)[0]
            out.append((d0, r.choice(["reached", "no-answer", "cancelled"])))
        live = [a for a in AS_OFS if a >= start + timedelta(days=28) and (end is None or a < end)]
        if live and r.random() < 0.6:
            # reached contacts in the 28-day window before an as-of date, around the
            # level minimum/maximum, touching the window's edges
            a = r.choice(live)
            for j in range(r.choice([1, 2, 3, 4, 5, 8, 9, 12, 13, 16, 17])):
                back = r.choice([0, 27, 28]) if j < 2 else r.randint(0, 28)
                out.append((a - timedelta(days=back), "reached"))
        for anchor in anchors:
            if anchor is not None and r.random() < 0.5:
                due = add_working_days(anchor, 10)
                out.append((clamp(due + timedelta(days=r.choice([-1, 0, 0, 1]))), r.choice(OUTCOMES)))
        if r.random() < 0.5:
            out.extend(self.streak(start, out))
        if r.random() < 0.85:
            out.sort(key=lambda t: t[0])  # stable; some files stay unsorted
        return out

    def streak(self, start, before):
        """Unanswered attempts (mostly exactly 4), quick or slow, sometimes answered."""
        r = self.r
        x = r.random()
        if x < 0.35 and before:
            base = max(t[0] for t in before) + timedelta(days=r.randint(1, 20))
        elif x < 0.7:
            base = r.choice(AS_OFS) - timedelta(days=r.randint(0, 45))
        else:
            base = self.near(start, 0, 500)
        base = clamp(max(base, start))
        gap = r.choice([1, 3, 7, 9, 10, 11])
        n = r.choice([4, 4, 4, 3, 5, 2])
        out = [(clamp(base + timedelta(days=gap * k)), r.choice(["no-answer", "cancelled", "no-answer"]))
               for k in range(n)]
        y = r.random()
        if y < 0.25:
            # answered: before the due date (no obligation), on it, or after it
            last = out[-1][0]
            out.append((clamp(last + timedelta(days=r.choice([0, 1, 3, 10, 30]))), "reached"))
        elif y < 0.35:
            # the rules.md example: a streak answered after its due date, then a second streak
            last = out[-1][0] + timedelta(days=r.choice([5, 7]))
            out.append((clamp(last), "reached"))
            for k in range(r.choice([2, 4])):
                out.append((clamp(last + timedelta(days=3 + 2 * k)), "no-answer"))
        return out

    def escalations(self, cts, start):
        r = self.r
        out = []
        ds = sorted(x[0] for x in cts) or [start]
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            # before, inside or after a streak; all four reasons
            out.append((self.near(r.choice(ds), -10, 35), r.choice(ESC_REASONS)))
        return out

    def meetings(self, start):
        r = self.r
        out = []
        for _ in range(r.choice([1, 1, 2, 3])):
            if r.random() < 0.4:
                cands = [d for d in AFTER_HOLIDAYS if d > start]
                md = r.choice(cands) if cands else self.near(start, 1, 600)
            else:
                md = self.near(start, 1, 600)
            x = r.random()
            if x < 0.3:
                out.append("  - {date: %s}" % md)
            else:
                # the status around the last working day before the meeting
                due = md - timedelta(days=1)
                while not is_working_day(due):
                    due -= timedelta(days=1)
                st = r.choice([due - timedelta(days=1), due, due, due + timedelta(days=1), md,
                               md - timedelta(days=10)])
                out.append("  - {date: %s, status: %s}" % (md, clamp(st)))
        return out

    def level_changes(self, start, end):
        r = self.r
        out = []
        for _ in range(r.choice([1, 1, 2])):
            a = r.choice(AS_OFS)
            d = a - timedelta(days=r.choice([20, 27, 28, 29, 40, 0, 1, 100]))
            if d < start or (end is not None and d > end):
                continue
            out.append((d, r.randint(1, 5)))
        out.sort()
        return out

    def exemptions(self, text):
        """Valid exemptions of rules that have an open or missed obligation at some
        as-of date (under either config): starting on, running over, ending on or
        expired just before that date; up to exactly the 6-month limit."""
        r = self.r
        case = yaml.safe_load(text)
        cands = {}
        for cfg in CONFIG_OBJECTS.values():
            for a in AS_OFS:
                for ob in ref.obligations(case, a, cfg):
                    if ob.state in (ref.OPEN, ref.MISSED):
                        cands.setdefault(ob.rule, []).append(a)
        if not cands:
            return []
        rules = sorted(cands)
        r.shuffle(rules)
        out = []
        for rule in rules[:r.choice([1, 1, 2])]:
            a = r.choice(cands[rule])
            kind = r.choice(["starting", "running", "running", "expired", "ending"])
            if kind == "starting":
                frm = a
            elif kind == "ending":
                frm = a - timedelta(days=r.randint(0, 150))
            else:
                frm = a - timedelta(days=r.randint(1, 170))
            longest = add_months(frm, 6)
            if kind == "expired":
                until = min(a - timedelta(days=r.choice([1, 1, 20])), longest)
            elif kind == "ending":
                until = a
            else:
                until = min(max(r.choice([longest, frm + timedelta(days=r.randint(0, 150))]), a), longest)
            frm, until = clamp(frm), clamp(until)
            if until < frm or until > add_months(frm, 6):
                continue
            by = ", by: %s" % r.choice(ADVISORS) if r.random() < 0.5 else ""
            out.append('  - {rule: %s, from: %s, until: %s, reason: "%s"%s}' % (
                rule, frm, until, r.choice(EXEMPTION_REASONS), by))
        return out

    def broken_exemption(self, paragraph):
        """One exemption that is a data error (compare.py expects the finding)."""
        r = self.r
        frm = self.rdate(LO, HI - timedelta(days=200))
        kind = r.choice(["too-long", "unknown-rule", "empty-reason", "backwards", "data-rule"])
        rule = r.choice(rules_of(paragraph))
        until = frm + timedelta(days=30)
        reason = '"%s"' % r.choice(EXEMPTION_REASONS)
        if kind == "too-long":
            until = add_months(frm, 6) + timedelta(days=1)
        elif kind == "unknown-rule":
            rule = "cap-82c"
        elif kind == "data-rule":
            rule = "date-order"
        elif kind == "empty-reason":
            reason = '""'
        else:
            until = frm - timedelta(days=1)
        return "  - {rule: %s, from: %s, until: %s, reason: %s}" % (rule, frm, until, reason)

    # ------------------------------------------------------------ one case

    def case(self, i):
        r = self.r
        cid = "R%04d" % i
        p = PROGRAMMES[i % 4] if r.random() < 0.7 else r.choice(PROGRAMMES)
        head = [("id", '"%s"' % cid), ("paragraph", '"%s"' % p)]
        citizen = ["citizen:", "  name: %s %s" % (r.choice(FIRST), r.choice(LAST))]
        if r.random() < 0.6:
            citizen.append('  cpr: "%s"' % self.cpr())
        fields = []
        if r.random() < 0.8:
            fields.append(("coach", r.choice(COACHES)))
        if r.random() < 0.75:
            fields.append(("advisor", r.choice(ADVISORS)))

        start = self.rdate(LO, date(2026, 3, 31))
        if p in ("82a", "82b") and r.random() < 0.3:
            # start just before a holiday: working days counted across it
            hs = [h for h in AFTER_HOLIDAYS if LO + timedelta(days=14) < h < date(2026, 3, 31)]
            start = clamp(r.choice(hs) - timedelta(days=r.randint(1, 14)))
        has_start = True
        decided = None
        if p == "85":
            fields.append(("level", str(r.randint(1, 5))))
            # taken in turn, not drawn, so that 200 cases always hold each kind several times
            self.n85 += 1
            kind = KINDS_85[self.n85 % len(KINDS_85)]
            if kind != "none":
                a = r.choice(AS_OFS)
                applied = self.near(a, -70, 5) if kind in ("pending", "refused") else \
                    (self.near(start, -120, -1) if start > LO + timedelta(days=2) else start)
                fields.append(("applied", applied.isoformat()))
                if kind == "pending":
                    has_start = False
                elif kind == "refused":
                    decided = applied + timedelta(days=r.choice([0, 10, 40, 55, 56, 57, 70]))
                    fields.append(("decided", clamp(decided).isoformat()))
                    fields.append(("decision", "refused"))
                    has_start = False
                else:
                    if kind == "granted-later":
                        # decided before an as-of date, start after it: status granted
                        decided = clamp(a - timedelta(days=r.randint(0, 20)))
                        applied = min(applied, decided)
                        fields[-1] = ("applied", applied.isoformat())
                        start = clamp(a + timedelta(days=r.randint(1, 20)))
                    elif r.random() < 0.7:
                        decided = applied + timedelta(days=r.randint(0, max(0, (start - applied).days)))
                    else:
                        decided = applied + timedelta(days=r.choice([55, 56, 57]))
                    decided = clamp(decided)
                    start = max(start, decided)
                    fields.append(("decided", decided.isoformat()))
                    if r.random() < 0.4:
                        fields.append(("decision", "granted"))
        end = None
        plan = None
        if has_start:
            fields.append(("start", start.isoformat()))
            if r.random() < 0.8:
                plan = self.near(start, 0, 20) if r.random() < 0.9 else start
                fields.append(("plan", plan.isoformat()))
            if p == "mestringsforloeb" and r.random() < 0.7:
                fields.append(("main_phase", self.near(start, r.choice([20, 27, 28, 29]), 40).isoformat()))
            if r.random() < 0.45:
                end = self.end_date(start, plan)
                fields.append(("end", end.isoformat()))
                if r.random() < 0.85:
                    fields.append(("end_reason", r.choice(END_REASONS)))
                if p in ("82a", "82b") and r.random() < 0.7:
                    fields.append(("closing_talk", self.near(end, -5, r.choice([13, 14, 15, 30])).isoformat()))
                if p == "85" and r.random() < 0.6:
                    fields.append(("hearing", self.near(end, -30, 3).isoformat()))
                if p == "mestringsforloeb" and r.random() < 0.6:
                    fields.append(("report", self.near(end, 0, r.choice([14, 15, 30])).isoformat()))

        body = []
        if has_start:
            body += self.body(p, start, end, plan, decided)
        if r.random() < 0.1:
            body.append("notes: 'Tilfældig note: æøå'")
        out = ["%s: %s" % kv for kv in head] + citizen + ["%s: %s" % kv for kv in fields] + body
        ex = self.exemptions("\n".join(out) + "\n") if r.random() < 0.35 else []
        if r.random() < BROKEN_EXEMPTION_RATE:
            ex.append(self.broken_exemption(p))
        if ex:
            out += ["exemptions:"] + ex
        return cid, "\n".join(out) + "\n"

    def end_date(self, start, plan):
        r = self.r
        kind = r.random()
        if kind < 0.3:
            # at / around the 6-month cap
            end = clamp(add_months(start, 6) + timedelta(days=r.choice([-1, 0, 0, 1])))
        elif kind < 0.45:
            # exactly on a due date of a rule that stops at end
            end = r.choice([add_months(start, 3), start + timedelta(days=28),
                            add_months(plan or start, 1), add_months(start, 12)])
            end = clamp(end + timedelta(days=r.choice([0, 0, -1])))
        else:
            end = self.rdate(start, start + timedelta(days=r.randint(0, 800)))
        return max(end, start)

    def body(self, p, start, end, plan, decided):
        r = self.r
        body = []
        cts = self.contacts(start, end, [plan, decided])
        esc = self.escalations(cts, start)
        fu = []
        if r.random() < 0.8:
            d = self.near(start, r.choice([-5, 20, 60, 89, 90]), 100)
            for _ in range(r.choice([0, 1, 1, 2, 3, 5, 8])):
                fu.append(d)
                if d >= HI:
                    break
                d = self.near(d, r.choice([25, 28, 30, 31, 300, 365]), 370)
            if fu and r.random() < 0.1:
                fu.append(fu[-1])  # two follow-ups on one day
        for d, reason in esc:
            if reason == "significant-change" and r.random() < 0.7:
                # the authority's follow-up around the 4-week (or 3-week) due date
                fu.append(clamp(d + timedelta(days=r.choice([0, 20, 21, 22, 27, 28, 29, 40]))))
        if fu or r.random() < 0.2:
            body.append("followups:" if fu else "followups: []")
            for d in sorted(fu) if r.random() < 0.9 else fu:
                if r.random() < 0.5:
                    body.append("  - {date: %s, kind: %s}" % (d, r.choice(FU_KINDS)))
                else:
                    body.append("  - {date: %s}" % d)
        if cts or r.random() < 0.3:
            body.append("contacts:" if cts else "contacts: []")
            for d, o in cts:
                if r.random() < 0.6:
                    body.append("  - {date: %s, outcome: %s, mode: %s}" % (d, o, r.choice(MODES)))
                else:
                    body.append("  - {date: %s, outcome: %s}" % (d, o))
        if esc or r.random() < 0.2:
            body.append("escalations:" if esc else "escalations: []")
            for d, reason in esc:
                body.append("  - {date: %s, reason: %s}" % (d, reason))
        if p == "85" and r.random() < 0.7:
            hc = []
            # anywhere in the first year, or just around its 12-month due date
            d = self.near(start, 0, 370) if r.random() < 0.4 else \
                clamp(add_months(start, 12) + timedelta(days=r.choice([-3, 0, 1, 7, 30])))
            for _ in range(r.choice([0, 1, 2])):
                hc.append(d)
                d = clamp(add_months(d, 12) + timedelta(days=r.choice([-30, 0, 1, 5])))
            body.append("health_checks: [%s]" % ", ".join(x.isoformat() for x in hc))
        if r.random() < 0.5:
            body += ["meetings:"] + self.meetings(start)
        if p == "85" and r.random() < 0.4:
            lc = self.level_changes(start, end)
            if lc:
                body.append("level_changes:")
                for d, lv in lc:
                    note = ', note: "efter opfølgning"' if r.random() < 0.3 else ""
                    body.append("  - {date: %s, level: %d%s}" % (d, lv, note))
        return body


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
