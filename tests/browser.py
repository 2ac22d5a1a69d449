"""Helpers for tests that drive a real headless browser: Chromium from the OS packages
(/usr/bin/chromium, ``apt-get install chromium``), through Playwright, against a local HTTP server.

    with serve(folder) as base_url, browser() as chromium:
        page = offline_page(chromium, base_url)    # page.outside lists the requests that left 127.0.0.1
        page.goto(base_url + "/index.html")

``tests/test_site.py`` uses them for the website; the apps' tests can use them the same way.
Without /usr/bin/chromium, ``require_chromium()`` skips the test with one line, except under CI
(the ``CI`` environment variable set), where a missing browser fails.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> Path:
    """The browser's path; skips (fails under CI) when it is not installed."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"no Chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run the browser tests")
    pytest.skip(message)


@contextlib.contextmanager
def serve(folder: str | Path):
    """Serve ``folder`` over HTTP on a free port of 127.0.0.1, in a thread; yields the base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def browser():
    """A headless Chromium (the OS package) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def offline_page(chromium, base_url: str, width: int = 1280, height: int = 900):
    """A new page that may load only from ``base_url``: any other request is recorded in
    ``page.outside`` and aborted, as it would fail with the network cut; ``page.responses`` keeps
    the local responses."""
    context = chromium.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    page.outside = []  # requests to anywhere but base_url, aborted
    page.responses = []  # every response from base_url (a test can fail on a 404)
    page.console_errors = []

    def route(r):
        url = r.request.url
        if url.startswith(base_url + "/") or url == base_url or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            page.outside.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("response", lambda response: page.responses.append(response))
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    return page
