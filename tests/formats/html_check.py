#!/usr/bin/env python3
"""Check mestring's HTML pages with a strict HTML5 parser (python3-html5lib).

A page passes when
  - html5lib in strict mode parses it without a single parse error,
  - it holds no script, no event handler attribute, nothing that loads or
    embeds (iframe, object, embed, link, base, img, meta refresh), and no URL
    that leaves the page: href/src-like attributes are relative or fragments,
    CSS has no @import and url() only of fragments (url(#pattern)),
  - every id is unique, <html lang> is the page's language,
  - an agenda (for e-mail) lays nothing out with flex, grid, position or
    float, which Outlook's renderer ignores,
  - every chart (<svg>) is role="img" with a <title> and a <desc> it is
    labelled by, and is followed by a <table> whose caption is its title,
  - every expected agenda item is a row (data-case, data-rule, data-due,
    data-overdue), every exempted item a row apart, and nothing more,
  - every expected text appears in the text a reader sees, and no text that
    must be absent (a citizen's name under privacy: ids-only) is anywhere.

Usage:
  html_check.py DEMO_DIR             the pages and expectations of DEMO_DIR/expected.json
                                     (html_demo's samples, or real_pages.py's pages of examples/)
  html_check.py PAGE.html [--due-json DUE.json] [--lang da] [--text TEXT]... [--outlook]
                                     a page; with `mestring due --format json`
                                     output, its items and exempted items
Exits 0 when every page passes, 1 otherwise, 77 when html5lib is missing.
"""

import argparse
import collections
import json
import pathlib
import re
import sys

try:
    import html5lib
except ImportError:  # pragma: no cover - the skip path
    html5lib = None

SVG = "{http://www.w3.org/2000/svg}"
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "cite",
                  "longdesc", "manifest", "ping", "xlink:href", "{http://www.w3.org/1999/xlink}href"}
FORBIDDEN_TAGS = {"script", "iframe", "frame", "object", "embed", "link", "base", "img", "picture", "video", "audio",
                  "source", "track", "applet", "form", "input", "foreignObject", "image", "use"}
EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//|\\\\)")


def local(tag):
    """The element's name without its namespace."""
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


class ParseError(Exception):
    pass


def parse(text):
    """Parses strictly; returns the root element or raises ParseError naming the line and column."""
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    try:
        return parser.parse(text)
    except html5lib.html5parser.ParseError as e:
        if parser.errors:
            (line, column), code, data = parser.errors[-1]
            raise ParseError(f"line {line}, column {column}: {code} {data or ''}".rstrip()) from e
        raise ParseError(str(e)) from e


def css_problems(css, where):
    found = []
    if re.search(r"@import", css, re.I):
        found.append(f"{where}: CSS @import")
    for match in re.finditer(r"url\(\s*(['\"]?)(.*?)\1\s*\)", css, re.I):
        if not match.group(2).startswith("#"):
            found.append(f"{where}: CSS url({match.group(2)})")
    return found


OUTLOOK_UNSAFE = re.compile(r"display\s*:\s*(?:inline-)?(?:flex|grid)|position\s*:|float\s*:|grid-template", re.I)


def outlook_problems(root):
    """CSS that Outlook's Word engine ignores and a layout may not rest on: flex, grid, position, float."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        css = (element.text or "") if local(element.tag) == "style" else element.get("style", "")
        for match in OUTLOOK_UNSAFE.finditer(css):
            found.append(f"<{local(element.tag)}>: CSS {match.group(0)!r} is not for Outlook")
    return found


def visible_text(root):
    """The text a reader sees: no <style>, <title> of the head, or SVG internals but its text."""
    parts = []

    def walk(element):
        name = local(element.tag) if isinstance(element.tag, str) else ""
        if name in ("style", "head", "defs"):
            if element.tail:
                parts.append(element.tail)
            return
        if element.text and name not in ("title", "desc"):
            parts.append(element.text)
        for child in element:
            walk(child)
        if element.tail:
            parts.append(element.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def structure_problems(root, lang=None):
    found = []
    if lang and root.get("lang") != lang:
        found.append(f'<html lang="{root.get("lang")}">, expected "{lang}"')
    ids = collections.Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        if name in FORBIDDEN_TAGS:
            found.append(f"<{name}> element")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if name == "style":
            found += css_problems(element.text or "", "<style>")
        for attribute, value in element.attrib.items():
            plain = local(attribute)
            if plain.lower().startswith("on"):
                found.append(f"<{name} {plain}=…> event handler")
            if attribute in URL_ATTRIBUTES or plain in URL_ATTRIBUTES:
                if EXTERNAL.match(value) and not value.strip().startswith("#"):
                    found.append(f"<{name} {plain}=\"{value}\"> leaves the page")
            if plain == "style" or "url(" in value.lower():
                found += css_problems(value, f"<{name} {plain}>")
            if plain == "id":
                ids[value] += 1
    found += [f'id "{i}" is used {n} times' for i, n in ids.items() if n > 1]
    found += chart_problems(root, set(ids))
    return found


def chart_problems(root, ids):
    found = []
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for index, svg in enumerate(elements):
        if svg.tag != SVG + "svg":
            continue
        chart = svg.get("data-chart", "?")
        title = svg.find(SVG + "title")
        desc = svg.find(SVG + "desc")
        if svg.get("role") != "img":
            found.append(f"chart {chart}: not role=img")
        if title is None or not (title.text or "").strip() or desc is None or not (desc.text or "").strip():
            found.append(f"chart {chart}: no <title> and <desc>")
            continue
        labelled = (svg.get("aria-labelledby") or "").split()
        if title.get("id") not in labelled or desc.get("id") not in labelled or not set(labelled) <= ids:
            found.append(f"chart {chart}: aria-labelledby does not name its <title> and <desc>")
        following = next((e for e in elements[index + 1:] if e.tag in ("table", SVG + "svg")), None)
        if following is None or following.tag != "table":
            found.append(f"chart {chart}: no table of its numbers follows it")
            continue
        caption = following.find("caption")
        if caption is None or (caption.text or "").strip() != title.text.strip():
            found.append(f"chart {chart}: the table after it is not captioned \"{title.text}\"")
    return found


def rows(root, kind):
    """The agenda rows of a kind ("item" or "exempt") as tuples."""
    out = []
    for tr in root.iter("tr"):
        classes = (tr.get("class") or "").split()
        if kind not in classes:
            continue
        if kind == "item":
            out.append((tr.get("data-case"), tr.get("data-rule"), tr.get("data-due"), tr.get("data-overdue") == "true"))
        else:
            out.append((tr.get("data-case"), tr.get("data-rule"), tr.get("data-due"), tr.get("data-until")))
    return out


def item_problems(root, items, exempted):
    found = []
    want = collections.Counter((i["case"], i["rule"], i["due"], bool(i["overdue"])) for i in items)
    have = collections.Counter(rows(root, "item"))
    for row in (want - have).elements():
        found.append(f"agenda item missing: {row}")
    for row in (have - want).elements():
        found.append(f"agenda item not expected: {row}")
    want = collections.Counter((e["case"], e["rule"], e["due"], e.get("until") or e.get("exemption", {}).get("until"))
                               for e in exempted)
    have = collections.Counter(rows(root, "exempt"))
    for row in (want - have).elements():
        found.append(f"exempted item missing: {row}")
    for row in (have - want).elements():
        found.append(f"exempted item not expected: {row}")
    return found


def check_page(path, lang=None, items=None, exempted=None, texts=(), outlook=False, absent=()):
    """Returns the problems of one page (an empty list when it passes)."""
    raw = pathlib.Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"]
    try:
        root = parse(text)
    except ParseError as e:
        return [f"parse error: {e}"]
    found = structure_problems(root, lang)
    if outlook:
        found += outlook_problems(root)
    if items is not None:
        found += item_problems(root, items, exempted or [])
    seen = visible_text(root)
    for expected in texts:
        if re.sub(r"\s+", " ", expected) not in seen:
            found.append(f"text missing: {expected!r}")
    for unwanted in absent:  # anywhere in the file, attributes and title included
        if unwanted in text:
            found.append(f"text that must not be there: {unwanted!r}")
    return found


def self_test():
    """The checks can fail: each broken page below is caught."""
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
    bad = {
        "script": head + "</head><body><script>alert(1)</script></body></html>",
        "external": head + '</head><body><a href="https://example.org/">x</a></body></html>',
        "css url": head + "<style>body{background:url(http://example.org/a.png)}</style></head><body>x</body></html>",
        "parse error": head + "</head><body><p>a</b></body></html>",
        "handler": head + '</head><body><p onclick="x()">a</p></body></html>',
        "duplicate id": head + '</head><body><p id="a">a</p><p id="a">b</p></body></html>',
    }
    for what, page in bad.items():
        try:
            root = parse(page)
            assert structure_problems(root), f"self-test: {what} not caught"
        except ParseError:
            assert what == "parse error", f"self-test: {what} gave a parse error"
    good = head + '</head><body><p id="a"><a href="lars-berg.html">a</a> https://example.org in text</p></body></html>'
    assert not structure_problems(parse(good)), "self-test: a good page was refused"
    root = parse(head + '</head><body><table><tr class="item" data-case="1" data-rule="r" data-due="2025-01-01" '
                 'data-overdue="false"><td>x</td></tr></table></body></html>')
    assert item_problems(root, [{"case": "1", "rule": "r", "due": "2025-01-02", "overdue": False}], []), \
        "self-test: a missing item was not caught"
    assert outlook_problems(parse(head + '</head><body><div style="display: flex">a</div></body></html>')), \
        "self-test: flexbox was not caught"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="a demo folder with expected.json, or an HTML page")
    parser.add_argument("--due-json", help="`mestring due --format json` output: its items must all be rows")
    parser.add_argument("--lang", help="the page's language (da, en)")
    parser.add_argument("--text", action="append", default=[], help="a text the page must show (repeatable)")
    parser.add_argument("--outlook", action="store_true", help="refuse CSS layout Outlook ignores (implied by --due-json)")
    args = parser.parse_args()
    if html5lib is None:
        print("html5lib not found: skipped (apt-get install python3-html5lib)")
        return 77
    self_test()
    print("self-test: scripts, external URLs, parse errors, handlers, duplicate ids, missing items and flexbox are caught")

    path = pathlib.Path(args.path)
    checks = []
    if path.is_dir():
        expected = json.loads((path / "expected.json").read_text(encoding="utf-8"))
        for name, page in expected["pages"].items():
            agenda = page["kind"] == "agenda"
            checks.append((path / name, page.get("lang"), page.get("items") if agenda else None,
                           page.get("exempted"), page.get("texts", []), agenda, page.get("absent", [])))
    else:
        items = exempted = None
        if args.due_json:
            due = json.loads(pathlib.Path(args.due_json).read_text(encoding="utf-8"))
            items, exempted = due["items"], due.get("exempted", [])
        checks.append((path, args.lang, items, exempted, args.text, args.outlook or items is not None, []))

    failed = 0
    for page, lang, items, exempted, texts, outlook, absent in checks:
        found = check_page(page, lang, items, exempted, texts, outlook, absent)
        print(f"{'ok' if not found else 'FAIL'}: {page}")
        for p in found:
            print(f"  {p}")
        failed += bool(found)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
