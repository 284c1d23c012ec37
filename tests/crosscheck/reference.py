"""Independent Python reference of the mestring rule catalog, version 2.

Written from the contract rules.md (version 2) and the project's decisions
where it is silent (README, "How the rules are read"), not from the C++ code,
so that compare.py can hold the two against each other.  Standard library
plus PyYAML.

Comments quote what they implement: "rules.md:" the rule catalog,
"decisions:" the version 2 decisions, "README:" the version 1 readings kept.

Readings where neither text is explicit (listed again in the crosscheck
report for the lead to decide):
- `start` and `applied` are not in the decisions' list of things that "have
  not happened yet", so a future `start` still anchors its rules (a granted
  case that has not started shows its first follow-up, health check, cap...).
- The recurring rules (monthly-followup-82, annual-review-85,
  health-check-85) are chains (README: "each event meets the obligation the
  previous one started; the latest starts the current one"): the first
  anchor (plan/start, or the first event) starts an obligation, each later
  event meets the one before it and starts the next.  "Later" is a later
  date: two follow-ups (health checks) on one date are one event.  When an
  event lies on or before the initial anchor (a follow-up before `plan`),
  the chain starts at the events (rules.md: "latest follow-up, else plan,
  else start").  Earlier links are history: reportable false.
- hearing-85's due date is `end` itself, not a computed date, so
  move_off_weekends does not move it.
- A cap whose `end` is after its due date is met late once `end` has come
  (rules.md: "An obligation met late (done after its due date)"); a planned
  end after the due date does not meet it.
- level-above-85 has no obligation at level 5 ("5: none": no maximum).
- `reportable` is false for history and for the non-closing obligations of a
  closed case; an exemption does not change it.
- Two exemptions of one rule covering the as-of date: the first in the file
  is the one shown.
"""

import calendar as _calendar
import datetime as _dt
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import yaml

MET, MET_LATE, OPEN, MISSED = "met", "met late", "open", "missed"
AUTHORITY, COACH = "authority", "coach"

DATA_RULES = frozenset([
    "schema", "date", "id-filename", "duplicate-id", "date-order", "cpr", "age", "parse",
    "exemption", "cpr-in-text", "encoding", "limit"])

ALL_PROGRAMMES = ("82a", "82b", "85", "mestringsforloeb")


@dataclass(frozen=True)
class RuleSpec:
    """One row of rules.md's table: programmes, role, severity, period."""
    id: str
    programmes: tuple
    role: str
    severity: str
    period: str = None
    closing: bool = False
    enabled: bool = True


# rules.md "## Rules", the table, row by row (period = the default spelled as
# in mestring.yaml).
CATALOG = [
    RuleSpec("cap-82b", ("82b",), AUTHORITY, "error", "6 months"),
    RuleSpec("cap-82a", ("82a",), AUTHORITY, "warning", "6 months"),
    RuleSpec("first-contact-82", ("82a", "82b"), COACH, "warning", "10 working days"),
    RuleSpec("monthly-followup-82", ("82a", "82b"), COACH, "warning", "1 month"),
    RuleSpec("processing-85", ("85",), AUTHORITY, "error", "8 weeks"),
    RuleSpec("first-followup-85", ("85",), AUTHORITY, "error", "3 months"),
    RuleSpec("annual-review-85", ("85",), AUTHORITY, "error", "12 months"),
    RuleSpec("non-response", ALL_PROGRAMMES, COACH, "error", "1 month"),
    RuleSpec("level-frequency-85", ("85",), COACH, "warning"),
    RuleSpec("level-above-85", ("85",), COACH, "info"),
    RuleSpec("health-check-85", ("85",), COACH, "info", "12 months"),
    RuleSpec("status-before-meeting", ALL_PROGRAMMES, COACH, "warning", "1 working day"),
    RuleSpec("preliminary-phase-mf", ("mestringsforloeb",), COACH, "warning", "4 weeks"),
    RuleSpec("cap-mf", ("mestringsforloeb",), COACH, "warning", "6 months"),
    RuleSpec("closing-talk-82", ("82a", "82b"), COACH, "warning", "14 days", closing=True),
    RuleSpec("hearing-85", ("85",), AUTHORITY, "warning", closing=True),
    RuleSpec("report-mf", ("mestringsforloeb",), COACH, "warning", "14 days", closing=True),
    RuleSpec("first-contact-85", ("85",), COACH, "warning", "10 working days", enabled=False),
    RuleSpec("followup-after-change", ALL_PROGRAMMES, AUTHORITY, "info", "4 weeks"),
]
SPEC = {r.id: r for r in CATALOG}
RULE_IDS = frozenset(SPEC)
CLOSING_RULES = frozenset(r.id for r in CATALOG if r.closing)
CAP_RULES = frozenset(["cap-82b", "cap-82a", "cap-mf"])
LEVEL_RULES = frozenset(["level-frequency-85", "level-above-85"])

# rules.md level-frequency-85 / level-above-85
LEVEL_MIN = {1: 1, 2: 2, 3: 4, 4: 12, 5: 16}
LEVEL_MAX = {1: 2, 2: 4, 3: 8, 4: 16, 5: None}
# rules.md hearing-85: "unless end_reason is citizen-declined, moved, deceased or transferred"
NO_HEARING_REASONS = frozenset(["citizen-declined", "moved", "deceased", "transferred"])
# rules.md non-response: "an escalation with reason non-response or other"
NON_RESPONSE_REASONS = frozenset(["non-response", "other"])
NOT_REACHED = frozenset(["no-answer", "cancelled"])


# ---------------------------------------------------------------- dates

def to_date(v):
    """A YAML value as a date, or None when it is absent or not a date."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        return None


def add_months(d, n):
    """rules.md "N months after D": same day, else the last day of that month."""
    m0 = d.month - 1 + n
    y = d.year + m0 // 12
    m = m0 % 12 + 1
    return date(y, m, min(d.day, _calendar.monthrange(y, m)[1]))


def add_weeks(d, n):
    """rules.md "N weeks after D": D + 7*N days."""
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
    """rules.md "Date arithmetic": the Danish public holidays plus the days offices close."""
    if year in _holiday_cache:
        return _holiday_cache[year]
    e = easter_sunday(year)
    offsets = [-3, -2, 0, 1, 39, 49, 50]  # Maundy Thu, Good Fri, Easter Sun/Mon, Ascension, Whit Sun/Mon
    if year <= 2023:
        offsets.append(26)  # Store Bededag, "for years up to and including 2023 only"
    days = {e + timedelta(days=o) for o in offsets}
    for (m, d) in [(1, 1), (6, 5), (12, 24), (12, 25), (12, 26), (12, 31)]:
        days.add(date(year, m, d))
    _holiday_cache[year] = frozenset(days)
    return _holiday_cache[year]


class Calendar:
    """Working days: not Sat/Sun, not a holiday; config `closed` adds days, `open` removes them."""

    def __init__(self, closed=(), opened=(), move_off_weekends=False):
        self.closed = frozenset(closed)
        self.opened = frozenset(opened)
        self.move_off_weekends = move_off_weekends

    def is_working_day(self, d):
        if d in self.closed:
            return False
        if d in self.opened:
            return True
        return d.weekday() < 5 and d not in holidays(d.year)

    def add_working_days(self, d, n):
        """rules.md: "count N days forward from D, skipping" closed days."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left > 0:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
        return d

    def next_working_day(self, d):
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d):
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d


DEFAULT_CALENDAR = Calendar()


def is_working_day(d):
    return DEFAULT_CALENDAR.is_working_day(d)


def add_working_days(d, n):
    return DEFAULT_CALENDAR.add_working_days(d, n)


_SPAN_PART = re.compile(r"\s*(\d+)\s*(working days?|days?|weeks?|months?|years?)\s*")


def parse_span(text):
    """A config span ("6 months", "10 working days", "2 months 15 days") as [(n, unit)]."""
    text = str(text).strip()
    parts = []
    pos = 0
    while pos < len(text):
        m = _SPAN_PART.match(text, pos)
        if not m:
            raise ValueError("not a span: %r" % text)
        unit = m.group(2).rstrip("s")
        if unit == "working day":
            unit = "working"
        parts.append((int(m.group(1)), unit))
        pos = m.end()
    if not parts:
        raise ValueError("empty span")
    return parts


def add_span(d, span, cal, sign=1):
    """d + span (sign -1: d - span), the parts applied in the order written."""
    for n, unit in span:
        n *= sign
        if unit == "month":
            d = add_months(d, n)
        elif unit == "year":
            d = add_months(d, 12 * n)
        elif unit == "week":
            d = add_weeks(d, n)
        elif unit == "day":
            d = d + timedelta(days=n)
        else:
            d = cal.add_working_days(d, n)
    return d


# ---------------------------------------------------------------- config

@dataclass
class RuleConfig:
    enabled: bool
    severity: str
    programmes: tuple
    role: str
    period: list = None
    attempts: int = 4
    exempt_reasons: frozenset = NO_HEARING_REASONS


@dataclass
class Config:
    rules: dict
    calendar: Calendar
    max_exemption: list = field(default_factory=lambda: [(6, "month")])

    def rule(self, rule_id):
        return self.rules[rule_id]


def make_config(doc=None):
    """Config from a mestring.yaml document (a dict, or None for the defaults).

    Reads what the crosscheck varies: rules.<id>.{enabled, severity, programmes,
    role, period, attempts, exempt}, calendar.{closed, open, move_off_weekends},
    exemptions.max_length.  Every other key is ignored.
    """
    doc = doc or {}
    rules_doc = doc.get("rules") or {}
    rules = {}
    for spec in CATALOG:
        r = rules_doc.get(spec.id) or {}
        period = r.get("period", r.get("grace", spec.period))
        rules[spec.id] = RuleConfig(
            enabled=bool(r.get("enabled", spec.enabled)),
            severity=str(r.get("severity", spec.severity)),
            programmes=tuple(str(p) for p in r.get("programmes", spec.programmes)),
            role=str(r.get("role", spec.role)),
            period=parse_span(period) if period is not None else None,
            attempts=int(r.get("attempts", 4)),
            exempt_reasons=frozenset(r.get("exempt", NO_HEARING_REASONS)))
    cal = doc.get("calendar") or {}
    calendar = Calendar(closed=[to_date(x) for x in cal.get("closed") or []],
                        opened=[to_date(x) for x in cal.get("open") or []],
                        move_off_weekends=bool(cal.get("move_off_weekends", False)))
    ex = doc.get("exemptions") or {}
    return Config(rules=rules, calendar=calendar,
                  max_exemption=parse_span(ex.get("max_length", "6 months")))


DEFAULT_CONFIG = make_config()


def load_config(path):
    with open(path, encoding="utf-8") as f:
        return make_config(yaml.safe_load(f))


# ---------------------------------------------------------------- case access

def load_case(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _text(v):
    """A name field: None when absent or empty."""
    if v is None:
        return None
    s = str(v)
    return s if s.strip() else None


@dataclass
class Obligation:
    rule: str
    due: date            # None for the two level rules (rates)
    state: str           # met / met late / open / missed
    anchor: str          # how the due date came about, for diffs
    reportable: bool = True
    role: str = None
    owner: str = None
    severity: str = None
    exemption: dict = None   # {reason, from, until, by} while exempted

    @property
    def exempted(self):
        return self.exemption is not None


class Ctx:
    """One case read at one as-of date: the fields every rule looks at.

    decisions: "Anything dated after the as-of date has not happened yet
    (contacts, follow-ups, escalations, health checks, a meeting's status,
    decided, plan, main_phase, closing_talk, hearing, report, level_changes,
    and the decision itself). A planned `end` counts".
    """

    def __init__(self, case, as_of, config):
        self.case = case
        self.as_of = as_of
        self.config = config
        self.cal = config.calendar
        self.paragraph = str(case.get("paragraph"))
        self.start = to_date(case.get("start"))
        self.end = to_date(case.get("end"))
        self.applied = to_date(case.get("applied"))
        self.decided = self.happened(case.get("decided"))
        self.decision = case.get("decision")
        self.plan = self.happened(case.get("plan"))
        self.main_phase = self.happened(case.get("main_phase"))
        self.closing_talk = self.happened(case.get("closing_talk"))
        self.hearing = self.happened(case.get("hearing"))
        self.report = self.happened(case.get("report"))
        self.followups = self.event_dates("followups")
        self.health_checks = self.event_dates("health_checks")
        self.contacts = self.contacts_sorted()
        self.escalations = [(d, e.get("reason")) for d, e in self.events("escalations")]
        self.status = status_of(case, as_of)
        self.closed = self.end is not None and self.end <= as_of
        # decisions: "A refused case (status refused, or decision refused with
        # decided <= as_of) has only processing-85"
        self.refused = self.decision == "refused" and self.decided is not None

    def happened(self, v):
        d = to_date(v)
        return d if d is not None and d <= self.as_of else None

    def events(self, key):
        """(date, item) of a list's items dated on or before as-of, in file order."""
        out = []
        for item in self.case.get(key) or []:
            d = to_date(item.get("date") if isinstance(item, dict) else item)
            if d is not None and d <= self.as_of:
                out.append((d, item if isinstance(item, dict) else {}))
        return out

    def event_dates(self, key):
        return [d for d, _ in self.events(key)]

    def contacts_sorted(self):
        """rules.md: "Sort contacts by date (ties keep file order)" (sorted() is stable)."""
        out = [(d, c.get("outcome")) for d, c in self.events("contacts")
               if c.get("outcome") in ("reached", "no-answer", "cancelled")]
        return sorted(out, key=lambda t: t[0])

    def span(self, rule_id):
        return self.config.rule(rule_id).period

    def due_after(self, rule_id, anchor):
        """anchor + the rule's period; with move_off_weekends a closed day moves LATER
        (decisions: "for adding rules it moves later, as before")."""
        due = add_span(anchor, self.span(rule_id), self.cal)
        if self.cal.move_off_weekends:
            due = self.cal.next_working_day(due)
        return due

    def state(self, action, due):
        """met / met late by an action dated on or before as-of; else open, or missed
        once as-of is past the due date (rules.md: "A due date is inclusive")."""
        if action is not None:
            return MET if action <= due else MET_LATE
        return OPEN if self.as_of <= due else MISSED

    def open_or_missed(self, due):
        return OPEN if self.as_of <= due else MISSED


def status_of(case, as_of):
    """decisions "Status", first match wins."""
    end = to_date(case.get("end"))
    start = to_date(case.get("start"))
    decided = to_date(case.get("decided"))
    if end is not None and end <= as_of:
        return "closed"
    if case.get("decision") == "refused" and decided is not None and decided <= as_of:
        return "refused"
    if start is not None and start <= as_of:
        return "active"
    if (start is not None and start > as_of) or (decided is not None and decided <= as_of):
        return "granted"
    return "pending"


def _first_in(dates, lo, hi):
    c = [d for d in dates if lo <= d <= hi]
    return min(c) if c else None


def _first_after(dates, lo):
    c = [d for d in dates if d > lo]
    return min(c) if c else None


def _met_in_then_late(dates, lo, due):
    """The earliest action in [lo, due], else the earliest after due (met late)."""
    return _first_in(dates, lo, due) or _first_after(dates, due)


# ---------------------------------------------------------------- the rules

def rule_cap(ctx, rule_id):
    """rules.md cap-82b / cap-82a / cap-mf: "the course ends by start + 6 months",
    met by "end <= due".  A planned end (after as-of) meets it (decisions: "A planned
    end counts"); an end after the due date is met late once it has come, and until
    then the obligation is open or missed like any other."""
    if ctx.start is None:
        return []
    due = ctx.due_after(rule_id, ctx.start)
    if ctx.end is not None and ctx.end <= due:
        state = MET
    else:
        state = ctx.state(ctx.happened(ctx.end), due)
    return [Obligation(rule_id, due, state, "start %s + period" % ctx.start)]


def rule_first_contact_82(ctx, rule_id="first-contact-82"):
    """rules.md first-contact-82: "first contact within 10 working days after plan",
    met by "a contact (any outcome) dated in [plan, due]"."""
    if ctx.plan is None:
        return []
    due = ctx.due_after(rule_id, ctx.plan)
    act = _met_in_then_late([d for d, _ in ctx.contacts], ctx.plan, due)
    return [Obligation(rule_id, due, ctx.state(act, due), "plan %s + period" % ctx.plan)]


def _chain(ctx, rule_id, initial, events, what):
    """A recurring rule as a chain (README "The recurring rules ... keep their
    history: each event meets the obligation the previous one started; the
    latest starts the current one").  rules.md: met by "a later <event> <= due"."""
    points = sorted(set(events))
    if initial is not None and (not points or initial < points[0]):
        points = [initial] + points
    out = []
    for i, a in enumerate(points):
        due = ctx.due_after(rule_id, a)
        label = "%s %s + period" % ("anchor" if i == 0 and a == initial else what, a)
        if i + 1 < len(points):
            nxt = points[i + 1]
            out.append(Obligation(rule_id, due, MET if nxt <= due else MET_LATE, label,
                                  reportable=False))
        else:
            out.append(Obligation(rule_id, due, ctx.open_or_missed(due), label))
    return out


def rule_monthly_followup_82(ctx, rule_id="monthly-followup-82"):
    """rules.md monthly-followup-82: "due = (latest follow-up, else plan, else start)
    + 1 month", met by "a later follow-up <= due"."""
    initial = ctx.plan if ctx.plan is not None else ctx.start
    if initial is None and not ctx.followups:
        return []
    return _chain(ctx, rule_id, initial, ctx.followups, "follow-up")


def rule_processing_85(ctx, rule_id="processing-85"):
    """rules.md processing-85: "decision within 8 weeks of applied", met by "decided <= due"
    (decisions: a refusal meets it as a grant does)."""
    if ctx.applied is None:
        return []
    due = ctx.due_after(rule_id, ctx.applied)
    return [Obligation(rule_id, due, ctx.state(ctx.decided, due), "applied %s + period" % ctx.applied)]


def rule_first_followup_85(ctx, rule_id="first-followup-85"):
    """rules.md first-followup-85: "first follow-up by start + 3 months", met by
    "a follow-up dated in [start, due]"."""
    if ctx.start is None:
        return []
    due = ctx.due_after(rule_id, ctx.start)
    act = _met_in_then_late(ctx.followups, ctx.start, due)
    return [Obligation(rule_id, due, ctx.state(act, due), "start %s + period" % ctx.start)]


def rule_annual_review_85(ctx, rule_id="annual-review-85"):
    """rules.md annual-review-85: "due = latest follow-up + 12 months (only once a first
    follow-up exists)", met by "a later follow-up <= due"."""
    if not ctx.followups:
        return []
    return _chain(ctx, rule_id, None, ctx.followups, "follow-up")


def _streaks(ctx):
    """rules.md "non-response in detail": a streak is a maximal run of no-answer /
    cancelled contacts; it ends at the next reached contact.
    Returns [(attempt dates, end date or None for the current streak)]."""
    out = []
    run = []
    for d, outcome in ctx.contacts:
        if outcome in NOT_REACHED:
            run.append(d)
        elif run:
            out.append((run, d))
            run = []
    if run:
        out.append((run, None))
    return out


def rule_non_response(ctx, rule_id="non-response"):
    """rules.md "non-response in detail" and decisions "non-response"."""
    rc = ctx.config.rule(rule_id)
    out = []
    for attempts, ended in _streaks(ctx):
        first = attempts[0]
        # "the earlier of the date of the streak's 4th attempt and its first attempt
        # + 1 month" (decisions: move_off_weekends applies to the computed date only)
        due = ctx.due_after(rule_id, first)
        if len(attempts) >= rc.attempts:
            due = min(due, attempts[rc.attempts - 1])
        # "A streak that ended on or before its due date never came due"
        if ended is not None and ended <= due:
            continue
        # "met by an escalation with reason non-response or other dated from the
        # streak's first attempt up to the due date; met late by one dated after the
        # due date and, for an ended streak, on or before the day it ended"
        esc = [d for d, reason in ctx.escalations if reason in NON_RESPONSE_REASONS]
        last = ended if ended is not None else ctx.as_of
        if _first_in(esc, first, due) is not None:
            state = MET
        elif _first_in(esc, due + timedelta(days=1), last) is not None:
            state = MET_LATE
        else:
            state = ctx.open_or_missed(due)
        # "Only the current streak is reported by check and due"
        out.append(Obligation(rule_id, due, state,
                              "streak from %s (%d attempts)%s" % (
                                  first, len(attempts), "" if ended is None else ", ended %s" % ended),
                              reportable=ended is None))
    return out


def _level_in_force(ctx):
    """rules.md "Support level over time": the latest change dated on or before the
    as-of date, else `level` (same-day changes: the later in the file).
    Returns (level, date of that latest change or None)."""
    level = ctx.case.get("level")
    since = None
    changes = [(d, e.get("level")) for d, e in ctx.events("level_changes")]
    for d, lv in sorted(changes, key=lambda t: t[0]):
        level, since = lv, d
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVEL_MIN:
        return None, since
    return level, since


def _level_window(ctx):
    """decisions: "Window = [as_of - 27 days, as_of] (28 days), but it begins no earlier
    than the latest change dated <= as_of"."""
    level, since = _level_in_force(ctx)
    lo = ctx.as_of - timedelta(days=27)
    if since is not None:
        lo = max(lo, since)
    n = sum(1 for d, o in ctx.contacts if o == "reached" and lo <= d <= ctx.as_of)
    return level, since, lo, n


def _level_applies(ctx):
    """rules.md: the level rules "apply to active cases only" and need a start 28+ days
    before (decisions: start <= as_of - 28 days)."""
    return (ctx.status == "active" and ctx.start is not None
            and ctx.start <= ctx.as_of - timedelta(days=28))


def rule_level_frequency_85(ctx, rule_id="level-frequency-85"):
    """rules.md level-frequency-85: reached contacts in the window >= the level's minimum;
    decisions: judged only when the latest change is <= as_of - 28 days."""
    if not _level_applies(ctx):
        return []
    level, since, lo, n = _level_window(ctx)
    if level is None or (since is not None and since > ctx.as_of - timedelta(days=28)):
        return []
    state = MET if n >= LEVEL_MIN[level] else MISSED
    return [Obligation(rule_id, None, state, "level %d, %d reached %s..%s" % (level, n, lo, ctx.as_of))]


def rule_level_above_85(ctx, rule_id="level-above-85"):
    """rules.md level-above-85: reached contacts in the (possibly shortened) window
    exceed the level's maximum."""
    if not _level_applies(ctx):
        return []
    level, _, lo, n = _level_window(ctx)
    # level 5 has no maximum ("5: none"): nothing to judge, no obligation
    if level is None or LEVEL_MAX[level] is None:
        return []
    state = MET if n <= LEVEL_MAX[level] else MISSED
    return [Obligation(rule_id, None, state, "level %d, %d reached %s..%s" % (level, n, lo, ctx.as_of))]


def rule_health_check_85(ctx, rule_id="health-check-85"):
    """rules.md health-check-85: "due = (latest health check, else start) + 12 months",
    met by "a later entry <= due"."""
    if ctx.start is None and not ctx.health_checks:
        return []
    return _chain(ctx, rule_id, ctx.start, ctx.health_checks, "health check")


def rule_status_before_meeting(ctx, rule_id="status-before-meeting"):
    """rules.md status-before-meeting: "due = 1 working day before the meeting (the last
    working day before it)", met by "status set and <= due".  decisions: the period is
    subtracted; with move_off_weekends a closed due date moves EARLIER.  Future
    meetings count; a status dated after as-of has not happened."""
    out = []
    for item in ctx.case.get("meetings") or []:
        md = to_date(item.get("date")) if isinstance(item, dict) else None
        if md is None:
            continue
        due = add_span(md, ctx.span(rule_id), ctx.cal, sign=-1)
        if ctx.cal.move_off_weekends:
            due = ctx.cal.previous_working_day(due)
        status = ctx.happened(item.get("status"))
        out.append(Obligation(rule_id, due, ctx.state(status, due), "meeting %s - period" % md))
    return out


def rule_preliminary_phase_mf(ctx, rule_id="preliminary-phase-mf"):
    """rules.md preliminary-phase-mf: "decision on the main phase by start + 4 weeks",
    met by "main_phase <= due"."""
    if ctx.start is None:
        return []
    due = ctx.due_after(rule_id, ctx.start)
    return [Obligation(rule_id, due, ctx.state(ctx.main_phase, due), "start %s + period" % ctx.start)]


def rule_closing_talk_82(ctx, rule_id="closing-talk-82"):
    """rules.md closing-talk-82: "due = end + 14 days", met by "closing_talk set, <= due";
    decisions: exists whenever end is set; a talk before end is fine."""
    if ctx.end is None:
        return []
    due = ctx.due_after(rule_id, ctx.end)
    return [Obligation(rule_id, due, ctx.state(ctx.closing_talk, due), "end %s + period" % ctx.end)]


def rule_hearing_85(ctx, rule_id="hearing-85"):
    """rules.md hearing-85: a consultation before ending support "unless end_reason is
    citizen-declined, moved, deceased or transferred: due = end", met by "hearing <= end"."""
    if ctx.end is None or ctx.case.get("end_reason") in ctx.config.rule(rule_id).exempt_reasons:
        return []
    return [Obligation(rule_id, ctx.end, ctx.state(ctx.hearing, ctx.end), "end %s" % ctx.end)]


def rule_report_mf(ctx, rule_id="report-mf"):
    """rules.md report-mf: "due = end + 14 days", met by "report set, <= due"."""
    if ctx.end is None:
        return []
    due = ctx.due_after(rule_id, ctx.end)
    return [Obligation(rule_id, due, ctx.state(ctx.report, due), "end %s + period" % ctx.end)]


def rule_first_contact_85(ctx, rule_id="first-contact-85"):
    """rules.md first-contact-85: "due = decided + 10 working days (only when the decision
    is a grant)", met by "a contact (any outcome) dated in [decided, due]"."""
    if ctx.decided is None or ctx.decision == "refused":
        return []
    due = ctx.due_after(rule_id, ctx.decided)
    act = _met_in_then_late([d for d, _ in ctx.contacts], ctx.decided, due)
    return [Obligation(rule_id, due, ctx.state(act, due), "decided %s + period" % ctx.decided)]


def rule_followup_after_change(ctx, rule_id="followup-after-change"):
    """rules.md followup-after-change: "due = that escalation + 4 weeks", met by "a
    follow-up dated in [escalation, due]"; decisions: one per significant-change
    escalation, each reportable."""
    out = []
    for d, reason in ctx.escalations:
        if reason != "significant-change":
            continue
        due = ctx.due_after(rule_id, d)
        act = _met_in_then_late(ctx.followups, d, due)
        out.append(Obligation(rule_id, due, ctx.state(act, due), "escalation %s + period" % d))
    return out


RULE_FUNCTIONS = [
    ("cap-82b", rule_cap),
    ("cap-82a", rule_cap),
    ("first-contact-82", rule_first_contact_82),
    ("monthly-followup-82", rule_monthly_followup_82),
    ("processing-85", rule_processing_85),
    ("first-followup-85", rule_first_followup_85),
    ("annual-review-85", rule_annual_review_85),
    ("non-response", rule_non_response),
    ("level-frequency-85", rule_level_frequency_85),
    ("level-above-85", rule_level_above_85),
    ("health-check-85", rule_health_check_85),
    ("status-before-meeting", rule_status_before_meeting),
    ("preliminary-phase-mf", rule_preliminary_phase_mf),
    ("cap-mf", rule_cap),
    ("closing-talk-82", rule_closing_talk_82),
    ("hearing-85", rule_hearing_85),
    ("report-mf", rule_report_mf),
    ("first-contact-85", rule_first_contact_85),
    ("followup-after-change", rule_followup_after_change),
]
assert [r for r, _ in RULE_FUNCTIONS] == [s.id for s in CATALOG]


# ---------------------------------------------------------------- exemptions

def valid_exemptions(case, config=DEFAULT_CONFIG):
    """rules.md "Exemptions": {rule, from, until, reason, by?}; a broken one is a data
    error and ignored by the rules (decisions)."""
    out = []
    for e in case.get("exemptions") or []:
        if not isinstance(e, dict):
            continue
        rule, frm, until = e.get("rule"), to_date(e.get("from")), to_date(e.get("until"))
        reason = e.get("reason")
        if rule not in RULE_IDS or frm is None or until is None or until < frm:
            continue
        if until > add_span(frm, config.max_exemption, config.calendar):
            continue
        if not isinstance(reason, str) or not reason.strip():
            continue
        out.append({"rule": rule, "reason": reason, "from": frm, "until": until,
                    "by": _text(e.get("by"))})
    return out


def _exemption_for(ob, exemptions, as_of):
    """decisions: a missed or open obligation is exempted while from <= as_of <= until
    (history and rates included); met / met late never are."""
    if ob.state not in (OPEN, MISSED):
        return None
    for e in exemptions:
        if e["rule"] == ob.rule and e["from"] <= as_of <= e["until"]:
            return {"reason": e["reason"], "from": e["from"], "until": e["until"], "by": e["by"]}
    return None


# ---------------------------------------------------------------- one case

def obligations(case, as_of, config=DEFAULT_CONFIG):
    """Every obligation of one case (a dict as loaded from YAML) on as_of."""
    ctx = Ctx(case, as_of, config)
    exemptions = valid_exemptions(case, config)
    names = {AUTHORITY: _text(case.get("advisor")), COACH: _text(case.get("coach"))}
    out = []
    for rule_id, fn in RULE_FUNCTIONS:
        rc = config.rule(rule_id)
        if not rc.enabled or ctx.paragraph not in rc.programmes:
            continue
        # decisions: a refused case "has only processing-85"
        if ctx.refused and rule_id != "processing-85":
            continue
        for ob in fn(ctx, rule_id):
            # rules.md: "Rules about an active course stop at end"; decisions:
            # "Non-closing obligations due after end do not exist (caps excepted)"
            if (rule_id not in CLOSING_RULES and rule_id not in CAP_RULES
                    and ob.due is not None and ctx.end is not None and ob.due > ctx.end):
                continue
            # rules.md: "a closed case is checked only by the closing rules"
            if ctx.closed and rule_id not in CLOSING_RULES:
                ob.reportable = False
            ob.role = rc.role
            ob.owner = names.get(rc.role)
            ob.severity = rc.severity
            ob.exemption = _exemption_for(ob, exemptions, as_of)
            out.append(ob)
    return out


@dataclass
class CaseView:
    case: dict
    status: str
    closed: bool
    obligations: list


def evaluate(case, as_of, config=DEFAULT_CONFIG):
    return CaseView(case, status_of(case, as_of), Ctx(case, as_of, config).closed,
                    obligations(case, as_of, config))


# ---------------------------------------------------------------- the views

def _iso(d):
    return d.isoformat() if d is not None else None


def _exemption_key(ex):
    return (ex["reason"], _iso(ex["until"]), ex["by"])


def check_view(cases, as_of, config=DEFAULT_CONFIG):
    """`check`: reportable missed obligations (rules.md "check reports obligations that
    are missed").  Returns (findings, exempted): lists of
    (case, rule, due, severity, role, owner) and (case, rule, due, role, owner, reason,
    until, by)."""
    findings, exempted = [], []
    for case in cases:
        cid = str(case["id"])
        for ob in obligations(case, as_of, config):
            if not ob.reportable or ob.state != MISSED:
                continue
            key = (cid, ob.rule, _iso(ob.due), ob.role, ob.owner)
            if ob.exempted:
                exempted.append(key + _exemption_key(ob.exemption))
            else:
                findings.append((cid, ob.rule, _iso(ob.due), ob.severity, ob.role, ob.owner))
    return findings, exempted


def week_bounds(as_of):
    """cli.md `due --week`: the ISO week containing the as-of date."""
    mon = as_of - timedelta(days=as_of.weekday())
    return mon, mon + timedelta(days=6)


def due_view(cases, as_of, config=DEFAULT_CONFIG):
    """`due --week`: reportable open obligations due in the week, and the missed ones
    as overdue; rates have no due date and are not listed.  Returns (items, exempted):
    lists of (case, rule, due, overdue, role, owner) and the same + (reason, until, by)."""
    mon, sun = week_bounds(as_of)
    items, exempted = [], []
    for case in cases:
        cid = str(case["id"])
        for ob in obligations(case, as_of, config):
            if not ob.reportable or ob.due is None:
                continue
            if not (ob.state == MISSED or (ob.state == OPEN and mon <= ob.due <= sun)):
                continue
            key = (cid, ob.rule, _iso(ob.due), ob.state == MISSED, ob.role, ob.owner)
            if ob.exempted:
                exempted.append(key + _exemption_key(ob.exemption))
            else:
                items.append(key)
    return items, exempted


def show_view(case, as_of, config=DEFAULT_CONFIG):
    """`show`: every obligation as (rule, due, state, severity, role, owner, exempted,
    reportable), with the case's status and closed flag."""
    v = evaluate(case, as_of, config)
    obs = [(ob.rule, _iso(ob.due), ob.state, ob.severity, ob.role, ob.owner, ob.exempted, ob.reportable)
           for ob in v.obligations]
    return v.status, v.closed, obs
