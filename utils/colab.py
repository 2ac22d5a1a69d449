"""Colab support: the course repository's address, each notebook's badge and its set-up cell.

The address is written here once. Every notebook's Colab badge and first code cell are generated
from it, and ``tests/test_notebooks.py`` fails when a notebook's copy differs from what this module
generates. After changing ``REPO`` (a fork, say) run ``make colab-sync`` to rewrite them.

The set-up cell does nothing outside Colab. On Colab it clones the course's ``BRANCH`` next to the
notebook, installs ``requirements-colab.txt`` (the packages Colab lacks) without their
dependencies, so that Colab's own numpy, torch and TensorFlow stay as they are, and puts the clone
on ``sys.path`` so that ``import utils`` works.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = "dlcourse/dlcourse"  # GitHub owner/name of the course: the one place it is written
BRANCH = "main"
REPO_URL = f"https://github.com/{REPO}.git"
CLONE_DIR = "dlcourse"  # relative to Colab's working folder
COLAB_REQUIREMENTS = "requirements-colab.txt"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
_BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")

SETUP_TITLE = "Colab set-up: fetches the course on Google Colab; does nothing anywhere else"
SETUP_CELL = f'''\
# @title {SETUP_TITLE} {{ display-mode: "form" }}
# (Generated from utils/colab.py: edit it there. Colab and JupyterLab show this cell collapsed.)
import os, subprocess, sys
try:
    import google.colab  # noqa: F401  (only Colab has it)
    IN_COLAB = True
except ImportError:
    IN_COLAB = False
if IN_COLAB:
    course = os.path.abspath("{CLONE_DIR}")
    if not os.path.isdir(course):
        repo = os.environ.get("DLCOURSE_REPO", "{REPO_URL}")
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", "{BRANCH}", repo, course],
                       check=True)
    # --no-deps: never upgrade the numpy, torch or TensorFlow that the running Colab session loaded
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-r",
                    os.path.join(course, "{COLAB_REQUIREMENTS}")], check=True)
    sys.path.insert(0, course)'''
# Colab's form view and JupyterLab's hidden source: the reader's first screen is the chapter.
SETUP_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}}


def badge(notebook: str | Path) -> str:
    """The markdown of the 'Open In Colab' badge for ``notebooks/<name>.ipynb``."""
    name = Path(notebook).name
    if not name.endswith(".ipynb"):
        raise ValueError(f"a notebook's name ends in .ipynb; got {name!r}.")
    link = f"https://colab.research.google.com/github/{REPO}/blob/{BRANCH}/notebooks/{name}"
    return f"[![Open In Colab]({BADGE_IMAGE})]({link})"


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _lines(text: str) -> list:
    return text.splitlines(keepends=True)


def sync(path: str | Path) -> bool:
    """Rewrite one notebook's badge and Colab cell from this module; return True if it changed.

    The badge goes in the first (title) cell, replacing an old badge or following the title line.
    The set-up cell is the first code cell when it mentions Colab; otherwise one is inserted
    after the title cell.
    """
    path = Path(path)
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    if not cells or cells[0]["cell_type"] != "markdown":
        raise ValueError(f"{path.name}: the first cell must be the markdown title.")
    title = _source(cells[0])
    wanted = badge(path)
    if _BADGE_RE.search(title):
        new_title = _BADGE_RE.sub(lambda _: wanted, title, count=1)
    else:
        first, _, rest = title.partition("\n")
        new_title = f"{first}\n\n{wanted}\n" + (f"\n{rest.lstrip(chr(10))}" if rest.strip() else "")
    cells[0]["source"] = _lines(new_title)
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    setup = {"cell_type": "code", "execution_count": None, "metadata": json.loads(json.dumps(SETUP_METADATA)),
             "outputs": [],
             "source": _lines(SETUP_CELL)}
    if (nb.get("nbformat", 4), nb.get("nbformat_minor", 0)) >= (4, 5):
        setup["id"] = "colab-setup"
    if code and "colab" in _source(cells[code[0]]).lower():
        old = cells[code[0]]
        for key in ("id", "execution_count", "outputs"):
            if key in old:
                setup[key] = old[key]
        cells[code[0]] = setup
    else:
        cells.insert(1, setup)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    changed = text != path.read_text()
    if changed:
        path.write_text(text)
    return changed


def main(argv=None) -> int:
    paths = argv if argv is not None else sys.argv[1:]
    if not paths:
        print("usage: make colab-sync (or utils.colab.main([NOTEBOOK.ipynb, ...]))", file=sys.stderr)
        return 2
    for p in paths:
        print(f"{'updated' if sync(p) else 'unchanged'}: {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
