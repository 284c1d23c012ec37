"""Hand-computed checks of reference.py (rules.md version 2).

Run from this folder: python3 -m unittest -q test_reference
Every expected date here was counted by hand on a calendar, not by the code.
"""

import os
import re
import subprocess
import sys
import tempfile
import unittest
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import yaml  # noqa: E402

import gen_cases  # noqa: E402
import reference as ref  # noqa: E402

D = date.fromisoformat
MET, LATE, OPEN, MISSED = "met", "met late", "open", "missed"


def config(text=""):
    return ref.make_config(yaml.safe_load(text))


def obs(case, as_of, rule, cfg=ref.DEFAULT_CONFIG):
    """[(due, state)] of one rule, in the order the reference lists them."""
    return [(ob.due.isoformat() if ob.due else None, ob.state)
            for ob in ref.obligations(case, D(as_of), cfg) if ob.rule == rule]


def full(case, as_of, rule, cfg=ref.DEFAULT_CONFIG):
    """[(due, state, role, owner, reportable, exempted)] of one rule."""
    return [(ob.due.isoformat() if ob.due else None, ob.state, ob.role, ob.owner, ob.reportable,
             ob.exempted) for ob in ref.obligations(case, D(as_of), cfg) if ob.rule == rule]


def mk(paragraph, **kw):
    """A case; dates may be given as strings; lists of (date, x) pairs become events."""
    c = {"id": kw.pop("id", "T1"), "paragraph": paragraph, "citizen": {"name": "Test Person"},
         "advisor": "Mette Holm", "coach": "Lars Berg"}
    if paragraph == "85":
        c["level"] = 2
    for k, v in kw.items():
        if isinstance(v, str) and len(v) == 10 and v[4] == "-":
            v = D(v)
        c[k] = v
    return c


def contacts(*items):
    return [{"date": D(d), "outcome": o} for d, o in items]


def escalations(*items):
    return [{"date": D(d), "reason": r} for d, r in items]


def followups(*ds):
    return [{"date": D(d)} for d in ds]


class DateArithmetic(unittest.TestCase):
    def test_months(self):
        self.assertEqual(ref.add_months(D("2025-08-31"), 6), D("2026-02-28"))
        self.assertEqual(ref.add_months(D("2024-11-30"), 3), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2024-02-29"), 12), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2023-08-31"), 6), D("2024-02-29"))
        self.assertEqual(ref.add_months(D("2025-01-31"), 1), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2025-03-31"), -1), D("2025-02-28"))
        self.assertEqual(ref.add_weeks(D("2025-01-06"), 8), D("2025-03-03"))

    def test_easter(self):
        self.assertEqual(ref.easter_sunday(2023), D("2023-04-09"))
        self.assertEqual(ref.easter_sunday(2024), D("2024-03-31"))
        self.assertEqual(ref.easter_sunday(2025), D("2025-04-20"))
        self.assertEqual(ref.easter_sunday(2026), D("2026-04-05"))

    def test_holidays(self):
        h24 = ref.holidays(2024)
        for d in ["2024-03-28", "2024-03-29", "2024-03-31", "2024-04-01", "2024-05-09",
                  "2024-05-19", "2024-05-20", "2024-01-01", "2024-06-05", "2024-12-24",
                  "2024-12-25", "2024-12-26", "2024-12-31"]:
            self.assertIn(D(d), h24, d)
        self.assertNotIn(D("2024-04-26"), h24)           # no Store Bededag from 2024
        self.assertIn(D("2023-05-05"), ref.holidays(2023))  # Store Bededag 2023
        self.assertIn(D("2026-05-14"), ref.holidays(2026))  # Ascension 2026
        self.assertNotIn(D("2025-05-01"), ref.holidays(2025))

    def test_working_days(self):
        # Easter 2025: Thu 17, Fri 18, Mon 21 April closed
        self.assertEqual(ref.add_working_days(D("2025-04-14"), 10), D("2025-05-01"))
        self.assertEqual(ref.add_working_days(D("2025-12-19"), 10), D("2026-01-09"))
        self.assertEqual(ref.add_working_days(D("2025-03-01"), 10), D("2025-03-14"))
        self.assertEqual(ref.add_working_days(D("2023-05-01"), 5), D("2023-05-09"))
        self.assertEqual(ref.add_working_days(D("2024-05-01"), 5), D("2024-05-08"))
        # backwards: Mon 28 Dec 2026 - 1 working day skips Sun, Sat, Fri 25, Thu 24
        self.assertEqual(ref.DEFAULT_CALENDAR.add_working_days(D("2026-12-28"), -1), D("2026-12-23"))

    def test_config_calendar(self):
        cal = config("calendar: {closed: [2025-05-02], open: [2025-12-24]}").calendar
        self.assertFalse(cal.is_working_day(D("2025-05-02")))
        self.assertTrue(cal.is_working_day(D("2025-12-24")))
        self.assertEqual(cal.add_working_days(D("2025-04-30"), 2), D("2025-05-05"))

    def test_spans(self):
        self.assertEqual(ref.parse_span("2 months 15 days"), [(2, "month"), (15, "day")])
        self.assertEqual(ref.parse_span("1 working day"), [(1, "working")])
        self.assertEqual(ref.add_span(D("2025-01-31"), ref.parse_span("1 month 1 day"), ref.DEFAULT_CALENDAR),
                         D("2025-03-01"))
        with self.assertRaises(ValueError):
            ref.parse_span("soon")


class Status(unittest.TestCase):
    def test_every_status(self):
        s = lambda c, d: ref.status_of(c, D(d))  # noqa: E731
        app = mk("85", applied="2025-01-06")
        self.assertEqual(s(app, "2025-02-01"), "pending")
        self.assertEqual(s(mk("85"), "2025-02-01"), "pending")   # no dates at all
        ref_ = mk("85", applied="2025-01-06", decided="2025-02-10", decision="refused")
        self.assertEqual(s(ref_, "2025-02-09"), "pending")        # refusal not yet made
        self.assertEqual(s(ref_, "2025-02-10"), "refused")
        gr = mk("85", applied="2025-01-06", decided="2025-02-10", start="2025-03-01", end="2025-09-01")
        self.assertEqual(s(gr, "2025-02-10"), "granted")
        self.assertEqual(s(gr, "2025-03-01"), "active")
        self.assertEqual(s(gr, "2025-09-01"), "closed")
        self.assertEqual(s(mk("85", applied="2025-01-06", decided="2025-02-10"), "2025-06-01"), "granted")
        self.assertEqual(s(mk("82b", start="2025-03-01"), "2025-02-28"), "granted")


class Caps(unittest.TestCase):
    def test_cap_82b_every_state(self):
        c = mk("82b", start="2025-03-10")
        self.assertEqual(full(c, "2025-09-10", "cap-82b"),
                         [("2025-09-10", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2025-09-11", "cap-82b"), [("2025-09-10", MISSED)])
        c["end"] = D("2025-09-10")                     # planned end on the due date meets it
        self.assertEqual(obs(c, "2025-06-01", "cap-82b"), [("2025-09-10", MET)])
        c["end"] = D("2025-09-20")                     # planned end after it does not
        self.assertEqual(obs(c, "2025-09-15", "cap-82b"), [("2025-09-10", MISSED)])
        self.assertEqual(obs(c, "2025-09-20", "cap-82b"), [("2025-09-10", LATE)])

    def test_cap_82a_and_mf(self):
        a = mk("82a", start="2024-08-31")
        self.assertEqual(obs(a, "2025-03-01", "cap-82a"), [("2025-02-28", MISSED)])
        m = mk("mestringsforloeb", start="2025-01-31", end="2025-07-31")
        self.assertEqual(full(m, "2025-08-01", "cap-mf"),
                         [("2025-07-31", MET, "coach", "Lars Berg", False, False)])

    def test_move_off_weekends_moves_later(self):
        c = mk("82b", start="2025-03-08")              # + 6 months = Mon 2025-09-08; Sat start
        cfg = config("calendar: {move_off_weekends: true}")
        c2 = mk("82b", start="2025-01-04")             # + 6 months = Fri 2025-07-04
        self.assertEqual(obs(c2, "2025-07-04", "cap-82b", cfg), [("2025-07-04", OPEN)])
        c3 = mk("82b", start="2024-12-21")             # + 6 months = Sat 2025-06-21 -> Mon 23
        self.assertEqual(obs(c3, "2025-06-22", "cap-82b", cfg), [("2025-06-23", OPEN)])
        self.assertEqual(obs(c3, "2025-06-22", "cap-82b"), [("2025-06-21", MISSED)])
        self.assertEqual(obs(c, "2025-09-08", "cap-82b", cfg), [("2025-09-08", OPEN)])


class FirstContact82(unittest.TestCase):
    def test_every_state(self):
        # plan Fri 2025-09-05 + 10 working days = Fri 2025-09-19
        c = mk("82b", start="2025-09-01", plan="2025-09-05",
               contacts=contacts(("2025-09-01", "reached")))          # before plan: does not count
        self.assertEqual(full(c, "2025-09-19", "first-contact-82"),
                         [("2025-09-19", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2025-09-22", "first-contact-82"), [("2025-09-19", MISSED)])
        c["contacts"] += contacts(("2025-09-22", "no-answer"))
        self.assertEqual(obs(c, "2025-09-22", "first-contact-82"), [("2025-09-19", LATE)])
        c["contacts"] += contacts(("2025-09-19", "cancelled"))        # any outcome, on the due date
        self.assertEqual(obs(c, "2025-09-22", "first-contact-82"), [("2025-09-19", MET)])

    def test_plan_after_as_of_has_not_happened(self):
        c = mk("82a", start="2025-09-01", plan="2025-09-05")
        self.assertEqual(obs(c, "2025-09-04", "first-contact-82"), [])


class MonthlyFollowup82(unittest.TestCase):
    def test_chain_with_history(self):
        # plan 01-15 -> due 02-15, met by 02-14; 02-14 -> due 03-14, met late by 03-20;
        # 03-20 -> due 04-20 is the current one
        c = mk("82a", start="2025-01-10", plan="2025-01-15",
               followups=followups("2025-02-14", "2025-03-20", "2025-03-20"))
        self.assertEqual(full(c, "2025-04-20", "monthly-followup-82"), [
            ("2025-02-15", MET, "coach", "Lars Berg", False, False),
            ("2025-03-14", LATE, "coach", "Lars Berg", False, False),
            ("2025-04-20", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2025-04-21", "monthly-followup-82")[-1], ("2025-04-20", MISSED))
        # as of 2025-03-01 the later follow-ups have not happened
        self.assertEqual(obs(c, "2025-03-01", "monthly-followup-82"),
                         [("2025-02-15", MET), ("2025-03-14", OPEN)])

    def test_start_when_no_plan_and_stop_at_end(self):
        c = mk("82b", start="2025-01-31")
        self.assertEqual(obs(c, "2025-03-01", "monthly-followup-82"), [("2025-02-28", MISSED)])
        c["end"] = D("2025-02-27")                     # ended before the due date: no obligation
        self.assertEqual(obs(c, "2025-02-20", "monthly-followup-82"), [])
        c["end"] = D("2025-02-28")                     # ended on it: the obligation stays
        self.assertEqual(full(c, "2025-03-01", "monthly-followup-82"),
                         [("2025-02-28", MISSED, "coach", "Lars Berg", False, False)])
        self.assertEqual(ref.check_view([c], D("2025-03-01"))[0], [])  # closed: not reported


class Processing85(unittest.TestCase):
    def test_every_state(self):
        c = mk("85", applied="2025-01-06")             # + 8 weeks = 2025-03-03
        self.assertEqual(full(c, "2025-03-03", "processing-85"),
                         [("2025-03-03", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2025-03-04", "processing-85"), [("2025-03-03", MISSED)])
        c["decided"] = D("2025-03-03")
        self.assertEqual(obs(c, "2025-03-04", "processing-85"), [("2025-03-03", MET)])
        self.assertEqual(obs(c, "2025-03-02", "processing-85"), [("2025-03-03", OPEN)])  # not yet
        c["decided"] = D("2025-03-04")
        self.assertEqual(obs(c, "2025-03-04", "processing-85"), [("2025-03-03", LATE)])

    def test_period_override(self):
        c = mk("85", applied="2025-01-06")
        cfg = config("rules: {processing-85: {period: 30 working days}}")
        # 30 working days from Mon 6 Jan 2025: six full weeks -> Mon 17 Feb
        self.assertEqual(obs(c, "2025-02-01", "processing-85", cfg), [("2025-02-17", OPEN)])


class Refused(unittest.TestCase):
    def test_a_refused_case_has_only_processing(self):
        c = mk("85", applied="2025-01-06", decided="2025-02-10", decision="refused",
               start="2025-02-10", plan="2025-02-12", meetings=[{"date": D("2025-03-01")}],
               contacts=contacts(("2025-02-11", "no-answer")))
        cfg = config("rules: {first-contact-85: {enabled: true}}")
        got = [(ob.rule, ob.due.isoformat(), ob.state) for ob in ref.obligations(c, D("2025-06-01"), cfg)]
        self.assertEqual(got, [("processing-85", "2025-03-03", MET)])
        # before the refusal was made, the case is an application with its other rules
        got = {ob.rule for ob in ref.obligations(c, D("2025-02-09"), cfg)}
        self.assertIn("processing-85", got)
        self.assertIn("first-followup-85", got)


class GrantedNotStarted(unittest.TestCase):
    def test_future_start_anchors_and_no_rates(self):
        c = mk("85", applied="2025-01-06", decided="2025-02-10", start="2025-04-01",
               contacts=contacts(("2025-02-12", "reached")))
        as_of = "2025-03-15"
        self.assertEqual(ref.status_of(c, D(as_of)), "granted")
        self.assertEqual(obs(c, as_of, "processing-85"), [("2025-03-03", MET)])
        self.assertEqual(obs(c, as_of, "first-followup-85"), [("2025-07-01", OPEN)])
        self.assertEqual(obs(c, as_of, "health-check-85"), [("2026-04-01", OPEN)])
        self.assertEqual(obs(c, as_of, "level-frequency-85"), [])
        self.assertEqual(obs(c, as_of, "level-above-85"), [])
        self.assertEqual(ref.due_view([c], D(as_of))[0], [])


class FirstFollowup85(unittest.TestCase):
    def test_every_state(self):
        c = mk("85", start="2025-03-10", followups=followups("2025-03-01"))  # before start: no
        self.assertEqual(full(c, "2025-06-10", "first-followup-85"),
                         [("2025-06-10", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2025-06-11", "first-followup-85"), [("2025-06-10", MISSED)])
        c["followups"] += followups("2025-06-11")
        self.assertEqual(obs(c, "2025-06-11", "first-followup-85"), [("2025-06-10", LATE)])
        c["followups"] += followups("2025-06-10")
        self.assertEqual(obs(c, "2025-06-11", "first-followup-85"), [("2025-06-10", MET)])


class AnnualReview85(unittest.TestCase):
    def test_chain(self):
        c = mk("85", start="2024-03-01")
        self.assertEqual(obs(c, "2025-06-01", "annual-review-85"), [])  # only once a follow-up exists
        c["followups"] = followups("2024-05-02", "2025-05-02")
        self.assertEqual(full(c, "2026-05-02", "annual-review-85"), [
            ("2025-05-02", MET, "authority", "Mette Holm", False, False),
            ("2026-05-02", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2026-05-03", "annual-review-85")[-1], ("2026-05-02", MISSED))
        c["followups"] = followups("2024-05-02", "2025-05-03")
        self.assertEqual(obs(c, "2025-06-01", "annual-review-85")[0], ("2025-05-02", LATE))


class HealthCheck85(unittest.TestCase):
    def test_chain_from_start(self):
        c = mk("85", start="2024-03-01")
        self.assertEqual(full(c, "2025-03-02", "health-check-85"),
                         [("2025-03-01", MISSED, "coach", "Lars Berg", True, False)])
        c["health_checks"] = [D("2025-02-20")]
        self.assertEqual(obs(c, "2025-03-02", "health-check-85"),
                         [("2025-03-01", MET), ("2026-02-20", OPEN)])
        c["health_checks"] = [D("2025-03-05")]
        self.assertEqual(obs(c, "2025-03-05", "health-check-85"),
                         [("2025-03-01", LATE), ("2026-03-05", OPEN)])


class NonResponse(unittest.TestCase):
    def test_answered_before_due_has_no_obligation(self):
        # rules.md: "no answer on 3 March, reached on 5 March - no obligation"
        c = mk("82b", start="2025-01-06", contacts=contacts(("2025-03-03", "no-answer"),
                                                           ("2025-03-05", "reached")))
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [])
        # reached exactly on the due date (the 4th attempt's date) is still in time
        c["contacts"] = contacts(("2025-03-03", "no-answer"), ("2025-03-04", "no-answer"),
                                 ("2025-03-05", "cancelled"), ("2025-03-06", "no-answer"),
                                 ("2025-03-06", "reached"))
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [])

    def test_rules_md_example(self):
        # no answer 6, 8, 10, 13 Jan, reached 20 Jan: due = 4th attempt 13 Jan, ended
        # after it -> an obligation; a second streak 3, 5 Feb; escalation 10 Feb
        c = mk("82b", start="2024-12-01", contacts=contacts(
            ("2025-01-06", "no-answer"), ("2025-01-08", "no-answer"), ("2025-01-10", "no-answer"),
            ("2025-01-13", "no-answer"), ("2025-01-20", "reached"),
            ("2025-02-03", "no-answer"), ("2025-02-05", "no-answer")),
            escalations=escalations(("2025-02-10", "non-response")))
        self.assertEqual(full(c, "2025-02-15", "non-response"), [
            ("2025-01-13", MISSED, "coach", "Lars Berg", False, False),   # history
            ("2025-03-03", MET, "coach", "Lars Berg", True, False)])      # the current streak
        self.assertEqual([f for f in ref.check_view([c], D("2025-02-15"))[0] if f[1] == "non-response"], [])

    def test_every_state_of_the_current_streak(self):
        c = mk("85", start="2025-01-06", contacts=contacts(
            ("2025-03-03", "reached"), ("2025-03-04", "no-answer"), ("2025-03-06", "no-answer"),
            ("2025-03-10", "cancelled"), ("2025-03-12", "no-answer")))
        self.assertEqual(obs(c, "2025-03-12", "non-response"), [("2025-03-12", OPEN)])
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("2025-03-12", MISSED)])
        c["escalations"] = escalations(("2025-03-04", "other"))        # the first attempt's day
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("2025-03-12", MET)])
        c["escalations"] = escalations(("2025-03-03", "non-response"))  # before the streak
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("2025-03-12", MISSED)])
        c["escalations"] = escalations(("2025-03-20", "non-response"))
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("2025-03-12", MISSED)])  # not yet
        self.assertEqual(obs(c, "2025-03-20", "non-response"), [("2025-03-12", LATE)])

    def test_coach_change_and_significant_change_do_not_count(self):
        c = mk("82a", start="2025-01-06", contacts=contacts(("2025-03-04", "no-answer")),
               escalations=escalations(("2025-03-05", "coach-change"), ("2025-03-06", "significant-change")))
        self.assertEqual(obs(c, "2025-04-05", "non-response"), [("2025-04-04", MISSED)])

    def test_escalation_counts_only_for_its_own_streak(self):
        # streak 1: 3 Feb (due 3 Mar), reached 10 Mar -> ended late; its late span is
        # (3 Mar, 10 Mar].  Streak 2: 20 Mar, escalation 25 Mar -> meets streak 2 only.
        c = mk("82a", start="2025-01-06", contacts=contacts(
            ("2025-02-03", "no-answer"), ("2025-03-10", "reached"), ("2025-03-20", "no-answer")),
            escalations=escalations(("2025-03-25", "non-response")))
        self.assertEqual(full(c, "2025-04-01", "non-response"), [
            ("2025-03-03", MISSED, "coach", "Lars Berg", False, False),
            ("2025-04-20", MET, "coach", "Lars Berg", True, False)])
        # an escalation after the due date, before the streak ended: met late (history)
        c["escalations"] = escalations(("2025-03-10", "other"))
        self.assertEqual(obs(c, "2025-04-01", "non-response"),
                         [("2025-03-03", LATE), ("2025-04-20", OPEN)])

    def test_one_month_clamped_and_ties_keep_file_order(self):
        c = mk("85", start="2025-01-06", contacts=contacts(("2025-01-31", "no-answer"),
                                                          ("2025-02-10", "no-answer")))
        self.assertEqual(obs(c, "2025-03-01", "non-response"), [("2025-02-28", MISSED)])
        c = mk("85", start="2025-01-06", contacts=contacts(("2025-03-01", "no-answer"),
                                                          ("2025-03-01", "reached")))
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [])
        c["contacts"].reverse()
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [("2025-04-01", MISSED)])
        # unsorted file: sorted by date first; a future reached contact has not happened
        c = mk("85", start="2025-01-06", contacts=contacts(("2025-03-20", "reached"),
                                                          ("2025-03-01", "no-answer")))
        self.assertEqual(obs(c, "2025-03-10", "non-response"), [("2025-04-01", OPEN)])

    def test_move_off_weekends_moves_only_the_month(self):
        cfg = config("calendar: {move_off_weekends: true}")
        # first attempt Wed 2025-05-14 + 1 month = Sat 2025-06-14 -> Mon 16
        c = mk("82a", start="2025-01-06", contacts=contacts(("2025-05-14", "no-answer")))
        self.assertEqual(obs(c, "2025-06-15", "non-response", cfg), [("2025-06-16", OPEN)])
        # the 4th attempt on a Saturday stays (decisions: "the computed date only")
        c["contacts"] += contacts(("2025-05-15", "no-answer"), ("2025-05-16", "no-answer"),
                                  ("2025-05-17", "no-answer"))
        self.assertEqual(obs(c, "2025-06-15", "non-response", cfg), [("2025-05-17", MISSED)])


class LevelRules(unittest.TestCase):
    def reached(self, *ds):
        return contacts(*[(d, "reached") for d in ds])

    def test_window_and_every_state(self):
        # level 2: minimum 2, maximum 4; as of 2025-03-31 the window is 03-04..03-31
        c = mk("85", start="2025-01-01", contacts=self.reached("2025-03-03", "2025-03-04"))
        self.assertEqual(full(c, "2025-03-31", "level-frequency-85"),
                         [(None, MISSED, "coach", "Lars Berg", True, False)])
        c["contacts"] += self.reached("2025-03-31")
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [(None, MET)])
        self.assertEqual(obs(c, "2025-03-31", "level-above-85"), [(None, MET)])
        c["contacts"] += self.reached("2025-03-10", "2025-03-11", "2025-03-12")
        self.assertEqual(obs(c, "2025-03-31", "level-above-85"), [(None, MISSED)])
        # started less than 28 days before; closed
        self.assertEqual(obs(c, "2025-01-28", "level-frequency-85"), [])
        self.assertEqual(obs(c, "2025-01-29", "level-frequency-85"), [(None, MISSED)])
        c["end"] = D("2025-03-31")
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [])

    def test_level_change_40_days_before(self):
        # change to level 3 (min 4, max 8) on 2025-02-19, 40 days before 2025-03-31:
        # judged at level 3 over the full window 03-04..03-31
        c = mk("85", start="2025-01-01", level_changes=[{"date": D("2025-02-19"), "level": 3}],
               contacts=self.reached("2025-02-20", "2025-03-05", "2025-03-06", "2025-03-07"))
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [(None, MISSED)])  # 3 < 4
        c["contacts"] += self.reached("2025-03-31")
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [(None, MET)])

    def test_level_change_20_days_before(self):
        # change to level 1 (max 2) on 2025-03-11, 20 days before 2025-03-31:
        # level-frequency not judged yet; level-above over 03-11..03-31 only
        c = mk("85", level=4, start="2025-01-01",
               level_changes=[{"date": D("2025-03-11"), "level": 1}],
               contacts=self.reached("2025-03-05", "2025-03-06", "2025-03-07", "2025-03-11", "2025-03-20"))
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [])
        self.assertEqual(obs(c, "2025-03-31", "level-above-85"), [(None, MET)])        # 2 <= 2
        c["contacts"] += self.reached("2025-03-30")
        self.assertEqual(obs(c, "2025-03-31", "level-above-85"), [(None, MISSED)])     # 3 > 2
        # the change had not happened as of 2025-03-10: level 4 (min 12) over 02-11..03-10
        self.assertEqual(obs(c, "2025-03-10", "level-frequency-85"), [(None, MISSED)])

    def test_change_exactly_28_and_27_days_before(self):
        c = mk("85", start="2025-01-01", level_changes=[{"date": D("2025-03-03"), "level": 1}],
               contacts=self.reached("2025-03-20"))
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [(None, MET)])
        c["level_changes"] = [{"date": D("2025-03-04"), "level": 1}]
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [])

    def test_level_5_has_no_maximum(self):
        c = mk("85", level=5, start="2025-01-01")
        self.assertEqual(obs(c, "2025-03-31", "level-above-85"), [])
        self.assertEqual(obs(c, "2025-03-31", "level-frequency-85"), [(None, MISSED)])


class StatusBeforeMeeting(unittest.TestCase):
    def test_monday_after_christmas(self):
        # meeting Mon 2026-12-28: Sun 27, Sat 26, Fri 25 (Christmas Day) and Thu 24
        # (Christmas Eve) are closed -> due Wed 2026-12-23
        c = mk("82a", start="2026-09-01", meetings=[{"date": D("2026-12-28")}])
        self.assertEqual(full(c, "2026-12-23", "status-before-meeting"),
                         [("2026-12-23", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2026-12-24", "status-before-meeting"), [("2026-12-23", MISSED)])
        c["meetings"][0]["status"] = D("2026-12-23")
        self.assertEqual(obs(c, "2026-12-24", "status-before-meeting"), [("2026-12-23", MET)])
        c["meetings"][0]["status"] = D("2026-12-27")
        self.assertEqual(obs(c, "2026-12-28", "status-before-meeting"), [("2026-12-23", LATE)])
        self.assertEqual(obs(c, "2026-12-26", "status-before-meeting"), [("2026-12-23", MISSED)])

    def test_after_easter_and_future_meetings(self):
        # meeting Tue 2025-04-22: Mon 21 (Easter Monday), Sun, Sat, Fri 18, Thu 17 closed
        c = mk("85", start="2025-01-01", meetings=[{"date": D("2025-04-22")}, {"date": D("2025-06-16")}])
        self.assertEqual(obs(c, "2025-04-01", "status-before-meeting"),
                         [("2025-04-16", OPEN), ("2025-06-13", OPEN)])

    def test_day_periods_and_move_earlier(self):
        c = mk("82a", start="2025-01-01", meetings=[{"date": D("2025-06-16")}, {"date": D("2025-04-22")}])
        cfg = config("rules: {status-before-meeting: {period: 1 day}}")
        self.assertEqual(obs(c, "2025-04-01", "status-before-meeting", cfg),
                         [("2025-06-15", OPEN), ("2025-04-21", OPEN)])
        cfg = config("calendar: {move_off_weekends: true}\n"
                     "rules: {status-before-meeting: {period: 2 days, role: authority}}")
        # Sat 14 June -> Fri 13; Sun 20 April (Easter) -> Wed 16
        self.assertEqual(full(c, "2025-04-01", "status-before-meeting", cfg), [
            ("2025-06-13", OPEN, "authority", "Mette Holm", True, False),
            ("2025-04-16", OPEN, "authority", "Mette Holm", True, False)])

    def test_meeting_due_after_end_does_not_exist(self):
        c = mk("82a", start="2025-01-01", end="2025-04-15", meetings=[{"date": D("2025-04-22")}])
        self.assertEqual(obs(c, "2025-04-01", "status-before-meeting"), [])


class PreliminaryPhaseMf(unittest.TestCase):
    def test_every_state(self):
        m = mk("mestringsforloeb", start="2025-01-31")
        self.assertEqual(full(m, "2025-02-28", "preliminary-phase-mf"),
                         [("2025-02-28", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(m, "2025-03-01", "preliminary-phase-mf"), [("2025-02-28", MISSED)])
        m["main_phase"] = D("2025-03-01")
        self.assertEqual(obs(m, "2025-03-01", "preliminary-phase-mf"), [("2025-02-28", LATE)])
        m["main_phase"] = D("2025-02-28")
        self.assertEqual(obs(m, "2025-03-01", "preliminary-phase-mf"), [("2025-02-28", MET)])


class ClosingRules(unittest.TestCase):
    def test_closing_talk_82_is_due_14_days_after_end(self):
        c = mk("82b", start="2025-08-31", end="2025-11-15")
        self.assertEqual(full(c, "2025-11-01", "closing-talk-82"),
                         [("2025-11-29", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2025-11-29", "closing-talk-82"), [("2025-11-29", OPEN)])
        self.assertEqual(full(c, "2025-11-30", "closing-talk-82"),
                         [("2025-11-29", MISSED, "coach", "Lars Berg", True, False)])
        self.assertEqual(ref.check_view([c], D("2025-11-30"))[0],
                         [("T1", "closing-talk-82", "2025-11-29", "warning", "coach", "Lars Berg")])
        c["closing_talk"] = D("2025-11-30")
        self.assertEqual(obs(c, "2025-12-01", "closing-talk-82"), [("2025-11-29", LATE)])
        c["closing_talk"] = D("2025-11-01")                   # before end is fine
        self.assertEqual(obs(c, "2025-12-01", "closing-talk-82"), [("2025-11-29", MET)])

    def test_hearing_85(self):
        c = mk("85", start="2025-01-01", end="2025-06-30", end_reason="moved")
        self.assertEqual(obs(c, "2025-07-01", "hearing-85"), [])
        c["end_reason"] = "goal-achieved"
        self.assertEqual(full(c, "2025-06-30", "hearing-85"),
                         [("2025-06-30", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2025-07-01", "hearing-85"), [("2025-06-30", MISSED)])
        c["hearing"] = D("2025-07-02")
        self.assertEqual(obs(c, "2025-07-02", "hearing-85"), [("2025-06-30", LATE)])
        c["hearing"] = D("2025-06-01")
        self.assertEqual(obs(c, "2025-07-02", "hearing-85"), [("2025-06-30", MET)])

    def test_report_mf(self):
        m = mk("mestringsforloeb", start="2025-01-31", end="2025-07-31")
        self.assertEqual(obs(m, "2025-08-14", "report-mf"), [("2025-08-14", OPEN)])
        self.assertEqual(full(m, "2025-08-15", "report-mf"),
                         [("2025-08-14", MISSED, "coach", "Lars Berg", True, False)])
        m["report"] = D("2025-08-15")
        self.assertEqual(obs(m, "2025-08-15", "report-mf"), [("2025-08-14", LATE)])
        m["report"] = D("2025-08-14")
        self.assertEqual(obs(m, "2025-08-15", "report-mf"), [("2025-08-14", MET)])


class FirstContact85(unittest.TestCase):
    ON = "rules: {first-contact-85: {enabled: true}}"

    def test_off_by_default(self):
        c = mk("85", applied="2025-01-06", decided="2025-03-03", start="2025-03-10")
        self.assertEqual(obs(c, "2025-06-01", "first-contact-85"), [])

    def test_every_state(self):
        cfg = config(self.ON)
        # decided Mon 2025-03-03 + 10 working days = Mon 2025-03-17
        c = mk("85", applied="2025-01-06", decided="2025-03-03", start="2025-03-10",
               contacts=contacts(("2025-03-01", "reached")))            # before the decision
        self.assertEqual(full(c, "2025-03-17", "first-contact-85", cfg),
                         [("2025-03-17", OPEN, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2025-03-18", "first-contact-85", cfg), [("2025-03-17", MISSED)])
        c["contacts"] += contacts(("2025-03-18", "no-answer"))
        self.assertEqual(obs(c, "2025-03-18", "first-contact-85", cfg), [("2025-03-17", LATE)])
        c["contacts"] += contacts(("2025-03-03", "no-answer"))
        self.assertEqual(obs(c, "2025-03-18", "first-contact-85", cfg), [("2025-03-17", MET)])
        # not before the decision is made; not for a refusal
        self.assertEqual(obs(c, "2025-03-02", "first-contact-85", cfg), [])
        c["decision"] = "refused"
        self.assertEqual(obs(c, "2025-03-18", "first-contact-85", cfg), [])


class FollowupAfterChange(unittest.TestCase):
    def test_every_state(self):
        c = mk("82a", start="2025-01-06", escalations=escalations(
            ("2025-03-05", "significant-change"), ("2025-03-06", "non-response")))
        self.assertEqual(full(c, "2025-04-02", "followup-after-change"),
                         [("2025-04-02", OPEN, "authority", "Mette Holm", True, False)])
        self.assertEqual(obs(c, "2025-04-03", "followup-after-change"), [("2025-04-02", MISSED)])
        c["followups"] = followups("2025-03-04", "2025-04-03")           # before: no; after: late
        self.assertEqual(obs(c, "2025-04-03", "followup-after-change"), [("2025-04-02", LATE)])
        c["followups"] += followups("2025-03-05")                        # the same day is in time
        self.assertEqual(obs(c, "2025-04-03", "followup-after-change"), [("2025-04-02", MET)])
        self.assertEqual(obs(c, "2025-03-04", "followup-after-change"), [])  # not yet escalated

    def test_one_per_escalation_each_reportable(self):
        c = mk("85", start="2025-01-06", escalations=escalations(
            ("2025-02-03", "significant-change"), ("2025-03-03", "significant-change")))
        self.assertEqual(full(c, "2025-04-01", "followup-after-change"), [
            ("2025-03-03", MISSED, "authority", "Mette Holm", True, False),
            ("2025-03-31", MISSED, "authority", "Mette Holm", True, False)])
        cfg = config("rules: {followup-after-change: {period: 3 weeks}}\n"
                     "calendar: {move_off_weekends: true}")
        # + 3 weeks = Mon 2025-02-24 and Mon 2025-03-24: working days, not moved
        self.assertEqual(obs(c, "2025-04-01", "followup-after-change", cfg),
                         [("2025-02-24", MISSED), ("2025-03-24", MISSED)])


class RolesAndOwners(unittest.TestCase):
    def test_owner_is_null_without_a_name(self):
        c = mk("85", applied="2025-01-06", start="2025-03-10")
        c["advisor"] = ""
        del c["coach"]
        self.assertEqual(full(c, "2025-06-01", "processing-85"),
                         [("2025-03-03", MISSED, "authority", None, True, False)])
        self.assertEqual(full(c, "2026-03-11", "health-check-85")[0][2:4], ("coach", None))

    def test_role_override_and_disabled_rule(self):
        c = mk("82b", start="2025-03-10")
        cfg = config("rules: {cap-82b: {role: coach}, monthly-followup-82: {enabled: false}}")
        self.assertEqual(full(c, "2025-09-11", "cap-82b", cfg),
                         [("2025-09-10", MISSED, "coach", "Lars Berg", True, False)])
        self.assertEqual(obs(c, "2025-09-11", "monthly-followup-82", cfg), [])


class Exemptions(unittest.TestCase):
    def case(self, frm, until, **kw):
        ex = {"rule": "first-followup-85", "from": D(frm), "until": D(until),
              "reason": "Indlagt på psykiatrisk afdeling"}
        ex.update(kw)
        # first follow-up due 2025-06-10, missed from 2025-06-11
        return mk("85", start="2025-03-10", exemptions=[ex])

    def test_starting_running_and_expired(self):
        c = self.case("2025-06-20", "2025-08-31", by="Mette Holm")
        self.assertEqual(full(c, "2025-06-19", "first-followup-85")[0][-1], False)   # not yet
        self.assertEqual(full(c, "2025-06-20", "first-followup-85"),                  # starting
                         [("2025-06-10", MISSED, "authority", "Mette Holm", True, True)])
        self.assertEqual(full(c, "2025-07-15", "first-followup-85")[0][-1], True)     # running
        self.assertEqual(full(c, "2025-08-31", "first-followup-85")[0][-1], True)     # last day
        self.assertEqual(full(c, "2025-09-01", "first-followup-85")[0][-1], False)    # expired
        findings, exempted = ref.check_view([c], D("2025-07-15"))
        self.assertNotIn("first-followup-85", [f[1] for f in findings])
        self.assertEqual(exempted, [("T1", "first-followup-85", "2025-06-10", "authority", "Mette Holm",
                                     "Indlagt på psykiatrisk afdeling", "2025-08-31", "Mette Holm")])
        items, ex_items = ref.due_view([c], D("2025-07-15"))
        self.assertEqual(ex_items[0][:4], ("T1", "first-followup-85", "2025-06-10", True))
        self.assertNotIn("first-followup-85", [i[1] for i in items])
        self.assertIn(("T1", "first-followup-85", "2025-06-10", "error", "authority", "Mette Holm"),
                      ref.check_view([c], D("2025-09-01"))[0])

    def test_open_obligations_are_exempted_met_ones_never(self):
        c = self.case("2025-05-01", "2025-06-30")
        self.assertEqual(full(c, "2025-05-02", "first-followup-85")[0][1:], 
                         (OPEN, "authority", "Mette Holm", True, True))
        c["followups"] = followups("2025-05-02")
        self.assertEqual(full(c, "2025-05-02", "first-followup-85")[0][1:],
                         (MET, "authority", "Mette Holm", True, False))

    def test_history_and_rates_are_exempted_too(self):
        c = mk("85", start="2025-01-01", contacts=contacts(
            ("2025-02-03", "no-answer"), ("2025-03-10", "reached")),
            exemptions=[{"rule": "non-response", "from": D("2025-03-01"), "until": D("2025-04-30"),
                         "reason": "Ophold i udlandet"},
                        {"rule": "level-frequency-85", "from": D("2025-03-01"), "until": D("2025-04-30"),
                         "reason": "Ophold i udlandet"}])
        self.assertEqual(full(c, "2025-04-01", "non-response"),
                         [("2025-03-03", MISSED, "coach", "Lars Berg", False, True)])
        self.assertEqual(full(c, "2025-04-01", "level-frequency-85"),
                         [(None, MISSED, "coach", "Lars Berg", True, True)])
        self.assertEqual(ref.check_view([c], D("2025-04-01"))[0], [])
        self.assertEqual([e[1] for e in ref.check_view([c], D("2025-04-01"))[1]], ["level-frequency-85"])

    def test_broken_exemptions_are_ignored(self):
        for kw in [dict(until="2025-12-21"),                 # longer than 6 months after from
                   dict(rule="cap-82c"), dict(rule="date-order"),
                   dict(reason=""), dict(reason="   "), dict(until="2025-06-19")]:
            until = kw.pop("until", "2025-08-31")
            c = self.case("2025-06-20", until, **kw)
            self.assertEqual(ref.valid_exemptions(c), [], kw)
            self.assertEqual(full(c, "2025-07-15", "first-followup-85")[0][-1], False, kw)
        c = self.case("2025-06-20", "2025-12-20")            # exactly 6 months: valid
        self.assertEqual(len(ref.valid_exemptions(c)), 1)


class Views(unittest.TestCase):
    def test_due_week_and_overdue(self):
        c = mk("82a", id="W1", start="2025-01-06", plan="2025-01-06",
               contacts=contacts(("2025-01-08", "reached")), followups=followups("2025-02-06"),
               meetings=[{"date": D("2025-03-14")}])
        # as of Wed 2025-03-12: week Mon 10 - Sun 16 March
        items, exempted = ref.due_view([c], D("2025-03-12"))
        self.assertEqual(sorted(items), [
            ("W1", "monthly-followup-82", "2025-03-06", True, "coach", "Lars Berg"),
            ("W1", "status-before-meeting", "2025-03-13", False, "coach", "Lars Berg")])
        self.assertEqual(exempted, [])
        self.assertEqual(ref.week_bounds(D("2025-03-16")), (D("2025-03-10"), D("2025-03-16")))

    def test_closed_case_reports_closing_rules_only(self):
        c = mk("82b", id="C1", start="2025-01-06", end="2025-03-31")
        findings, _ = ref.check_view([c], D("2025-06-01"))
        self.assertEqual(findings, [("C1", "closing-talk-82", "2025-04-14", "warning", "coach", "Lars Berg")])
        status, closed, obl = ref.show_view(c, D("2025-06-01"))
        self.assertEqual((status, closed), ("closed", True))
        self.assertIn(("monthly-followup-82", "2025-02-06", MISSED, "warning", "coach", "Lars Berg", False, False),
                      obl)


class Generator(unittest.TestCase):
    def test_cases_are_valid_and_cover_version_2(self):
        seen = {"decision": set(), "reasons": set(), "status": set(), "level_changes": 0,
                "exemptions": 0, "exempted": 0, "broken": 0, "ties": 0, "after_holiday": 0}
        with tempfile.TemporaryDirectory() as tmp:
            gen_cases.generate(tmp, 200, 20250615)
            for f in sorted(os.listdir(tmp)):
                c = ref.load_case(os.path.join(tmp, f))
                self.check_valid(f, c)
                seen["decision"].add(c.get("decision"))
                seen["reasons"] |= {e["reason"] for e in c.get("escalations") or []}
                seen["level_changes"] += bool(c.get("level_changes"))
                n_valid = len(ref.valid_exemptions(c))
                seen["exemptions"] += n_valid
                seen["broken"] += len(c.get("exemptions") or []) - n_valid
                ds = [x["date"] for x in c.get("contacts") or []]
                seen["ties"] += len(ds) != len(set(ds))
                seen["after_holiday"] += any(m["date"] in gen_cases.AFTER_HOLIDAYS
                                             for m in c.get("meetings") or [])
                for a in gen_cases.AS_OFS:
                    seen["status"].add(ref.status_of(c, a))
                    seen["exempted"] += sum(ob.exempted for ob in ref.obligations(c, a))
        self.assertEqual(seen["decision"], {None, "granted", "refused"})
        self.assertEqual(seen["reasons"], set(gen_cases.ESC_REASONS))
        self.assertEqual(seen["status"], {"pending", "refused", "granted", "active", "closed"})
        for k in ["level_changes", "exemptions", "exempted", "ties", "after_holiday"]:
            self.assertGreater(seen[k], 3, k)
        self.assertGreater(seen["broken"], 0)

    def check_valid(self, f, c):
        self.assertEqual(f, c["id"] + ".yaml")
        self.assertIn(c["paragraph"], ("82a", "82b", "85", "mestringsforloeb"))
        self.assertTrue(c["citizen"]["name"])
        if c["paragraph"] == "85":
            self.assertIn(c["level"], range(1, 6))
        for lc in c.get("level_changes") or []:
            self.assertIn(lc["level"], range(1, 6))
        g = c.get
        if g("end"):
            self.assertGreaterEqual(g("end"), g("start"), f)
        if g("decision"):
            self.assertIn(g("decision"), ("granted", "refused"))
            self.assertTrue(g("decided"), f)       # decision without decided is a data error
        if g("decided"):
            self.assertGreaterEqual(g("decided"), g("applied"), f)
            if g("start"):
                self.assertGreaterEqual(g("start"), g("decided"), f)
        cpr = c["citizen"].get("cpr")
        if cpr:
            self.assertRegex(cpr, r"^\d{6}-[0-3]\d{3}$")
            date(1900 + int(cpr[4:6]), int(cpr[2:4]), int(cpr[0:2]))
        for d in _dates(c):
            self.assertTrue(gen_cases.LO <= d <= gen_cases.HI, (f, d))
        for x in c.get("contacts") or []:
            self.assertIn(x["outcome"], ("reached", "no-answer", "cancelled"))
        if "end_reason" in c:
            self.assertIn(c["end_reason"], gen_cases.END_REASONS)


class CompareScript(unittest.TestCase):
    """compare.py against fake_mestring.py (the reference behind the JSON contract):
    it agrees with a binary that agrees, and names the rule of one that does not."""
    HERE = os.path.dirname(os.path.abspath(__file__))

    def run_compare(self, bug=""):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, FAKE_MESTRING_BUG=bug)
            p = subprocess.run([sys.executable, os.path.join(self.HERE, "compare.py"),
                                os.path.join(self.HERE, "fake_mestring.py"), tmp,
                                "--cases", "8", "--as-of", "2025-12-29"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        return p.returncode, p.stdout + p.stderr

    def test_agreement_passes(self):
        rc, out = self.run_compare()
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"crosscheck: 2 configs x 1 as-of dates x 8 cases; [1-9]\d* rows agree")

    def test_a_wrong_due_date_fails_and_is_named(self):
        rc, out = self.run_compare("status-due")
        self.assertEqual(rc, 1, out)
        self.assertIn("crosscheck: FAILED", out)
        groups = re.findall(r"^  (\S+) +(only in mestring|only in reference|differs|\S+) +(\S+) +\d+$",
                            out, re.M)
        self.assertIn(("show", "only in mestring", "status-before-meeting"), groups)
        self.assertEqual({g[2] for g in groups}, {"status-before-meeting"}, out)

    def test_usage(self):
        p = subprocess.run([sys.executable, os.path.join(self.HERE, "compare.py"), "x"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("usage: compare.py", p.stderr)


def _dates(o):
    if isinstance(o, date):
        yield o
    elif isinstance(o, dict):
        for v in o.values():
            yield from _dates(v)
    elif isinstance(o, list):
        for v in o:
            yield from _dates(v)


if __name__ == "__main__":
    unittest.main()
