"""`due --format ics` read by the icalendar library, against `due --format json`.

The events of the agenda come first, in its order, with STATUS:CONFIRMED;
after them the obligations met lately and those exempted, with
STATUS:CANCELLED, so that a calendar which imported them drops them.
"""

import datetime
import os
import shutil
import sys
import tempfile
import unittest

import icalendar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import AS_OF, EXAMPLES, run, run_json  # noqa: E402

WINDOWS = [["--week"], ["--month"], ["--next-week"], ["--from", "2025-01-01", "--to", "2026-12-31"]]


def all_events(ics):
    return [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def events(ics):
    """The agenda's events: those not cancelled."""
    return [e for e in all_events(ics) if str(e["STATUS"]) == "CONFIRMED"]


def cancelled(ics):
    return [e for e in all_events(ics) if str(e["STATUS"]) == "CANCELLED"]


def short_date(iso):
    """"Fri 12 Sep", as the summary of an overdue event names its due date."""
    d = datetime.date.fromisoformat(iso)
    return f"{d.strftime('%a')} {d.day} {d.strftime('%b')}"


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
                # On the as-of date, with the real due date in the summary.
                self.assertTrue(summary.startswith(f"OVERDUE (due {short_date(item['due'])}): "), summary)
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


def by_uid(ics):
    return {str(e["UID"]): e for e in all_events(ics)}


class CalendarUpdateTest(unittest.TestCase):
    """Two exports on consecutive days, imported one after the other."""

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.repo = os.path.join(self.folder.name, "examples")
        shutil.copytree(EXAMPLES, self.repo)

    def tearDown(self):
        self.folder.cleanup()

    def export(self, day, *extra):
        return by_uid(run(["due", "--as-of", day, *extra, "--format", "ics"], self.repo))

    def test_what_was_done_is_cancelled_the_next_day_with_the_same_uid_and_a_higher_sequence(self):
        wednesday = self.export("2025-11-26")
        # Thursday, the coach's first follow-up of 2025-0205 (overdue since 14 October) is recorded.
        run(["add", "followup", "2025-0205", "--date", "2025-11-27", "--kind", "first", "--as-of", "2025-11-27"],
            self.repo)
        thursday = self.export("2025-11-27")
        uid = "2025-0205-first-followup-85-2025-10-14@mestring"
        self.assertEqual(str(wednesday[uid]["STATUS"]), "CONFIRMED")
        self.assertTrue(str(wednesday[uid]["SUMMARY"]).startswith("OVERDUE (due Tue 14 Oct): Hold the first"))
        self.assertEqual(str(thursday[uid]["STATUS"]), "CANCELLED")
        self.assertIn("Met on 2025-11-27.", str(thursday[uid]["DESCRIPTION"]))
        # Every event of Wednesday is in Thursday's file under its UID, confirmed or cancelled, and
        # Thursday's revision is the newer one.
        self.assertEqual(wednesday.keys() - thursday.keys(), set())
        for key in wednesday:
            self.assertGreater(int(thursday[key]["SEQUENCE"]), int(wednesday[key]["SEQUENCE"]), key)
        # Overdue on both days: moved from Wednesday to Thursday, still confirmed.
        moved = [k for k, e in wednesday.items() if str(e["SUMMARY"]).startswith("OVERDUE")
                 and str(thursday[k]["STATUS"]) == "CONFIRMED"]
        self.assertGreater(len(moved), 5)
        for key in moved:
            self.assertEqual(wednesday[key].decoded("DTSTART").isoformat(), "2025-11-26")
            self.assertEqual(thursday[key].decoded("DTSTART").isoformat(), "2025-11-27")

    def test_the_examples_own_status_written_on_tuesday_is_cancelled_on_tuesday(self):
        monday, tuesday = self.export("2025-11-24"), self.export("2025-11-25")
        uid = "2025-0111-status-before-meeting-2025-11-26@mestring"
        self.assertEqual(str(monday[uid]["STATUS"]), "CONFIRMED")
        self.assertEqual(str(tuesday[uid]["STATUS"]), "CANCELLED")
        self.assertEqual(int(tuesday[uid]["SEQUENCE"]) - int(monday[uid]["SEQUENCE"]), 1)

    def test_only_what_was_met_in_the_last_cancelled_days_comes_back(self):
        thursday = run(["due", "--as-of", "2025-11-27", "--format", "ics"], self.repo)
        met = [e for e in cancelled(thursday) if str(e["SUMMARY"]).startswith("Done: ")]
        self.assertTrue(met)
        for e in met:
            day = str(e["DESCRIPTION"]).split("Met on ", 1)[1][:10]
            self.assertGreaterEqual(datetime.date.fromisoformat(day), datetime.date(2025, 9, 29))  # 60 days
        with open(os.path.join(self.repo, "mestring.yaml"), "a", encoding="utf-8") as config:
            config.write("\ncalendar: {cancelled_days: 0}\n")
        # Exempted obligations are cancelled whatever the setting; nothing met is.
        self.assertFalse([e for e in cancelled(run(["due", "--as-of", "2025-11-27", "--format", "ics"], self.repo))
                          if str(e["SUMMARY"]).startswith("Done: ")])

    def test_overdue_as_summary_is_one_event_listing_them(self):
        items = run_json(["due", "--as-of", AS_OF], self.repo)["items"]
        overdue = [i for i in items if i["overdue"]]
        evs = events(run(["due", "--as-of", AS_OF, "--overdue-as", "summary", "--format", "ics"], self.repo))
        self.assertEqual(len(evs), len(items) - len(overdue) + 1)
        summary = [e for e in evs if str(e["UID"]) == "overdue@mestring"]
        self.assertEqual(len(summary), 1)
        self.assertEqual(str(summary[0]["SUMMARY"]), f"{len(overdue)} overdue")
        self.assertEqual(summary[0].decoded("DTSTART").isoformat(), AS_OF)
        lines = str(summary[0]["DESCRIPTION"]).splitlines()
        self.assertEqual([line.split(" ", 1)[0] for line in lines], [i["case"] for i in overdue])


if __name__ == "__main__":
    unittest.main()
