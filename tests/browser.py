"""Headless Chromium over the DevTools protocol, for the report's browser tests.

One browser per ``Browser`` context; ``open`` loads a page at a viewport width and returns once
it has loaded; ``measure`` reports what overflows; ``screenshot`` and ``pdf`` write files.
Run as a script to take screenshots of a report: ``python -m tests.browser PAGE.html OUT_DIR``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

# Every box a reader sees: text containers whose content is wider than the box (cut or spilling),
# card contents outside their card, and the page wider than the viewport.
MEASURE = r"""
(() => {
  const page = {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth};
  const over = [];
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') +
      ' «' + (e.innerText || '').slice(0, 60).replace(/\s+/g, ' ') + '»';
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const e of document.querySelectorAll('main, section, p, td, th, li, h1, h2, h3, div, span, code, table, summary, svg')) {
    if (!visible(e) || getComputedStyle(e).overflowX === 'auto') continue;
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) over.push({what: describe(e), scroll: e.scrollWidth, client: e.clientWidth});
    const r = e.getBoundingClientRect();
    if (r.right > page.viewport + 1) over.push({what: describe(e), right: r.right, viewport: page.viewport});
  }
  for (const card of document.querySelectorAll('.card')) {
    const box = card.getBoundingClientRect();
    for (const child of card.querySelectorAll('*')) {
      const r = child.getBoundingClientRect();
      if (r.right > box.right + 1 || r.left < box.left - 1) over.push({what: 'card ' + describe(child), right: r.right, card: box.right});
    }
  }
  return {page, over};
})()
"""


def chromium() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


class Browser:
    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.profile = Path(tempfile.mkdtemp(prefix="pantau-chrome-"))
        self.events: list[dict[str, Any]] = []
        self._ids = iter(range(1, 1_000_000))

    def __enter__(self) -> Browser:
        from websockets.sync.client import connect

        self.process = subprocess.Popen(
            [self.binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "--window-size=1280,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        self.ws = connect(url, max_size=200_000_000).__enter__()
        for domain in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.call(domain)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method: str, **params: object) -> dict[str, Any]:
        ident = next(self._ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def open(self, page: Path | str, width: int, height: int = 1000) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.events.clear()
        self.call("Page.navigate", url=page.as_uri() if isinstance(page, Path) else page)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(json.loads(self.ws.recv(timeout=60)))

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def errors(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("method") == "Runtime.exceptionThrown"
                or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
                or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def measure(self) -> dict[str, Any]:
        result: dict[str, Any] = self.evaluate(MEASURE)
        return result

    def screenshot(self, path: Path, *, top: int = 0, height: int | None = None) -> bytes:
        """A PNG of the page from ``top`` down (``height`` pixels, or to the end)."""
        size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": top, "width": size[0], "height": min(height or size[1], size[1] - top), "scale": 1}
        shot = base64.b64decode(self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                          clip=clip)["data"])
        path.write_bytes(shot)
        return shot

    def height(self) -> int:
        return int(self.evaluate("document.documentElement.scrollHeight"))

    def pdf(self, path: Path) -> bytes:
        """Print with the page's own @page rules (A4 portrait), as a reader printing it would."""
        data = base64.b64decode(self.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
        path.write_bytes(data)
        return data


def print_overflow(browser: Browser) -> dict[str, Any]:
    """The print layout: emulate print media at A4's printable width (210 mm − 2 × 12 mm ≈ 703 px) and measure."""
    browser.call("Emulation.setEmulatedMedia", media="print")
    browser.call("Emulation.setDeviceMetricsOverride", width=703, height=1000, deviceScaleFactor=1, mobile=False)
    try:
        return browser.measure()
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")


def main() -> None:
    page, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    binary = chromium()
    assert binary, "no chromium"
    with Browser(binary) as browser:
        for width in (1280, 1920):
            browser.open(page, width)
            print(width, json.dumps(browser.measure(), ensure_ascii=False)[:3000])
            for part, top in enumerate(range(0, browser.height(), 1100)):
                browser.screenshot(out / f"{page.stem}-{width}-{part:02d}.png", top=top, height=1100)
        print("print", json.dumps(print_overflow(browser), ensure_ascii=False)[:3000])
        browser.pdf(out / f"{page.stem}.pdf")


if __name__ == "__main__":
    main()
