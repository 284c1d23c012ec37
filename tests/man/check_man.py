#!/usr/bin/env python3
"""The man pages against the program they describe.

usage: check_man.py MESTRING CASE_KEYS MAN_DIR

mestring.1: every command of `mestring --help` (and of each command's
--help, recursively) has an `.Ss` in COMMANDS, every option of a command an
`.It Fl ...` in that subsection, every global option one in "Global
options"; and nothing is documented that the program does not have.
mestring.5: every key CASE_KEYS prints (case_field_order() and the nested
keys) is in CASE FILES, every key of `mestring config --defaults` in
REPOSITORY CONFIG, every rule id in RULES.
Both pages render with mandoc, and with man(1) when it is installed, and the
rendered text names every command and option.
"""
import os
import re
import shutil
import subprocess
import sys

import yaml

mestring, case_keys_bin, man_dir = sys.argv[1:4]
page1 = os.path.join(man_dir, "mestring.1")
page5 = os.path.join(man_dir, "mestring.5")
problems = []


def run(*args, env=None):
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


# --- What the program has -------------------------------------------------

# The help is read in English (it follows --lang, the config and LANG).
OPTION_HEADINGS = {"Options"}
COMMAND_HEADINGS = {"Commands", "Events", "Subcommands"}
OTHER_HEADINGS = {"Positionals"}
# The footers: the top level's formats per command; each command's formats
# (one line, no heading) and the global options, which must be those of
# the top-level help.
FORMATS_FOOTER = "Formats (--format), by command"
GLOBALS_FOOTER = "Global options, before or after the command (mestring --help says more)"
footer_globals = {}


def help_of(path):
    """Returns (options, subcommands) of one command path from its --help."""
    text = run(mestring, "--lang", "en", *path, "--help", env=dict(os.environ, LC_ALL="C.UTF-8"))
    options, subcommands, section = set(), [], None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
            if section == GLOBALS_FOOTER:
                footer_globals[tuple(path)] = set()
            if section not in OPTION_HEADINGS | COMMAND_HEADINGS | OTHER_HEADINGS | {FORMATS_FOOTER, GLOBALS_FOOTER}:
                problems.append(f"mestring {' '.join(path)} --help: heading \"{section}\" is new to this test; "
                                "say in check_man.py whether it lists options or commands")
            continue
        m = re.match(r"^  (\S+)", line)
        if not m:
            continue
        if section == GLOBALS_FOOTER:
            footer_globals[tuple(path)].update(re.findall(r"(?:^|\s)(--?[\w-]+)", line))
        elif section in OPTION_HEADINGS:
            options.update(m.group(1).split(","))
        elif section in COMMAND_HEADINGS:
            subcommands.append(m.group(1))
    return options, subcommands


def commands(path=()):
    """Yields (path, options) for every command below `path`."""
    options, subs = help_of(list(path))
    yield path, options
    for sub in subs:
        yield from commands(path + (sub,))


program = dict(commands())
global_options = program.pop(())
every_option = set(global_options).union(*program.values())

# Each command's --help ends with the global options, all of them.
expected_footer = {o for o in global_options if o not in ("-h", "--help", "--version")}
for path in program:
    listed = footer_globals.get(tuple(path))
    if listed is None:
        problems.append(f"mestring {' '.join(path)} --help: no footer \"{GLOBALS_FOOTER}:\"")
        continue
    # The footer names each option once, by its first name (-j, not --jobs).
    for o in sorted(listed - expected_footer):
        problems.append(f"mestring {' '.join(path)} --help lists {o} among the global options, which it is not")
    for o in sorted(expected_footer - listed):
        if not any(o in pair and pair & listed for pair in ({"-j", "--jobs"}, {"-q", "--quiet"}, {"-v", "--verbose"})):
            problems.append(f"mestring {' '.join(path)} --help does not list the global option {o}")

# --- What mestring.1 says -------------------------------------------------

def sections(source, macro):
    """Splits mdoc source at `.Sh` or `.Ss` lines: {title: text}."""
    out, title = {}, None
    for line in source.splitlines():
        if line.startswith(macro + " "):
            title = line[len(macro) + 1:].strip()
            out[title] = ""
        elif line.startswith(".Sh ") and macro == ".Ss":
            title = None
        elif title is not None:
            out[title] += line + "\n"
    return out


def items(text):
    """The options an `.It` line documents: `.It Fl q , Fl -quiet` -> -q, --quiet."""
    found = set()
    for line in text.splitlines():
        if line.startswith(".It "):
            found.update("-" + f for f in re.findall(r"\bFl (\S+)", line))
    return found


src1 = open(page1, encoding="utf-8").read()
top1 = sections(src1, ".Sh")
subs1 = sections(src1, ".Ss")
in_commands = sections(top1.get("COMMANDS", ""), ".Ss")
for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES"):
    if section not in top1:
        problems.append(f"mestring.1: no section {section}")

documented_global = items(subs1.get("Global options", ""))
for o in sorted(global_options - documented_global):
    problems.append(f"mestring.1: global option {o} is not documented under \"Global options\"")
for o in sorted(documented_global - global_options):
    problems.append(f"mestring.1: \"Global options\" documents {o}, which mestring --help does not have")

for path, options in sorted(program.items()):
    name = " ".join(path)
    if name not in in_commands:
        problems.append(f"mestring.1: command \"{name}\" has no .Ss {name} in COMMANDS")
        continue
    own = options - {"-h", "--help"}
    documented = items(in_commands[name])
    for o in sorted(own - documented):
        problems.append(f"mestring.1: option {o} of \"{name}\" is not documented in .Ss {name}")
    for o in sorted(documented - own):
        problems.append(f"mestring.1: .Ss {name} documents {o}, which \"mestring {name} --help\" does not have")
for name in sorted(set(in_commands) - {" ".join(p) for p in program}):
    problems.append(f"mestring.1: .Ss {name} in COMMANDS is not a command of mestring")

# --- What mestring.5 says -------------------------------------------------

src5 = open(page5, encoding="utf-8").read()
top5 = sections(src5, ".Sh")


def tags(text):
    """The keys an `.It Ic key` line documents."""
    return set(re.findall(r"^\.It Ic (\S+)", text, re.M))


case_text = top5.get("CASE FILES", "")
case_tags = tags(case_text)
keys = run(case_keys_bin).split()
top_case_keys = [k for k in keys if "." not in k]
for key in top_case_keys:
    if key not in case_tags:
        problems.append(f"mestring.5: case-file key {key} has no .It Ic {key} in CASE FILES")
# A nested key is described in its parent's item, which runs to the next
# top-level key's item: as .Ic key, or in an example like {date: 2025-05-12}.
blocks, parent = {}, None
for line in case_text.splitlines():
    m = re.match(r"^\.It Ic (\S+)", line)
    if m and m.group(1) in top_case_keys:
        parent = m.group(1)
    if parent:
        blocks[parent] = blocks.get(parent, "") + line + "\n"
for key in keys:
    if "." in key:
        parent, leaf = key.split(".", 1)
        if not re.search(r"\bIc %s\b|\b%s: " % (re.escape(leaf), re.escape(leaf)), blocks.get(parent, "")):
            problems.append(f"mestring.5: case-file key {key} is not described under .It Ic {parent}")

config_text = top5.get("REPOSITORY CONFIG", "")
config_tags = tags(config_text)
defaults = yaml.safe_load(run(mestring, "config", "--defaults"))


def config_keys(node, prefix=""):
    """Every key of the built-in config, but not rule ids and not level numbers."""
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        yield prefix + key
        if key == "rules":
            for settings in value.values():
                yield from config_keys(settings, "rules.*.")
        elif isinstance(value, dict):
            yield from config_keys(value, prefix + key + ".")


for key in sorted(set(config_keys(defaults))):
    leaf = key.split(".")[-1]
    if leaf not in config_tags:
        problems.append(f"mestring.5: mestring.yaml key {key} has no .It Ic {leaf} in REPOSITORY CONFIG")
rule_tags = tags(top5.get("RULES", ""))
for rule in defaults["rules"]:
    if rule not in rule_tags:
        problems.append(f"mestring.5: rule {rule} has no .It Ic {rule} in RULES")
for rule in sorted(rule_tags - set(defaults["rules"])):
    problems.append(f"mestring.5: RULES documents {rule}, which is not a rule of mestring")

# --- Both render, and the rendered text names everything -------------------

def rendered(page):
    out = {"mandoc": run("mandoc", "-T", "utf8", page)}
    if shutil.which("man"):
        env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80", LC_ALL="C.UTF-8")
        out["man -l"] = run("man", "-l", page, env=env)
    for tool, text in out.items():
        out[tool] = re.sub(r".\x08", "", text)  # overstrike bold and underline
    return out


for tool, text in rendered(page1).items():
    words = set(re.findall(r"[\w-]+", text))
    for path in program:
        for word in path:
            if word not in words:
                problems.append(f"mestring.1 rendered by {tool} does not mention the command {word}")
    for o in sorted(every_option):
        if o not in words:
            problems.append(f"mestring.1 rendered by {tool} does not mention {o}")
for tool, text in rendered(page5).items():
    for word in ("CASE FILES", "REPOSITORY CONFIG", "RULES", "followups", "move_off_weekends"):
        if word not in text:
            problems.append(f"mestring.5 rendered by {tool} does not mention {word}")

for p in problems:
    print(p)
print(f"{len(program)} commands, {len(every_option)} options, {len(problems)} problems")
sys.exit(1 if problems else 0)
