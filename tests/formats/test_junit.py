"""`check --format junit` read by xml.etree, against `check --format json`."""

import collections
import os
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import CHECK_RUNS, case_files, run, run_json  # noqa: E402


class JunitTest(unittest.TestCase):
    def test_a_test_case_per_file_and_a_failure_per_finding(self):
        for args, cwd in CHECK_RUNS:
            with self.subTest(args=args, cwd=cwd):
                suite = ET.fromstring(run([*args, "--format", "junit"], cwd))
                report = run_json(args, cwd)
                findings = report["findings"]
                self.assertEqual(suite.tag, "testsuite")
                self.assertEqual(suite.get("name"), "mestring check")
                cases = suite.findall("testcase")
                self.assertEqual([c.get("name") for c in cases], case_files(cwd))
                self.assertEqual(len(cases), report["summary"]["cases"])
                self.assertEqual(int(suite.get("tests")), len(cases))
                self.assertEqual(int(suite.get("failures")), len(findings))
                self.assertEqual(len(list(suite.iter("failure"))), len(findings))
                want = collections.defaultdict(list)
                for f in findings:
                    want[f["file"]].append((f"{f['rule']}: {f['message']}", f["severity"]))
                for case in cases:
                    self.assertEqual(case.get("classname"), "mestring")
                    got = [(x.get("message"), x.get("type")) for x in case.findall("failure")]
                    self.assertEqual(got, want.get(case.get("name"), []))


if __name__ == "__main__":
    unittest.main()
