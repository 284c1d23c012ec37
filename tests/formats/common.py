"""What the format tests share: running the mestring binary on a repository.

The binary comes from $MESTRING, the project from $MESTRING_PROJECT (both set
by ctest); the tests run on examples/ and on tests/fixtures/broken, whose
findings have quotes, commas, missing lines and a file without a case id.
"""

import json
import os
import subprocess

BINARY = os.environ["MESTRING"]
PROJECT = os.environ["MESTRING_PROJECT"]
EXAMPLES = os.path.join(PROJECT, "examples")
BROKEN = os.path.join(PROJECT, "tests", "fixtures", "broken")
AS_OF = "2025-11-26"


def run(args, cwd=EXAMPLES):
    """Runs mestring with args in cwd; returns stdout as bytes (exit 0 or 1)."""
    done = subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise AssertionError(f"mestring {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return done.stdout


def run_json(args, cwd=EXAMPLES):
    return json.loads(run([*args, "--format", "json"], cwd))


def case_files(root):
    """The case files mestring checks under root/cases, as it names them."""
    found = []
    for folder, dirs, files in os.walk(os.path.join(root, "cases")):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith(".") and name != "mestring.yaml":
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


# (check arguments, working folder) pairs every check format is tested on.
CHECK_RUNS = [
    (["check", "--as-of", AS_OF], EXAMPLES),
    (["check", "--as-of", AS_OF, "--min-severity", "info"], EXAMPLES),
    (["check", "--as-of", AS_OF, "--min-severity", "info"], BROKEN),
]
