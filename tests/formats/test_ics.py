"""`due --format ics` read by the icalendar library, against `due --format json`."""

import os
import sys
import unittest

import icalendar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import AS_OF, run, run_json  # noqa: E402

WINDOWS = [["--week"], ["--month"], ["--next-week"], ["--from", "2025-01-01", "--to", "2026-12-31"]]


def events(ics):
    return [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def uids_by_obligation(as_of, window):
    """Maps (case, rule, due) to the UID of its event and whether it is overdue,
    pairing the calendar's events with the JSON agenda's items, which come in
    the same order."""
    args = ["due", "--as-of", as_of, *window]
    items = run_json(args)["items"]
    evs = events(run([*args, "--format", "ics"]))
    assert len(evs) == len(items), (len(evs), len(items))
    return {(i["case"], i["rule"], i["due"]): (str(e["UID"]), i["overdue"]) for i, e in zip(items, evs)}


class IcsTest(unittest.TestCase):
    def test_one_event_per_agenda_item_with_unique_uids(self):
        for window in WINDOWS:
            with self.subTest(window=window):
                args = ["due", "--as-of", AS_OF, *window]
                items = run_json(args)["items"]
                evs = events(run([*args, "--format", "ics"]))
                self.assertEqual(len(evs), len(items))
                uids = [str(e["UID"]) for e in evs]
                self.assertEqual(len(set(uids)), len(uids))

    def test_uids_stay_the_same_across_as_of_dates(self):
        turned_overdue = 0
        for first_day, second_day in [("2025-11-26", "2025-11-27"), ("2025-11-27", "2025-11-28")]:
            first = uids_by_obligation(first_day, ["--month"])
            second = uids_by_obligation(second_day, ["--month"])
            both = first.keys() & second.keys()
            self.assertGreater(len(both), 5)
            for key in both:
                self.assertEqual(first[key][0], second[key][0], key)
                turned_overdue += not first[key][1] and second[key][1]
        # Obligations that became overdue (and moved to the as-of date) kept theirs too.
        self.assertGreater(turned_overdue, 0)

    def test_events_say_what_is_due_when_and_why(self):
        args = ["due", "--as-of", AS_OF, "--month"]
        items = run_json(args)["items"]
        evs = events(run([*args, "--format", "ics"]))
        self.assertTrue(any(i["overdue"] for i in items))
        for item, ev in zip(items, evs):
            summary, description = str(ev["SUMMARY"]), str(ev["DESCRIPTION"])
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            self.assertEqual((end - start).days, 1)
            self.assertEqual(ev.decoded("DTSTAMP").isoformat(), AS_OF + "T00:00:00+00:00")
            self.assertIn(item["case"], summary)
            self.assertIn(item["name"], summary)
            self.assertIn("Rule: " + item["rule"], description)
            self.assertIn(item["due"], description)
            self.assertIn(item["anchor"], description)
            if item["coach"]:
                self.assertEqual(ev["CATEGORIES"].to_ical().decode(), item["owner"])  # the person who must act
            if item["overdue"]:
                self.assertTrue(summary.startswith("OVERDUE: "))
                self.assertEqual(start.isoformat(), AS_OF)
            else:
                self.assertFalse(summary.startswith("OVERDUE"))
                self.assertEqual(start.isoformat(), item["due"])

    def test_lines_end_in_crlf_and_fold_at_75_octets(self):
        ics = run(["due", "--as-of", AS_OF, "--from", "2025-01-01", "--to", "2026-12-31", "--format", "ics"])
        self.assertTrue(ics.endswith(b"\r\n"))
        lines = ics.split(b"\r\n")[:-1]
        for line in lines:
            self.assertNotIn(b"\n", line)
            self.assertNotIn(b"\r", line)
            self.assertLessEqual(len(line), 75, line)
            line.decode("utf-8")  # every physical line holds whole characters
        self.assertTrue(any(line.startswith(b" ") for line in lines))

    def test_danish_letters_survive(self):
        args = ["due", "--as-of", AS_OF, "--from", "2025-01-01", "--to", "2026-12-31"]
        items = run_json(args)["items"]
        text = " ".join(str(e["SUMMARY"]) + str(e["DESCRIPTION"]) for e in events(run([*args, "--format", "ics"])))
        danish = {i["name"] for i in items if any(c in i["name"] for c in "æøåÆØÅ")}
        self.assertTrue(danish)
        for name in danish:
            self.assertIn(name, text)
        self.assertIn("måneder efter iværksættelse", text)
        self.assertIn("partshøring", text)

    def test_ids_only_leaves_names_out_and_cpr_is_never_shown(self):
        config = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ids-only.yaml")
        args = ["due", "--as-of", AS_OF, "--month", "--config", config, "cases"]
        items = run_json(["due", "--as-of", AS_OF, "--month"])["items"]
        ics = run([*args, "--format", "ics"]).decode()
        unfolded = ics.replace("\r\n ", "")
        self.assertEqual(len(events(ics.encode())), len(items))
        for item in items:
            self.assertNotIn(item["name"], unfolded)
        self.assertNotRegex(unfolded, r"\d{6}-(\d{4}|xxxx)")


if __name__ == "__main__":
    unittest.main()
