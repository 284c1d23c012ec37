#!/usr/bin/env python3
"""The import benchmark (issue 12): is `mestring import` linear in the rows?

usage: bench/import.sh BUILD_DIR [ROWS...]     (default: 1000 10000 100000)

For each size N: the two sheets of gen_sheets.py (fixed seed), and a new
empty repository under BENCH_DIR; then, each timed once:
  cases          the cases sheet (Windows-1252): N new case files
  cases again    the same sheet: no byte may change
  events         the events sheet (UTF-8 with BOM): N events on N/2 cases
  events again   the same sheet: no byte may change
Each result is checked (N files, N more events, no byte changed), so a run
that prints figures imported what it should. The table gives rows per second
and, against the size before, the growth exponent log(t/t0) / log(N/N0):
1.0 is linear, 2.0 quadratic.

BENCH_BUDGET (seconds, default 300) bounds each import: a size whose slowest
import is predicted, from the sizes before and their growth, to take longer
is skipped with the larger ones, and an import still running at the budget
is killed (its repository is scratch). The repositories and sheets are
removed after each size unless BENCH_KEEP=1. BENCH_DIR and BENCH_QUIET as
for run.sh.
"""

import hashlib
import math
import os
import re
import shutil
import subprocess
import sys
import time

import measure
from measure import secs, timed

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = [("cases", "cases.csv", "N new case files"), ("cases again", "cases.csv", "no change"),
         ("events", "events.csv", "N events appended"), ("events again", "events.csv", "no change")]
EVENT = re.compile(rb"\bdate: ")


def case_files(repo):
    folder = os.path.join(repo, "cases")
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".yaml"))


def digest(files):
    h = hashlib.sha256()
    for path in files:
        with open(path, "rb") as f:
            h.update(path.encode() + b"\0" + f.read())
    return h.hexdigest()


def events_in(files):
    count = 0
    for path in files:
        with open(path, "rb") as f:
            count += len(EVENT.findall(f.read()))
    return count


def exponent(t, t0, n, n0):
    if t is None or not t0 or n == n0:
        return None
    return math.log(t / t0) / math.log(n / n0)


def predict(history, n):
    """The time the slowest step would take at n rows, from the two largest sizes measured."""
    if not history:
        return 0.0
    (n1, t1) = history[-1]
    e = 1.0
    if len(history) >= 2:
        (n0, t0) = history[-2]
        e = min(max(exponent(t1, t0, n1, n0) or 1.0, 1.0), 3.0)
    return t1 * (n / n1) ** e


class Failed(Exception):
    pass


def run_size(build, root, n, budget):
    """Imports the sheets of n rows into a new repository; returns {step: Sample} (a killed step ends it)."""
    sheets, repo = os.path.join(root, "sheets-%d" % n), os.path.join(root, "import-%d" % n)
    cache = repo + "-cache"
    env = dict(os.environ, XDG_CACHE_HOME=cache, LC_ALL="C.UTF-8")
    for folder in (repo, sheets, cache):
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_sheets.py"), sheets, str(n), "1"], check=True)
    os.makedirs(repo)
    with open(os.path.join(repo, "mestring.yaml"), "w") as f:
        f.write("cases: cases\nlanguage: en\n")
    got = {}
    try:
        for step, sheet, _ in STEPS:
            before_files = case_files(repo)
            before = digest(before_files)
            before_events = events_in(before_files) if step == "events" else 0
            s = timed([os.path.join(build, "mestring"), "--as-of", measure.AS_OF, "import",
                       os.path.join(sheets, sheet)], cwd=repo, env=env, timeout=budget)
            got[step] = s
            if s.seconds is None:
                break
            files = case_files(repo)
            if step == "cases" and len(files) != n:
                raise Failed("importing %d new cases made %d case files" % (n, len(files)))
            if step.endswith("again") and digest(files) != before:
                raise Failed("re-importing %s changed the case files" % sheet)
            if step == "events" and events_in(files) - before_events != n:
                raise Failed("importing %d events added %d" % (n, events_in(files) - before_events))
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            for folder in (repo, sheets, cache):
                shutil.rmtree(folder, ignore_errors=True)
    return got


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    sizes = sorted(int(x) for x in sys.argv[2:]) or [1000, 10000, 100000]
    root = os.path.abspath(os.environ.get("BENCH_DIR", "/tmp/mestring-bench"))
    budget = float(os.environ.get("BENCH_BUDGET", 300))
    os.makedirs(root, exist_ok=True)
    mestring = os.path.join(build, "mestring")

    print("## bench/import.sh %s, %s\n" % (" ".join(map(str, sizes)), time.strftime("%Y-%m-%d %H:%M %Z")))
    print("mestring %s (built from %s); as-of %s; %s. Each import timed once; cpu s is user + system time; budget %.0f s per import; peak RSS from %s."
          % (subprocess.run([mestring, "--version"], capture_output=True, text=True).stdout.strip(),
             measure.source_commit(build), measure.AS_OF, measure.machine(), budget, measure.RSS_SOURCE))
    print("Growth: log(t/t0) / log(N/N0) against the size before; 1.0 is linear, 2.0 quadratic.\n")
    print(measure.table(["rows", "import", "s", "cpu s", "rows/s", "peak RSS MB", "× time of size before",
                         "growth (wall / cpu)"], []))
    sys.stdout.flush()

    notes, history, previous = [], [], {}
    for n in sizes:
        guess = predict(history, n)
        if guess > budget:
            notes.append("%d rows and larger skipped: the slowest import would take about %.0f s (budget %.0f s)."
                         % (n, guess, budget))
            break
        waited = measure.wait_quiet(float(os.environ.get("BENCH_QUIET", 0)))
        start = time.monotonic()
        load = measure.Load().start()
        try:
            got = run_size(build, root, n, budget)
        except (Failed, measure.Failed) as e:
            print("bench/import.sh: %d rows: %s" % (n, e), file=sys.stderr)
            return 1
        busy = load.stop()
        killed = False
        for step, _, what in STEPS:
            if step not in got:
                continue
            s, (n0, t0, c0) = got[step], previous.get(step, (None, None, None))
            killed |= s.seconds is None
            print(measure.row([n, "%s (%s)" % (step, what),
                               secs(s.seconds) if s.seconds is not None else "> %g (killed)" % budget, secs(s.cpu),
                               "%.0f" % (n / s.seconds) if s.seconds else "–",
                               "%.0f" % s.rss_mb if s.seconds is not None else "–",
                               measure.ratio(s.seconds, t0) if n0 else "",
                               "%.2f / %.2f" % (exponent(s.seconds, t0, n, n0), exponent(s.cpu, c0, n, n0))
                               if n0 and s.seconds else ""]))
            if s.seconds is not None:
                previous[step] = (n, s.seconds, s.cpu)
        sys.stdout.flush()
        notes.append("%d rows: %.0f s in all; %s%s." % (n, time.monotonic() - start, busy,
                                                         "; before it, " + waited if waited else ""))
        if killed:
            notes.append("%d rows: an import passed the budget and was killed; larger sizes skipped." % n)
            break
        history.append((n, max(s.seconds for s in got.values())))
    print()
    for note in notes:
        print("- " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
