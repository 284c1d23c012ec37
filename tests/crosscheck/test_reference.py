"""Hand-computed checks of reference.py.  Run: python3 -m unittest (from this folder)."""

import os
import sys
import tempfile
import unittest
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gen_cases  # noqa: E402
import reference as ref  # noqa: E402

D = date.fromisoformat


def obs(case, as_of, rule=None):
    out = ref.obligations(case, D(as_of))
    if rule:
        out = [o for o in out if o[0] == rule]
    return [(r, d.isoformat() if d else None, s) for r, d, s in out]


class DateArithmetic(unittest.TestCase):
    def test_months(self):
        self.assertEqual(ref.add_months(D("2025-08-31"), 6), D("2026-02-28"))
        self.assertEqual(ref.add_months(D("2024-11-30"), 3), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2024-02-29"), 12), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2023-08-31"), 6), D("2024-02-29"))
        self.assertEqual(ref.add_months(D("2025-01-31"), 1), D("2025-02-28"))
        self.assertEqual(ref.add_months(D("2025-12-15"), 1), D("2026-01-15"))
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
        # Christmas/New Year 2025-26
        self.assertEqual(ref.add_working_days(D("2025-12-19"), 10), D("2026-01-09"))
        # from a Saturday
        self.assertEqual(ref.add_working_days(D("2025-03-01"), 10), D("2025-03-14"))
        # Store Bededag 2023 (Fri 5 May) counts as closed
        self.assertEqual(ref.add_working_days(D("2023-05-01"), 5), D("2023-05-09"))
        self.assertEqual(ref.add_working_days(D("2024-05-01"), 5), D("2024-05-08"))


def case85(**kw):
    c = {"id": "T1", "paragraph": "85", "citizen": {"name": "X"}, "level": 2}
    c.update(kw)
    return c


class NonResponse(unittest.TestCase):
    def contacts(self, *items):
        return [{"date": D(d), "outcome": o} for d, o in items]

    def test_fourth_attempt_before_one_month(self):
        c = case85(start=D("2025-01-06"), contacts=self.contacts(
            ("2025-03-03", "reached"), ("2025-03-04", "no-answer"), ("2025-03-06", "no-answer"),
            ("2025-03-10", "cancelled"), ("2025-03-12", "no-answer")))
        self.assertEqual(obs(c, "2025-03-12", "non-response"), [("non-response", "2025-03-12", "open")])
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("non-response", "2025-03-12", "missed")])
        c["escalations"] = [{"date": D("2025-03-12"), "reason": "other"}]
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("non-response", "2025-03-12", "met")])
        c["escalations"] = [{"date": D("2025-03-03"), "reason": "non-response"}]  # before the streak
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("non-response", "2025-03-12", "missed")])
        c["escalations"] = [{"date": D("2025-03-20"), "reason": "non-response"}]
        self.assertEqual(obs(c, "2025-03-13", "non-response"), [("non-response", "2025-03-12", "missed")])
        self.assertEqual(obs(c, "2025-03-20", "non-response"), [("non-response", "2025-03-12", "met-late")])

    def test_one_month_clamped(self):
        c = case85(start=D("2025-01-06"), contacts=self.contacts(
            ("2025-01-31", "no-answer"), ("2025-02-10", "no-answer")))
        self.assertEqual(obs(c, "2025-03-01", "non-response"), [("non-response", "2025-02-28", "missed")])

    def test_reached_resets_and_ties_keep_file_order(self):
        c = case85(start=D("2025-01-06"), contacts=self.contacts(
            ("2025-03-01", "no-answer"), ("2025-03-01", "reached")))
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [])
        c["contacts"].reverse()
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [("non-response", "2025-04-01", "missed")])
        # unsorted file: sort by date first
        c = case85(start=D("2025-01-06"), contacts=self.contacts(
            ("2025-03-05", "no-answer"), ("2025-03-01", "reached")))
        self.assertEqual(obs(c, "2025-06-01", "non-response"), [("non-response", "2025-04-05", "missed")])

    def test_future_contacts_ignored(self):
        c = case85(start=D("2025-01-06"), contacts=self.contacts(
            ("2025-03-01", "no-answer"), ("2025-03-20", "reached")))
        self.assertEqual(obs(c, "2025-03-10", "non-response"), [("non-response", "2025-04-01", "open")])


class Rules(unittest.TestCase):
    def test_85_basics(self):
        c = case85(applied=D("2025-01-06"), decided=D("2025-03-03"), start=D("2025-03-10"),
                   followups=[{"date": D("2025-06-10")}])
        self.assertEqual(obs(c, "2025-06-01", "processing-85"), [("processing-85", "2025-03-03", "met")])
        self.assertEqual(obs(c, "2025-06-01", "first-followup-85"), [("first-followup-85", "2025-06-10", "open")])
        self.assertEqual(obs(c, "2025-06-11", "first-followup-85"), [("first-followup-85", "2025-06-10", "met")])
        self.assertEqual(obs(c, "2025-06-01", "annual-review-85"), [])  # follow-up not yet happened
        self.assertEqual(obs(c, "2025-06-11", "annual-review-85"), [("annual-review-85", "2026-06-10", "open")])
        self.assertEqual(obs(c, "2026-03-11", "health-check-85"), [("health-check-85", "2026-03-10", "missed")])
        c["decided"] = D("2025-03-04")
        self.assertEqual(obs(c, "2025-06-01", "processing-85"), [("processing-85", "2025-03-03", "met-late")])
        self.assertEqual(obs(c, "2025-03-03", "processing-85"), [("processing-85", "2025-03-03", "open")])
        self.assertEqual(obs(c, "2025-03-04", "processing-85"), [("processing-85", "2025-03-03", "met-late")])

    def test_level_rules(self):
        c = case85(level=1, start=D("2025-01-01"), contacts=[
            {"date": D("2025-02-01"), "outcome": "reached"}, {"date": D("2025-02-02"), "outcome": "reached"},
            {"date": D("2025-02-03"), "outcome": "reached"}, {"date": D("2025-02-04"), "outcome": "no-answer"}])
        # window for as-of 2025-02-28 is 2025-02-01..2025-02-28: 3 reached
        self.assertEqual(obs(c, "2025-02-28", "level-above-85"), [("level-above-85", None, "missed")])
        self.assertEqual(obs(c, "2025-02-28", "level-frequency-85"), [("level-frequency-85", None, "met")])
        # 2025-03-01: window 02-02..03-01: 2 reached
        self.assertEqual(obs(c, "2025-03-01", "level-above-85"), [("level-above-85", None, "met")])
        # started less than 28 days before
        self.assertEqual(obs(c, "2025-01-28", "level-frequency-85"), [])
        self.assertEqual(obs(c, "2025-01-29", "level-frequency-85"), [("level-frequency-85", None, "missed")])
        c["end"] = D("2025-02-28")
        self.assertEqual(obs(c, "2025-02-28", "level-frequency-85"), [])

    def test_82_rules_and_end(self):
        c = {"id": "T2", "paragraph": "82b", "citizen": {"name": "Y"},
             "start": D("2025-08-31"), "plan": D("2025-09-05"),
             "contacts": [{"date": D("2025-09-19"), "outcome": "no-answer"}]}
        # plan Fri 2025-09-05 + 10 working days = Fri 2025-09-19
        self.assertEqual(obs(c, "2025-10-01", "first-contact-82"), [("first-contact-82", "2025-09-19", "met")])
        self.assertEqual(obs(c, "2025-10-01", "cap-82b"), [("cap-82b", "2026-02-28", "open")])
        self.assertEqual(obs(c, "2026-03-01", "cap-82b"), [("cap-82b", "2026-02-28", "missed")])
        self.assertEqual(obs(c, "2025-10-01", "monthly-followup-82"), [("monthly-followup-82", "2025-10-05", "open")])
        c["followups"] = [{"date": D("2025-10-31")}, {"date": D("2025-12-31")}]
        self.assertEqual(obs(c, "2025-12-01", "monthly-followup-82"), [("monthly-followup-82", "2025-11-30", "missed")])
        # planned end before the monthly due: no obligation; cap met
        c["end"] = D("2025-11-15")
        self.assertEqual(obs(c, "2025-11-01", "monthly-followup-82"), [])
        self.assertEqual(obs(c, "2025-11-01", "cap-82b"), [("cap-82b", "2026-02-28", "met")])
        self.assertEqual(obs(c, "2025-11-01", "closing-talk-82"), [("closing-talk-82", "2025-11-15", "open")])
        self.assertEqual(obs(c, "2025-11-16", "closing-talk-82"), [("closing-talk-82", "2025-11-15", "missed")])
        c["closing_talk"] = D("2025-11-29")
        self.assertEqual(obs(c, "2025-11-29", "closing-talk-82"), [("closing-talk-82", "2025-11-15", "met")])
        self.assertEqual(obs(c, "2025-11-28", "closing-talk-82"), [("closing-talk-82", "2025-11-15", "missed")])
        c["closing_talk"] = D("2025-11-30")
        self.assertEqual(obs(c, "2025-12-01", "closing-talk-82"), [("closing-talk-82", "2025-11-15", "met-late")])
        # closed case: check reports closing rules only
        c["closing_talk"] = None
        s = ref.check_set([c], D("2026-03-01"))
        self.assertEqual(s, {("T2", "closing-talk-82", "2025-11-15")})

    def test_closing_85_mf(self):
        c = case85(start=D("2025-01-01"), end=D("2025-06-30"), end_reason="moved")
        self.assertEqual(obs(c, "2025-07-01", "hearing-85"), [])
        c["end_reason"] = "goal-achieved"
        self.assertEqual(obs(c, "2025-07-01", "hearing-85"), [("hearing-85", "2025-06-30", "missed")])
        m = {"id": "T3", "paragraph": "mestringsforloeb", "citizen": {"name": "Z"},
             "start": D("2025-01-31"), "main_phase": D("2025-02-28"), "end": D("2025-07-31")}
        self.assertEqual(obs(m, "2025-08-01", "preliminary-phase-mf"),
                         [("preliminary-phase-mf", "2025-02-28", "met")])
        self.assertEqual(obs(m, "2025-08-01", "cap-mf"), [("cap-mf", "2025-07-31", "met")])
        self.assertEqual(obs(m, "2025-08-14", "report-mf"), [("report-mf", "2025-08-14", "open")])
        self.assertEqual(obs(m, "2025-08-15", "report-mf"), [("report-mf", "2025-08-14", "missed")])

    def test_meetings_and_due_set(self):
        c = {"id": "T4", "paragraph": "82a", "citizen": {"name": "Q"}, "start": D("2025-06-02"),
             "meetings": [{"date": D("2025-06-20")}, {"date": D("2025-06-12"), "status": D("2025-06-11")},
                          {"date": D("2025-06-10"), "status": D("2025-06-10")}]}
        got = obs(c, "2025-06-15", "status-before-meeting")
        self.assertEqual(sorted(got), [("status-before-meeting", "2025-06-09", "met-late"),
                                       ("status-before-meeting", "2025-06-11", "met"),
                                       ("status-before-meeting", "2025-06-19", "open")])
        # as-of Sunday 2025-06-15: week 2025-06-09..15; monthly due 07-02 not in week
        self.assertEqual(ref.due_set([c], D("2025-06-15")), set())
        self.assertEqual(ref.due_set([c], D("2025-06-16")),
                         {("T4", "status-before-meeting", "2025-06-19")})
        c["meetings"][0]["status"] = D("2025-06-17")  # status after as-of counts as absent
        self.assertEqual(ref.due_set([c], D("2025-06-16")),
                         {("T4", "status-before-meeting", "2025-06-19")})
        self.assertEqual(ref.due_set([c], D("2025-06-17")), set())


class Generator(unittest.TestCase):
    def test_generated_cases_are_valid(self):
        with tempfile.TemporaryDirectory() as tmp:
            gen_cases.generate(tmp, 300, 7)
            for f in sorted(os.listdir(tmp)):
                c = ref.load_case(os.path.join(tmp, f))
                self.assertEqual(f, c["id"] + ".yaml")
                self.assertIn(c["paragraph"], ("82a", "82b", "85", "mestringsforloeb"))
                self.assertTrue(c["citizen"]["name"])
                if c["paragraph"] == "85":
                    self.assertIn(c["level"], range(1, 6))
                g = lambda k: c.get(k)
                if g("end"):
                    self.assertGreaterEqual(g("end"), g("start"), f)
                if g("decided"):
                    self.assertGreaterEqual(g("decided"), g("applied"), f)
                    if g("start"):
                        self.assertGreaterEqual(g("start"), g("decided"), f)
                cpr = c["citizen"].get("cpr")
                if cpr:
                    self.assertRegex(cpr, r"^\d{6}-[0-3]\d{3}$")
                    date(1900 + int(cpr[4:6]), int(cpr[2:4]), int(cpr[0:2]))
                for d in _dates(c):
                    self.assertTrue(D("2023-01-01") <= d <= D("2026-06-30"), (f, d))
                for x in c.get("contacts") or []:
                    self.assertIn(x["outcome"], ("reached", "no-answer", "cancelled"))
                if "end_reason" in c:
                    self.assertIn(c["end_reason"], gen_cases.END_REASONS)


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
