"""`check --format sarif`: the SARIF 2.1.0 structure, against `check --format json`."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import CHECK_RUNS, run, run_json  # noqa: E402

# rules.md's data checks, then the guard's and privacy's, which README lists.
DATA_CHECKS = ["schema", "date", "id-filename", "duplicate-id", "date-order", "cpr", "age", "parse",
               "limit", "encoding", "yaml-subset", "cpr-in-text", "exemption"]
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifTest(unittest.TestCase):
    def test_structure_and_results(self):
        # `mestring rules` prints one rule per line, its id first, then a
        # blank line and the data checks.
        rules_text = run(["rules", "--as-of", "2025-11-26"]).decode().split("\n\n")[0]
        catalog = {line.split()[0] for line in rules_text.splitlines() if line}
        self.assertEqual(len(catalog), 19)
        for args, cwd in CHECK_RUNS:
            with self.subTest(args=args, cwd=cwd):
                log = json.loads(run([*args, "--format", "sarif"], cwd))
                report = run_json(args, cwd)
                # The exempted findings come last, each with a suppression.
                findings = report["findings"] + report["exempted"]
                self.assertIn("sarif", log["$schema"])
                self.assertEqual(log["version"], "2.1.0")
                self.assertEqual(len(log["runs"]), 1)
                driver = log["runs"][0]["tool"]["driver"]
                self.assertEqual(driver["name"], "mestring")
                self.assertTrue(driver["version"])
                ids = [r["id"] for r in driver["rules"]]
                self.assertEqual(len(ids), len(set(ids)))
                self.assertTrue(set(DATA_CHECKS) <= set(ids))
                self.assertEqual(set(ids), catalog | set(DATA_CHECKS))
                for r in driver["rules"]:
                    self.assertTrue(r["shortDescription"]["text"])
                results = log["runs"][0]["results"]
                self.assertEqual(len(results), len(findings))
                for res, f in zip(results, findings):
                    self.assertIn(res["ruleId"], ids)
                    self.assertEqual(res["ruleId"], f["rule"])
                    self.assertEqual(res["level"], LEVELS[f["severity"]])
                    self.assertEqual(res["message"]["text"], f["message"])
                    where = res["locations"][0]["physicalLocation"]
                    self.assertEqual(where["artifactLocation"]["uri"], f["file"])
                    if f["line"] is None:
                        self.assertNotIn("region", where)
                    else:
                        self.assertEqual(where["region"]["startLine"], f["line"])
                    if "exemption" in f:
                        self.assertEqual(res["suppressions"],
                                         [{"kind": "external", "justification": f["exemption"]["reason"]}])
                    else:
                        self.assertNotIn("suppressions", res)


if __name__ == "__main__":
    unittest.main()
