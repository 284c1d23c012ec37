"""Independent Python reference of the mestring rule catalog (spec/rules.md).

Default parameters only, default Danish working-day calendar.  Standard
library plus PyYAML.  Used by compare.py to cross-check the C++ tool.

Interpretations (shared with the C++ side):
- months are clamped to the last day of the target month; weeks are 7 days;
  working days step forward one day at a time, skipping Sat/Sun/holidays.
- events and the fields decided, plan, main_phase, closing_talk, hearing,
  report dated after as_of are treated as absent; `end` counts even when in
  the future (planned end); future meetings create obligations.
- a case is closed when end <= as_of; closed cases report closing rules only.
- non-closing rules other than the cap rules do not exist when end < due.
"""

import calendar
import datetime as _dt
from datetime import date, timedelta

import yaml

MET, MET_LATE, OPEN, MISSED = "met", "met-late", "open", "missed"

DATA_RULES = frozenset(
    ["schema", "date", "id-filename", "duplicate-id", "date-order", "cpr", "age", "parse"])

CLOSING_RULES = frozenset(["closing-talk-82", "hearing-85", "report-mf"])
CAP_RULES = frozenset(["cap-82b", "cap-82a", "cap-mf"])
LEVEL_RULES = frozenset(["level-frequency-85", "level-above-85"])

LEVEL_MIN = {1: 1, 2: 2, 3: 4, 4: 12, 5: 16}
LEVEL_MAX = {1: 2, 2: 4, 3: 8, 4: 16, 5: None}
NO_HEARING_REASONS = frozenset(["citizen-declined", "moved", "deceased", "transferred"])


# ---------------------------------------------------------------- dates

def add_months(d, n):
    m0 = d.month - 1 + n
    y = d.year + m0 // 12
    m = m0 % 12 + 1
    last = calendar.monthrange(y, m)[1]
    return date(y, m, min(d.day, last))


def add_weeks(d, n):
    return d + timedelta(days=7 * n)


def easter_sunday(year):
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


_holiday_cache = {}


def holidays(year):
    if year in _holiday_cache:
        return _holiday_cache[year]
    e = easter_sunday(year)
    offsets = [-3, -2, 0, 1, 39, 49, 50]  # Maundy Thu, Good Fri, Easter Sun/Mon, Ascension, Whit Sun/Mon
    if year <= 2023:
        offsets.append(26)  # Store Bededag
    days = {e + timedelta(days=o) for o in offsets}
    for (m, d) in [(1, 1), (6, 5), (12, 24), (12, 25), (12, 26), (12, 31)]:
        days.add(date(year, m, d))
    _holiday_cache[year] = frozenset(days)
    return _holiday_cache[year]


def is_working_day(d):
    return d.weekday() < 5 and d not in holidays(d.year)


def add_working_days(d, n):
    cur = d
    left = n
    while left > 0:
        cur += timedelta(days=1)
        if is_working_day(cur):
            left -= 1
    return cur


# ---------------------------------------------------------------- case access

def to_date(v):
    if v is None:
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def load_case(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _field(case, key, as_of):
    """A header event field; absent when dated after as_of."""
    d = to_date(case.get(key))
    if d is None or d > as_of:
        return None
    return d


def _event_dates(case, key, as_of):
    out = []
    for item in case.get(key) or []:
        d = to_date(item.get("date") if isinstance(item, dict) else item)
        if d is not None and d <= as_of:
            out.append(d)
    return out


def _state(action, due, as_of):
    """action: date the obligation was fulfilled (<= as_of) or None."""
    if action is not None:
        return MET if action <= due else MET_LATE
    return OPEN if as_of <= due else MISSED


def _first_in(dates, lo, hi):
    c = [d for d in dates if lo <= d <= hi]
    return min(c) if c else None


def _first_after(dates, lo):
    c = [d for d in dates if d > lo]
    return min(c) if c else None


def _non_response(case, as_of):
    contacts = []
    for idx, c in enumerate(case.get("contacts") or []):
        d = to_date(c.get("date"))
        if d is not None and d <= as_of:
            contacts.append((d, idx, c.get("outcome")))
    contacts.sort(key=lambda t: (t[0], t[1]))  # stable: ties keep file order
    streak = []
    for d, _, outcome in contacts:
        if outcome == "reached":
            streak = []
        else:
            streak.append(d)
    if not streak:
        return None
    first = streak[0]
    due = add_months(first, 1)
    if len(streak) >= 4:
        due = min(due, streak[3])
    escal = [d for d in _event_dates(case, "escalations", as_of) if d >= first]
    in_time = [d for d in escal if d <= due]
    if in_time:
        return due, MET
    if escal:
        return due, MET_LATE
    return due, (OPEN if as_of <= due else MISSED)


def obligations(case, as_of):
    """List of (rule, due_or_None, state) for one case (a dict as loaded from YAML)."""
    out = []
    p = str(case.get("paragraph"))
    start = to_date(case.get("start"))
    end = to_date(case.get("end"))          # counts even when in the future
    applied = to_date(case.get("applied"))
    closed = end is not None and end <= as_of
    followups = _event_dates(case, "followups", as_of)
    contacts = _event_dates(case, "contacts", as_of)
    hchecks = _event_dates(case, "health_checks", as_of)

    def add(rule, due, state):
        # rules about an active course stop at end
        if (rule not in CLOSING_RULES and rule not in CAP_RULES and rule not in LEVEL_RULES
                and due is not None and end is not None and end < due):
            return
        out.append((rule, due, state))

    def cap(rule, months):
        if start is None:
            return
        due = add_months(start, months)
        if end is not None and end <= due:
            st = MET
        else:
            st = OPEN if as_of <= due else MISSED
        out.append((rule, due, st))

    # --- cap rules
    if p == "82b":
        cap("cap-82b", 6)
    if p == "82a":
        cap("cap-82a", 6)
    if p == "mestringsforloeb":
        cap("cap-mf", 6)

    # --- 82a / 82b
    if p in ("82a", "82b"):
        plan = _field(case, "plan", as_of)
        if plan is not None:
            due = add_working_days(plan, 10)
            act = _first_in(contacts, plan, due) or _first_after(contacts, due)
            add("first-contact-82", due, _state(act, due, as_of))
        base = max(followups) if followups else (plan or start)
        if base is not None:
            due = add_months(base, 1)
            add("monthly-followup-82", due, OPEN if as_of <= due else MISSED)

    # --- 85
    if p == "85":
        if applied is not None:
            due = add_weeks(applied, 8)
            decided = _field(case, "decided", as_of)
            add("processing-85", due, _state(decided, due, as_of))
        if start is not None:
            due = add_months(start, 3)
            act = _first_in(followups, start, due) or _first_after(followups, due)
            add("first-followup-85", due, _state(act, due, as_of))
        if followups:
            due = add_months(max(followups), 12)
            add("annual-review-85", due, OPEN if as_of <= due else MISSED)
        base = max(hchecks) if hchecks else start
        if base is not None:
            due = add_months(base, 12)
            add("health-check-85", due, OPEN if as_of <= due else MISSED)
        level = case.get("level")
        if (isinstance(level, int) and level in LEVEL_MIN and not closed
                and start is not None and start <= as_of - timedelta(days=28)):
            lo = as_of - timedelta(days=27)
            n = sum(1 for c in case.get("contacts") or []
                    if c.get("outcome") == "reached"
                    and lo <= to_date(c.get("date")) <= as_of)
            out.append(("level-frequency-85", None, MET if n >= LEVEL_MIN[level] else MISSED))
            mx = LEVEL_MAX[level]
            out.append(("level-above-85", None, MET if mx is None or n <= mx else MISSED))

    # --- mestringsforloeb
    if p == "mestringsforloeb" and start is not None:
        due = add_weeks(start, 4)
        add("preliminary-phase-mf", due, _state(_field(case, "main_phase", as_of), due, as_of))

    # --- all programmes
    nr = _non_response(case, as_of)
    if nr is not None:
        add("non-response", nr[0], nr[1])
    for m in case.get("meetings") or []:
        md = to_date(m.get("date"))
        if md is None:
            continue
        due = md - timedelta(days=1)
        status = to_date(m.get("status"))
        if status is not None and status > as_of:
            status = None
        add("status-before-meeting", due, _state(status, due, as_of))

    # --- closing rules
    if end is not None:
        if p in ("82a", "82b"):
            ct = _field(case, "closing_talk", as_of)
            if ct is not None and ct <= end + timedelta(days=14):
                st = MET
            elif ct is not None:
                st = MET_LATE
            else:
                st = OPEN if as_of <= end else MISSED
            out.append(("closing-talk-82", end, st))
        if p == "85" and case.get("end_reason") not in NO_HEARING_REASONS:
            out.append(("hearing-85", end, _state(_field(case, "hearing", as_of), end, as_of)))
        if p == "mestringsforloeb":
            due = end + timedelta(days=14)
            out.append(("report-mf", due, _state(_field(case, "report", as_of), due, as_of)))

    return out


def reported(case, as_of):
    """Obligations that check/due may report: closed cases keep closing rules only."""
    end = to_date(case.get("end"))
    closed = end is not None and end <= as_of
    obs = obligations(case, as_of)
    if closed:
        obs = [o for o in obs if o[0] in CLOSING_RULES]
    return obs


def _iso(d):
    return d.isoformat() if d is not None else None


def check_set(cases, as_of):
    """{(case_id, rule, due_iso_or_None)} of missed findings (check --min-severity info)."""
    s = set()
    for case in cases:
        for rule, due, st in reported(case, as_of):
            if st == MISSED:
                s.add((str(case["id"]), rule, _iso(due)))
    return s


def week_bounds(as_of):
    mon = as_of - timedelta(days=as_of.weekday())
    return mon, mon + timedelta(days=6)


def due_set(cases, as_of):
    """{(case_id, rule, due_iso)} for `due --week` (overdue included)."""
    mon, sun = week_bounds(as_of)
    s = set()
    for case in cases:
        for rule, due, st in reported(case, as_of):
            if due is None or rule in LEVEL_RULES:
                continue
            if st == MISSED or (st == OPEN and mon <= due <= sun):
                s.add((str(case["id"]), rule, _iso(due)))
    return s
