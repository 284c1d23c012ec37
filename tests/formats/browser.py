#!/usr/bin/env python3
"""Render HTML pages in Debian's headless Chromium and check what a reader gets.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
file descriptors 3 and 4, messages ending in NUL), so no port is opened and no
websocket library is needed. For each page it records every network request and
every console message while the page loads, is captured and is printed, and
writes a PNG screenshot (the full page, 1000 px wide) and a PDF printed with
the page's own @page size (preferCSSPageSize; Chromium's default paper is
Letter, so an A4 PDF proves the page asked for A4).

A page passes when
  - no console error, warning about a failed load, or uncaught exception,
  - no network request but the page's own file,
  - the PNG is not blank (enough non-white pixels, and their luminance varies),
  - the PDF's pages are all A4 (595.3 x 841.9 pt, within a point) and few.

Usage:
  browser.py DEMO_DIR                  the pages listed in DEMO_DIR/expected.json
                                       (PNG and PDF into DEMO_DIR/shots/)
  browser.py PAGE.html... [--out DIR] [--max-pages N]
Exits 0 when every page passes, 1 otherwise, 77 when Chromium is missing.
Runs a self-test first: a page with a script error and an external image must
fail, and a blank page must count as blank.
"""

import argparse
import base64
import json
import os
import pathlib
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

A4_POINTS = (595.28, 841.89)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--remote-debugging-pipe",
]


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium, spoken to over the DevTools pipe."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="mestring-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire():  # in the child: the protocol's fixed descriptors
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=wire, pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        self.events = []

    def _send(self, method, params=None, session=None):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        return self._id

    def _receive(self, deadline):
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe (see its log in " + self.profile + ")")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=60):
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, timeout=60):
        for i, message in enumerate(self.events):
            if message.get("method") == event:
                del self.events[i]
                return message
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("method") == event:
                return message
            self.events.append(message)

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:  # noqa: BLE001 - it may be gone already
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Rendering:
    def __init__(self, url):
        self.url = url
        self.requests = []  # URLs other than the page itself
        self.console = []   # console errors, exceptions, failed loads
        self.png = b""
        self.thumbnail = b""  # the same screenshot at a quarter of the size
        self.pdf = b""


def render(browser, path, width=1000):
    """Loads the page, screenshots it whole and prints it; returns a Rendering."""
    url = pathlib.Path(path).resolve().as_uri()
    result = Rendering(url)
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.events.clear()
    for domain in ("Page", "Network", "Runtime", "Log"):
        browser.call(f"{domain}.enable", session=session)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False}, session)
    browser.call("Page.navigate", {"url": url}, session)
    browser.wait_for("Page.loadEventFired")
    metrics = browser.call("Page.getLayoutMetrics", session=session)
    height = int(metrics["cssContentSize"]["height"]) + 1
    shot = browser.call("Page.captureScreenshot",
                        {"format": "png", "captureBeyondViewport": True,
                         "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session)
    result.png = base64.b64decode(shot["data"])
    # A quarter-size copy for the pixel check: pure-Python PNG decoding is slow.
    small = browser.call("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": True,
                          "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.25}}, session)
    result.thumbnail = base64.b64decode(small["data"])
    printed = browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session)
    result.pdf = base64.b64decode(printed["data"])
    # Anything the page did meanwhile, up to here, was recorded as an event.
    for message in browser.events:
        if message.get("sessionId") != session:
            continue
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            if request_url != url:
                result.requests.append(request_url)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            result.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            result.console.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            result.console.append(params["entry"]["text"])
    browser.events.clear()
    browser.call("Target.closeTarget", {"targetId": target})
    return result


# ---- PNG: decoded with zlib alone, enough for Chromium's 8-bit RGB(A) output

def png_pixels(data):
    """Returns (width, height, rows of luminance 0-255) of an 8-bit PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, idat, width = 8, b"", 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 255
        rows.append([(299 * line[i] + 587 * line[i + 1] + 114 * line[i + 2]) // 1000
                     for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def ink(png):
    """Returns (share of pixels that are not near-white, luminance variance)."""
    _, _, rows = png_pixels(png)
    values = [v for row in rows for v in row]
    inked = sum(1 for v in values if v < 235) / len(values)
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return inked, variance


# ---- PDF: Chromium (Skia) writes plain page dictionaries

def pdf_pages(pdf):
    """Returns the MediaBox (width, height) in points of every page."""
    import re
    boxes = []
    for match in re.finditer(rb"/Type\s*/Page\b(?!s)(.*?)>>\s*endobj", pdf, re.S):
        box = re.search(rb"/MediaBox\s*\[\s*([\d.\-]+)\s+([\d.\-]+)\s+([\d.\-]+)\s+([\d.\-]+)\s*\]", match.group(0))
        if not box:
            raise ValueError("a page without a MediaBox")
        x0, y0, x1, y1 = (float(v) for v in box.groups())
        boxes.append((x1 - x0, y1 - y0))
    return boxes


def problems(rendering, max_pages):
    found = []
    if rendering.console:
        found.append(f"console: {rendering.console}")
    if rendering.requests:
        found.append(f"network requests: {rendering.requests}")
    inked, variance = ink(rendering.thumbnail)
    if inked < 0.005 or variance < 20:
        found.append(f"the screenshot is blank ({inked:.2%} inked, luminance variance {variance:.0f})")
    pages = pdf_pages(rendering.pdf)
    if not pages:
        found.append("the PDF has no pages")
    for number, (w, h) in enumerate(pages, 1):
        if abs(w - A4_POINTS[0]) > 1 or abs(h - A4_POINTS[1]) > 1:
            found.append(f"PDF page {number} is {w:.1f} x {h:.1f} pt, not A4")
    if len(pages) > max_pages:
        found.append(f"the PDF has {len(pages)} pages, more than {max_pages}")
    return found


def self_test(browser):
    """The checks can fail: a bad page and a blank page are caught."""
    with tempfile.TemporaryDirectory() as folder:
        bad = os.path.join(folder, "bad.html")
        pathlib.Path(bad).write_text(
            '<!DOCTYPE html><html lang="en"><head><title>bad</title></head><body><p>text</p>'
            '<img src="http://127.0.0.1:9/pixel.png" alt=""><script>console.error("boom")</script></body></html>')
        blank = os.path.join(folder, "blank.html")
        pathlib.Path(blank).write_text('<!DOCTYPE html><html lang="en"><head><title>blank</title></head><body></body></html>')
        r = render(browser, bad)
        assert any("boom" in c for c in r.console), f"self-test: console error not seen: {r.console}"
        assert any("127.0.0.1:9" in u for u in r.requests), f"self-test: request not seen: {r.requests}"
        assert pdf_pages(r.pdf) and all(abs(w - 612) < 1 for w, _ in pdf_pages(r.pdf)), \
            "self-test: a page without @page should print on Letter"
        b = render(browser, blank)
        assert any("blank" in p for p in problems(b, 1)), "self-test: a blank page was not seen as blank"


def demo_pages(folder):
    expected = json.loads(pathlib.Path(folder, "expected.json").read_text(encoding="utf-8"))
    return [os.path.join(folder, name) for name in expected["pages"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="a demo folder with expected.json, or HTML pages")
    parser.add_argument("--out", help="folder for the PNG and PDF files")
    parser.add_argument("--max-pages", type=int, default=0, help="most PDF pages a page may print to (default: "
                        "2 for a report, 1 + one per group for an agenda)")
    args = parser.parse_args()
    binary = find_chromium()
    if not binary:
        print("chromium not found: skipped (apt-get install chromium)")
        return 77

    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        pages = demo_pages(args.paths[0])
        out = args.out or os.path.join(args.paths[0], "shots")
    else:
        pages = args.paths
        out = args.out or tempfile.mkdtemp(prefix="mestring-shots-")
    os.makedirs(out, exist_ok=True)

    browser = Browser(binary)
    failed = 0
    try:
        self_test(browser)
        print("self-test: a console error, a network request and a blank page are caught")
        for page in pages:
            rendering = render(browser, page)
            stem = os.path.splitext(os.path.relpath(page, os.path.dirname(pages[0]) if len(pages) == 1
                                                    else os.path.commonpath(pages)))[0].replace(os.sep, "--")
            pathlib.Path(out, stem + ".png").write_bytes(rendering.png)
            pathlib.Path(out, stem + ".pdf").write_bytes(rendering.pdf)
            text = pathlib.Path(page).read_text(encoding="utf-8")
            groups = text.count('class="group')
            limit = args.max_pages or (2 if 'class="report"' in text else 1 + groups)
            found = problems(rendering, limit)
            inked, _ = ink(rendering.thumbnail)
            status = "ok" if not found else "FAIL"
            print(f"{status}: {page}: {len(pdf_pages(rendering.pdf))} A4 page(s), {inked:.1%} inked -> {out}/{stem}.png")
            for p in found:
                print(f"  {p}")
            failed += bool(found)
    finally:
        browser.close()
    print(f"{len(pages) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
