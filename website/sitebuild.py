"""Build the course website (``make site``): Sphinx with MyST-NB renders the saved notebooks.

    python website/sitebuild.py [OUT]        # default OUT: build/site

Nothing is executed: every chapter page shows the outputs saved in its notebook (the small tier).
The pages and their order come from the files on disk and README's chapter table, never from a
hand-kept list: README becomes the front page, each part row of its table (``| | **Part I · ...** |``)
a section of the navigation, and each notebook in notebooks/ a page under its chapter's part. A
chapter README calls *planned* has no notebook, so it has no page.

The sources Sphinx reads are a copy, under ``build/site-src``, laid out like the repository (README.md,
DEVELOPERS.md, notebooks/NN_name.ipynb) so that README's own links and the "source on GitHub"
buttons resolve. In the copies, and only there:
  - the Colab badge's image is a local SVG (the page must load nothing from the internet);
  - a cell the notebook keeps collapsed (``jupyter.source_hidden``, the Colab set-up cell) gets the
    ``hide-input`` tag, so the page shows it collapsed too;
  - a relative link to a file that is not a page (``utils/colab.py``) points at GitHub instead.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEBSITE = ROOT / "website"


def _colab():
    """utils/colab.py alone (the one place the repository's address is written), without importing
    the utils package and the frameworks it loads."""
    spec = importlib.util.spec_from_file_location("_dlcourse_colab", ROOT / "utils" / "colab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


colab = _colab()
BADGE_IMAGE, BRANCH, REPO = colab.BADGE_IMAGE, colab.BRANCH, colab.REPO

GITHUB = f"https://github.com/{REPO}"
ROW = re.compile(r"^\|\s*(\d\d)?\s*\|\s*(.*?)\s*\|")
PART = re.compile(r"^\*\*(.+?)\*\*$")
BADGE_LOCAL = "../_static_src/colab-badge.svg"


def chapter_parts(readme: str, notebooks: list[Path]) -> list[tuple[str, list[Path]]]:
    """[(part title, [notebook paths in course order]), ...] from README's table and the files on disk.

    A notebook whose number has no row in the table goes into the part of the row before it.
    """
    part_of, part = {}, None
    order = []
    section = re.search(r"^## Chapters\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    for line in (section.group(1) if section else readme).splitlines():
        m = ROW.match(line)
        if not m:
            continue
        num, cell = m.groups()
        title = PART.match(cell)
        if num is None and title:
            part = title.group(1).strip()
            order.append(part)
        elif num is not None and part is not None:
            part_of[num] = part
    if not order:
        raise ValueError("README.md has no chapter table with part rows like '| | **Part I · Foundations** | ...'")
    parts = {p: [] for p in order}
    for nb in sorted(notebooks):
        num = nb.name[:2]
        earlier = [n for n in part_of if n <= num]
        parts[part_of[num] if num in part_of else part_of[max(earlier)] if earlier else order[0]].append(nb)
    return [(p, parts[p]) for p in order if parts[p]]


def _toctrees(parts) -> str:
    blocks = []
    for title, notebooks in parts:
        entries = "\n".join(f"notebooks/{nb.stem}" for nb in notebooks)
        blocks.append(f"```{{toctree}}\n:hidden:\n:caption: {title}\n\n{entries}\n```\n")
    blocks.append("```{toctree}\n:hidden:\n:caption: For contributors\n\nDEVELOPERS\n```\n")
    return "\n".join(blocks)


def _link_files_to_github(text: str, src: Path, here: Path) -> str:
    """Markdown links to repository files that are not pages of the site point at GitHub."""
    def fix(m):
        target = m.group(2)
        if re.match(r"^[a-z]+:|^#|^/", target):
            return m.group(0)
        path = target.split("#", 1)[0]
        if (here / path).exists():
            return m.group(0)
        rel = (here.relative_to(src) / path).as_posix()
        return f"{m.group(1)}({GITHUB}/blob/{BRANCH}/{rel})"
    return re.sub(r"(\]|\!\[[^\]]*\])\(([^)\s]+)\)", fix, text)


def _notebook_copy(nb_path: Path) -> dict:
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            source = source.replace(f"]({BADGE_IMAGE})", f"]({BADGE_LOCAL})")
            cell["source"] = source
        hidden = cell.get("metadata", {}).get("jupyter", {})
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if hidden.get("source_hidden") and "hide-input" not in tags:
            tags.append("hide-input")
        if hidden.get("outputs_hidden") and "hide-output" not in tags:
            tags.append("hide-output")
    return nb


def prepare_sources(src: Path, root: Path = ROOT) -> list[tuple[str, list[Path]]]:
    """Lay out the sources Sphinx reads in ``src``; return the parts with their notebooks."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "_static_src").mkdir()
    shutil.copy(WEBSITE / "static" / "colab-badge.svg", src / "_static_src" / "colab-badge.svg")
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    readme = (root / "README.md").read_text()
    parts = chapter_parts(readme, notebooks)
    for nb in notebooks:
        (src / "notebooks" / nb.name).write_text(json.dumps(_notebook_copy(nb), indent=1, ensure_ascii=False))
    developers = (root / "DEVELOPERS.md").read_text()
    (src / "DEVELOPERS.md").write_text(_link_files_to_github(developers, src, src))
    (src / "README.md").write_text(_link_files_to_github(readme, src, src) + "\n\n" + _toctrees(parts))
    return parts


def build(out: Path, *, src: Path | None = None, quiet: bool = True) -> Path:
    """Render the site into ``out`` (wiped first); warnings are errors. Returns ``out``."""
    from sphinx.cmd.build import build_main

    out = Path(out).resolve()
    src = Path(src or out.parent / f"{out.name}-src").resolve()
    doctrees = out.parent / f"{out.name}-doctrees"
    for folder in (out, doctrees):
        if folder.exists():
            shutil.rmtree(folder)
    prepare_sources(src)
    args = ["-b", "html", "-c", str(WEBSITE), "-d", str(doctrees), "-W", "--keep-going", "-E", "-j", "2",
            str(src), str(out)]
    status = build_main((["-q"] if quiet else []) + args)
    if status:
        raise SystemExit(f"the site build failed (status {status}): see the warnings above")
    shutil.copy(out / "README.html", out / "index.html")  # the front page: README, served at /
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ and _images/ as they are
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else ROOT / "build" / "site"
    start = time.perf_counter()
    build(out)
    pages = len(list(Path(out).rglob("*.html")))
    print(f"site: {pages} pages in {out} ({time.perf_counter() - start:.1f} s); open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
