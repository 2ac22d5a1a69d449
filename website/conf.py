"""Sphinx configuration of the course website (``make site``; sources laid out by website/sitebuild.py).

Offline by design: the notebooks are never executed (their saved outputs are shown), MathJax 3 is
served from the build (the copy the sphinx-mathjax-offline package ships), and the theme's fonts
and scripts are its own bundled files.
"""
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from sitebuild import BRANCH, REPO  # noqa: E402  (from utils/colab.py, the one place the repository is written)

_title = re.search(r"^# (.+)$", (ROOT / "README.md").read_text(), re.M)
project = html_title = _title.group(1).strip() if _title else "Deep learning course"
root_doc = "README"
exclude_patterns = ["_static_src"]

extensions = ["myst_nb"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # never re-execute: show the saved small-tier outputs
nb_merge_streams = True
suppress_warnings = ["myst.header"]  # a chapter may step from # to ###: a style choice, not an error

html_theme = "sphinx_book_theme"
html_static_path = [str(HERE / "static")]
html_css_files = ["course.css"]
html_copy_source = True  # the download button offers the .ipynb
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": f"https://github.com/{REPO}",
    "repository_branch": BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_source_button": True,
    "use_download_button": True,
    "launch_buttons": {"colab_url": "https://colab.research.google.com"},
    "show_toc_level": 2,
    "navigation_with_keys": False,
}

# MathJax 3 from the build, not a CDN.
_MATHJAX = Path(__import__("importlib").util.find_spec("sphinx-mathjax-offline").origin).parent / "static" / "mathjax"
mathjax_path = "mathjax/tex-chtml.js"
_MATHJAX_PARTS = ["tex-chtml.js", "input/tex/extensions", "output/chtml", "ui", "a11y", "sre", "adaptors"]


def _copy_mathjax(app, exc):
    if exc is not None:
        return
    dest = Path(app.outdir) / "_static" / "mathjax"
    for part in _MATHJAX_PARTS:
        source = _MATHJAX / part
        if source.is_dir():
            shutil.copytree(source, dest / part, dirs_exist_ok=True)
        elif source.exists():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest / part)


def setup(app):
    app.connect("build-finished", _copy_mathjax)
