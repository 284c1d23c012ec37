#!/usr/bin/env python3
"""Cross-check the mestring binary against the Python reference (rules.md version 2).

usage: compare.py MESTRING_BINARY WORKDIR [--jobs N] [--lines N] [--cases N] [--as-of DATE]

Generates N_CASES (--cases) random valid cases (fixed seed, gen_cases.py) into two case
repositories under WORKDIR, one per config of gen_cases.CONFIGS (the built-in
defaults; and one with first-contact-85 on, level-above-85 off,
move_off_weekends, a role and two periods changed, a closed day added).  For each config and each as-of
date it compares with reference.py:

- `show FILE --format json` of every case: status, closed, and every
  obligation (rule, due; state, severity, role, owner, exempted, reportable;
  and the exemption's reason, from, until, by);
- `check --format json --min-severity info`: the rule findings (case, rule,
  due; severity, role, owner) and the `exempted` list (+ reason, until, by); data
  findings only where the generator wrote a broken exemption;
- `due --format json --week`: the window, the items (case, rule, due;
  overdue, role, owner) and the `exempted` list.

Prints the keys missing from mestring's JSON, a count of the differences by
view, kind and rule, then examples from each group, and exits 1 on any
difference; exit 0 when everything agrees, 2 on a usage error.  The cases
stay in WORKDIR for a look afterwards.  --as-of D runs that one date, --cases
N the first N cases (for a quick look, and for test_reference.py's test of
this script), --lines N shows N examples, --jobs N runs N shows at a time.
"""

import collections
import concurrent.futures
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import yaml  # noqa: E402

import gen_cases  # noqa: E402
import reference as ref  # noqa: E402

SEED = 20250615
N_CASES = 200
AS_OFS = gen_cases.AS_OFS
MAX_LINES = 40
ABSENT = "<absent>"

# The case fields a rule reads, printed beside a difference.
RULE_FIELDS = {
    "cap-82b": ["start", "end"], "cap-82a": ["start", "end"], "cap-mf": ["start", "end"],
    "first-contact-82": ["plan", "end", "contacts"],
    "monthly-followup-82": ["start", "plan", "end", "followups"],
    "processing-85": ["applied", "decided", "decision", "end"],
    "first-followup-85": ["start", "end", "followups"],
    "annual-review-85": ["end", "followups"],
    "health-check-85": ["start", "end", "health_checks"],
    "non-response": ["end", "contacts", "escalations"],
    "level-frequency-85": ["level", "level_changes", "start", "end", "contacts"],
    "level-above-85": ["level", "level_changes", "start", "end", "contacts"],
    "status-before-meeting": ["end", "meetings"],
    "preliminary-phase-mf": ["start", "end", "main_phase"],
    "closing-talk-82": ["end", "closing_talk"],
    "hearing-85": ["end", "end_reason", "hearing"],
    "report-mf": ["end", "report"],
    "first-contact-85": ["decided", "decision", "end", "contacts"],
    "followup-after-change": ["end", "escalations", "followups"],
}


# ---------------------------------------------------------------- running

def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def run_json(cmd, what, ok_codes=(0, 1)):
    """(data, problem): the parsed JSON object, or None and why not."""
    rc, so, se = run(cmd)
    if rc not in ok_codes:
        return None, "%s: exit %d: %s" % (what, rc, (se.strip() or so.strip())[:300])
    if not so.strip():
        return {}, None  # check is quiet when it has nothing to say
    try:
        data = json.loads(so)
    except ValueError as e:
        return None, "%s: output is not JSON (%s): %r" % (what, e, so[:200])
    if not isinstance(data, dict):
        return None, "%s: JSON is not an object" % what
    return data, None


def get(obj, key):
    """A key of a JSON object, or ABSENT, so that a missing key shows as a difference."""
    return obj.get(key, ABSENT) if isinstance(obj, dict) else ABSENT


# ---------------------------------------------------------------- comparing

class Report:
    def __init__(self):
        self.lines = []
        self.counts = collections.Counter()   # (view, kind, rule) -> n
        self.agree = collections.Counter()    # view -> n
        self.absent = collections.Counter()   # (view, key) -> rows where mestring's JSON lacks it

    def diff(self, view, kind, rule, line):
        self.counts[(view, kind, rule)] += 1
        self.lines.append(((view, kind, rule), line))

    def problem(self, view, line):
        self.diff(view, "problem", "-", line)

    def sample(self, limit):
        """Up to limit lines, taken in turn from each (view, kind, rule) group so that
        one noisy rule does not hide the others."""
        groups = collections.OrderedDict()
        for g, line in self.lines:
            groups.setdefault(g, []).append(line)
        out = []
        depth = 0
        while len(out) < limit and any(len(v) > depth for v in groups.values()):
            for v in groups.values():
                if len(v) > depth and len(out) < limit:
                    out.append(v[depth])
            depth += 1
        return out


def compare_rows(report, view, prefix, got, want, key_n, names, describe):
    """Compare two lists of tuples: the first key_n fields are the key (a multiset),
    the rest attributes named by names[key_n:]."""
    gk = collections.defaultdict(list)
    wk = collections.defaultdict(list)
    for t in got:
        gk[t[:key_n]].append(t[key_n:])
        for n, x in zip(names, t):
            if x == ABSENT:
                report.absent[(view, n)] += 1
    for t in want:
        wk[t[:key_n]].append(t[key_n:])
    order = lambda k: tuple("" if x is None else str(x) for x in k)  # noqa: E731
    for k in sorted(set(gk) | set(wk), key=order):
        g = sorted(gk.get(k, []), key=order)
        w = sorted(wk.get(k, []), key=order)
        rule = k[names.index("rule")] if "rule" in names[:key_n] else "-"
        keytext = " ".join("%s=%s" % (n, v) for n, v in zip(names[:key_n], k))
        for a, b in zip(g, w):
            if a == b:
                report.agree[view] += 1
                continue
            d = ", ".join("%s: mestring %s, reference %s" % (n, x, y)
                          for n, x, y in zip(names[key_n:], a, b) if x != y)
            report.diff(view, "differs", rule, "%s %s: %s differs: %s | %s" % (
                prefix, view, keytext, d, describe(k)))
        for extra, tag in ((g[len(w):], "only in mestring"), (w[len(g):], "only in reference")):
            for a in extra:
                attrs = ", ".join("%s=%s" % (n, x) for n, x in zip(names[key_n:], a))
                report.diff(view, tag, rule, "%s %s %s: %s %s | %s" % (
                    prefix, view, tag, keytext, attrs, describe(k)))


def fmt_field(v):
    if isinstance(v, list):
        parts = []
        for x in v:
            if isinstance(x, dict):
                parts.append("/".join(str(x[k]) for k in ("date", "outcome", "reason", "status", "level")
                                      if k in x))
            else:
                parts.append(str(x))
        return "[" + " ".join(parts) + "]"
    return str(v)


def describer(cases, as_of, config, case_index=0):
    """A function that explains a key: the case's fields for the rule and what the
    reference computed."""
    def describe(key):
        cid, rule = key[case_index], key[case_index + 1]
        c = cases.get(cid)
        if c is None:
            return "unknown case"
        fields = ", ".join("%s=%s" % (f, fmt_field(c[f]))
                           for f in ["paragraph"] + RULE_FIELDS.get(rule, ["start", "end"]) if f in c)
        obs = [o for o in ref.obligations(c, as_of, config) if o.rule == rule]
        mine = "; ".join("%s %s %s%s" % (o.due, o.state, o.anchor,
                                         " exempted" if o.exempted else "") for o in obs)
        ex = ["%s..%s" % (e.get("from"), e.get("until")) for e in c.get("exemptions") or []
              if isinstance(e, dict) and e.get("rule") == rule]
        extra = ", exemptions=[%s]" % " ".join(ex) if ex else ""
        return "%s%s; reference: %s" % (fields, extra, mine or "none")
    return describe


def check_view(report, binary, cfgfile, casedir, as_of, cases, config, broken, prefix):
    d = as_of.isoformat()
    data, problem = run_json([binary, "--config", cfgfile, "--as-of", d, "--format", "json",
                              "--no-cache", "check", "--min-severity", "info", casedir], prefix + " check")
    if problem:
        report.problem("check", problem)
        return
    describe = describer(cases, as_of, config)
    got, data_found = [], set()
    for f in data.get("findings", []):
        rule = get(f, "rule")
        if rule in ref.RULE_IDS:
            got.append((get(f, "case"), rule, get(f, "due"), get(f, "severity"), get(f, "role"), get(f, "owner")))
        elif rule in ref.DATA_RULES:
            data_found.add((get(f, "case"), rule))
            if (get(f, "case"), rule) not in broken:
                report.diff("check", "data finding", rule, "%s check: data finding on a valid file: %s %s: %s" % (
                    prefix, get(f, "case"), rule, get(f, "message")))
        else:
            report.diff("check", "unknown rule", str(rule), "%s check: unknown rule %r: %s" % (prefix, rule, f))
    for cid, rule in sorted(broken - data_found):
        report.diff("check", "data finding missing", rule, "%s check: no %s finding for %s: %s" % (
            prefix, rule, cid, json.dumps(cases[cid].get("exemptions"), default=str, ensure_ascii=False)))
    got_ex = []
    for f in data.get("exempted", []):
        ex = get(f, "exemption")
        got_ex.append((get(f, "case"), get(f, "rule"), get(f, "due"), get(f, "role"), get(f, "owner"),
                       get(ex, "reason"), get(ex, "until"), get(ex, "by")))
    want, want_ex = ref.check_view(cases.values(), as_of, config)
    compare_rows(report, "check", prefix, got, want, 3, ["case", "rule", "due", "severity", "role", "owner"],
                 describe)
    compare_rows(report, "check.exempted", prefix, got_ex, want_ex, 3,
                 ["case", "rule", "due", "role", "owner", "reason", "until", "by"], describe)


def due_view(report, binary, cfgfile, casedir, as_of, cases, config, prefix):
    d = as_of.isoformat()
    data, problem = run_json([binary, "--config", cfgfile, "--as-of", d, "--format", "json",
                              "--no-cache", "due", "--week", casedir], prefix + " due", ok_codes=(0,))
    if problem:
        report.problem("due", problem)
        return
    mon, sun = ref.week_bounds(as_of)
    if get(data, "from") != mon.isoformat() or get(data, "to") != sun.isoformat():
        report.problem("due", "%s due: window %s..%s, expected %s..%s" % (
            prefix, get(data, "from"), get(data, "to"), mon, sun))
    describe = describer(cases, as_of, config)
    got = [(get(i, "case"), get(i, "rule"), get(i, "due"), get(i, "overdue"), get(i, "role"), get(i, "owner"))
           for i in data.get("items", [])]
    got_ex = []
    for i in data.get("exempted", []):
        ex = get(i, "exemption")
        got_ex.append((get(i, "case"), get(i, "rule"), get(i, "due"), get(i, "overdue"), get(i, "role"),
                       get(i, "owner"), get(ex, "reason"), get(ex, "until"), get(ex, "by")))
    want, want_ex = ref.due_view(cases.values(), as_of, config)
    compare_rows(report, "due", prefix, got, want, 3, ["case", "rule", "due", "overdue", "role", "owner"], describe)
    compare_rows(report, "due.exempted", prefix, got_ex, want_ex, 3,
                 ["case", "rule", "due", "overdue", "role", "owner", "reason", "until", "by"], describe)


def show_one(binary, cfgfile, path, as_of):
    return run_json([binary, "--config", cfgfile, "--as-of", as_of.isoformat(), "--format", "json",
                     "--no-cache", "-j", "1", "show", path], "show %s" % os.path.basename(path))


def show_view(report, binary, cfgfile, casedir, as_of, cases, config, prefix, pool):
    paths = {cid: os.path.join(casedir, cid + ".yaml") for cid in cases}
    futures = {cid: pool.submit(show_one, binary, cfgfile, p, as_of) for cid, p in paths.items()}
    describe = describer(cases, as_of, config)
    names = ["case", "rule", "due", "state", "severity", "role", "owner", "exempted", "reportable", "exemption"]
    got, want = [], []
    for cid in sorted(cases):
        data, problem = futures[cid].result()
        if problem:
            report.problem("show", "%s %s" % (prefix, problem))
            continue
        status, closed, _ = ref.show_view(cases[cid], as_of, config)
        for key, want_v in (("status", status), ("closed", closed)):
            if get(data, key) == ABSENT:
                report.absent[("show", key)] += 1
            if get(data, key) != want_v:
                report.diff("show", key, "-", "%s show %s: %s mestring %s, reference %s" % (
                    prefix, cid, key, get(data, key), want_v))
        if get(data, "case") != cid:
            report.problem("show", "%s show %s: case is %r" % (prefix, cid, get(data, "case")))
        for o in data.get("obligations", []) if isinstance(data.get("obligations"), list) else []:
            ex = get(o, "exemption")
            if ex is None or ex == ABSENT:
                exk = ex
            else:
                exk = (get(ex, "reason"), get(ex, "from"), get(ex, "until"), get(ex, "by"))
            got.append((cid, get(o, "rule"), get(o, "due"), get(o, "state"), get(o, "severity"), get(o, "role"),
                        get(o, "owner"), ABSENT if ex == ABSENT else ex is not None, get(o, "reportable"), exk))
        for ob in ref.obligations(cases[cid], as_of, config):
            e = ob.exemption
            exk = None if e is None else (e["reason"], e["from"].isoformat(), e["until"].isoformat(), e["by"])
            want.append((cid, ob.rule, ref._iso(ob.due), ob.state, ob.severity, ob.role, ob.owner, ob.exempted,
                          ob.reportable, exk))
    compare_rows(report, "show", prefix, got, want, 3, names, describe)


# ---------------------------------------------------------------- main

def setup(workdir, name, text, n_cases):
    """WORKDIR/NAME/{mestring.yaml, cases/} with freshly generated cases."""
    repo = os.path.join(workdir, name)
    casedir = os.path.join(repo, "cases")
    os.makedirs(casedir, exist_ok=True)
    for f in os.listdir(casedir):
        if f.endswith((".yaml", ".yml")):
            os.remove(os.path.join(casedir, f))
    cfgfile = os.path.join(repo, "mestring.yaml")
    with open(cfgfile, "w", encoding="utf-8") as f:
        f.write(text)
    gen_cases.generate(casedir, n_cases, SEED)
    cases = {}
    for f in sorted(os.listdir(casedir)):
        c = ref.load_case(os.path.join(casedir, f))
        cases[str(c["id"])] = c
    return cfgfile, casedir, cases


def broken_exemptions(cases, config):
    """{(case, "exemption")} for the cases whose file has an exemption the reference
    does not accept: the data findings check must report."""
    out = set()
    for cid, c in cases.items():
        if len(ref.valid_exemptions(c, config)) < len(c.get("exemptions") or []):
            out.add((cid, "exemption"))
    return out


def main(argv):
    args, opts = [], {"--jobs": "2", "--lines": str(MAX_LINES), "--cases": str(N_CASES), "--as-of": ""}
    it = iter(argv[1:])
    for a in it:
        if a in opts:
            opts[a] = next(it, "")
        elif a.startswith("--"):
            sys.stderr.write("compare.py: unknown option %s\n" % a)
            return 2
        else:
            args.append(a)
    as_ofs = AS_OFS
    if opts["--as-of"]:
        as_ofs = [ref.to_date(opts.pop("--as-of"))]
    else:
        opts.pop("--as-of")
    if len(args) != 2 or not all(v.isdigit() for v in opts.values()) or None in as_ofs:
        sys.stderr.write("usage: compare.py MESTRING_BINARY WORKDIR [--jobs N] [--lines N] [--cases N]"
                         " [--as-of DATE]\n")
        return 2
    binary = os.path.abspath(args[0])
    if not os.access(binary, os.X_OK):
        sys.stderr.write("compare.py: %s is not an executable file\n" % binary)
        return 2
    workdir = os.path.abspath(args[1])
    report = Report()
    n_cases = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, int(opts["--jobs"]))) as pool:
        for name, text in gen_cases.CONFIGS.items():
            config = ref.make_config(yaml.safe_load(text))
            cfgfile, casedir, cases = setup(workdir, name, text, int(opts["--cases"]))
            n_cases = len(cases)
            rc, so, se = run([binary, "--config", cfgfile, "config"])
            if rc != 0:
                report.problem("config", "[%s] mestring refuses the config %s (exit %d): %s" % (
                    name, cfgfile, rc, (se.strip() or so.strip())[:300]))
                continue
            broken = broken_exemptions(cases, config)
            for as_of in as_ofs:
                prefix = "[%s %s]" % (name, as_of.isoformat())
                show_view(report, binary, cfgfile, casedir, as_of, cases, config, prefix, pool)
                check_view(report, binary, cfgfile, casedir, as_of, cases, config, broken, prefix)
                due_view(report, binary, cfgfile, casedir, as_of, cases, config, prefix)

    agree = sum(report.agree.values())
    scope = "%d configs x %d as-of dates x %d cases" % (len(gen_cases.CONFIGS), len(as_ofs), n_cases)
    if not report.lines:
        print("crosscheck: %s; %d rows agree (%s)" % (
            scope, agree, ", ".join("%s %d" % kv for kv in sorted(report.agree.items()))))
        return 0
    print("crosscheck: FAILED: %d differences (%d rows agree); %s; cases in %s" % (
        len(report.lines), agree, scope, workdir))
    if report.absent:
        print("keys missing from mestring's JSON (rows): %s" % ", ".join(
            "%s.%s (%d)" % (v, k, n) for (v, k), n in sorted(report.absent.items())))
    print("differences by view, kind and rule:")
    for (view, kind, rule), n in sorted(report.counts.items()):
        print("  %-15s %-22s %-22s %5d" % (view, kind, rule, n))
    limit = int(opts["--lines"])
    print("examples (in turn from each group above):")
    for line in report.sample(limit):
        print("  " + line)
    if len(report.lines) > limit:
        print("  ... %d more (--lines N shows more)" % (len(report.lines) - limit))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
