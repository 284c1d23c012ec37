#!/usr/bin/env python3
"""Every English text the code translates has a Danish text in the catalog.

Finds the literal first argument of say("…"), h("…"), tr(lang, "…") and
trf(lang, "…") in src/ (with adjacent literals joined and both arms of a
`cond ? "a" : "b"`), and checks each is a key of src/core/i18n_da.inc. Texts passed as
variables (rule titles, states, enum values) cannot be found this way; the
golden tests in Danish show them.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2])
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
CALL = re.compile(r'\b(say|h|tr|trf)\(')


def first_argument_literals(text, start, skip_first):
    """The literal groups of the argument at `start` (after the call's paren)."""
    i, depth, groups, current = start, 0, [], None
    if skip_first:  # tr(lang, …): skip to the first top-level comma
        while i < len(text) and not (depth == 0 and text[i] == ','):
            depth += text[i] in '([{'
            depth -= text[i] in ')]}'
            if depth < 0:
                return []
            i += 1
        i += 1
    depth = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            current = (current or '') + m.group(1)
            i = m.end()
            continue
        if not c.isspace() and current is not None:
            groups.append(current)
            current = None
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                break
            depth -= 1
        elif c == ',' and depth == 0:
            break
        i += 1
    if current is not None:
        groups.append(current)
    return groups


def used_texts():
    found = {}
    for path in sorted((root / 'src').rglob('*.cpp')) + sorted((root / 'include').rglob('*.hpp')):
        text = path.read_text(encoding='utf-8')
        # Comments would otherwise look like calls: drop // lines.
        text = re.sub(r'//[^\n]*', lambda m: ' ' * len(m.group(0)), text)
        for m in CALL.finditer(text):
            if text[max(0, m.start() - 1)] in '.>:_':  # x.say(…), std::tr… are other functions
                continue
            for literal in first_argument_literals(text, m.end(), m.group(1) in ('tr', 'trf')):
                line = text.count('\n', 0, m.start()) + 1
                found.setdefault(literal, f'{path.relative_to(root)}:{line}')
    return found


def catalog_keys():
    text = (root / 'src/core/i18n_da.inc').read_text(encoding='utf-8')
    text = re.sub(r'//[^\n]*', '', text)
    keys = []
    for entry in re.finditer(r'\{\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+),', text):
        keys.append(''.join(LITERAL.findall(entry.group(1))))
    return keys


used = used_texts()
keys = set(catalog_keys())
missing = {t: where for t, where in used.items() if t not in keys}
for text, where in sorted(missing.items(), key=lambda kv: kv[1]):
    print(f'{where}: no Danish text for "{text}"')
print(f'{len(used)} texts translated in the code, {len(keys)} in the catalog, {len(missing)} missing')
sys.exit(1 if missing else 0)
