#!/usr/bin/env python3
"""A stand-in for the mestring binary, built on reference.py: compare.py's own test.

It answers exactly the calls compare.py makes (`config`, `check`, `due --week`,
`show FILE`, with --config/--as-of/--format json/--no-cache/-j) in the version 2
JSON contract, so that test_reference.py can show that compare.py passes when
the binary agrees with the reference and fails, naming the rule, when it does
not.  FAKE_MESTRING_BUG=status-due makes every status-before-meeting due date a
day early.
"""

import json
import os
import sys
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import reference as ref  # noqa: E402

BUG = os.environ.get("FAKE_MESTRING_BUG", "")


def due_of(ob):
    if BUG == "status-due" and ob.rule == "status-before-meeting":
        return ob.due - timedelta(days=1)
    return ob.due


def iso(d):
    return d.isoformat() if d is not None else None


def cases_in(path):
    out = []
    for f in sorted(os.listdir(path)):
        if f.endswith(".yaml") and f != "mestring.yaml":
            out.append((os.path.join(path, f), ref.load_case(os.path.join(path, f))))
    return out


def item(path, case, ob, as_of):
    return {"case": str(case["id"]), "file": path, "line": None, "rule": ob.rule,
            "severity": ob.severity, "due": iso(due_of(ob)), "message": ob.anchor,
            "role": ob.role, "owner": ob.owner, "overdue": ob.state == ref.MISSED,
            "name": case["citizen"]["name"], "paragraph": str(case["paragraph"])}


def exemption(ob):
    e = ob.exemption
    return {"reason": e["reason"], "from": iso(e["from"]), "until": iso(e["until"]), "by": e["by"]}


def main(argv):
    opts = {}
    args = []
    it = iter(argv[1:])
    for a in it:
        if a in ("--config", "--as-of", "--format", "-j", "--min-severity"):
            opts[a] = next(it)
        elif a.startswith("-"):
            opts[a] = True
        else:
            args.append(a)
    import yaml
    with open(opts["--config"], encoding="utf-8") as f:
        cfg = ref.make_config(yaml.safe_load(f))
    command = args[0]
    if command == "config":
        return 0
    as_of = ref.to_date(opts["--as-of"])
    out = {"as_of": iso(as_of)}
    if command == "show":
        case = ref.load_case(args[1])
        v = ref.evaluate(case, as_of, cfg)
        out.update({"case": str(case["id"]), "file": args[1], "status": v.status, "closed": v.closed,
                    "timeline": [], "obligations": [
                        {"rule": ob.rule, "state": ob.state, "severity": ob.severity, "role": ob.role,
                         "owner": ob.owner, "due": iso(due_of(ob)), "anchor": ob.anchor, "evidence": "",
                         "reportable": ob.reportable, "line": None,
                         "exemption": exemption(ob) if ob.exempted else None}
                        for ob in v.obligations]})
    elif command == "check":
        out.update({"findings": [], "exempted": []})
        for path, case in cases_in(args[1]):
            if len(ref.valid_exemptions(case, cfg)) < len(case.get("exemptions") or []):
                out["findings"].append({"case": str(case["id"]), "file": path, "line": None,
                                        "rule": "exemption", "severity": "error", "due": None,
                                        "message": "broken exemption", "role": None, "owner": None})
            for ob in ref.obligations(case, as_of, cfg):
                if ob.reportable and ob.state == ref.MISSED:
                    x = item(path, case, ob, as_of)
                    if ob.exempted:
                        x["exemption"] = exemption(ob)
                        out["exempted"].append(x)
                    else:
                        out["findings"].append(x)
    elif command == "due":
        mon, sun = ref.week_bounds(as_of)
        out.update({"from": iso(mon), "to": iso(sun), "items": [], "exempted": []})
        for path, case in cases_in(args[1]):
            for ob in ref.obligations(case, as_of, cfg):
                if not ob.reportable or ob.due is None:
                    continue
                if ob.state == ref.MISSED or (ob.state == ref.OPEN and mon <= ob.due <= sun):
                    x = item(path, case, ob, as_of)
                    if ob.exempted:
                        x["exemption"] = exemption(ob)
                        out["exempted"].append(x)
                    else:
                        out["items"].append(x)
    else:
        sys.stderr.write("fake_mestring: no command %r\n" % command)
        return 2
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
