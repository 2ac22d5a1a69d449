"""Shared fixtures: every test gets its own empty data cache and a non-interactive plot backend."""
import os
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

