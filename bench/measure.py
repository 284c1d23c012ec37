"""What both benchmark drivers (run.py, import_bench.py) measure with.

One run of a program, timed by the wall clock from here, with its peak
resident memory as GNU time -v prints it ("Maximum resident set size"): the
run goes through /usr/bin/time (Debian package `time`; it adds about 1 ms).
Where GNU time is missing (CI installs no more than the tests need), the
figure is the ru_maxrss that wait4(2) gives Python, which also counts the
~10 MB of the Python process the child was forked from: an upper bound, right
for anything larger, and the tables say so.

The machine is shared, so every figure comes with how busy it was: the load
average, and the CPU time other processes took while we measured (from
/proc/stat, less what our own children and we used).
"""

import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time

AS_OF = "2025-11-26"  # the generators' as-of date: every mestring run uses it


def _gnu_time():
    try:
        out = subprocess.run(["/usr/bin/time", "--version"], capture_output=True, text=True, timeout=10)
        return "GNU" in out.stdout + out.stderr
    except (OSError, subprocess.SubprocessError):
        return False


GNU_TIME = _gnu_time()
RSS_SOURCE = ("GNU time -v \"Maximum resident set size\"" if GNU_TIME else
              "Python's wait4 (no GNU time here: sizes below ~15 MB are the Python process's; apt-get install time)")


class Failed(Exception):
    """A measured program exited with a status it must not have."""


class Sample:
    """One run: wall seconds (None if killed at the timeout), CPU seconds (user + system), peak RSS in MB, exit status.

    On a busy machine the CPU seconds move less than the wall time: they tell
    a slow run from a run that waited for a core.
    """

    def __init__(self, seconds, cpu, rss_mb, code):
        self.seconds, self.cpu, self.rss_mb, self.code = seconds, cpu, rss_mb, code


def timed(argv, cwd=None, env=None, ok=(0,), timeout=None):
    """Runs argv once with its output discarded and returns a Sample.

    An exit status outside `ok` raises Failed with the end of its stderr.
    With `timeout`, a run still going after that many seconds is killed
    (with its process group) and its Sample has seconds None.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as report:
        if GNU_TIME:
            argv = ["/usr/bin/time", "-v", "-o", report.name] + list(argv)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
        killed = threading.Event()

        def kill():
            killed.set()
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        rss_kb = usage.ru_maxrss
        if GNU_TIME:
            found = [l for l in report.read().splitlines() if "Maximum resident set size" in l]
            rss_kb = int(found[-1].rsplit(":", 1)[1]) if found else float("nan")
        cpu = usage.ru_utime + usage.ru_stime  # GNU time's own share is a millisecond
        if killed.is_set():
            return Sample(None, cpu, rss_kb / 1024, proc.returncode)
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise Failed("%s (in %s) exited %d:\n%s" % (" ".join(argv), cwd or ".", proc.returncode, tail))
        return Sample(seconds, cpu, rss_kb / 1024, proc.returncode)


def median(samples):
    """The median wall time of samples (None if any was killed)."""
    if any(s.seconds is None for s in samples):
        return None
    return statistics.median(s.seconds for s in samples)


def median_cpu(samples):
    """The median CPU seconds of samples."""
    return statistics.median(s.cpu for s in samples)


def peak(samples):
    """The largest peak RSS of samples, in MB."""
    return max(s.rss_mb for s in samples)


def secs(x):
    """Seconds for a table: 3 significant places below 1 s, 2 decimals above."""
    if x is None:
        return "–"
    return "%.3f" % x if x < 1 else "%.2f" % x


def ratio(a, b):
    """a / b as "1.23×", or "–" when either is missing."""
    if a is None or not b:
        return "–"
    return "%.2f×" % (a / b)


class Load:
    """How busy the machine was between start() and stop()."""

    def __init__(self):
        self.hz = os.sysconf("SC_CLK_TCK")
        self.begin = None

    @staticmethod
    def _busy_jiffies():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal ...
        return sum(fields[i] for i in (0, 1, 2, 5, 6)), (fields[7] if len(fields) > 7 else 0)

    @staticmethod
    def _ours():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def start(self):
        self.begin = (time.monotonic(), self._busy_jiffies(), self._ours(), os.getloadavg())
        return self

    def stop(self):
        """Returns a sentence: load averages, and the cores other processes used on average."""
        wall0, (busy0, steal0), ours0, la0 = self.begin
        wall = time.monotonic() - wall0
        busy, steal = self._busy_jiffies()
        others = ((busy - busy0) / self.hz - (self._ours() - ours0)) / max(wall, 1e-9)
        stolen = (steal - steal0) / self.hz / max(wall, 1e-9)
        la1 = os.getloadavg()
        return ("load average %.2f → %.2f; other processes used %.2f of %d cores on average%s over %.0f s"
                % (la0[0], la1[0], max(others, 0.0), os.cpu_count(), ", %.2f stolen by the host" % stolen
                   if stolen >= 0.01 else "", wall))


def wait_quiet(max_seconds, cores=0.25, window=5.0):
    """Waits until other processes use fewer than `cores` CPUs over `window` seconds, or max_seconds have passed.

    Returns a sentence for the report ("" when max_seconds is 0): how long it
    waited and how busy the machine was in the last window.
    """
    if max_seconds <= 0:
        return ""
    start = time.monotonic()
    while True:
        load = Load().start()
        time.sleep(window)
        wall0, (busy0, _), _, _ = load.begin
        others = ((Load._busy_jiffies()[0] - busy0) / load.hz) / (time.monotonic() - wall0)
        waited = time.monotonic() - start
        if others < cores or waited >= max_seconds:
            return "waited %.0f s for a quiet machine (then other processes used %.2f cores%s)" % (
                waited, others, "" if others < cores else ", gave up")


def machine():
    """One line about the machine: cores, CPU model, memory, kernel."""
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        mem = 0
    return "%d cores (%s), %.0f GiB, Linux %s" % (os.cpu_count(), model, mem, platform.release())


def source_commit(build):
    """The source folder BUILD_DIR was configured from and its short commit ("+dirty" with changes)."""
    path = "?"
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            path = next((l.split("=", 1)[1].strip() for l in f if l.startswith("CMAKE_HOME_DIRECTORY")), "?")
    except OSError:
        pass
    try:
        out = subprocess.run(["git", "-C", path, "describe", "--always", "--dirty=+dirty"], capture_output=True,
                             text=True, timeout=30)
        return "%s at %s" % (path, out.stdout.strip()) if out.stdout.strip() else path
    except (OSError, subprocess.SubprocessError):
        return path


def row(cells):
    """One line of a markdown table."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(header, rows):
    """A markdown table as a string."""
    return "\n".join([row(header), "|" + "---|" * len(header)] + [row(r) for r in rows])
