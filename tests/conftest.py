"""Shared fixtures: every test gets its own empty data cache and a non-interactive plot backend;
`server` and `checksums` stand in for the internet in full-tier tests."""
import functools
import http.server
import os
import threading
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """A fresh DLCOURSE_DATA per test and the default (small) tier unless a test sets another."""
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "cache"))
    monkeypatch.delenv("DLCOURSE_SIZE", raising=False)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Serve tmp_path/www on 127.0.0.1; yields (base_url, www folder, list of requested paths)."""
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    www = tmp_path / "www"
    www.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", www, requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def checksums(monkeypatch):
    """Extend the table fastai's untar_data reads with entries for the test's URLs."""
    import fastdownload.core as fd

    table = {}
    original = fd.read_checks
    monkeypatch.setattr(fd, "read_checks", lambda fmod: {**original(fmod), **table})
    return table
