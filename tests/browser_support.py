"""What the two browser tests share: Debian's Chromium under Playwright, offline, one at a time.

* Chromium is the Debian package's binary on PATH (no ``playwright install``: there is no
  browser download here).  Missing, it fails the test with the command that installs it.
* Every request that is not ``file://``, ``data:`` or ``127.0.0.1`` is aborted and recorded, and
  every failed request, console error and uncaught page error is recorded, for the tests to
  assert that there were none.
* The two browser modules take one lock for their whole run: pytest-xdist's ``loadscope`` may
  send them to different workers, and a browser with JupyterLab beside another browser on two
  shared cores only makes both slow and flaky.
"""

import contextlib
import fcntl
import hashlib
import pathlib
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
INSTALL_HINT = ("Chromium is not installed, and the browser tests need it: "
                "sudo apt-get install chromium   (Debian's package; `make test` does this itself when run as root)")


def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    return path


def is_local(url):
    """file:, data: and loopback addresses are the only places a page may load from."""
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob") or parts.hostname == "127.0.0.1"


@contextlib.contextmanager
def browser_lock(timeout=300):
    """Hold a machine-wide lock for this checkout while a browser test module runs."""
    key = hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]
    path = pathlib.Path(tempfile.gettempdir(), f"nnlib-browser-tests-{key}.lock")
    with open(path, "w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another browser test held {path} for more than {timeout} s", pytrace=False)
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium, driven by the Playwright package, under the browser lock."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with browser_lock(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What went wrong on a page while it was open."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def problems(self):
        lines = [f"console error: {m}" for m in self.console_errors]
        lines += [f"page error: {m}" for m in self.page_errors]
        lines += [f"blocked request to the network: {u}" for u in self.blocked]
        lines += [f"failed request: {m}" for m in self.failed]
        return lines


def watch(context):
    """Route-abort non-local requests of a browser context and record every problem of its pages."""
    seen = Watch()

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            seen.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def on_page(page):
        page.on("console", lambda msg: seen.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")
                if msg.type == "error" else None)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

    def on_failed(request):
        if request.url not in seen.blocked:  # a blocked request is reported once, as blocked
            seen.failed.append(f"{request.url}: {request.failure}")

    context.route("**/*", route)
    context.on("page", on_page)
    context.on("requestfailed", on_failed)
    return seen


def expected_math(nb):
    """(display formulas in the Markdown, LaTeX outputs, image outputs) of a notebook: what a page must show."""
    display = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```|`[^`\n]*`", "", cell.source, flags=re.S)  # code is not math
        for pattern in (r"\$\$.+?\$\$", r"\\\[.+?\\\]"):
            display += len(re.findall(pattern, text, flags=re.S))
            text = re.sub(pattern, "", text, flags=re.S)
        display += len(re.findall(r"\\begin\{([a-zA-Z]+\*?)\}.*?\\end\{\1\}", text, flags=re.S))
    latex = sum(1 for cell in nb.cells if cell.cell_type == "code"
                for out in cell.get("outputs", []) if "text/latex" in out.get("data", {}))
    images = sum(1 for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
                 if {"image/png", "image/jpeg", "image/svg+xml"} & set(out.get("data", {})))
    return display, latex, images
